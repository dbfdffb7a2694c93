"""Which fields may be near-duplicates at all: the words, kinds and subjects that keep
fields apart, and identifiers, which are never duplicates.

The near-duplicate search (:mod:`indberet.core.similarity`) finds fields whose names,
descriptions or code lists look alike. Looking alike is not being the same question:

* an **identifier** or join key (CPR number, a child's id, a provider's URN) stands in
  every statistic on purpose; it is never a near-duplicate (``Field.is_identifier``, or a
  name with one of the profile's ``identifier_words`` and no type that says otherwise);
* fields holding different **kinds** of value (a date and a reason) ask different things;
* fields about different **subjects** (the child's sex and a foster carer's sex) ask
  different things: a field's ``subject``, else the subject its name names (the profile's
  ``subjects``), else its set's ``subject``, else the child;
* names that differ by an **opposing word** (start/end, begin/cease, fra/til,
  begyndelse/ophør, …; the profile's ``opposites``) ask different things;
* names whose **numbers** or codes differ ask different things: two slots of one
  question ("Forælder 1", "Forælder 2"), two provisions ("§ 52, stk. 3, nr. 7" and "nr.
  8"), two years, two data elements ("E13", "E14"); so do a name with a number and one
  without (:func:`name_numbers`);
* fields alike only by name and description together must share two thirds of the words
  of their names, and two yes/no questions must be alike by their names alone (sibling
  answers of one check-all-that-apply question share boilerplate descriptions); code lists
  are compared with their labels, and a list of bare numbers or of yes/no not at all;
* a word in nine of ten descriptions of a set is the set's boilerplate
  (:func:`common_words`), and the words a template adds to a name are the template's
  (:func:`template_words`): descriptions are compared without them, as without stop words;
* fields of different **records** of one set (the legal basis at the decision and the new
  legal basis at a change) ask about different events, unless their names are the same
  (the date of birth asked again in a module of the return).

The words are data in the profile (``words:``), in Danish and English. Pure functions.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse, islice
from typing import Final

from indberet.core.similarity import (
    CORE_NEEDS,
    GENERIC_CODES,
    Candidate,
    Candidates,
    Pair,
    Tested,
    fold_words,
    normalise,
    word_tokens,
)
from indberet.model import Field, RequirementSet
from indberet.records import record

DEFAULT_SUBJECT = "child"
# Kinds of value: a field of one kind never asks what a field of another asks. Codes,
# yes/no and free text may be the same question in different clothes.
_KIND = {"date": "date", "number": "number", "code": "answer", "bool": "answer", "text": "answer"}
# Types that say what a field is, so that a word in its name cannot make it an identifier.
_TYPED = frozenset({"code", "bool", "date"})
# A word of an opposing pair this long or longer also counts inside a compound
# ("anbringelsesophør")...
_IN_COMPOUND = 4
# ...and this long or longer alone on one side ("Date placed" / "Date placed ceased");
# shorter words (fra, til, from, with) only against a word of the other side.
_ALONE = 5


def _phrases(words: Iterable[str]) -> tuple[frozenset[str], ...]:
    """Each word or phrase as the set of normalised tokens it must all have."""
    found = []
    for word in words:
        tokens = frozenset(normalise(word))
        if tokens:
            found.append(tokens)
    return tuple(found)


@dataclass(frozen=True)
class Words:
    """The profile's language data, normalised like the names they are compared with."""

    stop_words: frozenset[str]
    opposites: tuple[tuple[frozenset[str], frozenset[str]], ...]
    subjects: tuple[tuple[str, tuple[frozenset[str], ...]], ...]
    identifier_words: tuple[frozenset[str], ...]
    # Derived from the above, for the look-ups made once per field.
    _subject_of: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    _subject_words: frozenset[str] = field(init=False, repr=False, compare=False)
    _subject_phrases: tuple[tuple[frozenset[str], str], ...] = field(
        init=False, repr=False, compare=False
    )
    _identifier_words: frozenset[str] = field(init=False, repr=False, compare=False)
    _identifier_phrases: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)
    _stop_tokens: frozenset[str] = field(init=False, repr=False, compare=False)
    _hits: dict[str, tuple[frozenset[tuple[int, int]], bool]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # Looked up once per field: one-word phrases by set intersection (a C-level
        # operation), the few phrases of several words one by one.
        single: dict[str, set[str]] = {}
        several: list[tuple[frozenset[str], str]] = []
        for name, phrases in self.subjects:
            for phrase in phrases:
                if len(phrase) == 1:
                    single.setdefault(next(iter(phrase)), set()).add(name)
                else:
                    several.append((phrase, name))
        object.__setattr__(self, "_subject_of", {t: frozenset(n) for t, n in single.items()})
        object.__setattr__(self, "_subject_words", frozenset(single))
        object.__setattr__(self, "_subject_phrases", tuple(several))
        object.__setattr__(
            self,
            "_identifier_words",
            frozenset(next(iter(p)) for p in self.identifier_words if len(p) == 1),
        )
        object.__setattr__(
            self, "_identifier_phrases", tuple(p for p in self.identifier_words if len(p) > 1)
        )
        object.__setattr__(
            self, "_stop_tokens", frozenset(t for w in self.stop_words for t in normalise(w))
        )
        object.__setattr__(self, "_hits", {})

    def hits(self, token: str) -> tuple[frozenset[tuple[int, int]], bool]:
        """The sides of opposing pairs that ``token`` has (pair number, 0 or 1: the word or
        a word of four letters or more at its start or end), and whether it has a word of
        five letters or more of either side (then a name with it alone is opposed)."""
        found = self._hits.get(token)
        if found is None:
            sides = frozenset(
                (number, side)
                for number, pair in enumerate(self.opposites)
                for side in (0, 1)
                if _has((token,), pair[side], True)
            )
            strong = any(
                _has((token,), frozenset(w for w in side if len(w) >= _ALONE), True)
                for pair in self.opposites
                for side in pair
            )
            found = self._hits[token] = (sides, strong)
        return found

    def named_subject(self, tokens: frozenset[str]) -> str | None:
        """The subject(s) a name with ``tokens`` names, joined by '+'; None for none."""
        named: set[str] = set()
        for token in tokens & self._subject_words:
            named |= self._subject_of[token]
        for phrase, name in self._subject_phrases:
            if phrase <= tokens:
                named.add(name)
        return "+".join(sorted(named)) if named else None

    def names_identifier(self, folded: frozenset[str]) -> bool:
        """Whether a name with the words ``folded`` (:func:`fold_words`, not stemmed) has
        one of the identifier words."""
        if not folded.isdisjoint(self._identifier_words):
            return True
        return any(p <= folded for p in self._identifier_phrases)

    def without_stop_words(self, tokens: frozenset[str]) -> frozenset[str]:
        """``tokens`` less the (normalised) stop words."""
        return tokens - self._stop_tokens

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Words:
        """Words from a profile's ``words:`` section (plain data)."""
        stop = data.get("stop_words", [])
        opposites = data.get("opposites", [])
        subjects = data.get("subjects", {})
        identifiers = data.get("identifier_words", [])
        assert isinstance(stop, list) and isinstance(opposites, list)
        assert isinstance(subjects, dict) and isinstance(identifiers, list)
        return cls(
            stop_words=frozenset(_fold_word(w) for w in stop),
            opposites=tuple((_side(first), _side(second)) for first, second in opposites),
            subjects=tuple((name, _phrases(words)) for name, words in subjects.items()),
            identifier_words=tuple(frozenset(fold_words(w)) for w in identifiers if fold_words(w)),
        )


def _fold_word(word: str) -> str:
    return " ".join(fold_words(word))


def _side(words: Sequence[str]) -> frozenset[str]:
    return frozenset(token for word in words for token in normalise(word))


@record
class Traits:
    """What keeps a field apart from others, worked out once per field (a record: built
    for most fields of a dense catalogue, three times faster than a frozen dataclass)."""

    identifier: bool
    kind: str
    subject: str
    tokens: frozenset[str]  # of the name, every word
    content: frozenset[str]  # of the name, without the stop words
    flag: bool  # a yes/no question: what it asks is all in its name
    record: tuple[str, str | None]  # set id and record id
    numbers: str = ""  # the numbers in the name (name_numbers)


def is_identifier(item: Field, folded: frozenset[str], words: Words) -> bool:
    """Whether ``item`` is an identifier: by its role or type, or (when its type does not
    say otherwise) by an identifier word among the words of its name, ``folded``."""
    if item.is_identifier:
        return True
    if item.role is not None or item.type in _TYPED or item.codes:
        return False
    return words.names_identifier(folded)


def traits(item: Field, requirement_set: RequirementSet, words: Words) -> Traits:
    """The traits of ``item``, a field of ``requirement_set``."""
    tokens = frozenset(normalise(item.name))
    folded = fold_words(item.name)
    identifier = is_identifier(item, frozenset(folded), words)
    subject = item.subject or words.named_subject(tokens) or requirement_set.subject
    return Traits(
        identifier=identifier,
        kind=_KIND.get(item.type or "code", item.type or "code"),
        subject=subject or DEFAULT_SUBJECT,
        tokens=tokens,
        content=words.without_stop_words(tokens),
        flag=item.type == "bool" or (bool(item.codes) and not _codes(item)),
        record=(item.set_id, item.record),
        numbers=name_numbers(folded),
    )


_DIGIT = re.compile(r"\d").search  # whether a word has a digit (of any script)


def name_numbers(folded: Iterable[str]) -> str:
    """The numbers and codes among the words ``folded`` of a name (:func:`fold_words`):
    each word with a digit, a number as a number ("01" is "1"), a code as it is written
    ("e13", "52a"), in order, one space between: "" for a name without any. Names whose
    numbers differ ask about different things ("Forælder 1", "Forælder 2"; "Årsag 1",
    "Årsag 2"; "Antal 2019", "Antal 2020"), and so do names with different codes (a
    data element's, "E13 Child's race - Asian" and "E14 Child's race - Black", or one a
    generator gives every field) and a name with a number and one without: they are never
    the same question."""
    found = {_number(word) if word.isdecimal() else word for word in folded if _DIGIT(word)}
    return " ".join(sorted(found))


def _number(digits: str) -> str:
    """A number written in decimal digits of any script, in ASCII digits without leading
    zeros (any length: ``int`` refuses more than a few thousand digits)."""
    plain = "".join(str(unicodedata.decimal(digit)) for digit in digits)
    return plain.lstrip("0") or "0"


def _has(tokens: Iterable[str], side: frozenset[str], strong: bool) -> bool:
    for token in tokens:
        if token in side:
            return True
        if strong and any(
            len(word) >= _IN_COMPOUND and (token.startswith(word) or token.endswith(word))
            for word in side
        ):
            return True
    return False


def opposed(a: frozenset[str], b: frozenset[str], words: Words) -> bool:
    """Whether two names differ by an opposing word (start/end, fra/til, …).

    Opposed when the words only one name has include one side of an opposing pair and the
    words only the other has include the other side; or when the words only one name has
    include a word of five letters or more from either side ("Date placed" and "Date
    placed ceased"). What each word hits is worked out once per word (:meth:`Words.hits`).
    """
    only_a, only_b = a - b, b - a
    if not only_a and not only_b:
        return False
    sides_a: set[tuple[int, int]] = set()
    for token in only_a:
        sides, strong = words.hits(token)
        if strong:
            return True
        sides_a |= sides
    sides_b: set[tuple[int, int]] = set()
    for token in only_b:
        sides, strong = words.hits(token)
        if strong:
            return True
        sides_b |= sides
    return any((pair, 1 - side) in sides_b for pair, side in sides_a)


# Alike by description or by code list, two fields must also share this much of the words
# of their names (less stop words; the search leaves out the pairs that do not, by the same
# value): sibling answers of one check-all-that-apply question ("Race: Asian", "Race:
# White") share boilerplate descriptions, not their names; one code list serves many
# questions (the acting, the paying and the home municipality all take the 98
# municipalities), so a shared list is a shared domain, not the same question; and two
# names that each have a word the other lacks, sharing only half their words, ask about
# different things however alike their descriptions ("Barnets bopælskommune", "Barnets
# opholdskommune"; "Forælders samtykke bopæl", "Forælders dato bopæl"). Two thirds keeps
# a name with one word more ("Barnets kode", "Barnets kode sag").
_TEXT_NEEDS_NAMES = CORE_NEEDS


def why_apart(
    a: Traits,
    b: Traits,
    words: Words,
    basis: str = "name",
    opposed_names: Opposed | None = None,
) -> str | None:
    """Why two fields cannot be the same question, or None when they may be.

    ``opposed_names``: :func:`opposed` remembered for the pairs of names met (:class:`Opposed`).
    """
    if a.identifier or b.identifier:
        return "identifier"
    if a.kind != b.kind:
        return "kind"
    if a.subject != b.subject:
        return "subject"
    if a.numbers != b.numbers:
        return "numbers"
    if a.tokens is not b.tokens and (
        opposed(a.tokens, b.tokens, words)
        if opposed_names is None
        else opposed_names(a.tokens, b.tokens)
    ):
        return "opposites"
    if a.record[0] == b.record[0] and a.record != b.record and a.tokens != b.tokens:
        return "record"
    if basis in ("text", "codes") and (
        (a.flag and b.flag) or _jaccard(a.content, b.content) < _TEXT_NEEDS_NAMES
    ):
        return "names"
    return None


class Opposed:
    """:func:`opposed` with the answer for each pair of names remembered: the names of a
    catalogue come from a small vocabulary, and the same pairs of names recur in many
    pairs of fields (one object per audit: what it remembers goes with it)."""

    def __init__(self, words: Words) -> None:
        self.words = words
        self._known: dict[tuple[frozenset[str], frozenset[str]], bool] = {}

    def __call__(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """Whether names with the tokens ``a`` and ``b`` differ by an opposing word."""
        key = (a, b)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = opposed(a, b, self.words)
        return found


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


# Fields whose traits Compared.ahead makes a call: a few milliseconds.
AHEAD: Final = 1000


class Compared:
    """The fields to search for near-duplicates (``items``), the identifiers left out, and
    the test of the pairs found: :meth:`same_question`.

    Only the identifiers are worked out at once. The candidates are made when first read
    (:class:`~indberet.core.similarity.Candidates`: the search's child makes them while
    this process decides the fields), and traits only for the fields that turn up in a
    pair, once each.
    """

    def __init__(self, sets: Iterable[RequirementSet], words: Words) -> None:
        self.words = words
        self._fields: dict[str, tuple[Field, RequirementSet]] = {}
        self._traits: dict[str, Traits] = {}
        # a name's tokens, content, subject and numbers, once per name (made when needed)
        self._named: dict[str, tuple[frozenset[str], frozenset[str], str | None, str]] = {}
        # each code list's codes to compare (_codes), by the list's id: equal lists of a
        # catalogue are one object (loading.Shared), made into them once, not once a field
        self._coded: dict[int, tuple[str, ...]] = {}
        identifiers: set[str] = set()
        folded: dict[str, frozenset[str]] = {}  # a name's words, once per name
        fields = self._fields
        for requirement_set in sets:
            for item in requirement_set.fields:
                # is_identifier(item, the words of its name, words), the words made only
                # when the field's role, type and codes leave it open
                if item.is_identifier:
                    identifiers.add(item.qualified_id)
                    continue
                if item.role is None and item.type not in _TYPED and not item.codes:
                    name = item.name
                    spelled = folded.get(name)
                    if spelled is None:
                        spelled = folded[name] = frozenset(fold_words(name))
                    if words.names_identifier(spelled):
                        identifiers.add(item.qualified_id)
                        continue
                fields[item.qualified_id] = (item, requirement_set)
        self.identifiers = frozenset(identifiers)
        self._unseen: Iterator[str] | None = None  # the fields ahead() has yet to see
        self.items = Candidates(self._candidates, len(fields), self.same_question, self.ahead)

    def _candidates(self) -> list[Candidate]:
        """The candidates: every field but the identifiers, in order."""
        found: list[Candidate] = []
        stop_word = self.words.stop_words.__contains__
        # Names and descriptions recur across sets: each is folded and tokenised once.
        # a name's words without the stop words, its content, its subject, its opposing
        # stop words (_opposing) and its numbers (name_numbers)
        spelled: dict[str, tuple[str, frozenset[str], str | None, str, str]] = {}
        # a description's words without the stop words, and its text without those and the
        # words its set's boilerplate and template leave out (common_words, template_words)
        worded: dict[str, tuple[str, ...]] = {}
        described: dict[tuple[str, frozenset[str]], str] = {}
        boilerplate: frozenset[str] = frozenset()
        last_set: RequirementSet | None = None
        # the part and block of a type, subject, yes/no and numbers (_part, _block): a few
        labels: dict[tuple[str | None, str | None, bool, str], tuple[str, str]] = {}
        templated: dict[str, frozenset[str]] = {}

        def spell(name: str) -> tuple[str, frozenset[str], str | None, str, str]:
            spelling = spelled.get(name)
            if spelling is None:
                folded = fold_words(name)
                tokens, content, subject_named, numbers = self._name(name, folded)
                stripped = " ".join(filterfalse(stop_word, folded))
                opposing = _opposing(tokens - content, self.words)
                spelling = spelled[name] = (stripped, content, subject_named, opposing, numbers)
            return spelling

        def described_words(text: str) -> tuple[str, ...]:
            return _words_of(text, worded, stop_word)

        def named_words(name: str) -> list[str]:
            return spell(name)[0].split()

        for key, (item, requirement_set) in self._fields.items():
            if requirement_set is not last_set:
                last_set = requirement_set
                boilerplate = common_words(requirement_set, worded, stop_word)
                compared = [f for f in requirement_set.fields if f.qualified_id in self._fields]
                templated = template_words(compared, described_words, named_words)
            spelling = spell(item.name)
            text = None
            if item.description:
                unsaid = boilerplate | templated[item.id] if item.id in templated else boilerplate
                text = described.get((item.description, unsaid))
                if text is None:  # without_words(item.description, stop words and unsaid)
                    words_of = _words_of(item.description, worded, stop_word)
                    if unsaid:
                        words_of = tuple(w for w in words_of if w not in unsaid)
                    text = described[item.description, unsaid] = " ".join(words_of)
            codes = self.codes(item)
            subject = item.subject or spelling[2] or requirement_set.subject
            flag = item.type == "bool" or (bool(item.codes) and not codes)
            numbers = spelling[4]
            label = labels.get((item.type, subject, flag, numbers))
            if label is None:
                part = _part(item, subject, numbers)
                label = labels[item.type, subject, flag, numbers] = (
                    part,
                    _block(item, part, codes),
                )
            part, block = label
            found.append(
                Candidate(
                    key,
                    item.set_id,
                    spelling[0],
                    text,
                    codes,
                    block,
                    part,
                    spelling[1],
                    spelling[3],
                )
            )
        return found

    def _name(
        self, name: str, folded: Sequence[str] | None = None
    ) -> tuple[frozenset[str], frozenset[str], str | None, str]:
        """The tokens, content, subject and numbers (:func:`name_numbers`) of ``name``
        (made once; ``folded``: its :func:`fold_words`, if made already)."""
        found = self._named.get(name)
        if found is None:
            spelled = fold_words(name) if folded is None else folded
            tokens = word_tokens(spelled)
            words = self.words
            found = self._named[name] = (
                tokens,
                words.without_stop_words(tokens),
                words.named_subject(tokens),
                name_numbers(spelled),
            )
        return found

    def codes(self, item: Field) -> tuple[str, ...]:
        """:func:`_codes` of ``item`` (one of the fields compared), once for each list."""
        listed = item.code_entries or item.codes
        if not listed:
            return item.codes
        found = self._coded.get(id(listed))  # the fields, and so their lists, are kept here
        if found is None:
            found = self._coded[id(listed)] = _codes(item)
        return found

    def traits(self, key: str) -> Traits:
        """The traits of the field ``key`` (a qualified id of one of ``items``)."""
        found = self._traits.get(key)
        if found is None:
            # As traits() gives them (none of the items is an identifier), with the sets of
            # a name shared by every field of that name.
            item, requirement_set = self._fields[key]
            tokens, content, named, numbers = self._name(item.name)
            subject = item.subject or named or requirement_set.subject
            kind = item.type or "code"
            found = self._traits[key] = Traits(  # by position: made for many fields
                False,  # identifier
                _KIND.get(kind, kind),
                subject or DEFAULT_SUBJECT,
                tokens,
                content,
                item.type == "bool" or (bool(item.codes) and not self.codes(item)),  # flag
                (item.set_id, item.record),
                numbers,
            )
        return found

    def ahead(self) -> bool:
        """Make the traits of the next :data:`AHEAD` fields whose name another field has
        too (the test of the pairs needs those of most fields of a dense catalogue, whose
        fields repeat; of a catalogue of distinct names, few): what this process can do
        while another makes the candidates. False once they are all made."""
        if self._unseen is None:
            names = Counter(item.name for item, _ in self._fields.values())
            self._unseen = (k for k, (f, _) in self._fields.items() if names[f.name] > 1)
        traits, known = self.traits, self._traits
        made = 0
        for key in islice(self._unseen, AHEAD):
            made += 1
            if key not in known:
                traits(key)
        return made == AHEAD  # more may be left

    def same_question(self, pairs: Iterable[Pair]) -> list[Pair]:
        """The pairs whose fields may be the same question (see :func:`why_apart`);
        ``pairs`` that passed this very test where they were found (:class:`Tested`) as
        they are."""
        if isinstance(pairs, Tested) and pairs.test == self.same_question:
            return pairs
        known, find, words = self._traits, self.traits, self.words
        opposed_names = Opposed(words)
        return [
            p
            for p in pairs
            if why_apart(
                known.get(p.first) or find(p.first),
                known.get(p.second) or find(p.second),
                words,
                p.basis,
                opposed_names,
            )
            is None
        ]


# A word in nine of ten descriptions of a set, or more, is the set's boilerplate ("Angiv
# ... for barnet, som det fremgår af sagen."; one paragraph of instructions under every
# field): it tells none of them apart from the others, and the text measure leaves it out,
# as it leaves out the stop words. Only in a set of at least COMMON_AMONG described fields:
# of a few, the words they share are what they ask. A set's own fields decide it, so that a
# change to one set changes no other set's candidates.
COMMON_IN: Final = (9, 10)
COMMON_AMONG: Final = 10


def common_words(
    requirement_set: RequirementSet,
    worded: dict[str, tuple[str, ...]] | None = None,
    stop_word: Callable[[str], bool] | None = None,
) -> frozenset[str]:
    """The set's boilerplate: the folded words (:func:`fold_words`) in at least
    :data:`COMMON_IN` of the descriptions of ``requirement_set``'s fields, when at least
    :data:`COMMON_AMONG` of them have one. ``stop_word``: words never counted (the
    profile's stop words); ``worded``: each description's words less those, remembered."""
    texts = [f.description for f in requirement_set.fields if f.description]
    if len(texts) < COMMON_AMONG:
        return frozenset()
    known = {} if worded is None else worded
    skip = stop_word or (lambda word: False)
    part, whole = COMMON_IN
    missed = len(texts) - -(-part * len(texts) // whole)  # descriptions a word may miss
    # A word met first after more than `missed` descriptions cannot be common: the words of
    # the first ones are counted, and a word is let go once it has missed too many (in a set
    # without boilerplate, after a dozen descriptions or so).
    counts: dict[str, int] = {}
    for seen, text in enumerate(texts):
        words = _words_of(text, known, skip)
        if seen <= missed:
            for word in set(words):
                counts[word] = counts.get(word, 0) + 1
        else:
            for word in counts.keys() & words:
                counts[word] += 1
        if seen >= missed:
            for word in [w for w, count in counts.items() if seen + 1 - count > missed]:
                del counts[word]
            if not counts:
                return frozenset()
    return frozenset(counts)


# A description that adds to its field's name the same words as at least TEMPLATE_AMONG
# other descriptions of its set, and at least a tenth of them, is worded from a template
# ("Angiv <navn> for barnet, som det fremgår af sagen."; "Oplys <navn> ved afgørelsen."):
# those words are the template's, not the field's, and the text measure leaves them out of
# those descriptions (a set of several templates, none in nine of ten descriptions).
TEMPLATE_AMONG: Final = 5


def template_words(
    fields: Iterable[Field],
    described: Callable[[str], Sequence[str]],
    named: Callable[[str], Iterable[str]],
) -> dict[str, frozenset[str]]:
    """The words a template adds to the name of each of ``fields`` (those of one set that
    may be near-duplicates) worded from one, by the field's id: words that the
    descriptions of at least :data:`TEMPLATE_AMONG` of the fields, and at least a tenth of
    those described, add to their names. ``described`` gives a description's words and
    ``named`` a name's (folded, less the stop words: :func:`fold_words`)."""
    added: dict[str, frozenset[str]] = {}
    counts: dict[frozenset[str], int] = {}
    for item in fields:
        if item.description:
            extra = frozenset(described(item.description)).difference(named(item.name))
            added[item.id] = extra
            counts[extra] = counts.get(extra, 0) + 1
    needed = max(TEMPLATE_AMONG, -(-len(added) // 10))
    templates = {extra for extra, count in counts.items() if count >= needed and extra}
    return {key: extra for key, extra in added.items() if extra in templates} if templates else {}


def _words_of(
    text: str, worded: dict[str, tuple[str, ...]], stop_word: Callable[[str], bool]
) -> tuple[str, ...]:
    """The folded words of the description ``text`` less the stop words (made once).

    Each word is interned: the descriptions of a catalogue share a vocabulary, and all of
    theirs are kept while its candidates are made. 100,000 fields of 40 to 80 random words
    from 5,000: the search's process peaked at 1,192 MiB with a string per word of each
    description, and at 917 MiB with one per distinct word (the same wall time)."""
    found = worded.get(text)
    if found is None:
        words = filterfalse(stop_word, fold_words(text))
        found = worded[text] = tuple(map(sys.intern, words))
    return found


def _part(item: Field, subject: str | None, numbers: str = "") -> str:
    """What two fields must share to be the same question at all: the kind of value, the
    subject and the numbers of the name (:func:`traits`, :func:`name_numbers`;
    :func:`why_apart` keeps fields of different ones apart whatever else they share). The
    search never pairs fields of different parts."""
    kind = _KIND.get(item.type or "code", item.type or "code")
    part = f"{kind}|{subject or DEFAULT_SUBJECT}"
    return f"{part}|{numbers}" if numbers else part


def _opposing(stop_words: frozenset[str], words: Words) -> str:
    """The stop words of a name (its tokens less its content) that are a side of opposing
    words ("Periode fra", "Periode til"), sorted (:attr:`Candidate.opposing`)."""
    return " ".join(sorted(t for t in stop_words if words.hits(t)[0]))


def _block(item: Field, part: str, codes: tuple[str, ...]) -> str:
    """What fields with equal names, texts or code lists must also share to be the same
    question without a doubt: the part (kind of value and subject), and whether it is a
    yes/no question (:func:`traits`). The search links such fields by hashing (one block,
    one set: one class), not pair by pair."""
    flag = item.type == "bool" or (bool(item.codes) and not codes)
    return f"{part}|{int(flag)}"


def candidates(sets: Iterable[RequirementSet], words: Words) -> Compared:
    """The fields of ``sets`` to search for near-duplicates: all but the identifiers, their
    names and descriptions without the profile's stop words."""
    return Compared(sets, words)


def _codes(item: Field) -> tuple[str, ...]:
    """The codes to compare: with their labels when the list has labels; none for a list
    of bare numbers, which says nothing of what the codes mean."""
    if not item.code_entries and not item.codes:  # most fields
        return item.codes
    if any(entry.label for entry in item.code_entries):
        labels = [" ".join((e.label or e.code).split()).casefold() for e in item.code_entries]
        if all(label in GENERIC_CODES for label in labels):
            return ()  # yes / no / unknown: says nothing about what is asked
        return tuple(f"{e.code} {e.label}" if e.label else e.code for e in item.code_entries)
    if item.codes and all(code.strip().isdigit() for code in item.codes):
        return ()
    return item.codes
