"""Every message exists in English and Danish, with the same placeholders."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indberet.i18n import MESSAGES, Num, message, placeholders, resolve_language, text


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
