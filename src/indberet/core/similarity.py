"""Near-duplicate detection of requirement fields: scalable and exact.

A field is compared with another by three Jaccard measures over sets:

- ``name``: the normalised tokens of the field name;
- ``text``: the normalised tokens of name and description together;
- ``codes``: the code list, each code a whole string (casefolded, whitespace trimmed);
  lists made only of generic answers (``GENERIC_CODES``: Ja/Nej/Ukendt) are not compared.

The score of a pair is the largest of the three; ``basis`` says which measure gave it.

:func:`near_duplicates` finds every pair scoring at least a threshold without comparing all
pairs (only pairs of candidates of one ``part``: a caller's label for what keeps fields
apart whatever their words, so that such pairs are never even candidates). It is an
exact set-similarity join in the AllPairs / PPJoin family, run once per part and
measure: tokens are put in one global order (rarest first); two sets can only reach the
threshold if their short *prefixes* in that order share a token, so only prefixes are
indexed and probed. Where the threshold demands an overlap of two or three tokens, records
also index the pairs or triples of tokens of a slightly longer prefix (the ℓ-prefix
scheme), so that fields sharing one rare word are not even candidates. A length filter and
PPJoin's positional filter prune further, and every surviving candidate pair is verified
with the exact measure. Every bound is derived from the threshold with a small relative
slack (see ``_SLACK``), so floating-point rounding can only let more candidates through,
never fewer. The result therefore equals :func:`near_duplicates_exhaustive`, the all-pairs
reference, for every input and every threshold in (0, 1].

Pure functions; the standard library only (and :mod:`indberet.gcpause`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, cast, overload

from indberet.gcpause import no_cyclic_gc
from indberet.records import record

__all__ = [
    "CORE_NEEDS",
    "DEFAULT_THRESHOLD",
    "FROM_NAMES",
    "MEASURES",
    "Candidate",
    "Candidates",
    "Pair",
    "PairTest",
    "Scores",
    "Search",
    "Tested",
    "as_rows",
    "at_least",
    "code_set",
    "fold_words",
    "links",
    "listed",
    "measure_sets",
    "merged",
    "name_sets",
    "near_duplicates",
    "near_duplicates_exhaustive",
    "normalise",
    "pairs_from_rows",
    "part_members",
    "searcher",
    "similarity",
    "test_of",
    "without_words",
    "word_set",
    "word_tokens",
]

DEFAULT_THRESHOLD = 0.75


@record
class Candidate:
    """One field to compare."""

    key: str  # qualified id "set.field", unique
    group: str  # set id
    name: str  # Danish field name, e.g. "Barnets CPR-nummer"
    description: str | None
    codes: tuple[str, ...]  # code list, may be empty
    # Candidates with equal sets are linked directly (see :func:`links`) only within one
    # block: the caller's label for what else two fields must share to be the same question.
    block: str = ""
    # Candidates of different parts are never paired: the caller's label for what two
    # fields must share to be the same question at all (so the search skips the pairs
    # that would be thrown away); the block says what they must share besides to be
    # linked by hashing, so it should hold the part.
    part: str = ""
    # The words of the name that say what is asked (the name without its stop words, as
    # a token set), or None. Given, two candidates alike only by text or by code list
    # (names below the threshold) are paired only if their cores share at least
    # CORE_NEEDS of their union: a shared boilerplate description or code list is a
    # shared domain, not the same question, and would pair fields by the square.
    core: frozenset[str] | None = None
    # The words of the full name that the name above leaves out (stop words) and that
    # make two names opposites ("Periode fra", "Periode til"), sorted, or "": the name
    # measure's classes hold candidates of one name and one such word (see :func:`links`),
    # so that the star of "Periode til" links the end dates, not each to a start date.
    opposing: str = ""


CandidateRow = tuple[
    str, str, str, str | None, tuple[str, ...], str, str, frozenset[str] | None, str
]  # a Candidate's fields in order: what marshal carries between processes


class Candidates(Sequence[Candidate]):
    """Candidates made when first read: ``make()`` gives all ``count`` of them.

    A search can be prepared, and handed to another process, before they are made: that
    process makes them and hands them back (:meth:`rows`, :meth:`adopt`), so that they are
    made once, there, while this process goes on with other work.

    ``test``, when given, is the test the pairs of these candidates must pass to be kept
    (the caller's: :meth:`indberet.core.pairing.Compared.same_question`). A search shared
    out between processes applies it to the pairs where it finds them (:class:`Tested`).
    ``ahead``, when given, does some of the work the test will need (a few milliseconds'
    worth a call; False once there is none left): what a process waiting for another to
    make the candidates can do meanwhile.
    """

    def __init__(
        self,
        make: Callable[[], list[Candidate]],
        count: int,
        test: PairTest | None = None,
        ahead: Callable[[], bool] | None = None,
    ) -> None:
        self._make = make
        self._count = count
        self._items: list[Candidate] | None = None
        self.test = test
        self.ahead = ahead

    @property
    def made(self) -> bool:
        """Whether the candidates are here (made or adopted) already."""
        return self._items is not None

    def listed(self) -> list[Candidate]:
        """The candidates as a list (made now if need be)."""
        items = self._items
        if items is None:
            items = self._make()
            if len(items) != self._count:
                raise ValueError(f"{len(items)} candidates made, {self._count} announced")
            self._items = items
        return items

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Candidate: ...

    @overload
    def __getitem__(self, index: slice) -> list[Candidate]: ...

    def __getitem__(self, index: int | slice) -> Candidate | list[Candidate]:
        return self.listed()[index]

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self.listed())

    def rows(self) -> list[CandidateRow]:
        """The candidates as plain rows (made now if need be), for :meth:`adopt`."""
        return [
            (c.key, c.group, c.name, c.description, c.codes, c.block, c.part, c.core, c.opposing)
            for c in self.listed()
        ]

    def adopt(self, rows: object) -> bool:
        """Take ``rows`` (:meth:`rows` of the same candidates, made by another process) as
        the candidates if they have the shape of ``count`` rows: True if taken, or if the
        candidates are here already."""
        if self._items is not None:
            return True  # made here already: the same candidates
        if not (isinstance(rows, list) and len(rows) == self._count and all(map(_is_row, rows))):
            return False
        self._items = [Candidate(*row) for row in rows]
        return True


def _is_row(row: object) -> bool:
    """Whether ``row`` has the shape of a :data:`CandidateRow`."""
    return (
        type(row) is tuple
        and len(row) == _ROW_SIZE
        and type(row[0]) is str
        and type(row[1]) is str
        and type(row[2]) is str
        and (row[3] is None or type(row[3]) is str)
        and type(row[4]) is tuple
        and all(map(isinstance, row[4], _TEXTS))
        and type(row[5]) is str
        and type(row[6]) is str
        and (row[7] is None or (type(row[7]) is frozenset and all(map(isinstance, row[7], _TEXTS))))
        and type(row[8]) is str
    )


_ROW_SIZE: Final = 9
_TEXTS: Final = itertools.repeat(str)  # the type of every code and word of a row


def listed(items: Sequence[Candidate]) -> Sequence[Candidate]:
    """``items`` as a plain sequence: the list of :class:`Candidates` (made if need be)."""
    return items.listed() if isinstance(items, Candidates) else items


def test_of(items: Sequence[Candidate]) -> PairTest | None:
    """The test the pairs of ``items`` must pass (:class:`Candidates`), if it is known."""
    return items.test if isinstance(items, Candidates) else None


@record
class Pair:
    """The similarity of two candidates."""

    first: str  # key of one candidate (first < second lexicographically)
    second: str
    score: float  # 0-1
    basis: str  # "name" | "text" | "codes": which measure gave the score


# Keeps the pairs that pass a test, in order (pairing's Compared.same_question).
PairTest = Callable[[Sequence[Pair]], list[Pair]]


class Tested(list[Pair]):
    """Pairs that passed ``test`` already: every pair is scored on all three measures
    whichever measure finds it, so the pairs of several searches tested apart and merged
    are the merged pairs tested (a search shared out tests each process's pairs there)."""

    def __init__(self, pairs: Iterable[Pair], test: PairTest) -> None:
        super().__init__(pairs)
        self.test = test


# --------------------------------------------------------------------------- normalise

# Letters and digits; everything else (hyphens, punctuation, "§", spaces) separates tokens.
_TOKEN = re.compile(r"[^\W_]+")
# Every byte that is not an ASCII letter or digit, as a space: on ASCII text, the words of
# the translation split on spaces are what _TOKEN finds (a property test checks it), in
# 40% of the time (442 characters of folded text: 4.6 µs against 11.6 µs).
_ASCII_SEPARATORS = bytes(b if chr(b).isalnum() and b < 128 else 32 for b in range(256))

# Inflection suffixes, longest first. A bare "-s" is handled separately.
_SUFFIXES = ("ernes", "enes", "erne", "ene", "ers", "ens", "ets", "er", "en", "et", "es", "e")
_MIN_STEM = 3
# A genitive/compound "-s" is removed only after these letters (as in the Snowball
# Danish stemmer), so "status" and "gratis" keep their "s".
_S_ENDING = frozenset("abcdfghjklmnoprtvyz")
_VOWELS = frozenset("aeiouy")
_DEFINITE = frozenset({"e", "en", "ens", "es", "et", "ets"})

# Common head words of Danish compounds in these catalogues ("anbringelsesdato",
# "handlekommune", "anbringelsessted"). A token ending in one of them (after stemming) is
# split into modifier and head, so "Anbringelsesdato" and "Dato for anbringelsen" agree.
_HEAD_WORDS = (
    "adresse",
    "dato",
    "grundlag",
    "kode",
    "kommune",
    "nummer",
    "periode",
    "sted",
    "type",
    "årsag",
)
_MIN_MODIFIER = 3


def _fold(text: str) -> str:
    """Casefold, spell out æ/ø/å, and drop other diacritics (é → e).

    Spelling out makes "børn" and "boern", "Århus" and "Aarhus" agree.
    """
    # Three str.replace calls: much faster than str.translate with a mapping.
    text = text.casefold().replace("å", "aa").replace("æ", "ae").replace("ø", "oe")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _undouble(stem: str) -> str:
    """Drop a doubled final consonant left by a suffix: "kønn" → "køn", "numm" → "num"."""
    if len(stem) > _MIN_STEM and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        return stem[:-1]
    return stem


def _strippable(token: str, length: int) -> bool:
    """Whether the last ``length`` letters, a suffix starting with "e", may go.

    A stem of at least 3 letters must remain, and the "e" must not be the second letter
    of a spelled-out "ae" (æ) or "oe" (ø): "ophør" is "ophoer", not "opho" + "er".
    """
    rest = len(token) - length
    return rest >= _MIN_STEM and token[rest - 1] not in "ao"


def _stem(token: str) -> str:
    """A light Danish stemmer: strip one inflection suffix, keep at least 3 letters.

    After a definite or plural ending, a noun's own "-er" goes too, so that "nummeret",
    "nummer" and "alderen", "alder" agree.
    """
    if token.isdigit():
        return token
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and _strippable(token, len(suffix)):
            stem = token[: -len(suffix)]
            if suffix in _DEFINITE and stem.endswith("er") and _strippable(stem, 2):
                stem = stem[:-2]
            return _undouble(stem)
    if token.endswith("s") and len(token) - 1 >= _MIN_STEM and token[-2] in _S_ENDING:
        return token[:-1]
    return token


_HEADS = tuple(sorted({_stem(_fold(h)) for h in _HEAD_WORDS}, key=lambda h: (-len(h), h)))


def _split_compound(stem: str) -> list[str]:
    """Split a stemmed compound on a known head word, recursively on the modifier."""
    for head in _HEADS:
        if stem.endswith(head) and len(stem) - len(head) >= _MIN_MODIFIER:
            modifier = _stem(stem[: -len(head)])
            return [*_split_compound(modifier), head]
    return [stem]


def normalise(text: str) -> tuple[str, ...]:
    """Danish-aware tokens of ``text``: deduplicated and sorted.

    Casefolds; spells out æ → ae, ø → oe, å → aa and drops other diacritics; splits on
    everything that is not a letter or digit; strips one inflection suffix with a light
    stemmer; splits compounds on a few common head words. Stop words are the profile's
    (:func:`without_words`), not this function's.
    """
    return tuple(sorted(_token_set(text)))


def _split(folded: str) -> list[str]:
    """The words of folded text: its runs of letters and digits."""
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_SEPARATORS).decode("ascii").split()
    return _TOKEN.findall(folded)


def fold_words(text: str) -> tuple[str, ...]:
    """The words of ``text``, casefolded and spelled out (æ → ae), not stemmed."""
    return tuple(_split(_fold(text)))


def without_words(text: str, words: frozenset[str]) -> str:
    """``text`` folded, without the words in ``words`` (folded words, e.g. stop words).

    :func:`normalise` of the result is :func:`normalise` of ``text`` less those words; the
    audit strips the profile's stop words from names this way before they are compared.
    """
    return " ".join(w for w in _split(_fold(text)) if w not in words)


@functools.lru_cache(maxsize=1 << 12)
def _token_set(text: str) -> frozenset[str]:
    """The tokens :func:`normalise` gives, as a set (the sets of the names and
    descriptions met last remembered: a boilerplate description, or a name repeated in
    many sets, is tokenised once where its fields are scored pair by pair)."""
    return word_tokens(_split(_fold(text)))


def word_tokens(words: Iterable[str]) -> frozenset[str]:
    """The tokens of folded words: for ``fold_words(text)``, the set of ``normalise(text)``
    (for a caller that has the words already)."""
    words = words if isinstance(words, list | tuple) else list(words)
    found: set[str | None] = set(map(_ONE.get, words))  # None: a compound, or not met yet
    if None in found:
        found.discard(None)
        for word in words:
            if word not in _ONE:
                found.update(_word(word))
    return frozenset(cast(set[str], found))


# The tokens of the folded words met (see _word), and the token of each that stems to one
# token (most do): dictionaries, not functools.lru_cache, whose wrapper and the chaining of
# tuples cost more than the lookups (100k descriptions of 40 to 80 words: 23 µs a
# description before, 11 µs now). Forgotten when they hold _WORDS_AT_MOST words.
_WORDS: dict[str, tuple[str, ...]] = {}
_ONE: dict[str, str] = {}
_WORDS_AT_MOST = 1 << 16


def _word(raw: str) -> tuple[str, ...]:
    """The tokens of one folded word: its stemmed parts."""
    found = _WORDS.get(raw)
    if found is None:
        if len(_WORDS) >= _WORDS_AT_MOST:
            _WORDS.clear()
            _ONE.clear()
        found = _WORDS[raw] = tuple(_split_compound(_stem(raw)))
        if len(found) == 1:
            _ONE[raw] = found[0]
    return found


# --------------------------------------------------------------------------- measures

# What two candidates alike only by text or code list must share of their cores: the test
# of the pairs found asks the same of their names (indberet.core.pairing says why two
# thirds), so the search leaves out only pairs that test would throw away.
CORE_NEEDS: Final = 2 / 3

_NAME, _TEXT, _CODES = 0, 1, 2
MEASURES: Final = ("name", "text", "codes")  # the bases a pair may have
FROM_NAMES: Final = frozenset({"name", "text"})  # the measures that start from name_sets
# Answers that any question may have; a list of nothing else is not compared.
GENERIC_CODES = frozenset(
    {
        "ja",
        "nej",
        "yes",
        "no",
        "j",
        "n",
        "true",
        "false",
        "0",
        "1",
        "ukendt",
        "uoplyst",
        "ved ikke",
        "ikke relevant",
        "ikke oplyst",
        "unknown",
        "not applicable",
    }
)
# On equal scores: prefer "codes", then "name", then "text".
_PREFERENCE = (_CODES, _NAME, _TEXT)

_Features = tuple[frozenset[str], frozenset[str], frozenset[str]]


def _code(code: str) -> str:
    return " ".join(code.split()).casefold()


def _features(item: Candidate) -> _Features:
    name = _token_set(item.name)
    return (name, _text_set(item, name), _code_set(item))


def _text_set(item: Candidate, name: frozenset[str]) -> frozenset[str]:
    return name | _token_set(item.description) if item.description else name


class _Measured:
    """An item's sets for the name and codes measures, and for the text measure once a
    pair needs it (:func:`_rated`): most pairs of a group have equal names or code lists,
    and score 1 whatever their texts."""

    __slots__ = ("_text", "codes", "item", "name")

    def __init__(
        self,
        item: Candidate,
        name: frozenset[str],
        codes: frozenset[str],
        text: frozenset[str] | None = None,
    ) -> None:
        self.item = item
        self.name = name
        self.codes = codes
        self._text = text

    @classmethod
    def of(cls, item: Candidate) -> _Measured:
        return cls(item, _token_set(item.name), _code_set(item))

    def text(self) -> frozenset[str]:
        found = self._text
        if found is None:
            found = self._text = _text_set(self.item, self.name)
        return found


def _rated(a: _Measured, b: _Measured) -> Pair:
    """:func:`_score` of two items, their texts compared only if neither their code lists
    nor their names score 1 (the text measure comes last on equal scores, so it cannot
    give a pair scoring 1 already)."""
    codes = _jaccard(a.codes, b.codes)
    name = _jaccard(a.name, b.name)
    best, basis = (name, _NAME) if name > codes else (codes, _CODES)
    if best < 1.0:
        text = _jaccard(a.text(), b.text())
        if text > best:
            best, basis = text, _TEXT
    first, second = (a.item.key, b.item.key)
    if first > second:
        first, second = second, first
    return Pair(first, second, best, MEASURES[basis])


def _code_set(item: Candidate) -> frozenset[str]:
    return _codes_set(item.codes) if item.codes else frozenset()


@functools.lru_cache(maxsize=1 << 12)
def _codes_set(items: tuple[str, ...]) -> frozenset[str]:
    """The set the codes measure compares (the same lists recur in many fields)."""
    codes = frozenset(c for c in map(_code, items) if c)
    # A yes/no list says nothing about what is asked: every yes/no question would
    # "duplicate" every other one, and the pairs would grow with the square of their number.
    return frozenset() if codes <= GENERIC_CODES else codes


def name_sets(items: Sequence[Candidate]) -> list[frozenset[str]]:
    """The token set of each item's name (what the name and text measures start from)."""
    return [_token_set(item.name) for item in items]


def _measure_sets(
    items: Sequence[Candidate],
    measures: Sequence[str],
    names: Sequence[frozenset[str]] | None = None,
    described: dict[str, frozenset[str]] | None = None,
) -> list[Sequence[frozenset[str]]]:
    """Each item's set for each of ``measures``, one list per measure (``names``: the
    :func:`name_sets` of ``items``, if made already; ``described``: see :func:`_text_sets`)."""
    if names is None:
        names = name_sets(items) if FROM_NAMES.intersection(measures) else []
    found: list[Sequence[frozenset[str]]] = []
    for measure in measures:
        if measure == "name":
            found.append(names)
        elif measure == "text":
            found.append(_text_sets(items, names, described))
        else:
            found.append([_code_set(item) for item in items])
    return found


def measure_sets(items: Sequence[Candidate]) -> list[Sequence[frozenset[str]]]:
    """Each item's set for each of :data:`MEASURES` (what the search compares), one list
    per measure."""
    return _measure_sets(items, MEASURES)


def code_set(item: Candidate) -> frozenset[str]:
    """The set the codes measure compares for ``item``."""
    return _code_set(item)


def word_set(text: str) -> frozenset[str]:
    """The tokens :func:`normalise` gives, as a set (what a description adds to the text
    measure's set)."""
    return _token_set(text)


def at_least(value: float) -> int:
    """The smallest overlap the search takes as safely at least ``value`` (its bounds leave
    a small slack, so that rounding never loses a pair)."""
    return _at_least(value)


def _text_sets(
    items: Sequence[Candidate],
    names: Sequence[frozenset[str]],
    described: dict[str, frozenset[str]] | None = None,
) -> list[frozenset[str]]:
    """Each item's set for the text measure: a description is tokenised once however many
    items have it (boilerplate recurs). ``described``, when given, holds the tokens of
    descriptions met before and is given those of the others."""
    if described is None:
        described = {}
    found: list[frozenset[str]] = []
    for item, name in zip(items, names, strict=True):
        description = item.description
        if not description:
            found.append(name)
            continue
        tokens = described.get(description)
        if tokens is None:
            tokens = described[description] = _token_set(description)
        found.append(name | tokens)
    return found


def _scored(
    items: Sequence[Candidate],
    close: Iterable[tuple[int, int]],
    known: dict[str, Sequence[frozenset[str]]],
) -> list[Pair]:
    """The pairs ``close`` (of indexes into ``items``) scored on all three measures; the
    sets of the measures in ``known`` are taken from there, the others made."""
    wanted = {i for pair in close for i in pair}
    names = known.get("name")
    texts = known.get("text")
    codes = known.get("codes")
    measured: dict[int, _Measured] = {}
    for i in wanted:
        item = items[i]
        measured[i] = _Measured(
            item,
            _token_set(item.name) if names is None else names[i],
            _code_set(item) if codes is None else codes[i],
            None if texts is None else texts[i],
        )
    return [_rated(measured[i], measured[j]) for i, j in close]


def _known_sets(
    items: Sequence[Candidate],
    chosen: Sequence[str],
    names: Sequence[frozenset[str]] | None,
    described: dict[str, frozenset[str]] | None = None,
    made: Mapping[str, Sequence[frozenset[str]]] | None = None,
) -> dict[str, Sequence[frozenset[str]]]:
    """The sets of the measures ``chosen`` (and the names' sets, if made), by measure
    (``described``: see :func:`_text_sets`; ``made``: sets made before, by measure, taken
    when they are the items')."""
    if names is None and FROM_NAMES.intersection(chosen):
        names = name_sets(items)
    before = {
        measure: found
        for measure, found in (made or {}).items()
        if measure in chosen and len(found) == len(items)
    }
    wanted = [measure for measure in chosen if measure not in before]
    known = dict(zip(wanted, _measure_sets(items, wanted, names, described), strict=True))
    known.update(before)
    if names is not None:
        known["name"] = names  # scoring needs them too
    return known


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def _score(a: Candidate, fa: _Features, b: Candidate, fb: _Features) -> Pair:
    best, basis = -1.0, _CODES
    for measure in _PREFERENCE:
        value = _jaccard(fa[measure], fb[measure])
        if value > best:
            best, basis = value, measure
    first, second = (a.key, b.key) if a.key <= b.key else (b.key, a.key)
    return Pair(first, second, best, MEASURES[basis])


def pairs_from_rows(rows: object) -> list[Pair] | None:
    """Pairs from plain rows ``(first, second, score, basis)``; None if any is malformed.

    The parse cache and the background finder pass pairs as such rows.
    """
    if not isinstance(rows, list):
        return None
    pairs = []
    for row in rows:
        if not (isinstance(row, tuple) and len(row) == 4):
            return None
        first, second, score, basis = row
        if not (
            type(first) is str
            and type(second) is str
            and type(score) is float
            and basis in MEASURES
        ):
            return None
        pairs.append(Pair(first, second, score, basis))
    return pairs


def as_rows(pairs: Sequence[Pair]) -> list[tuple[str, str, float, str]]:
    """``pairs`` as plain rows, the inverse of :func:`pairs_from_rows`."""
    return [(p.first, p.second, p.score, p.basis) for p in pairs]


def similarity(a: Candidate, b: Candidate) -> Pair:
    """The score of one pair: the largest of the name, text and codes measures."""
    return _score(a, _features(a), b, _features(b))


class Scores:
    """:func:`similarity` of pairs of ``items``: the sets of the second item of a pair are
    remembered (a few fields are compared with many), those of the first only until the
    next pair with another first item (memory stays with the few)."""

    def __init__(self, items: Iterable[Candidate]) -> None:
        self.items = {item.key: item for item in items}
        self._measured: dict[str, _Measured] = {}
        self._last: _Measured | None = None

    def _of(self, key: str) -> _Measured:
        found = self._measured.get(key)
        if found is None:
            found = self._measured[key] = _Measured.of(self.items[key])
        return found

    def _first(self, key: str) -> _Measured:
        if key in self._measured:
            return self._measured[key]
        if self._last is None or self._last.item.key != key:
            self._last = _Measured.of(self.items[key])
        return self._last

    def pair(self, first: str, second: str) -> Pair:
        """The score of the items with keys ``first`` and ``second``."""
        return _rated(self._first(first), self._of(second))


# --------------------------------------------------------------------------- joins


def _check(items: Sequence[Candidate], threshold: float) -> None:
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            raise ValueError(f"duplicate candidate key {item.key!r}")
        seen.add(item.key)


def _sort_pairs(pairs: list[Pair]) -> list[Pair]:
    return sorted(pairs, key=lambda p: (p.first, p.second))


def near_duplicates_exhaustive(items: Sequence[Candidate], threshold: float) -> list[Pair]:
    """Every pair of one part with score ≥ ``threshold``, by comparing all pairs. The
    reference."""
    _check(items, threshold)
    features = [_features(item) for item in items]
    found: list[Pair] = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i].part != items[j].part:
                continue
            pair = _score(items[i], features[i], items[j], features[j])
            if pair.score >= threshold and _cores_allow(
                items[i].core, items[j].core, features[i][_NAME], features[j][_NAME], threshold
            ):
                found.append(pair)
    return _sort_pairs(found)


def _cores_allow(
    core_a: frozenset[str] | None,
    core_b: frozenset[str] | None,
    name_a: frozenset[str],
    name_b: frozenset[str],
    threshold: float,
) -> bool:
    """Whether two candidates may be paired as far as their cores go (see
    :attr:`Candidate.core`): always when either has none or their names reach the
    threshold; else when their cores share at least :data:`CORE_NEEDS` of their union."""
    if core_a is None or core_b is None or _jaccard(name_a, name_b) >= threshold:
        return True
    union = len(core_a | core_b)
    return bool(union) and len(core_a & core_b) / union >= CORE_NEEDS


# Relative slack on every bound derived from the threshold. A pair is reported when the
# float quotient common/union is ≥ threshold; since that quotient is correctly rounded, the
# exact ratio is then ≥ threshold·(1 − 2⁻⁵³), and the bounds below are computed in floats
# with a few more roundings. Lowering each bound by a relative 1e-9 covers all of that
# with a wide margin, so a true pair is never filtered out; at worst an exact integer
# boundary costs one extra verified candidate.
_SLACK = 1.0 - 1e-9


def _at_least(value: float) -> int:
    """The smallest integer that is safely ≥ ``value`` (a lower bound on an overlap)."""
    return math.ceil(value * _SLACK)


# Largest number of token combinations a record indexes at one level (see _join).
_MAX_SIGNATURES = 64
_MAX_LEVEL = 3
_INFINITY = float("inf")


def _level(size: int, need: int) -> int:
    """The level ℓ a record of ``size`` tokens, needing ``need`` in common, probes at."""
    level = 1
    while (
        level < _MAX_LEVEL
        and need > level
        and math.comb(_prefix(size, need, level + 1), level + 1) <= _MAX_SIGNATURES
    ):
        level += 1
    return level


def _prefix(size: int, need: int, level: int) -> int:
    """The length of the ℓ-prefix: the first ``size − need + ℓ`` tokens (at least ℓ)."""
    return max(level, min(size, size - need + level))


_Key = int | tuple[int, ...]  # a token (level 1), or a level-subset of tokens


def _keys(tokens: list[int], upto: int, level: int) -> Iterable[_Key]:
    """Every ``level``-subset of the first ``upto`` tokens (the tokens themselves at level 1)."""
    if level == 1:
        return tokens[:upto]
    return itertools.combinations(tokens[:upto], level)


def _keys_ending(tokens: list[int], position: int, level: int) -> list[_Key]:
    """The ``level``-subsets of the tokens whose last token is the one at ``position``."""
    last = tokens[position]
    if level == 1:
        return [last]
    heads = itertools.combinations(tokens[:position], level - 1)
    return list(map(tuple.__add__, heads, itertools.repeat((last,))))


def _gated(
    keys: Iterable[_Key], gates: list[tuple[int, ...]] | None, record: int
) -> Iterable[object]:
    """``keys`` alone, or with ``gates``, each key paired with each gate of ``record``."""
    if gates is None:
        return keys
    return [(key, gate) for key in keys for gate in gates[record]]


def _gates(
    names: Sequence[frozenset[str]], cores: Sequence[frozenset[str]], threshold: float
) -> list[tuple[int, ...]]:
    """Each record's gate tokens: the prefix of its name that any name reaching the
    threshold with it shares a token of, and the prefix of its core that any core sharing
    :data:`CORE_NEEDS` of their union with it shares a token of (one order of the names'
    tokens, rarest first, for both)."""
    frequency = Counter(itertools.chain.from_iterable(names))
    ranked = sorted(frequency, key=lambda token: (frequency[token], token))
    rank = {token: number for number, token in enumerate(ranked)}
    found: list[tuple[int, ...]] = []
    for name, core in zip(names, cores, strict=True):
        gates: set[int] = set()
        for tokens, needed in ((name, threshold), (core, CORE_NEEDS)):
            if tokens:
                ordered = sorted(map(rank.__getitem__, tokens))
                gates.update(ordered[: len(ordered) - _at_least(needed * len(ordered)) + 1])
        found.append(tuple(gates))
    return found


def _lower_index(
    probers: list[int],
    done: list[int],
    level: int,
    records: list[list[int]],
    needs: list[int],
    threshold: float,
    gates: list[tuple[int, ...]] | None = None,
) -> dict[object, list[tuple[float, int]]]:
    """The level-``level`` index of the records ``done``, for the records ``probers``.

    Only entries that pass the length filter and the positional cut of at least one
    prober are kept (with the same float margin as the probes), sorted. With ``gates``,
    each key is paired with each gate token of its record (see :func:`_join`).
    """
    if not done:
        return {}
    ratio = threshold / (1.0 + threshold)
    sizes = [len(records[x]) for x in probers]
    smallest, largest = min(sizes), max(sizes)
    low, high = threshold * smallest * _SLACK, largest / threshold / _SLACK
    cut = level - ratio * smallest + 1e-6 * (1 + largest)
    table: dict[object, list[tuple[float, int]]] = {}
    for y in done:
        tokens = records[y]
        size = len(tokens)
        if not low <= size <= high:
            continue
        base = ratio * size
        for position in range(level - 1, _prefix(size, needs[y], level)):
            value = base - (size - position - 1)  # rises with the position
            if value > cut:
                break
            item = (value, y)
            for key in _gated(_keys_ending(tokens, position, level), gates, y):
                table.setdefault(key, []).append(item)
    for posting in table.values():
        posting.sort()
    return table


_Cores = tuple[Sequence[frozenset[str]], Sequence[frozenset[str] | None]]  # names, cores


def _join(
    sets: Sequence[frozenset[str]],
    threshold: float,
    out: set[tuple[int, int]],
    cores: _Cores | None = None,
    *,
    gated: bool = False,
    cap: int | None = None,
    kinds: Sequence[int] | None = None,
) -> int:
    """Add to ``out`` every pair (i, j), i < j, whose Jaccard is ≥ ``threshold`` (and,
    with ``cores``, the names and cores of the items, that :func:`_cores_allow`; with
    ``kinds``, a label per item, of items of different kinds: the caller links items of
    one kind otherwise).

    Tokens are ordered rarest first (and numbered in that order). A partner of ``x``
    shares at least ``need = ceil(t·|x|)`` tokens with it, so by the prefix principle the
    ``ℓ`` smallest common tokens (ℓ ≤ need) lie in the first ``|x| − need + ℓ`` tokens of
    ``x`` (its ℓ-prefix), and in the partner's ℓ-prefix too: the two ℓ-prefixes share an
    ℓ-subset.

    Each record picks a level ℓ ≤ ``need`` (as high as ``_MAX_LEVEL`` while its ℓ-prefix
    has at most ``_MAX_SIGNATURES`` ℓ-subsets). Records are taken in order of falling
    level, and of rising size within a level; each probes the level-ℓ index of the
    records before it with the ℓ-subsets of its ℓ-prefix, and then adds itself. Every
    record before it has a level ≥ ℓ, so a pair meets exactly once, at the lower of its
    two levels. The index of a lower level is built when its first record comes, from the
    records taken so far, keeping only the entries its records could ever use. At higher
    levels two records meet only when they share several of their rarest tokens, which
    keeps candidates near linear even when many fields reuse a vocabulary.

    The positional filter (PPJoin) runs inside the index: a pair can only reach the
    threshold if, after their first common ℓ-subset, what is left of each could still
    make up the overlap: ``ℓ + rest_y ≥ t/(1+t)·(|x| + |y|)``, that is
    ``t/(1+t)·|y| − rest_y ≤ ℓ − t/(1+t)·|x|``. Postings are kept sorted by the left
    side, so a bisection cuts each one to the entries that can still qualify. Every
    surviving candidate passes the length filter and is verified with the exact measure
    (once the candidates outnumber the records, a sign of a shared vocabulary, the
    overlaps are counted on bits: :func:`_bits`).
    With ``cores``, two records of a pair share a token of their *gates* too (the
    prefixes of their names and cores that a pair allowed by :func:`_cores_allow` shares a
    token of, :func:`_gates`): every key is indexed and probed with each gate token of its
    record, so that fields sharing only a boilerplate description or code list never
    meet.
    Returns the number of distinct candidate pairs verified.
    """
    frequency = Counter(itertools.chain.from_iterable(sets))
    ranked = sorted(frequency, key=lambda token: (frequency[token], token))
    rank = {token: number for number, token in enumerate(ranked)}
    ids = [index for index, tokens in enumerate(sets) if tokens]
    own = [sets[index] for index in ids]
    kind = None if kinds is None else [kinds[index] for index in ids]
    records = [sorted(map(rank.__getitem__, tokens)) for tokens in own]
    sizes = list(map(len, own))
    # The overlap each size needs, and the level it probes at (few sizes, many records).
    need_of = {size: _at_least(threshold * size) for size in set(sizes)}
    level_of = {size: _level(size, need) for size, need in need_of.items()}
    needs = list(map(need_of.__getitem__, sizes))
    levels = list(map(level_of.__getitem__, sizes))
    ratio = threshold / (1.0 + threshold)
    gates: list[tuple[int, ...]] | None = None
    names: list[frozenset[str]] = []
    kernels: list[frozenset[str] | None] = []
    if cores is not None:
        names = [cores[0][index] for index in ids]
        kernels = [cores[1][index] for index in ids]
        if gated:
            gates = _gates(names, [k or frozenset() for k in kernels], threshold)

    verified = 0
    many = len(records)  # candidates verified before overlaps are counted on bits
    bits: list[tuple[int, frozenset[int]] | None] = [None] * len(records)
    bits_of = functools.partial(_bits, records, len(ranked) - _BITS, bits)
    done: list[int] = []  # records taken so far
    order = sorted(range(len(records)), key=lambda r: (-levels[r], sizes[r]))
    for level, group in itertools.groupby(order, key=levels.__getitem__):
        members = list(group)
        table = _lower_index(members, done, level, records, needs, threshold, gates)
        probe = table.get
        for x in members:
            tokens = records[x]
            size = len(tokens)
            length = _prefix(size, needs[x], level)
            # Float slack (see _SLACK): an absolute margin far above any rounding error.
            margin = 1e-6 * (1 + size)
            shortest = threshold * size  # the smallest partner the length filter allows
            least = ratio * (size + shortest) - margin  # overlap needed with that partner
            limit = (level - ratio * size + margin, _INFINITY)
            # Subsets ending later in x leave too little of x for any partner.
            upto = length
            while upto > 0 and level + size - upto < least:
                upto -= 1
            met: set[int] = set()
            for posting in filter(None, map(probe, _gated(_keys(tokens, upto, level), gates, x))):
                met.update(map(_RECORD, posting[: bisect.bisect_right(posting, limit)]))
            if kind is not None and met:
                mine = kind[x]
                met = {y for y in met if kind[y] != mine}
            low, high = shortest * _SLACK, size / threshold / _SLACK
            if verified > many:
                # Many candidates (a shared vocabulary): overlaps counted on bits.
                bits_x, rare_x = bits[x] or bits_of(x)
                for y in met:
                    size_y = sizes[y]
                    if low <= size_y <= high:
                        verified += 1
                        bits_y, rare_y = bits[y] or bits_of(y)
                        common = (bits_x & bits_y).bit_count()
                        if rare_x and rare_y:
                            common += len(rare_x & rare_y)
                        if common / (size + size_y - common) >= threshold and (
                            cores is None
                            or _cores_allow(kernels[x], kernels[y], names[x], names[y], threshold)
                        ):
                            out.add((ids[x], ids[y]) if x < y else (ids[y], ids[x]))
                met.clear()
            words = own[x]
            for y in met:
                size_y = sizes[y]
                if low <= size_y <= high:
                    verified += 1
                    # The Jaccard of the two (both non-empty), as _jaccard computes it.
                    common = len(words & own[y])
                    if common / (size + size_y - common) >= threshold and (
                        cores is None
                        or _cores_allow(kernels[x], kernels[y], names[x], names[y], threshold)
                    ):
                        out.add((ids[x], ids[y]) if x < y else (ids[y], ids[x]))
            if cap is not None and verified > cap:
                return verified  # too many: the caller searches again, gated
            # The records after x at this level are no smaller, so an entry is kept only
            # if it passes the positional cut of a prober of x's own size.
            keep = limit[0]
            base = ratio * size
            for position in range(level - 1, length):
                value = base - (size - position - 1)  # rises with the position
                if value > keep:
                    break
                item = (value, x)
                for key in _gated(_keys_ending(tokens, position, level), gates, x):
                    bucket = probe(key)
                    if bucket is None:
                        table[key] = [item]
                    else:
                        bisect.insort(bucket, item)
        done += members
    return verified


_RECORD = operator.itemgetter(1)  # of an entry of a posting: (value, record)
# The most frequent tokens, whose overlaps are counted on bits once a search meets many
# candidates (see _bits).
_BITS = 128


def _bits(
    records: list[list[int]],
    frequent: int,
    found: list[tuple[int, frozenset[int]] | None],
    record: int,
) -> tuple[int, frozenset[int]]:
    """The tokens of ``record`` ranked ``frequent`` or higher (the most frequent) as the
    bits of an integer, and its other tokens as a set, remembered in ``found``: the
    overlap of two records is the count of their common bits plus that of their common
    other tokens (the vocabulary shared by many records costs one AND)."""
    tokens = records[record]
    cut = bisect.bisect_left(tokens, frequent)
    mask = 0
    for token in tokens[cut:]:
        mask |= 1 << (token - frequent)
    entry = found[record] = (mask, frozenset(tokens[:cut]))
    return entry


# Candidate pairs a search may verify per record (and over all) before it searches again
# with gates (see _join): more is a sign of a shared boilerplate vocabulary or code list,
# which would otherwise make the candidates grow with the square of the records.
_CANDIDATES_PER_RECORD = 128
_CANDIDATES_AT_LEAST = 10_000
# Candidate pairs a search from the names (_named) may have per record before they are
# searched through an index of the texts' prefixes (_indexed). Up to the plain search's
# cap (_CANDIDATES_PER_RECORD a record), the names' candidates are verified rather than
# the plain search run: it costs less per unit wherever measured (session 19, the
# largest unit of the text measure): 27,880 texts of questions drawn from prototypes,
# 1.09 million candidates from the names in 0.35 s against the plain search's 1.31 s
# (274,000 candidates); 26,121 such texts, 0.26 s against 0.91 s; 44,777 texts of 40 to
# 80 words from 5,000, 0.78 s against 73 s (the plain search met its cap). Before, a
# sample of the plain search decided, and the plain search ran where it met few.
_NAMED_FIRST = 8
# How many times cheaper a candidate of the search from the names is to verify than one
# of the plain search (which probes an index and, at first, intersects sets): on 44,700
# fields of long random-word descriptions, 1.63 million candidates took 0.66 s from the
# names and 2.2 s plain. The plain search stops once it has verified the names'
# candidates divided by this, and searches with gates (the names pair more than its cap).
_NAMED_COSTS_LESS = 3


@record
class _Named:
    """The candidates of a search from the names (:func:`_named`): pairs of lists of
    items, each item of the first list with each of the second, ``count`` in all; the
    frequency of each token of their items, where it was counted already (:func:`_indexed`)."""

    found: list[tuple[list[int], list[int]]]
    count: int
    frequency: Counter[str] | None = None


def _named(
    sets: Sequence[frozenset[str]],
    threshold: float,
    cores: _Cores,
    kinds: Sequence[int] | None = None,
) -> _Named | None:
    """The candidates of a search of ``sets`` with ``cores`` (each item's name and core,
    no core None) found from the names instead of from ``sets``: a pair
    :func:`_cores_allow` lets through has names that reach the threshold or cores that
    share :data:`CORE_NEEDS` of their union, so the candidates are the pairs of items
    whose names, or whose cores, a join over the distinct names (and cores) pairs. Where
    ``sets`` share a boilerplate description or code list, they follow the names, which
    are many fewer than the pairs of alike sets. None if that join alone verifies more
    candidates than a plain search of the distinct names may
    (:data:`_CANDIDATES_PER_RECORD` each): a small vocabulary of long names. Only counted:
    none is verified yet (:func:`_verify_named`)."""
    # Per key (names, then cores): the items of each distinct key by kind (items of one
    # kind are never paired), and the pairs of kinds that are candidates.
    found: list[tuple[list[int], list[int]]] = []
    count = 0
    searches = [(cores[0], threshold), (cores[1], CORE_NEEDS)]
    if threshold >= CORE_NEEDS and all(map(operator.eq, *cores)):
        del searches[0]  # names that reach the threshold: cores that share CORE_NEEDS
    for keys, needed in searches:
        members: dict[frozenset[str], dict[int, list[int]]] = {}
        for index, key in enumerate(keys):
            if key and sets[index]:
                kind = index if kinds is None else kinds[index]
                members.setdefault(key, {}).setdefault(kind, []).append(index)
        distinct = list(members)
        alike: set[tuple[int, int]] = set()
        most = _CANDIDATES_PER_RECORD * len(distinct)
        if _join(distinct, needed, alike, cap=most) > most:
            return None  # the names alone are too many candidates
        alike.update((number, number) for number in range(len(distinct)))  # a key with itself
        for a, b in alike:
            ours, theirs = members[distinct[a]], members[distinct[b]]
            for kind, mine in ours.items():
                for other, them in theirs.items():
                    if other == kind or (a == b and other < kind):
                        continue  # one kind; or a pair of kinds of one key met already
                    found.append((mine, them))
                    count += len(mine) * len(them)
    return _Named(found, count)


# Tokens whose overlaps a search from the names counts on the bits of an integer (the
# most frequent; see _verify_named): at least _NAMED_BITS, and as many more as fit in
# _NAMED_BUDGET bits over all the items verified. The others are intersected as sets,
# which costs more time and memory than a bit: on 64,286 fields of 40-80 words from
# 5,000 (every token a bit), verifying 3.1 million candidates took 2.8 s against 6.1 s
# with 1,024 bits and the rest as sets.
_NAMED_BITS = 1024
_NAMED_BUDGET = 1 << 29
# A list of the search from the names (the items of one name) that is paired with at
# least _INDEX_PROBES items and holds at least _INDEX_AT_LEAST is searched through an
# index of its items' prefixes (the prefix principle of _join) instead of item by item
# (_indexed): a common name of 21,241 fields beside 90 rarer ones alike was 1.9 million
# candidates, where their prefixes share a token in about a twentieth.
_INDEX_AT_LEAST = 64
_INDEX_PROBES = 16


def _indexed(sets: Sequence[frozenset[str]], threshold: float, named: _Named) -> _Named:
    """``named`` with each long list that is paired with many items searched through an
    index of its items' prefixes (:func:`_prefix_index`): each item paired with it is
    paired with those whose prefix shares a token with its own, not with all (or with all,
    where that is most of them). The same pairs reach the threshold; fewer candidates."""
    if threshold <= 0.0:  # every pair reaches it, sharing a token or not
        return named
    probes: Counter[int] = Counter()
    for mine, them in named.found:
        longer, shorter = (mine, them) if len(mine) >= len(them) else (them, mine)
        if len(longer) >= _INDEX_AT_LEAST:
            probes[id(longer)] += len(shorter)
    if not any(count >= _INDEX_PROBES for count in probes.values()):
        return named
    lists = {id(side): side for pair in named.found for side in pair}
    pool = [i for key, items in lists.items() if probes[key] >= _INDEX_PROBES for i in items]
    if not _selective(pool, sets, threshold):
        return named
    # Every token of the items, rarest first (counted once: the verification counts its
    # bits on the same frequencies).
    met = {i for pair in named.found for side in pair for i in side}
    frequency = Counter(itertools.chain.from_iterable(sets[i] for i in met))
    ranked = sorted(frequency, key=lambda token: (frequency[token], token))
    rarity = {token: number for number, token in enumerate(ranked)}
    found: list[tuple[list[int], list[int]]] = []
    count = 0
    indexes: dict[int, dict[str, list[int]]] = {}
    prefixes: dict[int, list[str]] = {}  # of the items paired with an indexed list
    for mine, them in named.found:
        longer, shorter = (mine, them) if len(mine) >= len(them) else (them, mine)
        if probes[id(longer)] < _INDEX_PROBES:
            found.append((mine, them))
            count += len(mine) * len(them)
            continue
        index = indexes.get(id(longer))
        if index is None:
            index = indexes[id(longer)] = _prefix_index(longer, sets, rarity, threshold)
        for i in shorter:
            prefix = prefixes.get(i)
            if prefix is None:
                prefix = prefixes[i] = _prefix_of(sets[i], rarity, threshold)
            postings = [index[t] for t in prefix if t in index]
            if sum(map(len, postings)) * 2 < len(longer):
                candidates = list(set().union(*postings))
            else:  # most of the list: as well each of them
                candidates = longer
            if candidates:
                found.append(([i], candidates))
                count += len(candidates)
    return _Named(found, count, frequency)


def _selective(items: Sequence[int], sets: Sequence[frozenset[str]], threshold: float) -> bool:
    """Whether an index of the prefixes of ``items`` leaves out most of them for a probe:
    a prefix of ``p`` tokens of a vocabulary of ``V`` meets about ``p²/V`` of the items
    (tokens spread evenly; the rarest of a vocabulary that is not meet fewer), estimated
    on a sample. Measured: on 64,000 fields of 40-80 words from 5,000 (p²/V about 0.05),
    1.9 million candidates became 0.1 million; from 500 (0.5), none was left out."""
    sample = [sets[i] for i in items[:: max(1, len(items) // _SAMPLE)]]
    if not sample:
        return False
    vocabulary = len(set().union(*sample))
    prefix = sum(len(s) - _at_least(threshold * len(s)) + 1 for s in sample) / len(sample)
    return prefix * prefix < _INDEX_SELECTIVE * vocabulary


_SAMPLE = 512
_INDEX_SELECTIVE = 0.25


def _prefix_of(tokens: frozenset[str], rarity: Mapping[str, int], threshold: float) -> list[str]:
    """The prefix of ``tokens``: its rarest ``|x| − ⌈t·|x|⌉ + 1``. Two sets whose Jaccard
    reaches ``t`` share at least ``⌈t·|x|⌉`` tokens of the larger ``x``, so their prefixes
    share a token (the prefix principle; the overlap is rounded down, to be safe)."""
    length = len(tokens) - _at_least(threshold * len(tokens)) + 1
    return sorted(tokens, key=rarity.__getitem__)[:length]


def _prefix_index(
    items: Sequence[int],
    sets: Sequence[frozenset[str]],
    rarity: Mapping[str, int],
    threshold: float,
) -> dict[str, list[int]]:
    """Each token of the prefixes (:func:`_prefix_of`) of ``items`` and the items whose
    prefix it is in."""
    index: dict[str, list[int]] = {}
    for i in items:
        for token in _prefix_of(sets[i], rarity, threshold):
            index.setdefault(token, []).append(i)
    return index


def _verify_named(
    sets: Sequence[frozenset[str]], threshold: float, named: _Named, out: set[tuple[int, int]]
) -> int:
    """Add to ``out`` the candidates of ``named`` whose ``sets`` reach the threshold.
    Overlaps are counted on bits (the most frequent tokens of the items met, see
    :data:`_NAMED_BITS`) and on sets (the others). Returns the candidates verified (a
    pair met by both the names and the cores counts twice)."""
    met = sorted({i for pair in named.found for side in pair for i in side})
    if not met:
        return named.count
    frequency = named.frequency
    if frequency is None:
        frequency = Counter(itertools.chain.from_iterable(sets[i] for i in met))
    ranked = sorted(frequency, key=lambda token: (-frequency[token], token))
    width = max(_NAMED_BITS, _NAMED_BUDGET // len(met))
    bit = {token: 1 << number for number, token in enumerate(ranked[:width])}
    # Each item's bits, size, other tokens and index: one lookup a candidate.
    entries: dict[int, tuple[int, int, frozenset[str], int]] = {}
    none: frozenset[str] = frozenset()
    for i in met:
        tokens = sets[i]
        if len(ranked) <= width:  # every token a bit
            entries[i] = (sum(map(bit.__getitem__, tokens)), len(tokens), none, i)
        else:
            mask = sum(map(bit.get, tokens, itertools.repeat(0)))
            rare = frozenset(token for token in tokens if token not in bit)
            entries[i] = (mask, len(tokens), rare, i)
    entry = entries.__getitem__
    for mine, them in named.found:
        theirs = list(map(entry, them))
        for mask, size, rare, i in map(entry, mine):
            for mask_j, size_j, rare_j, j in theirs:
                common = (mask & mask_j).bit_count()
                if rare:
                    common += len(rare & rare_j)
                if common / (size + size_j - common) >= threshold:
                    out.add((i, j) if i < j else (j, i))
    return named.count


def _join_gated(
    sets: Sequence[frozenset[str]],
    threshold: float,
    out: set[tuple[int, int]],
    cores: _Cores | None,
    kinds: Sequence[int] | None = None,
) -> int:
    """:func:`_join`; with ``cores`` (all given), the cheaper of the searches that find
    the same pairs: from the names (:func:`_named`, through an index of the texts'
    prefixes where they pair many, :func:`_indexed`) if they pair no more than the plain
    search may verify (:data:`_CANDIDATES_PER_RECORD` a record); else the plain search,
    and should it meet more candidates than that (a boilerplate description or code list
    shared by many, or long texts of one small vocabulary), with gates. Returns the
    candidates verified."""
    if cores is None or any(core is None for core in cores[1]):
        return _join(sets, threshold, out, cores, kinds=kinds)
    named = _named(sets, threshold, cores, kinds)
    first = _NAMED_FIRST * len(sets) + _CANDIDATES_AT_LEAST
    if named is not None and named.count > first:
        named = _indexed(sets, threshold, named)
    most = _CANDIDATES_PER_RECORD * len(sets) + _CANDIDATES_AT_LEAST
    if named is not None and named.count <= most:
        return _verify_named(sets, threshold, named, out)
    cap = most if named is None else min(most, named.count // _NAMED_COSTS_LESS)
    verified = _join(sets, threshold, out, cores, cap=cap, kinds=kinds)
    if verified <= cap:
        return verified
    return verified + _join(sets, threshold, out, cores, gated=True, kinds=kinds)


def _join_parts(
    sets: Sequence[frozenset[str]],
    parts: Sequence[str],
    threshold: float,
    out: set[tuple[int, int]],
    cores: _Cores | None = None,
    kinds: Sequence[int] | None = None,
) -> int:
    """:func:`_join` within each part: only pairs (i, j) with ``parts[i] == parts[j]``
    (and, with ``kinds``, ``kinds[i] != kinds[j]``)."""
    members: dict[str, list[int]] = {}
    for index, part in enumerate(parts):
        members.setdefault(part, []).append(index)
    if len(members) <= 1:
        return _join_gated(sets, threshold, out, cores, kinds)
    verified = 0
    for indexes in members.values():
        if len(indexes) < 2:
            continue  # one item alone in its part pairs with none
        found: set[tuple[int, int]] = set()
        some = None
        if cores is not None:
            some = ([cores[0][i] for i in indexes], [cores[1][i] for i in indexes])
        chosen = None if kinds is None else [kinds[i] for i in indexes]
        verified += _join_gated([sets[i] for i in indexes], threshold, found, some, chosen)
        out.update((indexes[i], indexes[j]) for i, j in found)
    return verified


def _cores_of(
    items: Sequence[Candidate],
    measure: str,
    known: dict[str, Sequence[frozenset[str]]],
    chosen: Sequence[int] | None = None,
) -> _Cores | None:
    """The names and cores the search of ``measure`` is gated by (of the items
    ``chosen``, by default all): for the text and codes measures, when every item has a
    core (see :attr:`Candidate.core`); else None."""
    if measure == "name":
        return None
    indexes = range(len(items)) if chosen is None else chosen
    cores = [items[i].core for i in indexes]
    if all(core is None for core in cores):
        return None
    names = _names_of(items, known)
    return [names[i] for i in indexes], cores


def _chosen_measures(
    items: Sequence[Candidate],
    threshold: float,
    measures: Sequence[str],
    names: Sequence[frozenset[str]] | None,
) -> list[str]:
    """The ``measures`` to search, in :data:`MEASURES` order, once the arguments of a
    search are checked (:func:`near_duplicates`, :func:`links`)."""
    _check(items, threshold)
    unknown = [m for m in measures if m not in MEASURES]
    if unknown or not measures:
        raise ValueError(f"measures must be some of {MEASURES}, got {tuple(measures)!r}")
    if names is not None and len(names) != len(items):
        raise ValueError(f"{len(names)} name sets for {len(items)} candidates")
    return [m for m in MEASURES if m in measures]


def _count(stats: dict[str, int], items: int, produced: dict[str, int], reported: int) -> None:
    """A search's work counters (see :func:`near_duplicates`)."""
    stats["items"] = items
    stats["verified"] = sum(produced.values())
    stats["reported"] = reported
    for measure, count in produced.items():
        stats[f"candidates_{measure}"] = count


def near_duplicates(
    items: Sequence[Candidate],
    threshold: float,
    stats: dict[str, int] | None = None,
    *,
    measures: Sequence[str] = MEASURES,
    names: Sequence[frozenset[str]] | None = None,
) -> list[Pair]:
    """Every pair of one part with score ≥ ``threshold``, found with a prefix-filtered
    index (one per part and measure).

    Equal to :func:`near_duplicates_exhaustive` for every input and threshold in (0, 1].
    ``measures`` limits the search to the pairs that reach the threshold on one of those
    measures (each pair still scores on all three), so that the search can be shared out:
    the pairs of all measures are :func:`merged` from the pairs of some and of the rest.
    When ``stats`` is given, it is filled with work counters: ``"verified"`` (candidate
    pairs verified with an exact measure, over all measures), ``"candidates_<measure>"``
    (the candidate pairs each measure's index produced), ``"items"`` and ``"reported"``.
    ``names``, if given, must be the :func:`name_sets` of ``items`` (made elsewhere).
    """
    chosen = _chosen_measures(items, threshold, measures, names)
    with no_cyclic_gc():  # the indexes are millions of small tuples, none in a cycle
        close: set[tuple[int, int]] = set()  # pairs that reach the threshold on a measure
        known = _known_sets(items, chosen, names)
        parts = [item.part for item in items]
        produced = {
            measure: _join_parts(
                known[measure], parts, threshold, close, _cores_of(items, measure, known)
            )
            for measure in chosen
        }
    found = _scored(items, close, known)
    if stats is not None:
        _count(stats, len(items), produced, len(found))
    return _sort_pairs(found)


def _classes(
    sets: Sequence[frozenset[str]], items: Sequence[Candidate], *, by_opposing: bool = False
) -> tuple[list[int], list[tuple[int, int]]]:
    """The first item of each class of items with one block and one non-empty set (and,
    ``by_opposing``, the same opposing words: :attr:`Candidate.opposing`), the class's
    representative, in order, and a star of pairs joining every other member of a class
    to its representative: found by hashing, never by comparing pairs."""
    first: dict[tuple[str, str, frozenset[str]], int] = {}
    representatives: list[int] = []
    star: list[tuple[int, int]] = []
    for index, tokens in enumerate(sets):
        if not tokens:
            continue
        item = items[index]
        key = (item.block, item.opposing if by_opposing else "", tokens)
        found = first.get(key)
        if found is None:
            first[key] = index
            representatives.append(index)
        else:
            star.append((found, index))
    return representatives, star


def _names_of(
    items: Sequence[Candidate], known: dict[str, Sequence[frozenset[str]]]
) -> Sequence[frozenset[str]]:
    """The names' sets of ``items``: from ``known``, else made (and kept there)."""
    names = known.get("name")
    if names is None:
        names = known["name"] = name_sets(items)
    return names


def _name_classes(names: Sequence[frozenset[str]], items: Sequence[Candidate]) -> list[int]:
    """A number per item: one for the items of one block with one non-empty name set
    (whatever their opposing words), another for each item with an empty name."""
    numbers: dict[tuple[str, frozenset[str]], int] = {}
    found: list[int] = []
    for index, tokens in enumerate(names):
        if tokens:
            found.append(numbers.setdefault((items[index].block, tokens), len(numbers)))
        else:
            found.append(-1 - index)
    return found


def _described(
    representatives: list[int],
    texts: Sequence[frozenset[str]],
    known: dict[str, Sequence[frozenset[str]]],
    items: Sequence[Candidate],
) -> list[int]:
    """The ``representatives`` of the text measure's classes that its search must
    compare: those of the parts where a description adds a word to a name. In a part
    where none does, every text is its name, and the name measure pairs what the text
    measure would (a catalogue without descriptions is searched once, not twice)."""
    names = _names_of(items, known)
    described = {items[r].part for r in representatives if texts[r] != names[r]}
    if len(described) == len({items[r].part for r in representatives}):
        return representatives
    return [r for r in representatives if items[r].part in described]


def links(
    items: Sequence[Candidate],
    threshold: float,
    stats: dict[str, int] | None = None,
    *,
    measures: Sequence[str] = MEASURES,
    names: Sequence[frozenset[str]] | None = None,
    sets: dict[str, Sequence[frozenset[str]]] | None = None,
    described: dict[str, frozenset[str]] | None = None,
    only: Sequence[int] | None = None,
) -> list[Pair]:
    """Enough pairs with score ≥ ``threshold`` to join every group of near-duplicates,
    in a number that grows with the number of items, not with the square of a group's.

    Per measure, items of one block whose sets are equal form a class, found by hashing:
    each member is paired with the class's first item only (a star), and the search of
    :func:`near_duplicates` runs over the first items alone, so a set repeated in 1,000
    fields costs 999 pairs, not 499,500. The name measure's classes also hold the same
    opposing words (:attr:`Candidate.opposing`): "Periode fra" and "Periode til" are two
    classes, each linked by its own star, and to each other by the search of the first
    items (score 1; the test of the pairs keeps opposites apart). The text and codes
    measures never compare two items of one block with one name (their classes of the
    name measure, and the pair of those classes' first items, link them already, with
    score 1): a name repeated in 10,000 fields, each with a description of its own, costs
    9,999 pairs, not 50 million. Every pair given is one :func:`near_duplicates` gives,
    scored the same; with one block for all items, the pairs join exactly the items that
    its pairs join (the same connected components), once merged with the name measure's
    pairs when that measure is searched apart. ``stats``, ``measures`` and ``names`` as
    for :func:`near_duplicates`; ``stats`` also counts ``"classes"``. ``sets``, when
    given, is given each item's set of every measure the search made (by measure, in the
    order of ``items``); ``described`` the tokens of each description the text measure's
    sets were made of (and may hold some made before). ``only``: the indexes, rising, of
    the items to search, every item of a part or none (:func:`part_members`): the pairs of
    those parts, which no search of the other parts gives (a search shared out by part);
    their sets are made for them alone (or taken from ``sets``, which is not given them).
    """
    made = sets
    if only is not None:  # the sets of those items alone: made here, or taken from ``sets``
        every = items
        items = [every[i] for i in only]
        if names is not None:
            if len(names) != len(every):
                raise ValueError(f"{len(names)} name sets for {len(every)} candidates")
            names = [names[i] for i in only]
        made = {
            measure: [found[i] for i in only]
            for measure, found in (sets or {}).items()
            if len(found) == len(every)
        }
    chosen = _chosen_measures(items, threshold, measures, names)
    known = _known_sets(items, chosen, names, described, made)
    if only is None and sets is not None:
        sets.update(known)
    produced: dict[str, int] = {}
    classes = 0
    with no_cyclic_gc():
        close: set[tuple[int, int]] = set()
        named: list[int] | None = None  # each item's class of the names
        for measure in chosen:
            measured = known[measure]
            representatives, star = _classes(measured, items, by_opposing=measure == "name")
            classes += len(representatives)
            close.update(star)
            kinds = None
            if measure != "name":
                if named is None:
                    named = _name_classes(_names_of(items, known), items)
                if measure == "text":
                    representatives = _described(representatives, measured, known, items)
                kinds = [named[r] for r in representatives]
            found: set[tuple[int, int]] = set()
            produced[measure] = _join_parts(
                [measured[r] for r in representatives],
                [items[r].part for r in representatives],
                threshold,
                found,
                _cores_of(items, measure, known, representatives),
                kinds,
            )
            close.update((representatives[i], representatives[j]) for i, j in found)
    pairs = _scored(items, close, known)
    if stats is not None:
        _count(stats, len(items), produced, len(pairs))
        stats["classes"] = classes
    return _sort_pairs(pairs)


def part_members(items: Sequence[Candidate]) -> list[list[int]]:
    """The indexes of the items of each part (items of different parts are never paired),
    the largest part first (then by the part's name), each list rising: what
    :func:`links` may search apart (``only``)."""
    members: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        members.setdefault(item.part, []).append(index)
    return [members[part] for part in sorted(members, key=lambda p: (-len(members[p]), p))]


class Search:
    """A search of ``items`` at ``threshold``: called with some measures, the pairs that
    reach the threshold on one of them, as :func:`links` finds them (enough to join every
    group of near-duplicates).

    The names' token sets, which the name and the text measures both start from, are made
    once per search; a process that made them already can hand them over
    (:meth:`share_names`), so that a search shared out by measure tokenises them once.
    The sets of the measures searched are kept (:meth:`made`) for work on the same items
    after the search.
    """

    def __init__(self, items: Sequence[Candidate], threshold: float) -> None:
        self.items = items  # :class:`Candidates` are made when the search first needs them
        self.threshold = threshold
        self._names: list[frozenset[str]] | None = None
        self._sets: dict[str, Sequence[frozenset[str]]] = {}
        self._described: dict[str, frozenset[str]] = {}

    def names(self) -> list[frozenset[str]]:
        """The :func:`name_sets` of the items (made on the first call)."""
        if self._names is None:
            self._names = name_sets(listed(self.items))
        return self._names

    def handover(self) -> Any:
        """What a search of the same items in another process takes (:meth:`take_over`)
        instead of making it again: the rows of :class:`Candidates` (made here now)."""
        items = self.items
        return items.rows() if isinstance(items, Candidates) else None

    def take_over(self, made: object) -> bool:
        """Take what :meth:`handover` of a search of the same items gave: True if taken
        (or not needed)."""
        items = self.items
        return not isinstance(items, Candidates) or items.adopt(made)

    def share_names(self, names: object) -> bool:
        """Take ``names`` as the names' token sets if they have their shape (a list of one
        frozenset of strings per item): True if taken. They must come from :meth:`names`
        of a search of the same items (another process's)."""
        if not (
            isinstance(names, list)
            and len(names) == len(self.items)
            and all(type(tokens) is frozenset for tokens in names)
            and all(type(token) is str for token in itertools.chain.from_iterable(names))
        ):
            return False
        self._names = names
        return True

    def __call__(self, measures: Sequence[str], only: Sequence[int] | None = None) -> list[Pair]:
        """The pairs of ``measures`` (of the items at ``only``: see :func:`links`)."""
        # Every measure needs the names: the text and codes measures leave out pairs of one
        # name (and cores gate them by the names too).
        items = listed(self.items)
        return links(
            items,
            self.threshold,
            measures=measures,
            names=self.names(),
            sets=self._sets,
            described=self._described,
            only=only,
        )

    def made(self) -> tuple[dict[str, Sequence[frozenset[str]]], dict[str, frozenset[str]]]:
        """The sets this search has made so far: each item's set, in the order of the items,
        by measure (of the measures searched here, and the names' once made); and the
        tokens of every description of the items, if the text measure was searched here
        (:func:`word_set`: what a description adds to the text measure's set)."""
        sets = dict(self._sets)
        if self._names is not None:
            sets.setdefault("name", self._names)
        return sets, self._described


def searcher(items: Sequence[Candidate], threshold: float) -> Search:
    """A :class:`Search` of ``items`` at ``threshold``."""
    return Search(items, threshold)


def merged(*groups: Sequence[Pair]) -> list[Pair]:
    """The pairs of several searches (on some measures each), once each, in order."""
    return _sort_pairs(list({(p.first, p.second): p for group in groups for p in group}.values()))
