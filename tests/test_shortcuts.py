"""Shortcuts of a dense audit give what the plain way gives: what keeps fields apart,
remembered, and the settled audits put back in their sets without looking each one up.

In a dense catalogue the names come from a small vocabulary, so the same pairs of names
recur; :class:`indberet.core.pairing.Opposed` remembers :func:`opposed` for each pair, and
:meth:`Compared.same_question` uses it. These tests hold the remembered answers to the
plain functions.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from benchmarks.generate_dense import generate_dense
from hypothesis import given
from hypothesis import strategies as st

from indberet.audit_model import Burden, FieldAudit
from indberet.core import pairing, resolve, similarity
from indberet.core.pairing import Opposed, Traits, opposed, why_apart
from indberet.core.profile import load_profile
from indberet.core.similarity import normalise
from indberet.i18n import Joined
from indberet.read.loading import load
from tests.helpers import make_field

WORDS = load_profile("default").language
# The profile's own words (both sides of every opposing pair, the stop words, the
# identifier words) and some plain ones, for names that are opposed, alike or neither.
_VOCABULARY = sorted(
    {word for first, second in WORDS.opposites for word in (*first, *second)}
    | set(WORDS.stop_words)
    | {word for phrase in WORDS.identifier_words for word in phrase}
    | {"dato", "date", "anbringelse", "placement", "barnets", "kommune", "reason", "x"}
)
_names = st.lists(st.sampled_from(_VOCABULARY), max_size=5).map(
    lambda words: frozenset(normalise(" ".join(words)))
)


@given(st.lists(st.tuples(_names, _names), min_size=1, max_size=20))
def test_opposed_remembered_is_opposed(pairs: list[tuple[frozenset[str], frozenset[str]]]) -> None:
    remembered = Opposed(WORDS)
    for _ in range(2):  # asked again, answered from memory
        for a, b in pairs:
            assert remembered(a, b) == opposed(a, b, WORDS)
            assert remembered(b, a) == opposed(b, a, WORDS)


_traits = st.builds(
    Traits,
    identifier=st.booleans(),
    kind=st.sampled_from(["date", "answer"]),
    subject=st.sampled_from(["child", "carer"]),
    tokens=_names,
    content=_names,
    flag=st.booleans(),
    record=st.tuples(st.sampled_from(["s1", "s2"]), st.sampled_from([None, "r"])),
)


@given(_traits, _traits, st.sampled_from(similarity.MEASURES))
def test_why_apart_with_opposed_remembered_gives_the_same_reason(
    a: Traits, b: Traits, basis: str
) -> None:
    remembered = Opposed(WORDS)
    expected = why_apart(a, b, WORDS, basis)
    assert why_apart(a, b, WORDS, basis, remembered) == expected
    assert why_apart(a, b, WORDS, basis, remembered) == expected  # from memory
    same = Traits(a.identifier, a.kind, a.subject, a.tokens, a.content, a.flag, a.record)
    assert why_apart(a, same, WORDS, basis, remembered) == why_apart(a, same, WORDS, basis)


def test_same_question_keeps_the_pairs_why_apart_keeps(tmp_path: Path) -> None:
    generate_dense(tmp_path / "dense", fields=1500, max_group=200, per_set=100)
    loaded = load([str(tmp_path / "dense")])
    assert loaded.catalogue is not None
    compared = pairing.candidates(loaded.catalogue.sets, WORDS)
    # The search itself leaves out pairs of different parts and cores (what why_apart
    # would drop anyway); without them it finds pairs that same_question must drop.
    plain_items = [dataclasses.replace(c, part="", core=None) for c in compared.items]
    pairs = similarity.near_duplicates(plain_items, 0.75)
    plain = [
        p
        for p in pairs
        if why_apart(compared.traits(p.first), compared.traits(p.second), WORDS, p.basis) is None
    ]
    kept = compared.same_question(pairs)
    assert kept == plain
    assert 0 < len(kept) < len(pairs)  # some pairs are kept, some are apart


def _audit(set_id: str, field_id: str, verdict: str = "KEEP") -> FieldAudit:
    return FieldAudit(
        field=make_field(id=field_id, set_id=set_id),
        usage=0.0,
        duplication=0.0,
        burden=Burden(),
        verdict=verdict,  # type: ignore[arg-type]
        reason=Joined(()),
        results=(),
    )


def test_settled_audits_come_back_in_the_sets_and_order_they_came_in() -> None:
    per_set = [[_audit("a", "x"), _audit("a", "y")], [], [_audit("b", "x")]]
    audits = {a.field.qualified_id: a for items in per_set for a in items}
    audits["a.y"] = _audit("a", "y", "REMOVE")  # settled: changed in place
    assert resolve._as_per_set(audits, per_set) == [
        [per_set[0][0], audits["a.y"]],
        [],
        [per_set[2][0]],
    ]
    # A field twice (never in a loaded catalogue): each place looked up by its key.
    twice = [[_audit("a", "x")], [_audit("a", "x"), _audit("b", "x")]]
    known = {a.field.qualified_id: a for items in twice for a in items}
    assert resolve._as_per_set(known, twice) == [
        [known["a.x"]],
        [known["a.x"], known["b.x"]],
    ]


def test_the_search_scores_its_pairs_as_scores_pair_does(tmp_path: Path) -> None:
    # grouping reuses the score and basis the search gave a pair instead of scoring it
    # again with Scores.pair: the two must agree on every pair the search gives.
    generate_dense(tmp_path / "dense", fields=1500, max_group=200, per_set=100)
    loaded = load([str(tmp_path / "dense")])
    assert loaded.catalogue is not None
    compared = pairing.candidates(loaded.catalogue.sets, WORDS)
    pairs = similarity.links(compared.items, 0.75)
    scores = similarity.Scores(compared.items)
    assert pairs
    assert all(scores.pair(p.first, p.second) == p for p in pairs)
