"""The signature of what the near-duplicate search reads of a set, and the tokens of the
fields (core/closure.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indberet.core import closure, similarity
from indberet.model import Code, Field, RequirementSet


def _set(**changes: Any) -> RequirementSet:
    field = Field(
        id="alder",
        name="Barnets alder",
        set_id="s",
        minutes=(1.0, 1.0),
        description="Alder ved anbringelsen",
        type="code",
        codes=("a", "b"),
        code_entries=(Code("a", "Under 7 år", dt.date(2020, 1, 1)), Code("b", "7 år og derover")),
        subject="child",
    )
    field = dataclasses.replace(field, **changes)
    other = Field(id="cpr", name="CPR-nummer", set_id="s", minutes=(0.5, 0.5), type="cpr")
    return RequirementSet(id="s", name="Anbringelser", reports_per_year=1, fields=(field, other))


def test_equal_sets_have_equal_signatures() -> None:
    assert closure.search_signature(_set()) == closure.search_signature(_set())


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "Barnets alder i år"},
        {"description": None},
        {"codes": ("a", "c")},
        {"code_entries": (Code("a", "Under 6 år", dt.date(2020, 1, 1)), Code("b"))},
        {"code_entries": (Code("a", "Under 7 år", dt.date(2021, 1, 1)), Code("b"))},
        {"code_entries": (Code("a", "Under 7 år"), Code("b", valid_until=dt.date(2030, 1, 1)))},
        {"type": "text"},
        {"subject": "mother"},
        {"role": "identifier"},
        {"record": "ophold"},
        {"id": "alder_ny"},
    ],
)
def test_what_the_search_reads_changes_the_signature(changes: dict[str, Any]) -> None:
    assert closure.search_signature(_set(**changes)) != closure.search_signature(_set())


@pytest.mark.parametrize(
    "changes",
    [{"minutes": (4.0, 9.0)}, {"mandated_by": "Lov om social service § 50"}, {"applies_to": 0.5}],
)
def test_what_the_search_does_not_read_leaves_the_signature(changes: dict[str, Any]) -> None:
    assert closure.search_signature(_set(**changes)) == closure.search_signature(_set())


@given(st.text(), st.text(), st.lists(st.text(max_size=5), max_size=4))
def test_any_text_has_a_signature_that_tells_it_apart(
    name: str, label: str, codes: list[str]
) -> None:
    made = _set(name=name, codes=tuple(codes), code_entries=(Code("a", label),))
    again = _set(name=name, codes=tuple(codes), code_entries=(Code("a", label),))
    assert closure.search_signature(made) == closure.search_signature(again)
    moved = _set(name=name + "x", codes=tuple(codes), code_entries=(Code("a", label),))
    assert closure.search_signature(moved) != closure.search_signature(made)


# --- tokens made from what the search made ----------------------------------------------

_WORDS = ["barnets", "dato", "anbringelsen", "kommune", "handlekommune", "årsag", "og", "køn"]
_CODES = ["Ja", "Nej", "Dreng", "Pige", "Andet", "Plejefamilie"]
_words = st.lists(st.sampled_from(_WORDS), max_size=6).map(" ".join)
_candidate = st.tuples(
    _words,
    st.none() | _words,
    st.lists(st.sampled_from(_CODES), max_size=3).map(tuple),
    st.sampled_from(["", "a", "b"]),
)


@given(
    st.lists(_candidate, max_size=25),
    st.sets(st.sampled_from(similarity.MEASURES)),
    st.randoms(use_true_random=False),
)
@settings(max_examples=150, deadline=None)
def test_tokens_from_the_search_equal_tokens_made_afresh(
    rows: list[tuple[str, str | None, tuple[str, ...], str]],
    searched: set[str],
    shuffle: random.Random,
) -> None:
    """Whatever measures the search made the sets of, the tokens made from them are
    those made from the candidates alone, in any order of the fields."""
    items = [
        similarity.Candidate(f"s.f{n}", "s", name, text, codes, part, part)
        for n, (name, text, codes, part) in enumerate(rows)
    ]
    search = similarity.Search(items, 0.75)
    if searched:
        search(sorted(searched))
    sets, described = search.made()
    assert set(sets) == searched | ({"name"} if searched else set())  # every measure: names
    order = list(range(len(items) + 2))  # two fields no candidate
    shuffle.shuffle(order)
    positions = {item.key: at for item, at in zip(items, order, strict=False)}
    afresh = closure.tokens(positions, len(order), items, 0.75)
    taken = closure.tokens(positions, len(order), items, 0.75, sets=sets, described=described)
    assert taken == afresh
    names = sets.get("name")
    given_names = closure.tokens(positions, len(order), items, 0.75, names, sets=sets)
    assert given_names == afresh


@given(st.lists(_candidate, min_size=1, max_size=25), st.sets(st.integers(0, 24)))
@settings(max_examples=100, deadline=None)
def test_partners_leave_out_those_known_already(
    rows: list[tuple[str, str | None, tuple[str, ...], str]], known: set[int]
) -> None:
    items = [
        similarity.Candidate(f"s.f{n}", "s", name, text, codes, part, part)
        for n, (name, text, codes, part) in enumerate(rows)
    ]
    positions = {item.key: at for at, item in enumerate(items)}
    made = closure.tokens(positions, len(items), items, 0.75)
    for place in range(len(items)):
        every = made.partners(made.of(place), made.part_of[place])
        assert made.partners(made.of(place), made.part_of[place], known.__contains__) == (
            every - known
        )
