"""What the requirement sets say is assumed, not taken from a source, in one sentence.

A set's ``assumed:`` names keys of the set (``reports_per_year``) or field keys assumed
for every field of the set (``minutes``); a field's ``assumed:`` names keys of that field.
:func:`items` groups them the way a reader wants them: ``reports_per_year (ssda903);
minutes of every field (ssda903, afcars); applies_to of 3 fields (afcars)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from indberet.i18n import Text, text
from indberet.model import RequirementSet

# Keys only a field has: named in a set's ``assumed:``, they are assumed for every field.
FIELD_KEYS: Final = frozenset(
    {
        "aspect",
        "type",
        "codes",
        "minutes",
        "applies_to",
        "registered_in",
        "derivable_from",
        "used_by",
        "exemptions",
        "record",
        "role",
        "asked_when",
        "multiple",
        "values_per_report",
        "code_list",
    }
)


def own_keys(requirement_set: RequirementSet, field_assumed: Sequence[str]) -> list[str]:
    """The keys a field itself says are assumed (the set's are merged into every field)."""
    return [key for key in field_assumed if key not in requirement_set.assumed]


def says_assumed(requirement_set: RequirementSet) -> bool:
    """Whether the set, or any of its fields, names an assumption."""
    return bool(requirement_set.assumed) or any(
        own_keys(requirement_set, f.assumed) for f in requirement_set.fields
    )


def items(sets: Sequence[RequirementSet]) -> list[Text]:
    """One item per assumption, with the sets it holds for; empty when none is named.

    Set keys come first, then field keys assumed for every field (both with every set
    that says so), then field keys of some fields, set by set (a count is of one set's
    fields), each in the order the sets and keys first name them.
    """
    groups: dict[tuple[int, str, int, str], list[str]] = {}
    for requirement_set in sets:
        count = len(requirement_set.fields)
        for key in requirement_set.assumed:
            kind = 1 if key in FIELD_KEYS else 0
            groups.setdefault((kind, key, 0, ""), []).append(requirement_set.id)
        per_key: dict[str, int] = {}
        for item in requirement_set.fields:
            for key in own_keys(requirement_set, item.assumed):
                per_key[key] = per_key.get(key, 0) + 1
        for key, fields in per_key.items():
            group = (1, key, 0, "") if fields == count else (2, key, fields, requirement_set.id)
            sets_of = groups.setdefault(group, [])
            if requirement_set.id not in sets_of:
                sets_of.append(requirement_set.id)
    ordered = sorted(groups.items(), key=lambda entry: entry[0][0])  # stable: first named first
    return [_item(kind, key, fields, ", ".join(ids)) for (kind, key, fields, _), ids in ordered]


def _item(kind: int, key: str, fields: int, sets: str) -> Text:
    if kind == 0:
        return text("assumed.set_key", key=key, sets=sets)
    if kind == 1:
        return text("assumed.every_field", key=key, sets=sets)
    return text("assumed.fields", key=key, count=fields, sets=sets)
