"""Every message exists in English and Danish, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import indberet.core.rules  # noqa: F401 - each rule registers its messages
from indberet.i18n import (
    MESSAGES,
    Num,
    message,
    placeholders,
    plural_forms,
    resolve_language,
    text,
)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_with_same_placeholders(key: str) -> None:
    english, danish = MESSAGES[key]
    assert english.strip() and danish.strip()
    assert placeholders(english) == placeholders(danish)


def test_every_hint_companion_belongs_to_a_message() -> None:
    for key in MESSAGES:
        if key.endswith(".hint"):
            assert key.removesuffix(".hint") in MESSAGES, key


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        ("da", {"INDBERET_LANG": "en"}, "da"),
        (None, {"INDBERET_LANG": "da"}, "da"),
        (None, {"INDBERET_LANG": "xx", "LANG": "da_DK.UTF-8"}, "da"),
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "da_DK.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {}, "en"),
    ],
)
def test_resolve_language(option: str | None, environ: dict[str, str], expected: str) -> None:
    assert resolve_language(option, environ) == expected


def test_nested_messages_render_in_the_asked_language() -> None:
    where = text("where.field", id="alder")
    assert message("schema.unknown_key", "da", key="x", where=where) == (
        "ukendt nøgle 'x' i feltet 'alder'"
    )
    assert message("schema.unknown_key", "en", key="x", where=where) == (
        "unknown key 'x' in field 'alder'"
    )


def _grouped(value: float, digits: int, lang: str) -> str:
    """A number as the languages write it, the long way: grouped, then separators swapped."""
    written = format(value, f",.{digits}f")
    if lang == "da":
        written = written.replace(",", "_").replace(".", ",").replace("_", ".")
    return written


@pytest.mark.parametrize(
    ("value", "digits", "lang", "expected"),
    [
        (1234.5, 1, "da", "1.234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (0.15, 2, "da", "0,15"),
        (99.999, 2, "en", "100.00"),
        (999.999, 2, "da", "1.000,00"),
        (-0.0, 2, "en", "-0.00"),
    ],
)
def test_numbers_are_written_the_languages_way(
    value: float, digits: int, lang: str, expected: str
) -> None:
    assert Num(value, digits).render(lang) == expected


@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(min_value=-100.0, max_value=100.0),
        st.sampled_from([99.995, -99.995, 99.99499999999999, 999.995, -0.0]),
    ),
    st.integers(min_value=0, max_value=8),
    st.sampled_from(["en", "da"]),
)
def test_the_quick_path_for_small_numbers_writes_what_grouping_writes(
    value: float, digits: int, lang: str
) -> None:
    assert Num(value, digits).render(lang) == _grouped(value, digits, lang)


# --- singular and plural -------------------------------------------------------------------


# Nouns (and the Danish adjective "nye") whose singular differs from their plural: a count
# written next to one of them must choose the form by the count ({n:one|other}).
def _words(text: str) -> set[str]:
    return set(re.findall(r"\S+", text))


PLURAL_WORDS = {
    "en": _words(
        "files fields sets rows registers problems findings statistics hours values records"
        " reports reporters candidates minutes levels characters decimals municipalities"
        " entries days uses points annotations definitions identifiers rules consumers"
        " currencies changes steps questions"
    ),
    "da": _words(
        "filer felter rækker registre problemer statistikker timer værdier poster"
        " indberetninger indberettere kandidater minutter niveauer decimaler kommuner punkter"
        " dage anvendelser annoteringer definitioner identifikatorer regler brugere valutaer"
        " ændringer nye"
    ),
}
_COUNT = re.compile(r"\{(\w+)(?::[^{}]*)?\}")
_NEXT_WORDS = re.compile(r" ([\w\-]+)(?: ([\w\-]+))?")  # the next word or two, no punctuation


def unchosen_plurals(template: str, lang: str) -> list[str]:
    """``{count} files`` where the template has no ``{count:...|...}`` to choose the form."""
    chosen = plural_forms(template)
    found = []
    for match in _COUNT.finditer(template):
        name = match.group(1)
        if name in chosen or ":" in match.group(0):
            continue
        after = _NEXT_WORDS.match(template, match.end())
        for word in after.groups() if after else ():
            if word and word.lower().rsplit("-", 1)[-1] in PLURAL_WORDS[lang]:
                found.append(f"{{{name}}} {word}")
                break
    return found


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_a_count_next_to_a_plural_noun_has_a_singular_form(key: str) -> None:
    for lang, template in zip(("en", "da"), MESSAGES[key], strict=True):
        assert unchosen_plurals(template, lang) == [], (key, lang, template)


def test_the_scan_finds_a_count_without_a_singular() -> None:
    assert unchosen_plurals("ok: no problems in {files} files", "en") == ["{files} files"]
    assert unchosen_plurals("sprang {count} YAML-filer over", "da") == ["{count} YAML-filer"]
    assert unchosen_plurals("{files} {files:file|files}", "en") == []


@pytest.mark.parametrize(
    ("count", "english", "danish"),
    [
        (0, "0 files, 0 new", "0 filer, 0 nye"),
        (1, "1 file, 1 new", "1 fil, 1 ny"),
        (2, "2 files, 2 new", "2 filer, 2 nye"),
        ("+1", "+1 file, +1 new", "+1 fil, +1 ny"),
        ("1,0", "1,0 files, 1,0 new", "1,0 filer, 1,0 nye"),
    ],
)
def test_the_form_follows_the_count(count: object, english: str, danish: str) -> None:
    MESSAGES["test.plural"] = ("{n} {n:file|files}, {n} new", "{n} {n:fil|filer}, {n} {n:ny|nye}")
    try:
        assert message("test.plural", "en", n=count) == english
        assert message("test.plural", "da", n=count) == danish
    finally:
        del MESSAGES["test.plural"]
