"""Near-duplicate detection of requirement fields: scalable and exact.

A field is compared with another by three Jaccard measures over sets:

- ``name``: the normalised tokens of the field name;
- ``text``: the normalised tokens of name and description together;
- ``codes``: the code list, each code a whole string (casefolded, whitespace trimmed);
  lists made only of generic answers (``GENERIC_CODES``: Ja/Nej/Ukendt) are not compared.

The score of a pair is the largest of the three; ``basis`` says which measure gave it.

:func:`near_duplicates` finds every pair scoring at least a threshold without comparing all
pairs. It is an exact set-similarity join in the AllPairs / PPJoin family, run once per
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

Pure functions; standard library only.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "Pair",
    "near_duplicates",
    "near_duplicates_exhaustive",
    "normalise",
    "similarity",
]

DEFAULT_THRESHOLD = 0.75


@dataclass(frozen=True)
class Candidate:
    """One field to compare."""

    key: str  # qualified id "set.field", unique
    group: str  # set id
    name: str  # Danish field name, e.g. "Barnets CPR-nummer"
    description: str | None
    codes: tuple[str, ...]  # code list, may be empty


@dataclass(frozen=True)
class Pair:
    """The similarity of two candidates."""

    first: str  # key of one candidate (first < second lexicographically)
    second: str
    score: float  # 0-1
    basis: str  # "name" | "text" | "codes": which measure gave the score


# --------------------------------------------------------------------------- normalise

# Danish letters spelled out, so that "børn" and "boern", "Århus" and "Aarhus" agree.
_TRANSLITERATE = str.maketrans({"å": "aa", "æ": "ae", "ø": "oe"})

# Letters and digits; everything else (hyphens, punctuation, "§", spaces) separates tokens.
_TOKEN = re.compile(r"[^\W_]+")

# Function words, in transliterated spelling. Negations ("ikke", "uden") are kept on
# purpose: "med samtykke" and "uden samtykke" must not become the same field.
# fmt: off
_STOP_WORDS = frozenset({
    "af", "alle", "andet", "andre", "at", "blev", "bliver", "da", "de", "dem", "den", "denne",
    "der", "deres", "det", "dets", "dette", "eller", "en", "end", "er", "et", "for", "fra",
    "har", "hans", "hendes", "her", "hos", "hun", "hvad", "hvem", "hvilke", "hvilken", "hvis",
    "hvor", "hvordan", "i", "ind", "jf", "kan", "man", "med", "mv", "naar", "nu", "og", "om",
    "op", "os", "paa", "saa", "samt", "sig", "sin", "sine", "sit", "skal", "som", "til", "ud",
    "var", "ved", "vil",
})
# fmt: on

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
    """Casefold, spell out æ/ø/å, and drop other diacritics (é → e)."""
    text = text.casefold().translate(_TRANSLITERATE)
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
    everything that is not a letter or digit; drops stop words; strips one inflection
    suffix with a light stemmer; splits compounds on a few common head words.
    """
    tokens: set[str] = set()
    for raw in _TOKEN.findall(_fold(text)):
        tokens.update(_word(raw))
    return tuple(sorted(tokens))


@functools.lru_cache(maxsize=1 << 16)
def _word(raw: str) -> tuple[str, ...]:
    """The tokens of one folded word: none for a stop word, else its stemmed parts."""
    if raw in _STOP_WORDS:
        return ()
    return tuple(_split_compound(_stem(raw)))


# --------------------------------------------------------------------------- measures

_NAME, _TEXT, _CODES = 0, 1, 2
_MEASURES = ("name", "text", "codes")
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
    name = frozenset(normalise(item.name))
    text = name | frozenset(normalise(item.description)) if item.description else name
    codes = frozenset(c for c in map(_code, item.codes) if c)
    # A yes/no list says nothing about what is asked: every yes/no question would
    # "duplicate" every other one, and the pairs would grow with the square of their number.
    if codes <= GENERIC_CODES:
        codes = frozenset()
    return (name, text, codes)


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
    return Pair(first, second, best, _MEASURES[basis])


def similarity(a: Candidate, b: Candidate) -> Pair:
    """The score of one pair: the largest of the name, text and codes measures."""
    return _score(a, _features(a), b, _features(b))


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
    """Every pair with score ≥ ``threshold``, by comparing all pairs. The reference."""
    _check(items, threshold)
    features = [_features(item) for item in items]
    found: list[Pair] = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            pair = _score(items[i], features[i], items[j], features[j])
            if pair.score >= threshold:
                found.append(pair)
    return _sort_pairs(found)


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
_SEPARATOR = " "  # joins the tokens of a combination; tokens never contain it


def _join(sets: Sequence[frozenset[str]], threshold: float, out: set[tuple[int, int]]) -> int:
    """Add to ``out`` every pair (i, j), i < j, whose Jaccard may be ≥ ``threshold``.

    Tokens are ordered rarest first. A partner of ``x`` shares at least
    ``need = ceil(t·|x|)`` tokens with it, so by the prefix principle the ``ℓ`` smallest
    common tokens (ℓ ≤ need) lie in the first ``|x| − need + ℓ`` tokens of ``x`` (its
    ℓ-prefix), and in the partner's ℓ-prefix too: the two ℓ-prefixes share an ℓ-subset.

    Each record picks a level ℓ ≤ ``need`` (as high as ``_MAX_LEVEL`` while its ℓ-prefix
    has at most ``_MAX_SIGNATURES`` ℓ-subsets) and indexes the k-subsets of its k-prefix
    for every k ≤ ℓ. It probes the level-ℓ index; a pair therefore meets at the lower of
    its two levels, found by the record with that level. At level 1 this is PPJoin, with
    its positional filter; at higher levels two records meet only when they share several
    of their rarest tokens, which keeps candidates near linear even when many fields reuse
    one vocabulary. Every candidate passes the length filter
    ``min(|x|, |y|) ≥ t·max(|x|, |y|)``. Returns the number of distinct candidate pairs.
    """
    frequency = Counter(token for tokens in sets for token in tokens)

    def order(token: str) -> tuple[int, str]:
        return (frequency[token], token)

    ids = [index for index, tokens in enumerate(sets) if tokens]
    records = [sorted(sets[index], key=order) for index in ids]
    sizes = [len(tokens) for tokens in records]
    needs = [_at_least(threshold * size) for size in sizes]
    ratio = threshold / (1.0 + threshold)

    def prefix(x: int, level: int) -> int:  # length of the level-prefix of record x
        return max(level, min(sizes[x], sizes[x] - needs[x] + level))

    # Postings hold plain ints and keys are strings, which the garbage collector does not
    # track: that keeps its full collections from making large joins superlinear.
    singles: dict[str, list[int]] = {}  # token → record, position, record, position, …
    # combination → record, position of its last token, record, position, …
    subsets: list[dict[str, list[int]]] = [{} for _ in range(_MAX_LEVEL + 1)]
    levels: list[int] = []
    position = [{token: i for i, token in enumerate(tokens)} for tokens in records]
    for x, tokens in enumerate(records):
        level = 1
        while (
            level < _MAX_LEVEL
            and needs[x] > level
            and math.comb(prefix(x, level + 1), level + 1) <= _MAX_SIGNATURES
        ):
            level += 1
        levels.append(level)
        for i in range(min(sizes[x], prefix(x, 1))):
            posting = singles.get(tokens[i])
            if posting is None:
                singles[tokens[i]] = [x, i]
            else:
                posting += (x, i)
        for k in range(2, level + 1):
            index = subsets[k]
            for combination in itertools.combinations(tokens[: prefix(x, k)], k):
                key = _SEPARATOR.join(combination)
                last = position[x][combination[-1]]
                posting = index.get(key)
                if posting is None:
                    index[key] = [x, last]
                else:
                    posting += (x, last)

    found: set[tuple[int, int]] = set()

    def fits(x: int, y: int) -> bool:  # length filter
        small, large = sorted((sizes[x], sizes[y]))
        return small >= large * threshold * _SLACK

    def mine(x: int, y: int) -> bool:  # whether x, not y, is the one to find the pair
        return levels[y] > levels[x] or (levels[y] == levels[x] and y > x)

    for x, tokens in enumerate(records):
        level = levels[x]
        size_x = sizes[x]
        if level > 1:
            index = subsets[level]
            met: set[int] = set()
            # Combinations come in lexicographic order of positions, so the first one that
            # meets y is made of the `level` smallest tokens common to x and y: the
            # positional filter applies to the position of its last token.
            for combination in itertools.combinations(tokens[: prefix(x, level)], level):
                posting = index[_SEPARATOR.join(combination)]
                rest_x = size_x - position[x][combination[-1]] - 1
                for y, j in zip(posting[::2], posting[1::2], strict=True):
                    if y in met or y == x or not mine(x, y):
                        continue
                    met.add(y)
                    size_y = sizes[y]
                    bound = level + min(rest_x, size_y - j - 1)
                    if bound >= _at_least(ratio * (size_x + size_y)) and fits(x, y):
                        found.add((x, y) if x < y else (y, x))
            continue
        overlap: dict[int, int] = {}  # record → common tokens so far; -1: pruned
        for i in range(min(size_x, prefix(x, 1))):
            rest_x = size_x - i - 1
            posting = singles[tokens[i]]
            for y, j in zip(posting[::2], posting[1::2], strict=True):
                if y == x or not mine(x, y):
                    continue
                seen = overlap.get(y, 0)
                if seen < 0:
                    continue
                size_y = sizes[y]
                # Positional filter: the common tokens before this one are all counted in
                # `seen` (both records are ordered and these positions are in both
                # 1-prefixes), so this bounds the total overlap.
                bound = seen + 1 + min(rest_x, size_y - j - 1)
                if bound >= _at_least(ratio * (size_x + size_y)) and fits(x, y):
                    overlap[y] = seen + 1
                else:
                    overlap[y] = -1
        for y, seen in overlap.items():
            if seen > 0:
                found.add((x, y) if x < y else (y, x))

    for x, y in found:
        out.add((ids[x], ids[y]))  # ids ascend with records, so ids[x] < ids[y]
    return len(found)


def near_duplicates(
    items: Sequence[Candidate],
    threshold: float,
    stats: dict[str, int] | None = None,
) -> list[Pair]:
    """Every pair with score ≥ ``threshold``, found with a prefix-filtered index.

    Equal to :func:`near_duplicates_exhaustive` for every input and threshold in (0, 1].
    When ``stats`` is given, it is filled with work counters: ``"verified"`` (distinct
    pairs verified with the exact measure), ``"candidates_<measure>"`` (candidate pairs
    each measure's index produced), ``"items"`` and ``"reported"``.
    """
    _check(items, threshold)
    features = [_features(item) for item in items]
    candidates: set[tuple[int, int]] = set()
    produced = {
        measure: _join([f[index] for f in features], threshold, candidates)
        for index, measure in enumerate(_MEASURES)
    }
    found: list[Pair] = []
    for i, j in candidates:
        pair = _score(items[i], features[i], items[j], features[j])
        if pair.score >= threshold:
            found.append(pair)
    if stats is not None:
        stats["items"] = len(items)
        stats["verified"] = len(candidates)
        stats["reported"] = len(found)
        for measure, count in produced.items():
            stats[f"candidates_{measure}"] = count
    return _sort_pairs(found)
