"""Near-duplicate detection: normalisation, measures, a labelled set, exactness, work."""

from __future__ import annotations

import contextlib
import dataclasses
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from indberet.core import similarity as similarity_module
from indberet.core.profile import load_profile
from indberet.core.similarity import (
    DEFAULT_THRESHOLD,
    GENERIC_CODES,
    MEASURES,
    Candidate,
    Pair,
    links,
    merged,
    name_sets,
    near_duplicates,
    near_duplicates_exhaustive,
    searcher,
    similarity,
    without_words,
)
from indberet.core.similarity import normalise as normalise_words

FIXTURES = Path(__file__).parent / "fixtures" / "similarity"
# The stop words are the default profile's (data, not code); the audit strips them from
# names and descriptions before the search, as these helpers do.
STOP_WORDS = load_profile("default").language.stop_words


def normalise(text: str) -> tuple[str, ...]:
    return normalise_words(without_words(text, STOP_WORDS))


def field(
    key: str, name: str, description: str | None = None, codes: tuple[str, ...] = ()
) -> Candidate:
    text = without_words(description, STOP_WORDS) if description is not None else None
    return Candidate(key, key.split(".")[0], without_words(name, STOP_WORDS), text, codes)


# --------------------------------------------------------------------------- normalise


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        # inflections of one noun give one token
        ("anbringelse", ("anbringels",)),
        ("anbringelsen", ("anbringels",)),
        ("anbringelser", ("anbringels",)),
        ("anbringelsens", ("anbringels",)),
        ("anbringelsernes", ("anbringels",)),
        ("barn barnet barnets", ("barn",)),
        ("børn børnene børnenes børns", ("boern",)),
        ("kommune kommunen kommuner kommunernes", ("kommun",)),
        ("nummer nummeret", ("num",)),
        ("køn kønnet", ("koen",)),
        ("forældre forældrene forældres", ("foraeldr",)),
        ("årsag årsagen årsager", ("aarsag",)),
        ("ophør ophøret ophører", ("ophoer",)),
        # a short word keeps a stem of at least three letters
        ("året", ("aar",)),
        ("ene", ("ene",)),
        # "-s" is kept where it is not an ending
        ("status", ("status",)),
    ],
)
def test_normalise_strips_inflections(text: str, tokens: tuple[str, ...]) -> None:
    assert normalise(text) == tokens


@pytest.mark.parametrize(
    ("spellings"),
    [
        ("børn", "boern", "BØRN"),
        ("Århus", "Aarhus", "aarhus"),
        ("Ægtefælle", "aegtefaelle"),
        ("Årsag til underretningen", "Aarsag til underretning"),
        ("idé", "ide"),
        ("Café", "CAFE"),
    ],
)
def test_normalise_unifies_danish_letters_and_case(spellings: tuple[str, ...]) -> None:
    assert len({normalise(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("CPR-nummer", ("cpr", "num")),
        ("Barnets CPR-nummer", ("barn", "cpr", "num")),
        ("børn og unge-udvalget", ("boern", "udvalg", "ung")),
        ("Tilbudsportal-id", ("id", "tilbudsportal")),
        ("§ 52, stk. 3, nr. 7", ("3", "52", "7", "nr", "stk")),
        ("dato/årsag", ("aarsag", "dato")),
        ("  ", ()),
        ("", ()),
        ("---", ()),
    ],
)
def test_normalise_splits_on_non_alphanumerics(text: str, tokens: tuple[str, ...]) -> None:
    assert normalise(text) == tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Dato for anbringelsen", ("anbringels", "dato")),
        ("Årsag til ændring af anbringelsessted", ("aarsag", "aendring", "anbringels", "sted")),
        ("Opfølgning på anbringelsen", ("anbringels", "opfoelgning")),
        ("og i på af for til med om en et den det de der som er at ved fra eller", ()),
        ("hvis har kan skal", ()),
        # negations are content, so "med" and "uden" samtykke stay apart
        ("Anbringelse med samtykke", ("anbringels", "samtyk")),
        ("Anbringelse uden samtykke", ("anbringels", "samtyk", "uden")),
        ("ikke akut", ("akut", "ikk")),
    ],
)
def test_normalise_drops_stop_words(text: str, tokens: tuple[str, ...]) -> None:
    assert normalise(text) == tokens


@pytest.mark.parametrize(
    ("compound", "phrase"),
    [
        ("Anbringelsesdato", "Dato for anbringelsen"),
        ("Anbringelsessted", "Sted for anbringelsen"),
        ("Ophørsårsag", "Årsag til ophør"),
        ("Handlekommune", "Kommune, der handler"),
        ("Personnummer", "Nummer for personen"),
        ("Ydelsestype", "Type af ydelse"),
        ("Lovgrundlag", "Grundlag i loven"),
    ],
)
def test_normalise_splits_compounds_on_common_heads(compound: str, phrase: str) -> None:
    assert normalise(compound) == normalise(phrase)
    assert len(normalise(compound)) == 2


@pytest.mark.parametrize("word", ["Bosted", "Dato", "Kommune", "Tilbudsportalen"])
def test_normalise_keeps_words_that_are_no_compounds(word: str) -> None:
    assert len(normalise(word)) == 1


@given(st.text(max_size=60))
@settings(max_examples=200, deadline=None)
def test_normalise_is_sorted_deduplicated_and_ignores_word_order(text: str) -> None:
    tokens = normalise(text)
    assert list(tokens) == sorted(set(tokens))
    assert all(tokens)
    assert normalise(text) == tokens
    assert normalise(" ".join(reversed(text.split()))) == tokens


ASCII_TEXT = st.text(alphabet=st.characters(max_codepoint=127), max_size=80)


@given(st.one_of(ASCII_TEXT, st.text(max_size=80)))
@settings(max_examples=500, deadline=None)
def test_words_of_folded_text_are_its_runs_of_letters_and_digits(text: str) -> None:
    # ASCII text is split by translation, other text by the pattern: the same words
    folded = similarity_module._fold(text)
    assert similarity_module._split(folded) == similarity_module._TOKEN.findall(folded)


@given(st.lists(st.one_of(ASCII_TEXT, st.text(max_size=30)), max_size=6), st.booleans())
@settings(max_examples=300, deadline=None)
def test_tokens_of_words_are_their_stemmed_parts_whatever_was_met_before(
    texts: list[str], forget: bool
) -> None:
    for text in texts:
        words = similarity_module._split(similarity_module._fold(text))
        if forget:
            similarity_module._WORDS.clear()
            similarity_module._ONE.clear()
        parts = [similarity_module._split_compound(similarity_module._stem(w)) for w in words]
        expected = frozenset(token for part in parts for token in part)
        assert similarity_module.word_tokens(words) == expected
        assert similarity_module.word_tokens(iter(words)) == expected


def test_words_met_are_forgotten_past_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(similarity_module, "_WORDS_AT_MOST", 3)
    similarity_module._WORDS.clear()
    similarity_module._ONE.clear()
    tokens = similarity_module.word_tokens([f"ord{n}" for n in range(10)])
    assert tokens == frozenset(f"ord{n}" for n in range(10))
    assert len(similarity_module._WORDS) <= 3
    assert similarity_module.word_tokens(["anbringelsesdato"]) == {"anbringels", "dato"}


# --------------------------------------------------------------------------- measures


def test_similarity_reports_the_best_measure() -> None:
    a = field("a.x", "Dato for anbringelsen", "Dato for anbringelsens start")
    b = field("b.y", "Anbringelsesdato", "Første dag barnet er anbragt")
    assert similarity(a, b) == Pair("a.x", "b.y", 1.0, "name")
    # description words widen the text measure: 3 shared of 4
    c = field("c.z", "Ophørsdato", "Dato for anbringelsens ophør")
    d = field("c.w", "Dato for anbringelsens ophør", "Slutdato for anbringelsen")
    assert similarity(c, d) == Pair("c.w", "c.z", 0.75, "text")


def test_similarity_orders_the_keys() -> None:
    a = field("b.second", "Barnets køn")
    b = field("a.first", "Barnets køn")
    assert (similarity(a, b).first, similarity(a, b).second) == ("a.first", "b.second")
    assert similarity(a, b) == similarity(b, a)


def test_ties_prefer_codes_then_name_then_text() -> None:
    codes = ("Dreng", "Pige")
    assert similarity(field("a.x", "Køn", None, codes), field("a.y", "Køn", None, codes)).basis == (
        "codes"
    )
    assert similarity(field("a.x", "Køn"), field("a.y", "Køn")).basis == "name"
    text_only = similarity(field("a.x", "og", "Barnets køn"), field("a.y", "for", "Barnets køn"))
    assert (text_only.score, text_only.basis) == (1.0, "text")


def test_codes_compare_as_whole_casefolded_trimmed_strings() -> None:
    a = field("a.x", "Køn", None, ("Dreng", "Pige"))
    b = field("b.x", "Kønsoplysning", None, (" dreng", "PIGE  "))
    assert similarity(a, b) == Pair("a.x", "b.x", 1.0, "codes")
    c = field("c.x", "Anden", None, ("Dreng", "Pige", "Ukendt", "Andet"))
    assert similarity(a, c).score == pytest.approx(0.5)
    # a code is one string: shared words inside codes do not count
    d = field("d.x", "Noget", None, ("Pige under 18", "Dreng under 18"))
    assert similarity(a, d).score == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (field("a.x", "Akut", None, ()), field("a.y", "Hastesag", None, ())),
        (field("a.x", "og", None, ()), field("a.y", "og", None, ())),
        (field("a.x", "", "", ("",)), field("a.y", "", "", ("", " "))),
    ],
)
def test_empty_sets_never_match(a: Candidate, b: Candidate) -> None:
    assert similarity(a, b).score == 0.0


@pytest.mark.parametrize("threshold", [0.0, -0.1, 1.0000001, 2.0, float("nan")])
def test_threshold_must_be_in_the_unit_interval(threshold: float) -> None:
    items = [field("a.x", "Køn"), field("a.y", "Køn")]
    with pytest.raises(ValueError, match="threshold"):
        near_duplicates(items, threshold)
    with pytest.raises(ValueError, match="threshold"):
        near_duplicates_exhaustive(items, threshold)


def test_keys_must_be_unique() -> None:
    items = [field("a.x", "Køn"), field("a.x", "Alder")]
    with pytest.raises(ValueError, match=r"a\.x"):
        near_duplicates(items, 0.5)
    with pytest.raises(ValueError, match=r"a\.x"):
        near_duplicates_exhaustive(items, 0.5)


def test_pairs_within_and_across_groups_are_reported() -> None:
    items = [
        field("anbringelser.cpr", "Barnets CPR-nummer"),
        field("anbringelser.cpr2", "CPR-nummer, barnets"),
        field("underretninger.cpr", "Barnets cpr nummer"),
        field("voksne.cpr", "Borgerens CPR-nummer"),
    ]
    found = [(p.first, p.second) for p in near_duplicates(items, 1.0)]
    assert found == [
        ("anbringelser.cpr", "anbringelser.cpr2"),
        ("anbringelser.cpr", "underretninger.cpr"),
        ("anbringelser.cpr2", "underretninger.cpr"),
    ]


def test_no_items_no_pairs() -> None:
    stats: dict[str, int] = {}
    assert near_duplicates([], 0.75, stats) == []
    assert stats["verified"] == 0
    assert near_duplicates_exhaustive([], 0.75) == []


# --------------------------------------------------------------------------- labelled set


def load_labelled() -> tuple[list[Candidate], set[tuple[str, str]], set[tuple[str, str]]]:
    data: dict[str, Any] = yaml.safe_load((FIXTURES / "labelled.yaml").read_text("utf-8"))
    items = [
        field(f["key"], f["name"], f.get("description"), tuple(f.get("codes", ())))
        for f in data["fields"]
    ]

    def pairs(name: str) -> set[tuple[str, str]]:
        return {(min(a, b), max(a, b)) for a, b in data[name]}

    return items, pairs("duplicates"), pairs("generic_code_matches")


def test_labelled_set_is_well_formed() -> None:
    items, duplicates, generic = load_labelled()
    keys = {item.key for item in items}
    assert 40 <= len(items) <= 80
    assert len(keys) == len(items)
    assert {key for pair in duplicates | generic for key in pair} <= keys
    assert not duplicates & generic


def test_labelled_set_at_default_threshold() -> None:
    items, duplicates, generic = load_labelled()
    assert DEFAULT_THRESHOLD == 0.75
    found = near_duplicates(items, DEFAULT_THRESHOLD)
    found_keys = {(p.first, p.second) for p in found}
    assert found_keys - duplicates == set(), "unlabelled pairs reported"
    assert duplicates - found_keys == set(), "labelled pairs missed"
    assert not generic & found_keys, "a shared Ja/Nej list alone made a pair"
    assert found == near_duplicates_exhaustive(items, DEFAULT_THRESHOLD)


def test_labelled_set_bases() -> None:
    items, _, _ = load_labelled()
    by_pair = {(p.first, p.second): p for p in near_duplicates(items, DEFAULT_THRESHOLD)}
    assert by_pair[("anbringelser.koen", "anbringelser.koen_afledt")].basis == "codes"
    assert by_pair[("anbringelser.anbringelsesdato", "anbringelser.dato_anbringelse")].basis == (
        "name"
    )
    assert by_pair[("anbringelser.dato_ophoer", "anbringelser.ophoersdato")].basis == "text"
    assert ("underretninger.akut", "underretninger.vurdering") not in by_pair


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.6, 2 / 3, 0.7, 0.8, 0.9, 1.0])
def test_labelled_set_indexed_equals_exhaustive(threshold: float) -> None:
    items, _, _ = load_labelled()
    assert near_duplicates(items, threshold) == near_duplicates_exhaustive(items, threshold)


# --------------------------------------------------------------------------- properties

VOCABULARY = [
    "barnets", "barn", "børn", "boern", "dato", "anbringelsen", "anbringelser",
    "anbringelsesdato", "årsag", "aarsag", "kode", "og", "for", "CPR-nummer", "køn",
    "kommune", "handlekommune", "sted", "start", "slut", "ophør", "underretning",
    "uden", "samtykke", "akut", "alder", "ydelse", "type",
]  # fmt: skip
CODES = ["Ja", " ja", "Nej", "Dreng", "Pige", "Andet", "", "Plejefamilie", "Opholdssted"]
GROUPS = ["anbringelser", "underretninger", "forebyggende", "voksne"]

words = st.lists(st.sampled_from(VOCABULARY), max_size=7).map(" ".join)
candidates = st.builds(
    field,
    st.builds("{}.f".format, st.sampled_from(GROUPS)),
    words,
    st.none() | words,
    st.lists(st.sampled_from(CODES), max_size=4).map(tuple),
)
catalogues = st.lists(candidates, max_size=30).map(
    lambda items: [
        Candidate(f"{item.key}{i}", item.group, item.name, item.description, item.codes)
        for i, item in enumerate(items)
    ]
)
# Thresholds on the boundaries of small Jaccard ratios test the floating-point slack.
BOUNDARIES = sorted({a / b for b in range(1, 16) for a in range(1, b + 1) if a / b >= 0.3})
thresholds = st.floats(0.3, 1.0) | st.sampled_from(BOUNDARIES)


@given(candidates, candidates)
@settings(max_examples=500, deadline=None)
def test_a_pair_scored_with_its_texts_made_only_when_needed_scores_as_with_all(
    a: Candidate, b: Candidate
) -> None:
    b = dataclasses.replace(b, key=b.key + "2")
    expected = similarity(a, b)
    scores = similarity_module.Scores([a, b])
    assert scores.pair(a.key, b.key) == expected == scores.pair(b.key, a.key)
    measured = similarity_module._Measured.of
    assert similarity_module._rated(measured(a), measured(b)) == expected


@given(catalogues, thresholds)
@settings(max_examples=200, deadline=None)
def test_indexed_equals_exhaustive(items: list[Candidate], threshold: float) -> None:
    assert near_duplicates(items, threshold) == near_duplicates_exhaustive(items, threshold)


@given(catalogues, thresholds, st.sets(st.sampled_from(MEASURES), min_size=1))
@settings(max_examples=200, deadline=None)
def test_a_search_shared_out_by_measure_finds_the_same_pairs(
    items: list[Candidate], threshold: float, some: set[str]
) -> None:
    everything = near_duplicates(items, threshold)
    found = near_duplicates(items, threshold, measures=sorted(some))
    # each pair is scored on all three measures, whichever measure found it
    assert set(found) <= set(everything)
    rest = [m for m in MEASURES if m not in some]
    if rest:
        assert merged(found, near_duplicates(items, threshold, measures=rest)) == everything
    else:
        assert merged(found, found) == everything


@given(catalogues, thresholds, st.sets(st.sampled_from(MEASURES), min_size=1))
@settings(max_examples=100, deadline=None)
def test_a_search_given_the_names_token_sets_finds_the_same_pairs(
    items: list[Candidate], threshold: float, some: set[str]
) -> None:
    measures = sorted(some)
    alone = near_duplicates(items, threshold, measures=measures)
    names = name_sets(items)
    assert near_duplicates(items, threshold, measures=measures, names=names) == alone
    linked = links(items, threshold, measures=measures)
    assert links(items, threshold, measures=measures, names=names) == linked
    search = searcher(items, threshold)
    assert search.share_names(names) and search(measures) == linked


def _components(keys: list[str], pairs: list[Pair]) -> set[frozenset[str]]:
    parent = {key: key for key in keys}

    def find(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for pair in pairs:
        parent[find(pair.first)] = find(pair.second)
    found: dict[str, set[str]] = {}
    for key in keys:
        found.setdefault(find(key), set()).add(key)
    return {frozenset(members) for members in found.values() if len(members) > 1}


@given(catalogues, thresholds, st.sets(st.sampled_from(MEASURES), min_size=1))
@settings(max_examples=200, deadline=None)
def test_links_are_true_pairs_that_join_what_all_pairs_join(
    items: list[Candidate], threshold: float, some: set[str]
) -> None:
    measures = sorted(some)
    everything = near_duplicates(items, threshold, measures=measures)
    linked = links(items, threshold, measures=measures)
    assert set(linked) <= set(everything)  # each a pair of the reference, scored the same
    keys = [item.key for item in items]
    # The text and codes measures leave out pairs of one name (one block), which the name
    # measure's classes link: the searches are shared out by measure and merged.
    named = [] if "name" in some else links(items, threshold, measures=["name"])
    assert _components(keys, merged(linked, named)) == _components(keys, merged(everything, named))
    if "name" in some:
        assert _components(keys, linked) == _components(keys, everything)
    rest = [m for m in MEASURES if m not in some]
    if rest:
        assert _components(keys, merged(linked, links(items, threshold, measures=rest))) == (
            _components(keys, near_duplicates(items, threshold))
        )


@given(catalogues, thresholds)
@settings(max_examples=100, deadline=None)
def test_links_join_equal_sets_only_within_a_block(
    items: list[Candidate], threshold: float
) -> None:
    blocked = [Candidate(i.key, i.group, i.name, i.description, i.codes, i.key) for i in items]
    # every candidate in a block of its own: no pair is found by hashing, all by the search
    assert set(links(blocked, threshold)) == set(near_duplicates(items, threshold))


def test_a_name_repeated_a_thousand_times_is_a_thousand_links_not_half_a_million() -> None:
    items = [field(f"s{n:04d}.cpr", "Handlekommune", "Kommunen") for n in range(1000)]
    items.append(field("t.other", "Handlekommunen", "Kommunen, der handler"))
    stats: dict[str, int] = {}
    linked = links(items, 0.75, stats)
    assert len(linked) < 3 * len(items)  # 999 per measure that hashes them; 499,500 pairs
    assert stats["verified"] <= 3 and stats["classes"] <= 6
    keys = [item.key for item in items]
    assert _components(keys, linked) == {frozenset(keys)}


def test_a_name_repeated_with_a_description_of_its_own_each_time_is_not_compared_by_text() -> None:
    # One name, each statistic's own description: the texts are alike pairwise (a
    # near-duplicate clique of 1,000), but the name's class links them already.
    described = "Barnets kommune efter beslutning om ophold og tilsyn i sagen nummer"
    items = [field(f"s{n:04d}.kommune", "Handlekommune", f"{described} {n}") for n in range(1000)]
    items.append(field("t.other", "Kommune der handler", f"{described} 7"))
    assert len(near_duplicates(items[:200], 0.75, measures=["text"])) > 19_000  # a clique
    stats: dict[str, int] = {}
    linked = links(items, 0.75, stats)
    assert stats["candidates_text"] < 2 * len(items)  # not 499,500
    assert len(linked) < 3 * len(items)
    keys = [item.key for item in items]
    assert _components(keys, linked) == {frozenset(keys)}  # the other one too


def test_a_search_uses_the_names_it_is_given() -> None:
    items = [field("a.x", "Barnets alder"), field("b.y", "Forældres indkomst")]
    search = searcher(items, 0.75)
    assert search(["name"]) == []
    assert search.share_names([frozenset({"same"}), frozenset({"same"})])
    # found by the names given (each pair is then scored on the items themselves)
    assert [(p.first, p.second) for p in search(["name"])] == [("a.x", "b.y")]


@given(catalogues, st.sets(st.sampled_from(MEASURES), min_size=1))
@settings(max_examples=100, deadline=None)
def test_a_search_keeps_the_sets_it_made(items: list[Candidate], measures: set[str]) -> None:
    chosen = sorted(measures)
    search = searcher(items, 0.75)
    assert search(chosen) == links(items, 0.75, measures=chosen)
    sets, described = search.made()
    every = dict(zip(MEASURES, similarity_module.measure_sets(items), strict=True))
    for measure in chosen:
        assert list(sets[measure]) == list(every[measure])
    expected = {i.description: normalise_words(i.description) for i in items if i.description}
    made = {text: tuple(sorted(tokens)) for text, tokens in described.items()}
    assert made == (expected if "text" in measures else {})


@pytest.mark.parametrize(
    "names",
    [
        None,
        (frozenset({"a"}), frozenset({"b"})),  # not a list
        [frozenset({"a"})],  # one too few
        [frozenset({"a"}), {"b"}],  # a set, not a frozenset
        [frozenset({"a"}), frozenset({1})],  # not text
    ],
)
def test_names_of_the_wrong_shape_are_not_taken(names: object) -> None:
    items = [field("a.x", "Barnets alder"), field("b.y", "Barnets alder")]
    search = searcher(items, 0.75)
    assert not search.share_names(names)
    assert search.names() == name_sets(items)
    with pytest.raises(ValueError, match="name sets"):
        near_duplicates(items, 0.75, names=[frozenset({"a"})])


@pytest.mark.parametrize("measures", [(), ("names",), ("text", "Codes")])
def test_measures_must_be_known(measures: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="measures"):
        near_duplicates([field("a.x", "Køn")], 0.75, measures=measures)


def test_a_measure_alone_finds_only_what_reaches_the_threshold_on_it() -> None:
    items, _, _ = load_labelled()
    by_codes = near_duplicates(items, DEFAULT_THRESHOLD, measures=["codes"])
    pair = next(p for p in by_codes if p.first == "anbringelser.koen")
    assert pair.basis == "codes"
    by_name = {(p.first, p.second) for p in near_duplicates(items, 0.75, measures=["name"])}
    assert ("anbringelser.anbringelsesdato", "anbringelser.dato_anbringelse") in by_name
    assert ("anbringelser.dato_ophoer", "anbringelser.ophoersdato") not in by_name


@given(catalogues, st.floats(1e-6, 0.3) | st.sampled_from([1 / 7, 1 / 5, 1 / 4, 2 / 7]))
@settings(max_examples=100, deadline=None)
def test_indexed_equals_exhaustive_at_low_thresholds(
    items: list[Candidate], threshold: float
) -> None:
    assert near_duplicates(items, threshold) == near_duplicates_exhaustive(items, threshold)


@given(candidates, candidates)
@settings(max_examples=200, deadline=None)
def test_similarity_is_symmetric_and_bounded(a: Candidate, b: Candidate) -> None:
    a = Candidate("a.x", a.group, a.name, a.description, a.codes)
    b = Candidate("b.y", b.group, b.name, b.description, b.codes)
    pair = similarity(a, b)
    assert pair == similarity(b, a)
    assert 0.0 <= pair.score <= 1.0
    assert pair.basis in {"name", "text", "codes"}
    assert (pair.first, pair.second) == ("a.x", "b.y")


@given(candidates)
@settings(max_examples=200, deadline=None)
def test_identical_candidates_score_one(a: Candidate) -> None:
    b = Candidate("zz.copy", a.group, a.name, a.description, a.codes)
    pair = similarity(a, b)
    has_tokens = bool(normalise(a.name) or normalise(a.description or ""))
    codes = {" ".join(code.split()).casefold() for code in a.codes} - {""}
    has_codes = bool(codes - GENERIC_CODES)
    assert pair.score == (1.0 if has_tokens or has_codes else 0.0)
    if has_codes:
        assert pair.basis == "codes"


def test_indexed_equals_exhaustive_on_larger_random_catalogues() -> None:
    rng = random.Random(84)
    for _ in range(12):
        items = [
            field(
                f"{rng.choice(GROUPS)}.f{i}",
                " ".join(rng.choices(VOCABULARY, k=rng.randint(1, 5))),
                " ".join(rng.choices(VOCABULARY, k=rng.randint(0, 14))) or None,
                tuple(rng.choices(CODES, k=rng.randint(0, 4))),
            )
            for i in range(150)
        ]
        threshold = rng.choice([0.3, 0.4, 0.5, 0.6, 2 / 3, 0.75, 0.8, 0.9, 1.0, rng.random()])
        threshold = max(threshold, 0.05)
        assert near_duplicates(items, threshold) == near_duplicates_exhaustive(items, threshold)


# --------------------------------------------------------------------------- work


# fmt: off
ONSETS = [
    "b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
    "sk", "st", "sp", "tr", "kr", "br", "fr", "gr", "bl", "fl", "kl", "pl", "sl", "sn", "dr",
]
VOWELS = ["a", "e", "i", "o", "u", "y", "æ", "ø", "å"]
CODAS = ["", "n", "l", "r", "s", "t", "d", "g", "k", "m", "nd", "ld", "rt", "st", "ng", "lk", "mp"]
COMMON = [
    "dato", "årsag", "kode", "antal", "type", "barnets", "borgerens", "kommune", "start",
    "slut", "status", "sagens", "ydelse", "foranstaltning", "anbringelse", "underretning",
    "registrering", "oplysning", "periode", "beløb",
]
# fmt: on
STOP = ["for", "af", "til", "på", "om", "ved", "i", "med"]
INFLECTIONS = ["", "", "", "en", "er", "ens", "et", "erne", "s", "e"]
HEADS = ["dato", "kode", "type", "årsag", "sted", "nummer"]
SYNTHETIC_GROUPS = [*GROUPS, "efterværn", "handicap", "misbrug", "hjemløse"]


def synthetic_catalogue(
    n: int, seed: int = 2017, vocabulary: int = 3000
) -> tuple[list[Candidate], set[tuple[str, str]]]:
    """``n`` fields with mostly distinct names from ``vocabulary`` Danish-ish stems.

    Names are two stems with a common word, a stop word or a compound head ("…sdato");
    70% have a description, 25% a code list of stems. Every 40th field is a planted
    near-duplicate of an earlier one. The first ``k`` fields do not depend on ``n``.
    """
    rng = random.Random(seed)
    stems: list[str] = []
    seen: set[tuple[str, ...]] = set()
    while len(stems) < vocabulary:
        syllables = rng.choice((2, 2, 3))
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)
        )
        tokens = normalise(word)
        if len(tokens) == 1 and len(tokens[0]) >= 4 and tokens not in seen:
            seen.add(tokens)
            stems.append(word)

    def stem() -> str:
        return rng.choice(stems) + rng.choice(INFLECTIONS)

    items: list[Candidate] = []
    planted: set[tuple[str, str]] = set()
    for i in range(n):
        group = rng.choice(SYNTHETIC_GROUPS)
        key = f"{group}.f{i:06d}"
        if i % 40 == 39:
            original = items[rng.randrange(len(items))]
            kind = rng.randrange(3) if original.codes or original.description else 0
            if kind == 0:  # the same words in another order
                shuffled = original.name.split()
                rng.shuffle(shuffled)
                item = Candidate(key, group, " ".join(shuffled), None, ())
            elif kind == 1:  # a derived copy
                item = Candidate(
                    key, group, original.name + " (afledt)", original.description, original.codes
                )
            else:  # the same name and codes, another description
                item = Candidate(key, group, original.name, "Se " + stem(), original.codes)
            items.append(item)
            planted.add((min(original.key, key), max(original.key, key)))
            continue
        shape = rng.randrange(4)
        if shape == 0:
            name = f"{rng.choice(COMMON).capitalize()} {rng.choice(STOP)} {stem()} {stem()}"
        elif shape == 1:
            name = f"{(stem() + 's' + rng.choice(HEADS)).capitalize()} {rng.choice(STOP)} {stem()}"
        elif shape == 2:
            name = f"{stem().capitalize()} {stem()}"
        else:
            name = f"{rng.choice(COMMON).capitalize()} {stem()} {rng.choice(STOP)} {stem()}"
        description = None
        if rng.random() < 0.7:
            parts = [
                rng.choice(COMMON)
                if rng.random() < 0.4
                else (rng.choice(STOP) if rng.random() < 0.3 else stem())
                for _ in range(rng.randint(5, 12))
            ]
            description = " ".join(parts).capitalize()
        codes: tuple[str, ...] = ()
        if rng.random() < 0.25:
            codes = tuple(sorted({stem().capitalize() for _ in range(rng.randint(2, 6))}))
        items.append(Candidate(key, group, name, description, codes))
    return items, planted


@pytest.fixture(scope="module")
def catalogue() -> tuple[list[Candidate], set[tuple[str, str]]]:
    return synthetic_catalogue(4000)


def test_work_grows_linearly_with_the_catalogue(
    catalogue: tuple[list[Candidate], set[tuple[str, str]]],
) -> None:
    items, planted = catalogue
    n = 2000
    small: dict[str, int] = {}
    large: dict[str, int] = {}
    found_small = near_duplicates(items[:n], DEFAULT_THRESHOLD, small)
    found_large = near_duplicates(items[: 2 * n], DEFAULT_THRESHOLD, large)
    assert small["items"] == n and large["items"] == 2 * n
    assert small["reported"] == len(found_small) and large["reported"] == len(found_large)
    assert large["verified"] <= 2.3 * small["verified"], (small, large)
    assert small["verified"] * 1000 <= n * n / 2, small
    assert large["verified"] * 1000 <= (2 * n) ** 2 / 2, large
    # the planted near-duplicates are all found
    found = {(p.first, p.second) for p in found_large}
    assert planted <= found


def test_synthetic_catalogue_indexed_equals_exhaustive(
    catalogue: tuple[list[Candidate], set[tuple[str, str]]],
) -> None:
    items = catalogue[0][:300]
    for threshold in (0.5, DEFAULT_THRESHOLD, 1.0):
        assert near_duplicates(items, threshold) == near_duplicates_exhaustive(items, threshold)


# --------------------------------------------------------------------------- parts

PARTS = ["date|child", "answer|child", "answer|carer"]
# A core: the name's tokens less some (as the audit drops its stop words), or none.
CORE_LESS = [None, frozenset(), frozenset(["barn", "dato"]), frozenset(["og", "for", "kode"])]
parted_catalogues = st.lists(
    st.tuples(candidates, st.sampled_from(PARTS), st.booleans(), st.sampled_from(CORE_LESS)),
    max_size=30,
).map(
    lambda drawn: [
        Candidate(
            f"{item.key}{i}",
            item.group,
            item.name,
            item.description,
            item.codes,
            f"{part}|{int(flag)}",
            part,
            None if less is None else frozenset(normalise_words(item.name)) - less,
        )
        for i, (item, part, flag, less) in enumerate(drawn)
    ]
)


def _one_part(items: list[Candidate]) -> list[Candidate]:
    """The same candidates with the same blocks, all in one part and with no cores."""
    return [dataclasses.replace(item, part="", core=None) for item in items]


def _allowed(items: list[Candidate], threshold: float) -> Callable[[Pair], bool]:
    """Whether a pair is of one part and allowed by the cores of its candidates."""
    by_key = {item.key: item for item in items}

    def allowed(pair: Pair) -> bool:
        a, b = by_key[pair.first], by_key[pair.second]
        if a.part != b.part:
            return False
        if a.core is None or b.core is None:
            return True
        names = frozenset(normalise_words(a.name)), frozenset(normalise_words(b.name))
        if names[0] and names[1]:
            common = len(names[0] & names[1])
            if common / (len(names[0]) + len(names[1]) - common) >= threshold:
                return True
        union = len(a.core | b.core)
        return bool(union) and len(a.core & b.core) / union >= 2 / 3  # the cores share two thirds

    return allowed


@given(parted_catalogues, thresholds)
@settings(max_examples=200, deadline=None)
def test_indexed_equals_exhaustive_within_parts(items: list[Candidate], threshold: float) -> None:
    assert near_duplicates(items, threshold) == near_duplicates_exhaustive(items, threshold)


@given(parted_catalogues, thresholds, st.sets(st.sampled_from(MEASURES), min_size=1))
@settings(max_examples=200, deadline=None)
def test_parts_drop_exactly_the_pairs_across_parts(
    items: list[Candidate], threshold: float, some: set[str]
) -> None:
    allowed = _allowed(items, threshold)
    measures = sorted(some)
    everything = near_duplicates(_one_part(items), threshold, measures=measures)
    found = near_duplicates(items, threshold, measures=measures)
    assert found == [p for p in everything if allowed(p)]
    # links also join fields of one block with equal sets, whatever their cores; its text
    # measure leaves a part whose descriptions add no word to the name measure
    if "text" in some:
        measures = sorted(some | {"name"})
    linked = links(_one_part(items), threshold, measures=measures)
    found = links(items, threshold, measures=measures)
    assert set(found) <= set(linked)
    assert [p for p in found if allowed(p)] == [p for p in linked if allowed(p)]


@given(parted_catalogues, thresholds, st.sets(st.sampled_from(MEASURES), min_size=1))
@settings(max_examples=200, deadline=None)
def test_a_search_shared_out_by_part_finds_what_one_search_finds(
    items: list[Candidate], threshold: float, some: set[str]
) -> None:
    # What the two processes of an audit do: each searches some parts of some measures
    # (similarity.part_members), in any order, with one Search each.
    measures = sorted(some)
    whole = links(items, threshold, measures=measures)
    members = similarity_module.part_members(items)
    assert sorted(i for indexes in members for i in indexes) == list(range(len(items)))
    assert all(len({items[i].part for i in indexes}) == 1 for indexes in members)
    assert [len(m) for m in members] == sorted((len(m) for m in members), reverse=True)
    ours, theirs = (
        similarity_module.Search(items, threshold),
        similarity_module.Search(items, threshold),
    )
    found = [
        (ours if number % 2 else theirs)((measure,), indexes)
        for measure in reversed(measures)
        for number, indexes in enumerate(members)
    ]
    assert merged(*found) == whole
    # several parts in one search (the smallest ones share the last unit of work)
    if len(members) > 1:
        rest = sorted(i for indexes in members[1:] for i in indexes)
        shared = similarity_module.Search(items, threshold)
        assert merged(shared(measures, members[0]), shared(measures, rest)) == whole


def _names_and_cores(
    items: Sequence[Candidate],
) -> tuple[list[frozenset[str]], tuple[list[frozenset[str]], list[frozenset[str]]]]:
    """The items' names' token sets, and those with the items' cores, as the search gates
    its candidates by them (a missing core an empty one)."""
    names = similarity_module.name_sets(items)
    return names, (names, [item.core or frozenset() for item in items])


@given(parted_catalogues, thresholds, st.sets(st.sampled_from(MEASURES), min_size=1))
@settings(max_examples=100, deadline=None)
def test_a_search_gated_by_cores_finds_what_the_plain_one_finds(
    items: list[Candidate], threshold: float, some: set[str]
) -> None:
    plain: set[tuple[int, int]] = set()
    gated: set[tuple[int, int]] = set()
    names, cores = _names_and_cores(items)
    for measure in sorted(some):
        sets = similarity_module._measure_sets(items, [measure], names)[0]
        similarity_module._join(sets, threshold, plain, cores)
        similarity_module._join(sets, threshold, gated, cores, gated=True)
    assert gated == plain


@contextlib.contextmanager
def _constants(values: Mapping[str, float]) -> Iterator[None]:
    """The search's module constants ``values`` (name: value) for the block."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in values.items():
            patch.setattr(similarity_module, name, value)
        yield


@given(parted_catalogues, thresholds, st.sets(st.sampled_from(MEASURES), min_size=1))
@settings(max_examples=100, deadline=None)
def test_a_search_from_the_names_finds_what_the_plain_one_finds(
    items: list[Candidate], threshold: float, some: set[str]
) -> None:
    names, cores = _names_and_cores(items)
    kinds = similarity_module._name_classes(names, items)
    # as it verifies a large catalogue; every list through an index of its prefixes; few
    # tokens on bits and the others as sets
    ways: list[dict[str, float]] = [
        {},
        {"_INDEX_AT_LEAST": 1, "_INDEX_PROBES": 1, "_INDEX_SELECTIVE": float("inf")},
        {"_NAMED_BITS": 2, "_NAMED_BUDGET": 0},
    ]
    for measure in sorted(some):
        sets = similarity_module._measure_sets(items, [measure], names)[0]
        for chosen in (None, kinds):
            plain: set[tuple[int, int]] = set()
            similarity_module._join(sets, threshold, plain, cores, kinds=chosen)
            candidates = similarity_module._named(sets, threshold, cores, chosen)
            assert candidates is not None
            for way in ways:
                named: set[tuple[int, int]] = set()
                with _constants(way):
                    indexed = similarity_module._indexed(sets, threshold, candidates)
                    verified = similarity_module._verify_named(sets, threshold, indexed, named)
                assert named == plain, way
                assert verified == indexed.count >= len(named)
                assert indexed.count <= candidates.count


def test_a_long_list_of_one_name_is_searched_through_an_index_of_its_prefixes() -> None:
    # 1,900 fields of one name and 100 of names alike, each described in 40-80 words from
    # 5,000: 190,000 candidates, of which the prefixes of the texts leave an eighth; five of
    # the hundred are near-duplicates of one of the 1,900, and are still found.
    rng = random.Random(5)
    words = [f"ord{n}" for n in range(5000)]
    sets = [frozenset(rng.sample(words, rng.randint(40, 80))) for _ in range(2000)]
    for k in range(5):
        sets[1900 + k] = frozenset(sorted(sets[k * 7])[1:])  # one word fewer
    common, alike = list(range(1900)), [[1900 + k] for k in range(100)]
    named = similarity_module._Named([(common, one) for one in alike], 190_000)
    indexed = similarity_module._indexed(sets, 0.75, named)
    assert indexed.count < named.count // 5
    everyone: set[tuple[int, int]] = set()
    similarity_module._verify_named(sets, 0.75, named, everyone)
    found: set[tuple[int, int]] = set()
    similarity_module._verify_named(sets, 0.75, indexed, found)
    assert found == everyone == {(k * 7, 1900 + k) for k in range(5)}
    # of a small vocabulary every prefix meets most of the list: no index is made
    small = [frozenset(rng.sample(words[:500], rng.randint(40, 80))) for _ in range(2000)]
    assert similarity_module._indexed(small, 0.75, named) is named


def test_a_search_from_the_names_counts_its_candidates_and_gives_up_on_alike_names() -> None:
    items = shared_words_catalogue(300, "sentences", 2)
    names, cores = _names_and_cores(items)
    sets = similarity_module._measure_sets(items, ["text"], names)[0]
    candidates = similarity_module._named(sets, 0.6, cores)
    assert candidates is not None
    pairs = {(i, j) for mine, them in candidates.found for i in mine for j in them}
    assert (
        len(pairs)
        <= candidates.count
        == sum(len(mine) * len(them) for mine, them in candidates.found)
    )
    found: set[tuple[int, int]] = set()
    assert similarity_module._verify_named(sets, 0.6, candidates, found) == candidates.count
    assert found and found <= {(min(p), max(p)) for p in pairs}
    # names so alike that the join of the distinct names alone meets too many candidates
    alike = [frozenset({"navn", "felt", "ord", "tal", f"nr{n}"}) for n in range(400)]
    texts = [name | {"beskrivelse"} for name in alike]
    assert similarity_module._named(texts, 0.5, (alike, alike)) is None


def test_fields_of_a_small_vocabulary_sharing_one_long_description_are_few_candidates() -> None:
    # Names of one to four words from twelve, every field one long description: every
    # pair of texts is alike, and the search follows the names (whose cores share two
    # thirds), not the texts: not the 1.1 million pairs of texts, nor the plain search's
    # cap of candidates before it searches again.
    rng = random.Random(11)
    boilerplate = " ".join(f"ord{n}" for n in range(30))
    items = []
    for n in range(1500):
        name = " ".join(rng.sample(NAME_WORDS, rng.randint(1, 4)))
        items.append(
            Candidate(
                f"s{n // 100}.f{n}",
                f"s{n // 100}",
                name,
                f"{boilerplate} nr{n}",
                (),
                part="answer|child",
                core=frozenset(normalise_words(name)),
            )
        )
    stats: dict[str, int] = {}
    found = links(items, 0.75, stats, measures=("text",))
    assert found and stats["verified"] < similarity_module._CANDIDATES_PER_RECORD * len(items)
    everything = near_duplicates_exhaustive(items, 0.75)
    assert {(p.first, p.second) for p in found} <= {(p.first, p.second) for p in everything}


def test_one_name_with_opposing_words_costs_pairs_in_the_number_of_fields() -> None:
    # "Periode fra" and "Periode til" alternate over 2,000 fields, each described its own
    # way: the start dates are one class of the names, the end dates another (two stars
    # and the pair of their first items), and the text measure compares neither with the
    # other, nor the members of one with each other: not the million pairs of fields.
    items = [
        Candidate(
            f"s{n // 100}.f{n}",
            f"s{n // 100}",
            "periode",
            f"dato for periodens graense efter afgoerelsen nummer {n}",
            (),
            "date|child|0",
            "date|child",
            frozenset({"periode"}),
            "fra" if n % 2 == 0 else "til",
        )
        for n in range(2000)
    ]
    stats: dict[str, int] = {}
    found = links(items, DEFAULT_THRESHOLD, stats)
    assert stats["verified"] < 10 * len(items) and len(found) < 2 * len(items)
    starts = {item.key for item in items if item.opposing == "fra"}
    linked = [p for p in found if (p.first in starts) == (p.second in starts)]
    assert len(linked) == len(items) - 2  # each side's star: 999 pairs each
    assert len(found) == len(linked) + 1  # and the pair of the two first items


def test_names_without_descriptions_are_searched_once_by_the_name_measure() -> None:
    # Without a description a field's text is its name: the text measure leaves the part
    # to the name measure, which finds the same pairs.
    rng = random.Random(4)
    items = [
        Candidate(
            f"s{n // 50}.f{n}",
            f"s{n // 50}",
            " ".join(rng.sample(NAME_WORDS, rng.randint(3, 6))),
            None,
            (),
            "answer|child|0",
            "answer|child",
        )
        for n in range(600)
    ]
    stats: dict[str, int] = {}
    links(items, DEFAULT_THRESHOLD, stats, measures=("text",))
    assert stats["verified"] == 0
    found = {(p.first, p.second) for p in links(items, DEFAULT_THRESHOLD)}
    everything = {(p.first, p.second) for p in near_duplicates(items, DEFAULT_THRESHOLD)}
    assert found and found <= everything
    # one described field: its part is searched by text again
    described = [dataclasses.replace(items[0], description="barnets alder"), *items[1:]]
    links(described, DEFAULT_THRESHOLD, stats, measures=("text",))
    assert stats["verified"] > 0


def test_fields_sharing_only_a_boilerplate_description_are_not_even_candidates() -> None:
    rng = random.Random(5)
    boilerplate = [" ".join(rng.sample([f"ord{n}" for n in range(30)], 16)) for _ in range(3)]
    items = []
    for n in range(1500):
        name = f"navn{n} felt{n}"
        items.append(
            Candidate(
                f"s{n // 100}.f{n}",
                f"s{n // 100}",
                name,
                boilerplate[n % 3],
                (),
                part="answer|child",
                core=frozenset(normalise_words(name)),
            )
        )
    stats: dict[str, int] = {}
    assert links(items, 0.75, stats) == []
    # the plain search stops at its cap and searches again gated: linear, not the
    # 374,250 pairs of fields with one description
    per_record = similarity_module._CANDIDATES_PER_RECORD
    assert stats["verified"] < (per_record + 20) * len(items) + 20_000 < 374_250


# --------------------------------------------------------------------------- shared words

# Descriptions drawn from a few words ("words"), or a few whole sentences ("sentences"),
# and names from a few words: every description shares tokens with every other, so the
# search meets many candidates and counts their overlaps on bits (see similarity._bits).
NAME_WORDS = [f"navn{n}" for n in range(12)]
TEXT_WORDS = [f"ord{n}" for n in range(14)]


def shared_words_catalogue(count: int, shape: str, seed: int) -> list[Candidate]:
    rng = random.Random(seed)
    sentences = [" ".join(rng.choices(TEXT_WORDS, k=rng.randint(4, 10))) for _ in range(6)]
    items = []
    for n in range(count):
        name = " ".join(rng.sample(NAME_WORDS, rng.randint(1, 4)))
        if shape == "words":
            description = " ".join(rng.choices(TEXT_WORDS, k=rng.randint(4, 12)))
        else:
            description = rng.choice(sentences)
        part = rng.choice(["answer|child", "date|child"])
        core = frozenset(normalise_words(name)) - {"navn0"}
        items.append(
            Candidate(f"s{n // 50}.f{n}", f"s{n // 50}", name, description, (), part, part, core)
        )
    return items


@pytest.mark.parametrize("shape", ["words", "sentences"])
@pytest.mark.parametrize("seed", range(4))
def test_shared_words_indexed_equals_exhaustive(shape: str, seed: int) -> None:
    items = shared_words_catalogue(300, shape, seed)
    for threshold in (0.3, 0.6, DEFAULT_THRESHOLD, 0.9, 1.0):
        stats: dict[str, int] = {}
        found = near_duplicates(items, threshold, stats)
        assert found == near_duplicates_exhaustive(items, threshold)
        if threshold <= DEFAULT_THRESHOLD:
            assert stats["verified"] > len(items)  # overlaps were counted on bits too


@pytest.mark.parametrize("shape", ["words", "sentences"])
def test_shared_words_gated_search_finds_what_the_plain_one_finds(shape: str) -> None:
    items = shared_words_catalogue(400, shape, 9)
    names, cores = _names_and_cores(items)
    sets = similarity_module._measure_sets(items, ["text"], names)[0]
    plain: set[tuple[int, int]] = set()
    gated: set[tuple[int, int]] = set()
    similarity_module._join(sets, 0.6, plain, cores)
    similarity_module._join(sets, 0.6, gated, cores, gated=True)
    assert gated == plain and plain


def _searches_gated(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each plain search (similarity._join) from now on is gated, in order."""
    searches: list[bool] = []
    join = similarity_module._join

    def spied(*args: Any, **options: Any) -> int:
        searches.append(bool(options.get("gated")))
        return join(*args, **options)

    monkeypatch.setattr(similarity_module, "_join", spied)
    return searches


def test_a_vocabulary_shared_by_descriptions_is_searched_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Tens of candidates a record, as when every description is drawn from one small
    # vocabulary: cheaper to verify (on bits) than to search again gated. The plain
    # search stops at a third of the candidates the names pair and verifies those.
    items = [
        dataclasses.replace(item, block="", part="")
        for item in shared_words_catalogue(4000, "words", 3)
    ]
    searches = _searches_gated(monkeypatch)
    stats: dict[str, int] = {}
    links(items, DEFAULT_THRESHOLD, stats, measures=("text",))
    assert searches and not any(searches)  # never searched again gated
    assert 20 * len(items) < stats["verified"] < 60 * len(items)


def _random_words(count: int) -> list[tuple[list[str], list[str]]]:
    """The words of ``count`` names (one to six of 25) and descriptions (40 to 80 of 500:
    a generator's filler text), drawn alike every time."""
    rng = random.Random(5)
    vocabulary = [f"ord{n}" for n in range(500)]
    names = [f"navn{n}" for n in range(25)]
    return [
        (rng.sample(names, rng.randint(1, 6)), rng.choices(vocabulary, k=rng.randint(40, 80)))
        for _ in range(count)
    ]


def test_long_descriptions_of_random_words_are_verified_from_the_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Names of one to six words from 25, descriptions of 40 to 80 words from 500 (a
    # generator's filler text): every text shares words with every other, so the plain
    # search's candidates grow far past what the names pair. It stops at a third of the
    # names' candidates and verifies those: never its own cap, never searched again gated.
    items = []
    for n, (named, described) in enumerate(_random_words(3000)):
        name, description = " ".join(named), " ".join(described)
        core = frozenset(normalise_words(name))
        items.append(
            Candidate(f"s{n // 100}.f{n}", f"s{n // 100}", name, description, (), core=core)
        )
    searches = _searches_gated(monkeypatch)
    # as at 100,000 fields: the names pair more than a search from them is tried first
    monkeypatch.setattr(similarity_module, "_NAMED_FIRST", 0)
    monkeypatch.setattr(similarity_module, "_CANDIDATES_AT_LEAST", 0)
    stats: dict[str, int] = {}
    links(items, DEFAULT_THRESHOLD, stats, measures=("text",))
    assert searches and not any(searches)
    assert stats["verified"] < 6 * len(items)


def test_the_names_candidates_are_verified_where_the_plain_search_may_verify_as_many(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same shape: the names pair fewer than the plain search's cap, so the plain
    # search is never run on the texts (nor on a sample of them, as before session 19);
    # the names' candidates are verified, and they are the plain search's pairs.
    drawn = _random_words(3000)
    sets = [frozenset(described) for _, described in drawn]
    cores = [frozenset(named) for named, _ in drawn]
    sizes: list[int] = []
    join = similarity_module._join

    def spied(some: Sequence[frozenset[str]], *args: Any, **options: Any) -> int:
        sizes.append(len(some))
        return join(some, *args, **options)

    monkeypatch.setattr(similarity_module, "_join", spied)
    monkeypatch.setattr(similarity_module, "_NAMED_FIRST", 0)
    monkeypatch.setattr(similarity_module, "_CANDIDATES_AT_LEAST", 0)
    found: set[tuple[int, int]] = set()
    verified = similarity_module._join_gated(sets, 0.75, found, (cores, cores))
    named = similarity_module._named(sets, 0.75, (cores, cores))
    assert named is not None and verified == named.count
    assert len(sets) not in sizes and len(sets) // 8 + 1 not in sizes  # nor a sample
    plain: set[tuple[int, int]] = set()
    join(sets, 0.75, plain, (cores, cores))
    assert found == plain


@given(parted_catalogues, thresholds, st.sets(st.sampled_from(MEASURES), min_size=1))
@settings(max_examples=60, deadline=None)
def test_the_cheapest_search_finds_what_the_plain_one_finds(
    items: list[Candidate], threshold: float, some: set[str]
) -> None:
    # whichever way it goes: from the names, plain within its cap, or gated
    names, cores = _names_and_cores(items)
    ways: list[dict[str, int]] = [
        {},
        {"_NAMED_FIRST": 0, "_CANDIDATES_AT_LEAST": 0},
        {"_CANDIDATES_PER_RECORD": 1, "_CANDIDATES_AT_LEAST": 0, "_NAMED_COSTS_LESS": 1},
        {"_NAMED_FIRST": 0, "_CANDIDATES_AT_LEAST": 0, "_CANDIDATES_PER_RECORD": 0},
    ]
    for measure in sorted(some):
        sets = similarity_module._measure_sets(items, [measure], names)[0]
        plain: set[tuple[int, int]] = set()
        similarity_module._join(sets, threshold, plain, cores)
        for way in ways:
            found: set[tuple[int, int]] = set()
            with _constants(way):
                similarity_module._join_gated(sets, threshold, found, cores)
            assert found == plain, way


# --- candidates made when first read --------------------------------------------------------


def _lazy(made: list[int]) -> similarity_module.Candidates:
    items = [
        Candidate("s.a", "s", "barnets alder", "alder ved anbringelse", ("1", "2"), "b", "p"),
        Candidate("s.b", "s", "barnets koen", None, (), "b", "p", frozenset({"koen"})),
    ]

    def make() -> list[Candidate]:
        made.append(1)
        return list(items)

    return similarity_module.Candidates(make, len(items))


def test_candidates_are_made_when_first_read_and_once() -> None:
    made: list[int] = []
    items = _lazy(made)
    search = searcher(items, DEFAULT_THRESHOLD)
    assert len(items) == 2 and not items.made and made == []  # counted, prepared: not made
    assert items[1].key == "s.b" and [c.key for c in items] == ["s.a", "s.b"]
    assert search(MEASURES) == links(list(items), DEFAULT_THRESHOLD)
    assert made == [1]


def test_candidates_handed_over_as_rows_are_taken_instead_of_made() -> None:
    made: list[int] = []
    there, here = _lazy([]), _lazy(made)
    assert here.adopt(there.rows()) and here.made
    assert list(here) == list(there) and made == []
    assert here.adopt([("other",)])  # made here already: nothing to take


@pytest.mark.parametrize(
    "rows",
    [
        None,
        [],
        [("s.a", "s", "n", None, (), "b", "p", None, "")],  # one row for two candidates
        [("s.a", "s", "n", None, (), "b", "p", None, ""), ("s.b", "s", "n", None, (), "b", "p")],
        [
            ("s.a", "s", "n", None, (), "b", "p", None, ""),
            ("s.b", "s", "n", 3, (), "b", "p", None, ""),
        ],
        [
            ("s.a", "s", "n", None, (1,), "b", "p", None, ""),
            ("s.b", "s", "n", None, (), "b", "p", None, ""),
        ],
        [
            ("s.a", "s", "n", None, (), "b", "p", {"x"}, ""),
            ("s.b", "s", "n", None, (), "b", "p", None, ""),
        ],
        [
            ("s.a", "s", "n", None, (), "b", "p", None, 1),
            ("s.b", "s", "n", None, (), "b", "p", None, ""),
        ],
    ],
)
def test_candidates_handed_over_malformed_are_not_taken(rows: object) -> None:
    made: list[int] = []
    items = _lazy(made)
    assert not items.adopt(rows) and not items.made
    assert [c.key for c in items] == ["s.a", "s.b"] and made == [1]


def test_candidates_made_other_than_announced_are_refused() -> None:
    items = similarity_module.Candidates(list, 1)
    with pytest.raises(ValueError, match="0 candidates made, 1 announced"):
        items.listed()
