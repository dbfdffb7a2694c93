"""Every message exists in English and Danish, with the same placeholders."""

from __future__ import annotations

import pytest

from indberet.i18n import MESSAGES, message, placeholders, resolve_language, text


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
