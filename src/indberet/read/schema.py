"""JSON Schema validation with diagnostics that point into the YAML source.

Each file kind has a schema in ``indberet/schemas``. Almost every file is valid, so a
document is first asked only "valid?", by jsonschema-rs (a validator compiled once per
kind, about five times faster than Python code compiled from the schema, which this was
before). Only when it says anything but yes does jsonschema look for the problems: they
are translated from its JSON paths back to line and column through :class:`Document`
marks, and given a message and a hint a person can act on. So the diagnostics, and the
final answer, are always jsonschema's; the fast check may only say "not sure" more often.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from indberet.diagnostics import Diagnostic, Location
from indberet.i18n import Text, text
from indberet.read.yamlsource import Document, Path

if TYPE_CHECKING:
    import jsonschema
    import jsonschema_rs

KINDS: Final = (
    "requirement-set",
    "registers",
    "usage-log",
    "profile",
    "report",
    "plan",
    "impact",
    "baseline",
    "statbank-mapping",
    "history",
)

_ONE_OF_EXPECTED: Final = {"minutes": "expected.minutes", "mandated_by": "expected.text_or_null"}
_TRANSLITERATION: Final = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})
# jsonschema-rs's "date" format takes year 0000, which Python's dates (and so jsonschema)
# do not have: its validator is also told that no date starts with it. (Not a Python
# format function: an exception raised in one, as a Ctrl-C is, would be lost in Rust.)
_NO_YEAR_ZERO: Final = {"not": {"pattern": "^0000"}}
_VALUES: Final = frozenset({"enum", "const", "default", "examples"})  # data, not schemas
# Pattern escapes whose meaning differs between Python's re and Rust's regex (\s: U+001C
# to U+001F are white space to Python only; \d and \w: all of Unicode or ASCII).
_RE_CLASS_ESCAPE: Final = re.compile(r"(?<!\\)(?:\\\\)*\\[sSdDwWbB]")


def schema_text(kind: str) -> str:
    """The JSON Schema of ``kind`` as published text."""
    return resources.files("indberet.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")


@functools.cache
def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind``."""
    loaded: dict[str, Any] = json.loads(schema_text(kind))
    return loaded


@functools.cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    import jsonschema  # slow to import, and needed only when something is wrong

    return jsonschema.Draft202012Validator(
        schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@functools.cache
def _fast_validator(kind: str) -> jsonschema_rs.Validator | None:
    """jsonschema-rs's validator for ``kind``, or None where it might answer otherwise."""
    import jsonschema_rs

    if any(_RE_CLASS_ESCAPE.search(pattern) for pattern in _patterns(schema(kind))):
        return None
    return jsonschema_rs.Draft202012Validator(_for_rust(schema(kind)), validate_formats=True)


def _patterns(node: Any) -> Iterator[str]:
    """Every regular expression in a schema (``pattern`` values, ``patternProperties`` keys)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from (str(k) for k in value)
            yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


def _for_rust(node: Any) -> Any:
    """A copy of a schema in which every ``format: date`` also refuses year 0000."""
    if isinstance(node, list):
        return [_for_rust(item) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {key: value if key in _VALUES else _for_rust(value) for key, value in node.items()}
    if copy.get("format") == "date":
        return {"allOf": [copy, _NO_YEAR_ZERO]}
    return copy


def is_valid_fast(data: Any, kind: str) -> bool:
    """True when ``data`` is certainly valid against the schema of ``kind``.

    ``data`` is what the readers give: dicts, lists, text, numbers, booleans and None.
    False means "invalid, or not decided quickly": :func:`validate` then says which. The
    fast validator refuses what is not JSON (a key that is not text, a date object), and
    is stricter than jsonschema in corners no catalogue reaches (NaN against a limit, a
    text ending in a line break against a pattern ending in ``$``).
    """
    validator = _fast_validator(kind)
    if validator is None:
        return False
    try:
        return validator.is_valid(data)
    except ValueError:  # not JSON data
        return False


def kind_of(data: Any) -> str:
    """Which kind of document ``data`` is, chosen by its top-level keys."""
    if isinstance(data, dict) and "registers" in data and "fields" not in data:
        return "registers"
    if isinstance(data, dict) and "tableinfo" in data and "fields" not in data:
        return "statbank-mapping"  # usage evidence (read/statbank.py), not definitions
    return "requirement-set"


def validate(document: Document, kind: str) -> list[Diagnostic]:
    """Every schema problem in ``document`` as located diagnostics."""
    data = document.data
    if is_valid_fast(data, kind):
        return []  # valid, as jsonschema would say: no need to look for problems
    if not isinstance(data, dict):
        return [
            Diagnostic(
                "IND020",
                "schema.not_mapping",
                document.location(()),
                {"found": _found(data, document.scalar_text.get(()))},
            )
        ]
    # One problem per place and key: a bad date breaks both its pattern and its format.
    seen: set[tuple[str, Path, str]] = set()
    problems: list[Diagnostic] = []
    for error in _validator(kind).iter_errors(data):
        for code, key, location, params in _translate(error, document, kind):
            hint = params.pop("_hint", None)
            path = params.pop("_path", ())
            identity = (code, path, str(params.get("key")))
            if identity not in seen:
                seen.add(identity)
                problems.append(Diagnostic(code, key, location, params, hint=hint))
    return problems


class _Problem(NamedTuple):
    code: str
    key: str
    location: Location
    params: dict[str, Any]


def _translate(
    error: jsonschema.ValidationError, document: Document, kind: str
) -> Iterator[_Problem]:
    path: Path = tuple(error.absolute_path)
    instance = error.instance
    validator = str(error.validator)
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    limit: Any = error.validator_value
    key = _key_name(path)
    source = document.scalar_text.get(path)
    base = {"_path": path, "key": key}

    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(subschema.get("properties", {}))
        for extra in sorted(k for k in instance if k not in allowed):
            suggestion = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            hint = (
                text("schema.unknown_key.hint", suggestion=suggestion[0])
                if suggestion
                else text("schema.unknown_key.hint_list", allowed=", ".join(allowed))
            )
            yield _Problem(
                "IND021",
                "schema.unknown_key",
                document.location((*path, extra), key=True),
                {
                    **base,
                    "_path": (*path, extra),
                    "key": extra,
                    "where": _where(document, path),
                    "_hint": hint,
                },
            )
        return
    if validator == "required" and isinstance(instance, dict):
        for missing in limit:
            if missing not in instance:
                yield _Problem(
                    "IND022",
                    "schema.missing_key",
                    document.location(path),
                    {
                        **base,
                        "key": missing,
                        "where": _where(document, path),
                        "_hint": text(
                            "schema.missing_key.hint", key=missing, what=text("missing.what")
                        ),
                    },
                )
        return
    if validator == "anyOf" and all(sub.validator == "required" for sub in error.context or []):
        keys = sorted({k for sub in error.context or [] for k in _as_list(sub.validator_value)})
        yield _Problem(
            "IND022",
            "schema.missing_one_of",
            document.location(path),
            {
                **base,
                "keys": " / ".join(f"'{k}'" for k in keys),
                "where": _where(document, path),
                "_hint": text("schema.missing_one_of.hint"),
            },
        )
        return

    location = document.location(path)
    found = _found(instance, source)
    if validator == "type":
        expected = _expected_types(limit)
        quoted = source is not None and "string" in _as_list(limit)
        hint = (
            text("schema.type.hint_quote", text=source)
            if quoted
            else text("schema.type.hint", expected=expected)
        )
        yield _Problem(
            "IND020",
            "schema.type",
            location,
            {**base, "expected": expected, "found": found, "_hint": hint},
        )
    elif validator == "enum":
        allowed = [str(v) for v in limit]
        suggestion = difflib.get_close_matches(str(instance), allowed, n=1, cutoff=0.5)
        hint = (
            text("schema.enum.hint", suggestion=f"'{suggestion[0]}'")
            if suggestion
            else text("schema.enum.hint_list", allowed=_listing(allowed))
        )
        yield _Problem(
            "IND020",
            "schema.enum",
            location,
            {**base, "allowed": _listing(allowed), "found": found, "_hint": hint},
        )
    elif validator == "const":
        version = json.dumps(limit)
        yield _Problem(
            "IND020",
            "schema.const",
            location,
            {
                **base,
                "expected": version,
                "found": found,
                "_hint": text("schema.const.hint", key=key, expected=version),
            },
        )
    elif validator == "pattern":
        what, hint = _pattern_hint(str(limit), instance)
        yield _Problem(
            "IND020",
            "schema.pattern",
            location,
            {**base, "found": found, "what": what, "_hint": hint},
        )
    elif validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        relation = {
            "minimum": "relation.min",
            "maximum": "relation.max",
            "exclusiveMinimum": "relation.xmin",
            "exclusiveMaximum": "relation.xmax",
        }[validator]
        yield _Problem(
            "IND020",
            "schema.range",
            location,
            {
                **base,
                "found": found,
                "relation": text(relation),
                "limit": limit,
                "_hint": text("schema.range.hint", allowed=_allowed_range(subschema)),
            },
        )
    elif validator in ("minItems", "maxItems", "minLength", "maxLength", "prefixItems"):
        problem, fix = _length_problem(validator, instance, limit)
        yield _Problem(
            "IND020",
            "schema.length",
            location,
            {**base, "problem": problem, "_hint": text("schema.length.hint", fix=fix)},
        )
    elif validator == "uniqueItems" and isinstance(instance, list):
        item = next((v for i, v in enumerate(instance) if v in instance[:i]), "?")
        yield _Problem(
            "IND020",
            "schema.unique",
            location,
            {
                **base,
                "item": json.dumps(item, ensure_ascii=False),
                "_hint": text("schema.unique.hint"),
            },
        )
    elif validator == "format":
        yield _Problem(
            "IND020",
            "schema.format",
            location,
            {
                **base,
                "found": found,
                "format": text("what.date"),
                "_hint": text("schema.format.hint"),
            },
        )
    elif validator == "oneOf" and key in _ONE_OF_EXPECTED:
        expected_text = text(_ONE_OF_EXPECTED[key])
        yield _Problem(
            "IND020",
            "schema.one_of",
            location,
            {
                **base,
                "expected": expected_text,
                "found": found,
                "_hint": text("schema.one_of.hint", expected=expected_text),
            },
        )
    else:
        yield _Problem(
            "IND020",
            "schema.other",
            location,
            {**base, "detail": error.message, "_hint": text("schema.other.hint", kind=kind)},
        )


def _key_name(path: Path) -> str:
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + part)
    name = "".join(parts) or "document"
    # Only the last few steps help a reader; the place is in line:col already.
    for prefix_re in (r"^fields\[\d+\]\.", r"^registers\[\d+\]\."):
        name = re.sub(prefix_re, "", name)
    return re.sub(r"^used_by\[\d+\]\.", "", name)


def _where(document: Document, path: Path) -> Text:
    data = document.data
    node: Any = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    ident = node.get("id") if isinstance(node, dict) else None
    if not path:
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            return text("where.set", id=data["id"])
        return text("where.document")
    if len(path) == 2 and path[0] == "fields":
        if isinstance(ident, str):
            return text("where.field", id=ident)
        return text("where.field_n", n=int(path[1]) + 1)
    if len(path) == 2 and path[0] == "registers":
        if isinstance(ident, str):
            return text("where.register", id=ident)
        return text("where.register_n", n=int(path[1]) + 1)
    if len(path) == 4 and path[0] == "fields" and path[2] == "used_by":
        owner = _where(document, path[:2])
        return text(
            "where.use", n=int(path[3]) + 1, id=owner.params.get("id", owner.params.get("n"))
        )
    return text("where.value", key=_key_name(path))


def _found(value: Any, source: str | None) -> Text:
    if source is not None and not isinstance(value, str):
        shown = str(value).lower() if isinstance(value, bool) or value is None else str(value)
        if shown != source:
            return text("found.yaml_read", text=source, value=shown)
    if isinstance(value, bool):
        return text("found.bool", value=source if source is not None else str(value).lower())
    if value is None:
        return text("found.null")
    if isinstance(value, int | float):
        return text("found.number", value=source if source is not None else value)
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return text("found.string", value=shown)
    if isinstance(value, list):
        return text("found.list")
    return text("found.mapping")


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _expected_types(value: Any) -> Text:
    return text("type." + _as_list(value)[0])


def _listing(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def identifier_suggestion(value: Any) -> str:
    """A valid identifier close to ``value``: lowercase, æøå spelt out, '_' between words."""
    raw = str(value).lower().translate(_TRANSLITERATION)
    slug = re.sub(r"[^a-z0-9_-]+", "_", raw).strip("_-")
    return slug or "my_id"


def _pattern_hint(pattern: str, instance: Any) -> tuple[Text, Text]:
    if pattern.startswith("^[0-9]{4}"):
        return text("what.date"), text("schema.pattern.hint_date")
    if "\\." in pattern:
        return text("what.reference"), text("schema.pattern.hint_reference")
    return text("what.identifier"), text(
        "schema.pattern.hint_identifier", suggestion=identifier_suggestion(instance)
    )


def _allowed_range(subschema: dict[str, Any]) -> Text:
    low = subschema.get("minimum")
    xlow = subschema.get("exclusiveMinimum")
    high = subschema.get("maximum")
    if low is not None and high is not None:
        return text("allowed.between", low=low, high=high)
    if xlow is not None:
        return text("allowed.above", low=xlow)
    if low is not None:
        return text("allowed.at_least", low=low)
    return text("allowed.at_most", high=high)


def _length_problem(validator: str, instance: Any, limit: Any) -> tuple[Text, Text]:
    if validator == "minItems" and instance == []:
        return text("length.empty_list"), text("length.empty_list.fix")
    if validator == "minLength":
        return text("length.empty_text"), text("length.empty_text.fix")
    if validator == "maxLength":
        return text("length.too_long", limit=limit), text("length.too_long.fix")
    return text("length.range_size"), text("length.range_size.fix")
