"""What an audit of some requirement sets alone gives exactly as the audit of the whole
catalogue: the facts an incremental audit (:mod:`indberet.run.incremental`) checks before it
audits only the sets that changed.

A field's verdict depends on its own set (its tariff, whether its uses were looked for, the
ranking of a law's fields for revision), on the near-duplicate search (which fields are
candidates, which pairs it links, the groups those pairs make) and on the fields it names
or that name it (``derivable_from``). A set is **isolated** when no link of the search joins
one of its fields to a field of another set and no field of another set is named by or names
one of its fields. Auditing isolated sets alone then gives each of their fields the audit
the whole catalogue gives it, provided that every field of the catalogue is, for the search,
what it was (:func:`search_signature` unchanged): the search's links depend only on those
inputs, so they stay inside the set. Only the numbers of the groups (``G1``, ``G2``, … in
the order of the catalogue's fields) are catalogue-wide: :func:`group_numbers` numbers them
again.

Pure functions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet

from indberet.core import similarity
from indberet.model import Field, RequirementSet

__all__ = [
    "components",
    "group_numbers",
    "references",
    "references_known",
    "search_signature",
    "target_of",
]


def search_signature(requirement_set: RequirementSet) -> str:
    """A hash of everything of ``requirement_set`` that the near-duplicate search and the
    test of its pairs (:mod:`indberet.core.pairing`) read: the set's id and subject, and each
    field's id, name, description, code list, type, subject, role, record and whether it is
    an identifier, in order. Equal signatures: the search sees the same fields."""
    described = (
        requirement_set.id,
        requirement_set.subject,
        tuple(
            (
                f.id,
                f.name,
                f.description,
                f.codes,
                f.code_entries,
                f.type,
                f.subject,
                f.is_identifier,
                f.role,
                f.record,
            )
            for f in requirement_set.fields
        ),
    )
    return hashlib.sha256(repr(described).encode("utf-8", "surrogatepass")).hexdigest()


def target_of(source: str, set_id: str) -> str:
    """The qualified id a ``derivable_from`` entry names, as :mod:`indberet.core.resolve`
    reads it: as written when qualified, else a field of the same set."""
    return source if "." in source else f"{set_id}.{source}"


class _Sets:
    """Union-find over 0..n-1 with path halving."""

    def __init__(self, count: int) -> None:
        self.parent = list(range(count))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[b] = a


def components(
    sets: Sequence[RequirementSet], links: Iterable[similarity.Pair] | None
) -> list[int] | None:
    """For each field of ``sets`` (in order), the number of its component: fields joined by
    a link of the near-duplicate search (``links``: every pair it gave, before any was
    thrown away; None when it did not run), by ``derivable_from`` or ``asked_when``, or by
    standing in one set whose fields are all named by law (they are ranked together). None
    when a link names a field the sets do not have.

    The audit of a field depends on the fields of its component alone (and on its own set),
    as long as the search sees every field as it did (:func:`search_signature`)."""
    position: dict[str, int] = {}
    for requirement_set in sets:
        for item in requirement_set.fields:
            position[item.qualified_id] = len(position)
    joined = _Sets(len(position))
    for pair in links or ():
        first, second = position.get(pair.first), position.get(pair.second)
        if first is None or second is None:
            return None
        joined.join(first, second)
    for requirement_set in sets:
        for item in requirement_set.fields:
            at = position[item.qualified_id]
            for target in references(item, requirement_set.id):
                other = position.get(target)
                if other is not None:
                    joined.join(at, other)
        items = requirement_set.fields
        if items and all(f.mandated_by for f in items):
            for item in items[1:]:
                joined.join(position[items[0].qualified_id], position[item.qualified_id])
    return [joined.find(at) for at in range(len(position))]


def references(item: Field, set_id: str) -> list[str]:
    """The qualified ids of the fields ``item`` (of the set ``set_id``) names: its sources
    (as :mod:`indberet.core.resolve` reads them) and the field that decides whether it is
    asked."""
    found = [target_of(source, set_id) for source in item.derivable_from]
    if item.asked_when is not None:
        found.append(f"{set_id}.{item.asked_when.field}")
    return found


def references_known(
    requirement_set: RequirementSet, registers: AbstractSet[str], known: Callable[[str], bool]
) -> bool:
    """Whether every register and source the fields of ``requirement_set`` name is known
    (:func:`indberet.read.loading.load` finds no problem with them): ``registers`` the ids of
    the catalogue's registers, ``known(id)`` whether the catalogue has a field of that
    qualified id."""
    own = {f.id for f in requirement_set.fields}
    for item in requirement_set.fields:
        if not all(register in registers for register in item.registered_in):
            return False
        for source in item.derivable_from:
            if source == item.id:
                return False
            if not (source in own or source in registers or known(source)):
                return False
    return True


def group_numbers(
    kept: Sequence[tuple[int, int]], fresh: Sequence[tuple[str, int]]
) -> dict[str, int] | None:
    """The numbers of the groups audited afresh, or None when the groups kept from before
    would be numbered differently.

    Groups are numbered from 1 in the order of their first member in the catalogue.
    ``kept``: each group kept as it was, (its number, its first member's position);
    ``fresh``: each group audited afresh, (its id there, its first member's position in the
    whole catalogue).
    """
    ordered = sorted(
        [(position, 0, str(number)) for number, position in kept]
        + [(position, 1, name) for name, position in fresh]
    )
    numbers: dict[str, int] = {}
    for number, (_, fresh_one, name) in enumerate(ordered, start=1):
        if fresh_one:
            numbers[name] = number
        elif int(name) != number:
            return None
    return numbers
