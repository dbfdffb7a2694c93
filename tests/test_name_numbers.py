"""Names whose numbers or codes differ are never the same question
(``pairing.name_numbers``): "Forælder 1" and "Forælder 2", "Årsag 1" and "Årsag 2", § 52,
stk. 3, nr. 7 and nr. 8, AFCARS's elements E13 and E14. The search never compares them
(the numbers are part of a field's part), so a catalogue whose names are told apart by a
number or a code costs what its fields cost, not their square."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indberet.audit_model import AuditReport
from indberet.core import pairing, similarity
from indberet.core.audit import audit
from indberet.core.profile import load_profile
from indberet.core.similarity import fold_words
from indberet.model import Field, RequirementSet
from indberet.read.loading import load
from tests.helpers import AS_OF, make_field

WORDS = load_profile("default").language


def _numbers(name: str) -> str:
    return pairing.name_numbers(fold_words(name))


def test_the_numbers_of_a_name() -> None:
    assert _numbers("Barnets alder") == ""
    assert _numbers("Forælder 1 uddannelse") == "1"
    assert _numbers("Forælder 01 uddannelse") == "1"  # the number, not its spelling
    assert _numbers("Tidspunkt for 24-timersvurderingen") == "24"
    assert _numbers("Foranstaltning efter § 52, stk. 3, nr. 7") == "3 52 7"
    assert _numbers("Årsag ٣") == "3"  # digits of any script
    assert _numbers("E13 Child's race") == "e13"  # a data element's code, as written
    assert _numbers("Foranstaltning efter § 52a") == "52a"
    long = "9" * 5000  # more digits than int() takes
    assert _numbers(f"Felt {long}") == long


NAME_WORDS = st.lists(st.sampled_from(["barnets", "dato", "årsag", "sted", "forælder"]))
NUMBERS = st.lists(st.integers(min_value=0, max_value=10**30), max_size=4)


@settings(max_examples=300, deadline=None)
@given(NAME_WORDS, NUMBERS, st.randoms(use_true_random=False), st.integers(0, 3))
def test_the_numbers_of_a_name_are_its_set_of_numbers_in_any_order_and_spelling(
    words: list[str], numbers: list[int], shuffle: random.Random, zeros: int
) -> None:
    mine = [*words, *map(str, numbers)]
    theirs = [*words, *("0" * zeros + str(n) for n in numbers)]
    shuffle.shuffle(theirs)
    assert _numbers(" ".join(mine)) == _numbers(" ".join(theirs))
    assert _numbers(" ".join(mine)) == " ".join(sorted({str(n) for n in numbers}))
    other = max(numbers, default=0) + 1  # one number more: another question
    assert _numbers(" ".join([*mine, str(other)])) != _numbers(" ".join(mine))


def _set(set_id: str, fields: list[Field]) -> RequirementSet:
    return RequirementSet(id=set_id, name="S", reports_per_year=1, fields=tuple(fields))


def _traits(name: str, set_id: str = "a") -> pairing.Traits:
    item = make_field(id="f", name=name, set_id=set_id, type="text")
    return pairing.traits(item, _set(set_id, [item]), WORDS)


def test_names_whose_numbers_differ_are_kept_apart_by_their_numbers() -> None:
    one, two = _traits("Forælder 1 uddannelse"), _traits("Forælder 2 uddannelse", "b")
    assert pairing.why_apart(one, two, WORDS) == "numbers"
    plain = _traits("Forælder uddannelse", "b")
    assert pairing.why_apart(one, plain, WORDS) == "numbers"
    again = _traits("Forælder 1 uddannelse", "b")
    assert pairing.why_apart(one, again, WORDS) is None  # the same number: may be one
    e13, e14 = _traits("E13 Child's race - Asian"), _traits("E14 Child's race - Asian", "b")
    assert pairing.why_apart(e13, e14, WORDS) == "numbers"  # two data elements


def _catalogue(folder: Path, sets: dict[str, list[str]]) -> AuditReport:
    for set_id, names in sets.items():
        lines = [f"indberet: 1\nid: {set_id}\nname: Statistik {set_id}\nreporters: 98\n"]
        lines.append("reports_per_year: 1000\nfields:\n")
        for number, name in enumerate(names):
            lines.append(f"  - id: f{number}\n    name: {name}\n    type: text\n    minutes: 1\n")
        (folder / f"{set_id}.yaml").write_text("".join(lines), encoding="utf-8")
    loaded = load([str(folder)])
    assert loaded.catalogue is not None and not loaded.has_errors, loaded.diagnostics[:3]
    return audit(loaded.catalogue, load_profile("default"), AS_OF)


def test_the_same_slot_in_two_sets_is_one_question_two_slots_are_two(tmp_path: Path) -> None:
    slots = ["Årsag til anbringelsen 1", "Årsag til anbringelsen 2"]
    report = _catalogue(tmp_path, {"a": slots, "b": slots})
    verdicts = {(s.requirement_set.id, a.field.name): a for s in report.sets for a in s.fields}
    first, second = verdicts["a", slots[0]], verdicts["a", slots[1]]
    assert first.group is not None and first.group.size == 2  # slot 1 of a and of b
    assert second.group is not None and second.group.size == 2  # slot 2 of a and of b
    assert first.group.id != second.group.id
    for audited in verdicts.values():  # never merged into the other slot
        if audited.twin is not None:
            assert audited.twin.endswith(audited.field.id)


@pytest.mark.parametrize("suffix", ["{n}", "F{n:05d}"])
def test_names_alike_but_for_their_numbers_cost_what_the_fields_cost(suffix: str) -> None:
    # One long name with each field's number or code (a generator's way to make names
    # unique): before, every pair was a near-duplicate, 1,999,000 of 2,000 fields.
    name = "Handlekommune ved anbringelsens start efter afgørelse om tilsyn i sagen"
    fields = [
        make_field(
            id=f"f{n}", name=f"{name} {suffix.format(n=n)}", set_id=f"s{n // 100}", type="text"
        )
        for n in range(2000)
    ]
    sets = [_set(f"s{k}", fields[100 * k : 100 * k + 100]) for k in range(20)]
    items = list(pairing.candidates(sets, WORDS).items)
    stats: dict[str, int] = {}
    found = similarity.links(items, 0.75, stats)
    assert found == [] and stats["verified"] == 0
