"""A set's boilerplate: the words in nine of ten of its descriptions, which the text
measure leaves out (``pairing.common_words``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indberet.audit_model import AuditReport
from indberet.core import pairing
from indberet.core.audit import audit
from indberet.core.profile import load_profile
from indberet.core.similarity import fold_words
from indberet.model import RequirementSet
from indberet.read.loading import load
from tests.helpers import AS_OF, make_field

TEMPLATE = "Angiv {name} for barnet, som det fremgår af sagen."
STOP = load_profile("default").language.stop_words


def _set(descriptions: list[str | None], set_id: str = "s") -> RequirementSet:
    fields = tuple(
        make_field(id=f"f{number}", name=f"Felt {number}", set_id=set_id, description=text)
        for number, text in enumerate(descriptions)
    )
    return RequirementSet(id=set_id, name="Statistik", reports_per_year=1, fields=fields)


def _common(requirement_set: RequirementSet) -> frozenset[str]:
    return pairing.common_words(requirement_set, stop_word=STOP.__contains__)


def test_the_words_of_a_template_are_the_sets_boilerplate_and_the_names_words_are_not() -> None:
    names = ["barnets alder", "handlekommune", "dato for afgørelse", "årsag"] * 3
    found = _common(_set([TEMPLATE.format(name=name) for name in names]))
    assert found == {"angiv", "barnet", "fremgaar", "sagen"}  # folded; "for", "som" stop words


def test_a_word_in_nine_of_ten_descriptions_is_boilerplate_in_eight_it_is_not() -> None:
    nine = ["Oplyses af kommunen"] * 9 + ["Noget andet"]
    assert _common(_set(nine)) == {"oplyses", "kommunen"}
    eight = ["Oplyses af kommunen"] * 8 + ["Noget andet"] * 2
    assert _common(_set(eight)) == frozenset()
    # Fields without a description do not count: nine of ten described fields.
    assert _common(_set([*nine, None, None, None])) == {"oplyses", "kommunen"}


def test_a_set_of_fewer_than_ten_described_fields_has_no_boilerplate() -> None:
    assert _common(_set(["Oplyses af kommunen"] * 9 + [None] * 5)) == frozenset()
    assert _common(_set(["Oplyses af kommunen"] * 10)) == {"oplyses", "kommunen"}


WORDS = st.sampled_from(["a", "b", "c", "dd", "ee", "ff", "gg", "hh"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(WORDS, max_size=5).map(" ".join)), max_size=40))
def test_the_boilerplate_is_the_words_counted_in_nine_of_ten_descriptions(
    descriptions: list[str | None],
) -> None:
    # The search lets a word go once it has missed too many descriptions: it must find
    # exactly what counting every word of every description finds.
    described = [text for text in descriptions if text]
    counts = Counter(word for text in described for word in set(fold_words(text)))
    expected = (
        frozenset(w for w, n in counts.items() if 10 * n >= 9 * len(described))
        if len(described) >= pairing.COMMON_AMONG
        else frozenset()
    )
    assert pairing.common_words(_set(descriptions)) == expected


def _described_set(folder: Path, set_id: str, names: dict[str, str], text: str) -> None:
    lines = [f"indberet: 1\nid: {set_id}\nname: Statistik {set_id}\nreporters: 98\n"]
    lines.append("reports_per_year: 1000\nfields:\n")
    for field_id, name in names.items():
        lines.append(
            f"  - id: {field_id}\n    name: {name}\n"
            f'    description: "{text.format(name=name.lower())}"\n'
            "    type: text\n    minutes: 1\n"
        )
    (folder / f"{set_id}.yaml").write_text("".join(lines), encoding="utf-8")


def _audit(folder: Path) -> AuditReport:
    loaded = load([str(folder)])
    assert loaded.catalogue is not None and not loaded.has_errors, loaded.diagnostics[:3]
    return audit(loaded.catalogue, load_profile("default"), AS_OF)


OTHERS = {f"o{n}": f"Andet spørgsmål nummer {word}" for n, word in enumerate("abcdefghij")}


def test_a_sets_boilerplate_makes_no_near_duplicates(tmp_path: Path) -> None:
    # "Barnets kode" and "Barnets kode sag" share two thirds of their names' words: alike by
    # a description of their own they may be one question, but the template every field of
    # the set is worded with ("... fremgår af sagen": the word "sag" of one name too) says
    # nothing of what they ask.
    names = {"kode": "Barnets kode", "kode_sag": "Barnets kode sag", **OTHERS}
    _described_set(tmp_path, "s0", names, TEMPLATE)
    fields = {a.field.id: a for s in _audit(tmp_path).sets for a in s.fields}
    assert fields["kode"].group is None and fields["kode_sag"].group is None
    assert not fields["kode"].twin and not fields["kode_sag"].twin


def test_a_description_of_their_own_still_joins_names_alike(tmp_path: Path) -> None:
    # The same two names in sets of a few fields, sharing a description that is no set's
    # boilerplate: one question.
    own = "Oplyses af sagsbehandleren ud fra sagens akter"
    _described_set(tmp_path, "s0", {"kode": "Barnets kode"}, own)
    _described_set(tmp_path, "s1", {"kode_sag": "Barnets kode sag"}, own)
    fields = {a.field.id: a for s in _audit(tmp_path).sets for a in s.fields}
    assert fields["kode"].group is not None
    assert fields["kode"].group == fields["kode_sag"].group


def test_a_sets_candidates_are_the_same_made_alone_or_with_other_sets() -> None:
    # A set's boilerplate is its own: a change to one set changes no other set's candidates
    # (what the incremental audit and check --base's reuse rely on).
    words = load_profile("default").language
    asked = [
        "alder",
        "køn",
        "bopæl",
        "skole",
        "sprog",
        "årsag",
        "dato",
        "sted",
        "type",
        "kode",
        "status",
        "periode",
    ]
    templated = _set([TEMPLATE.format(name=name) for name in asked], "a")
    plain = _set([f"Oplyses for barnet nummer {n}" for n in range(12)], "b")
    alone = list(pairing.candidates([templated], words).items)
    together = list(pairing.candidates([plain, templated], words).items)[len(plain.fields) :]
    assert alone == together
    assert all("angiv" not in (c.description or "") for c in alone)
    assert [c.description for c in alone][:2] == ["alder", "koen"]


TEMPLATES = (
    "Angiv {name} for barnet, som det fremgår af sagen.",
    "Oplys {name} ved afgørelsen om anbringelse uden for hjemmet.",
    "Registrer {name} som den er angivet i handleplanen for den unge.",
)
ASKED = ["alder", "køn", "bopæl", "skole", "sprog", "årsag", "dato", "sted", "type", "kode"]


def _templated_set(names: list[str], templates: tuple[str, ...]) -> RequirementSet:
    fields = tuple(
        make_field(
            id=f"f{number}",
            name=name,
            set_id="s",
            description=templates[number % len(templates)].format(name=name),
        )
        for number, name in enumerate(names)
    )
    return RequirementSet(id="s", name="Statistik", reports_per_year=1, fields=fields)


def _templates(requirement_set: RequirementSet) -> dict[str, frozenset[str]]:
    def described(text: str) -> list[str]:
        return [w for w in fold_words(text) if w not in STOP]

    return pairing.template_words(requirement_set.fields, described, described)


def test_the_words_each_of_several_templates_adds_to_a_name_are_its_fields_template() -> None:
    names = [*ASKED, *(f"{a} {b}" for a, b in zip(ASKED, reversed(ASKED), strict=True))]
    found = _templates(_templated_set(names * 2, TEMPLATES))  # 40 fields, 13 or 14 each
    assert len(found) == 40
    assert found["f0"] == {"angiv", "barnet", "fremgaar", "sagen"}
    assert found["f1"] == {"oplys", "afgoerelsen", "anbringelse", "uden", "hjemmet"}
    assert found["f2"] == {"registrer", "angivet", "handleplanen", "unge"}
    assert _common(_templated_set(names * 2, TEMPLATES)) == frozenset()  # none in 9 of 10


def test_a_template_of_fewer_than_five_fields_or_a_tenth_of_the_set_is_no_template() -> None:
    four = ["Angiv {name} for barnet, som det fremgår af sagen."]
    own = [f"Tekst {n} om emne {n * 7 + 1000}" for n in range(56)]  # each its own
    assert _templates(_templated_set(ASKED[:4], tuple(four))) == {}
    assert len(_templates(_templated_set(ASKED[:5], tuple(four)))) == 5
    # five of sixty described fields are less than a tenth
    fields = [*_templated_set(ASKED[:5], tuple(four)).fields]
    fields += [
        make_field(id=f"o{n}", name=f"Andet {n}", set_id="s", description=text)
        for n, text in enumerate(own)
    ]
    many = RequirementSet(id="s", name="Statistik", reports_per_year=1, fields=tuple(fields))
    assert _templates(many) == {}


def test_a_sets_templates_make_no_near_duplicates(tmp_path: Path) -> None:
    # As with one template in every field: "Barnets kode" and "Barnets kode sag", worded
    # from one of three templates, are not alike by what the template adds.
    others = {f"o{n}": f"Andet spørgsmål {word}" for n, word in enumerate("abcdefghijklm")}
    names = dict(list(others.items())[:3])
    names |= {"kode": "Barnets kode", **dict(list(others.items())[3:5])}
    names |= {"kode_sag": "Barnets kode sag", **dict(list(others.items())[5:])}
    lines = ["indberet: 1\nid: s0\nname: Statistik s0\nreporters: 98\n"]
    lines.append("reports_per_year: 1000\nfields:\n")
    for number, (field_id, name) in enumerate(names.items()):  # 15: five of each template
        text = TEMPLATES[number % len(TEMPLATES)].format(name=name.lower())
        lines.append(
            f'  - id: {field_id}\n    name: {name}\n    description: "{text}"\n'
            "    type: text\n    minutes: 1\n"
        )
    (tmp_path / "s0.yaml").write_text("".join(lines), encoding="utf-8")
    fields = {a.field.id: a for s in _audit(tmp_path).sets for a in s.fields}
    assert fields["kode"].group is None and fields["kode_sag"].group is None


def test_the_words_of_descriptions_are_kept_once_each() -> None:
    # all descriptions' words are kept while the candidates are made: one string a word
    worded: dict[str, tuple[str, ...]] = {}
    first = pairing._words_of("Barnets alder ved anbringelsen", worded, STOP.__contains__)
    second = pairing._words_of("Forældrenes alder ved anbringelsen", worded, STOP.__contains__)
    assert first[-2:] == second[-2:] == ("alder", "anbringelsen")
    assert all(a is b for a, b in zip(first[-2:], second[-2:], strict=True))
    assert pairing._words_of("Barnets alder ved anbringelsen", worded, STOP.__contains__) is first


def test_traits_made_ahead_are_those_of_fields_whose_name_repeats_and_as_made_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # While the search's child makes the candidates, the parent makes the traits the test
    # of the pairs will need: of the fields whose name another field has too, a few at a
    # time, until there are none left; the same traits the test makes when it needs them.
    monkeypatch.setattr(pairing, "AHEAD", 2)
    words = load_profile("default").language
    first = _set(["Barnets alder", "Barnets køn", None], "a")
    second = RequirementSet(
        id="b",
        name="Statistik",
        reports_per_year=1,
        fields=tuple(
            make_field(id=f"g{n}", name=name, set_id="b", description=text)
            for n, (name, text) in enumerate(
                [("Felt 0", "Alder"), ("Felt 1", None), ("Noget andet", "Dato")]
            )
        ),
    )
    compared = pairing.candidates([first, second], words)
    steps = 0
    while compared.ahead():
        steps += 1
    assert steps == 2  # four fields of a repeated name, two at a time
    ahead = dict(compared._traits)
    assert set(ahead) == {"a.f0", "a.f1", "b.g0", "b.g1"}
    assert not compared.ahead()
    later = pairing.candidates([first, second], words)
    assert all(later.traits(key) == made for key, made in ahead.items())
