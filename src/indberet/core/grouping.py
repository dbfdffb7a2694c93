"""Near-duplicates as groups: fields that ask the same question, and the one that stays.

The search (:func:`indberet.core.similarity.links`) gives enough pairs to join every
group, not every pair of it: a field repeated in 1,000 sets comes as 999 pairs. Of the
pairs that may be the same question (:mod:`indberet.core.pairing`), those of score 1 (the
same name, text or code list) join fields by union-find into exact groups. Near
duplicates (score below 1) do not chain, which in a catalogue whose names come from a
small vocabulary would join tens of thousands of different questions: exact groups are
taken strongest first, and each one not yet claimed claims those it is near; a claimed
group merges into the one that claimed it. Work, memory and output grow with the number
of fields and links.

In each group the members are ranked by strength: usage, then the one listed first. A
field named by law never merges and nothing merges into it; of the others, the strongest
(the group's *kept* member) stays and each other member merges into it. A member that
cannot be the same question as the kept member (two links away, it differs by an
opposing word, or it asks about another record of the same set) merges into the next
strongest member it can be, looking at a few only (its one twin); if none, it has no
twin. The kept member has as twins the fields named by law of its group (then it is REVIEW: a person
decides whether it is still needed) and a few of the members that merge into it.

Every field's twins are a handful at most, with the score of that very pair, whatever the
size of its group. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from indberet.audit_model import Group
from indberet.core import pairing, similarity
from indberet.core.rules import Twin
from indberet.model import Field

__all__ = ["Groups", "groups"]

# How many stronger members a member that cannot be the same question as the kept one
# tries, and how many twins the kept member and a field named by law list at most.
_TRIES = 8
_LISTED = 3

Groups = tuple[dict[str, tuple[Twin, ...]], dict[str, Group]]


class UnionFind:
    """Union-find over 0..n-1, by size, with path halving (also core.closure's)."""

    def __init__(self, count: int) -> None:
        self.parent = list(range(count))
        self.size = [1] * count

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]


def groups(
    fields: Sequence[Field],
    pairs: Iterable[similarity.Pair],
    usage: Mapping[str, float],
    compared: pairing.Compared,
    threshold: float = 0.0,
) -> Groups:
    """Every field's twins (its merge target first) and the group of each field in one.

    ``pairs`` are links that may be the same question (``compared.same_question``);
    ``usage`` the usage score of every field. Links of score 1 (the same name, text or
    code list) join fields by union-find into exact groups. ``threshold``: the duplication
    threshold; two members whose own pair scores below it are never twins. Links below 1 (near
    duplicates) never chain: exact groups are taken strongest first, and each one not yet
    claimed claims the exact groups it has such a link to; a claimed group merges into
    the group that claimed it, not any further.
    """
    order = {f.qualified_id: index for index, f in enumerate(fields)}
    joined = UnionFind(len(fields))
    near: list[tuple[int, int]] = []
    scored: dict[tuple[str, str], similarity.Pair] = {}  # as the search scored them
    for pair in pairs:
        scored[pair.first, pair.second] = pair
        if pair.score >= 1.0:
            joined.join(order[pair.first], order[pair.second])
        else:
            near.append((order[pair.first], order[pair.second]))

    # Each field's strength, once: stronger sorts first.
    strength = [(-usage[f.qualified_id], index) for index, f in enumerate(fields)].__getitem__

    linked = {index for pair in near for index in pair}
    exact: dict[int, list[int]] = {}
    for index in range(len(fields)):
        root = joined.find(index)
        if joined.size[root] > 1 or index in linked:
            exact.setdefault(root, []).append(index)
    heads = {root: min(items, key=strength) for root, items in exact.items()}
    neighbours: dict[int, list[int]] = {}
    for a, b in near:
        first, second = joined.find(a), joined.find(b)
        if first != second:
            neighbours.setdefault(first, []).append(second)
            neighbours.setdefault(second, []).append(first)
    scores = similarity.Scores(compared.items)
    linker = _Linker(fields, scores, compared, threshold, scored)
    claimed: dict[int, list[int]] = {}  # a claiming group's root -> the roots it claimed
    taken: set[int] = set()
    for root in sorted(exact, key=lambda r: strength(heads[r])):
        if root in taken:
            continue
        taken.add(root)
        mine = claimed[root] = [root]
        for other in dict.fromkeys(neighbours.get(root, ())):
            if other not in taken and linker.may_be(heads[other], heads[root]):
                taken.add(other)
                mine.append(other)
    twins: dict[str, tuple[Twin, ...]] = {f.qualified_id: () for f in fields}
    found: dict[str, Group] = {}
    ranked_groups = [
        sorted((i for r in roots for i in exact[r]), key=strength) for roots in claimed.values()
    ]
    ranked_groups = [g for g in ranked_groups if len(g) > 1]
    ranked_groups.sort(key=min)  # numbered in the order of the catalogue
    for number, ranked in enumerate(ranked_groups, start=1):
        law = [i for i in ranked if fields[i].mandated_by]
        free = [i for i in ranked if not fields[i].mandated_by]
        kept = free[0] if free else law[0]
        group = Group(
            id=f"G{number}",
            size=len(ranked),
            sets=len({fields[i].set_id for i in ranked}),
            kept=fields[kept].qualified_id,
            members=tuple(fields[i].qualified_id for i in ranked),
        )
        for i in ranked:
            found[fields[i].qualified_id] = group
        # Each member looks at a few others only (slices of at most _TRIES + 1).
        for position, i in enumerate(free[1:], start=1):
            twins[fields[i].qualified_id] = linker.stronger(i, free[: min(position, _TRIES)])
        if free:
            listed = [
                *linker.some(kept, law[:_TRIES], by_law=True),
                *linker.some(kept, free[1 : _TRIES + 1]),
            ]
            twins[fields[kept].qualified_id] = tuple(listed[:_LISTED])
        for i in law:
            others = [j for j in (kept, *ranked[: _TRIES + 1]) if j != i]
            twins[fields[i].qualified_id] = linker.some(i, list(dict.fromkeys(others)))
    return twins, found


class _Linker:
    """Twins of members of one group: each pair scored and checked as it is met."""

    def __init__(
        self,
        fields: Sequence[Field],
        scores: similarity.Scores,
        compared: pairing.Compared,
        threshold: float = 0.0,
        scored: Mapping[tuple[str, str], similarity.Pair] | None = None,
    ) -> None:
        self.fields = fields
        self.scores = scores
        self.compared = compared
        self.threshold = threshold
        self.opposed = pairing.Opposed(compared.words)
        # Pairs the search scored already (first key < second): the same score and basis
        # as ``scores`` gives them (both score with similarity.similarity), not made again.
        self.scored = scored or {}

    def twin(self, this: int, other: int, *, weaker: bool, by_law: bool = False) -> Twin | None:
        """``other`` as a twin of ``this``, or None if they cannot be the same question."""
        a, b = self.fields[this].qualified_id, self.fields[other].qualified_id
        pair = self.scored.get((a, b) if a < b else (b, a)) or self.scores.pair(a, b)
        if pair.score < self.threshold:
            return None  # alike only through others of the group: not a twin
        compared = self.compared
        apart = pairing.why_apart(
            compared.traits(a), compared.traits(b), compared.words, pair.basis, self.opposed
        )
        if apart is not None:
            return None
        same_set = self.fields[this].set_id == self.fields[other].set_id
        return Twin(b, pair.score, pair.basis, same_set, weaker, by_law)

    def may_be(self, this: int, other: int) -> bool:
        """Whether ``this`` may be the same question as ``other``."""
        return self.twin(this, other, weaker=True) is not None

    def stronger(self, this: int, stronger: Sequence[int]) -> tuple[Twin, ...]:
        """The strongest of the ``stronger`` members (strongest first) that ``this`` may
        merge into, as its one twin (should it leave, :mod:`indberet.core.resolve` finds
        the next in the group): one twin each keeps a group's output small."""
        for other in stronger[:_TRIES]:
            twin = self.twin(this, other, weaker=True)
            if twin is not None:
                return (twin,)
        return ()

    def some(self, this: int, others: Sequence[int], *, by_law: bool = False) -> tuple[Twin, ...]:
        """A few of ``others`` as twins of ``this``, which does not merge into them."""
        found: list[Twin] = []
        for other in others[:_TRIES]:
            twin = self.twin(this, other, weaker=False, by_law=by_law)
            if twin is not None:
                found.append(twin)
                if len(found) == _LISTED:
                    break
        return tuple(found)
