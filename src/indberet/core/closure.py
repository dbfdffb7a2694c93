"""What an audit of some fields alone gives exactly as the audit of the whole catalogue:
the facts the incremental audit (:mod:`indberet.cli.incremental`) works with before it
audits again only the fields a change touches.

A field's verdict depends on its own set (its tariff, whether its uses were looked for, the
ranking of a law's fields for revision), on the near-duplicate search (which pairs it links
and the groups they make) and on the fields it names or that name it (``derivable_from``,
``asked_when``). :func:`components` joins the fields that depend on each other so; the
search's links join only fields whose sets reach its threshold on some measure, which
:class:`Tokens` finds for any field (a prefix filter over one fixed order of all tokens:
every such field, and maybe a few more). Fields closed under both, audited alone, get the
audit the whole catalogue gives them. Only the numbers of the groups (``G1``, ``G2``, … in
the order of the catalogue's fields) are catalogue-wide: :func:`group_numbers` numbers
them again.

Pure functions.
"""

from __future__ import annotations

import hashlib
import marshal
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise

from indberet.core import grouping, similarity
from indberet.model import Code, Field, RequirementSet

__all__ = [
    "Tokens",
    "components",
    "group_numbers",
    "prefix_length",
    "references",
    "references_known",
    "search_signature",
    "target_of",
    "tokens",
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
                tuple(map(_code_row, f.code_entries)),
                f.type,
                f.subject,
                f.is_identifier,
                f.role,
                f.record,
            )
            for f in requirement_set.fields
        ),
    )
    # marshal's version 2 writes no back-references, so equal values give equal bytes
    return hashlib.sha256(marshal.dumps(described, 2)).hexdigest()


def _code_row(code: Code) -> tuple[str, str | None, int | None, int | None]:
    since, until = code.valid_from, code.valid_until
    return (
        code.code,
        code.label,
        None if since is None else since.toordinal(),
        None if until is None else until.toordinal(),
    )


def target_of(source: str, set_id: str) -> str:
    """The qualified id a ``derivable_from`` entry names, as :mod:`indberet.core.resolve`
    reads it: as written when qualified, else a field of the same set."""
    return source if "." in source else f"{set_id}.{source}"


def components(
    sets: Sequence[RequirementSet], links: Iterable[similarity.Pair] | None
) -> list[int] | None:
    """For each field of ``sets`` (in order), the number of its component: fields joined by
    a link of the near-duplicate search (``links``: every pair it gave, or those of them
    that may be the same question, which alone join groups; None when it did not run), by
    ``derivable_from`` or ``asked_when``, or by standing in one set whose fields are all
    named by law (they are ranked together). None when a link names a field the sets do
    not have.

    The audit of a field depends on the fields of its component alone (and on its own set),
    as long as the search sees every field as it did (:func:`search_signature`)."""
    position: dict[str, int] = {}
    for requirement_set in sets:
        for item in requirement_set.fields:
            position[item.qualified_id] = len(position)
    joined = grouping.UnionFind(len(position))
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


# --- which fields a changed field may be a near-duplicate of ---------------------------------

_SLACK = 1.0 - 1e-9  # a pair is taken as possible a little below the threshold: never lost


def prefix_length(size: int, threshold: float) -> int:
    """How many of the first tokens of a set of ``size`` (in one fixed order of all tokens)
    two sets that reach ``threshold`` (Jaccard) share one of: the prefix filter."""
    return size - similarity.at_least(threshold * size) + 1


@dataclass
class Tokens:
    """Every field's token sets, for each of the search's measures, with the tokens
    numbered in one fixed order (rarest first), and an index of each set's prefix: enough to
    find every field a field may be a near-duplicate of (:meth:`partners`), without the
    search. Fields are numbered by their position in the catalogue; a field that is no
    candidate of the search (an identifier) has no tokens."""

    threshold: float
    vocabulary: dict[str, int]
    parts: dict[str, int]
    part_of: array[int]  # per field, its part's number (-1: no candidate)
    flat: list[array[int]]  # per measure, every field's sorted token numbers, one after another
    offsets: list[array[int]]  # per measure, where each field's tokens start (and the end)
    postings: list[dict[int, list[int]]]  # per measure: token -> fields with it in their prefix

    def numbered(self, items: Sequence[similarity.Candidate]) -> list[list[list[int]]]:
        """The sorted token numbers of each of ``items`` for each measure; a token not met
        before is numbered before every known one (the order stays one fixed order)."""
        fresh: dict[str, int] = {}
        found: list[list[list[int]]] = []
        sets = similarity.measure_sets(items)
        for index in range(len(items)):
            per_measure = []
            for measure in sets:
                numbers = []
                for token in measure[index]:
                    number = self.vocabulary.get(token)
                    if number is None:
                        number = fresh.setdefault(token, -1 - len(fresh))
                    numbers.append(number)
                per_measure.append(sorted(numbers))
            found.append(per_measure)
        return found

    def of(self, position: int) -> list[list[int]]:
        """The token numbers of the field at ``position``, per measure."""
        return [
            list(flat[offsets[position] : offsets[position + 1]])
            for flat, offsets in zip(self.flat, self.offsets, strict=True)
        ]

    def partners(
        self, tokens: list[list[int]], part: int, known: Callable[[int], bool] | None = None
    ) -> set[int]:
        """The positions of the fields of ``part`` whose sets reach the threshold (less a
        tiny slack) with ``tokens`` on some measure: every field the search may pair with a
        field of those tokens (more, never fewer), but those ``known`` says are known
        already (not compared)."""
        found: set[int] = set()
        if part < 0:
            return found
        threshold = self.threshold
        for mine, flat, offsets, postings in zip(
            tokens, self.flat, self.offsets, self.postings, strict=True
        ):
            if not mine:
                continue
            size = len(mine)
            own = set(mine)
            met: set[int] = set()
            for token in mine[: prefix_length(size, threshold)]:
                met.update(postings.get(token, ()))
            for other in met:
                if self.part_of[other] != part or other in found:
                    continue
                if known is not None and known(other):
                    continue
                theirs = flat[offsets[other] : offsets[other + 1]]
                common = len(own.intersection(theirs))
                if common and common / (size + len(theirs) - common) >= threshold * _SLACK:
                    found.add(other)
        return found


def tokens(
    positions: Mapping[str, int],
    count: int,
    items: Sequence[similarity.Candidate],
    threshold: float,
    names: Sequence[frozenset[str]] | None = None,
    *,
    sets: Mapping[str, Sequence[frozenset[str]]] | None = None,
    described: Mapping[str, frozenset[str]] | None = None,
) -> Tokens:
    """The :class:`Tokens` of a catalogue of ``count`` fields, ``positions`` their qualified
    ids' positions, ``items`` the search's candidates (all of them) at ``threshold``;
    ``names``, the :func:`similarity.name_sets` of ``items`` if made already. What the
    search made already (:meth:`similarity.Search.made`) is taken from ``sets`` (each
    item's set, by measure) and ``described`` (the tokens of descriptions); the rest is
    made here. The same tokens either way.

    Made one measure at a time, each field's numbers going straight into the arrays."""
    at_of = [positions[item.key] for item in items]
    order: list[int] | None = None  # None: the items are in the fields' order already
    if any(later <= earlier for earlier, later in pairwise(at_of)):
        order = sorted(range(len(items)), key=at_of.__getitem__)
        at_of = [at_of[index] for index in order]
    made = dict(sets or {})
    if names is not None:
        made["name"] = names

    def ordered(measure: str) -> Sequence[frozenset[str]] | None:
        found = made.get(measure)
        if found is None or len(found) != len(items):
            return None
        return found if order is None else [found[index] for index in order]

    chosen = items if order is None else [items[index] for index in order]
    name_sets = ordered("name") or similarity.name_sets(chosen)
    codes = ordered("codes") or list(map(similarity.code_set, chosen))
    texts: Iterable[frozenset[str]] | None = ordered("text")
    descriptions = [item.description for item in chosen]
    words = dict(described or {})  # each description's tokens, made once
    for text in descriptions:
        if text and text not in words:
            words[text] = similarity.word_set(text)
    # How often each token stands in a set, about (a name's token in its description too is
    # counted twice): any fixed order finds every pair; rarest first, few besides.
    frequency = Counter(chain.from_iterable(chain(name_sets, name_sets)))
    frequency.update(chain.from_iterable(map(words.__getitem__, filter(None, descriptions))))
    frequency.update(chain.from_iterable(codes))
    ranked = sorted(frequency)
    ranked.sort(key=frequency.__getitem__)  # stable: by frequency, then by token
    del frequency
    vocabulary = dict(zip(ranked, range(len(ranked)), strict=True))
    del ranked
    parts: dict[str, int] = {}
    part_of = array("i", [-1]) * count
    for at, item in zip(at_of, chosen, strict=True):
        part_of[at] = parts.setdefault(item.part, len(parts))
    if texts is None:
        texts = _texts(name_sets, descriptions, words)
    del words
    flat: list[array[int]] = []
    offsets: list[array[int]] = []
    postings: list[dict[int, list[int]]] = []
    measured = {"name": name_sets, "text": texts, "codes": codes}
    for measure in similarity.MEASURES:
        joined, lengths, index_of = _numbered(
            measured.pop(measure), at_of, count, vocabulary, threshold
        )
        flat.append(joined)
        offsets.append(array("i", accumulate(lengths, initial=0)))
        postings.append(index_of)
    return Tokens(threshold, vocabulary, parts, part_of, flat, offsets, postings)


def _numbered(
    sets: Iterable[frozenset[str]],
    at_of: Sequence[int],
    count: int,
    vocabulary: Mapping[str, int],
    threshold: float,
) -> tuple[array[int], array[int], dict[int, list[int]]]:
    """Of one measure's ``sets`` (those of the fields at ``at_of``, of ``count``): their
    sorted token numbers one after another, each field's count of them, and the index of
    each token of a prefix to the fields that have it there. (Numbering an equal set met
    before again costs less than remembering every set's numbers.)"""
    number = vocabulary.__getitem__
    joined: list[int] = []
    lengths = array("i", [0]) * count
    index_of: defaultdict[int, list[int]] = defaultdict(list)
    prefixes: dict[int, int] = {}  # by a set's size
    for at, found in zip(at_of, sets, strict=True):
        if not found:
            continue
        mine = sorted(map(number, found))
        size = len(mine)
        prefix = prefixes.get(size)
        if prefix is None:
            prefix = prefixes[size] = prefix_length(size, threshold)
        joined.extend(mine)
        lengths[at] = size
        for token in mine[:prefix]:
            index_of[token].append(at)
    return array("i", joined), lengths, dict(index_of)


def _texts(
    names: Sequence[frozenset[str]],
    descriptions: Sequence[str | None],
    words: Mapping[str, frozenset[str]],
) -> Iterator[frozenset[str]]:
    """Each item's set for the text measure, one after another (``names``: their name
    sets, ``descriptions`` their descriptions, ``words`` the tokens of each)."""
    for name, text in zip(names, descriptions, strict=True):
        yield name | words[text] if text else name


def spread(found: Tokens, field_of: Sequence[int], count: int) -> Tokens | None:
    """``found``, made with each candidate's own index as its position, numbered instead by
    the candidates' positions ``field_of`` among ``count`` fields (the same tokens, order
    and prefixes: only the numbering of the fields changes); None unless the positions
    rise with the candidates (the fields' token sets then stand in ``flat`` in one order)."""
    if len(field_of) != len(found.part_of) or any(
        later <= earlier for earlier, later in pairwise(field_of)
    ):
        return None
    if field_of and (field_of[0] < 0 or field_of[-1] >= count):
        return None
    part_of = array("i", [-1]) * count
    for candidate, at in enumerate(field_of):
        part_of[at] = found.part_of[candidate]
    offsets = []
    for starts in found.offsets:
        lengths = array("i", [0]) * count
        for candidate, at in enumerate(field_of):
            lengths[at] = starts[candidate + 1] - starts[candidate]
        offsets.append(array("i", accumulate(lengths, initial=0)))
    position = field_of.__getitem__
    postings = [
        {token: list(map(position, fields)) for token, fields in index.items()}
        for index in found.postings
    ]
    return Tokens(
        found.threshold, found.vocabulary, found.parts, part_of, found.flat, offsets, postings
    )
