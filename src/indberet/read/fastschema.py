"""A fast yes/no check of plain data against a JSON Schema (draft 2020-12 subset).

Validating 100,000 fields with jsonschema takes tens of seconds, yet almost every file is
valid. :func:`compile_schema` turns a schema into Python source, once per schema, that
answers only "valid?", as jsonschema would, in a fraction of the time. When the answer is
"no", :mod:`indberet.read.schema` asks jsonschema for the located problems as before, so the
diagnostics never depend on this module.

It supports the keywords indberet's schemas use: ``type``, ``enum``, ``const``,
``properties``, ``required``, ``additionalProperties``, ``items``, ``prefixItems``,
``minItems``, ``maxItems``, ``uniqueItems``, ``minLength``, ``maxLength``, ``pattern``,
``format: date``, ``minimum``, ``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum``,
``anyOf``, ``oneOf``, ``allOf``, ``not`` and local ``$ref`` to ``#/$defs/NAME``, each with
jsonschema's own meaning (``True`` is not ``1``, ``1.0`` is an integer, patterns are
searched, not matched). A schema with any other keyword is not compiled (``None``), and a
value the check cannot decide (a list of non-strings under ``uniqueItems``, a type that
is not plain JSON data) makes it answer ``None``: ask jsonschema. A property test checks
the answers against jsonschema on random documents.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any, Final

Check = Callable[[Any], bool | None]

_ANNOTATIONS: Final = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)
_SUPPORTED: Final = _ANNOTATIONS | {
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
    "$ref",
}
_FALSE: Final = "            return False"
_PLAIN_TYPES: Final = (dict, list, str, int, float, bool, type(None))
# jsonschema's "date" format check (jsonschema._format.is_date).
_RE_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class Unsupported(Exception):
    """The schema uses something this compiler does not handle."""


class _Unsure(Exception):
    """The instance holds something the compiled check cannot decide."""


def _unsure() -> bool:
    raise _Unsure


def _is_date(value: str) -> bool:
    try:
        return bool(_RE_DATE.fullmatch(value) and dt.date.fromisoformat(value))
    except ValueError:
        return False


def _unbool(value: Any, true: object = object(), false: object = object()) -> Any:
    if value is True:
        return true
    if value is False:
        return false
    return value


def equal(one: Any, two: Any) -> bool:
    """jsonschema's equality for plain data: ``True`` is not ``1``; lists and dicts deep."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list | tuple) and isinstance(two, list | tuple):
        return len(one) == len(two) and all(map(equal, one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return len(one) == len(two) and all(k in two and equal(v, two[k]) for k, v in one.items())
    if not isinstance(one, _PLAIN_TYPES) or not isinstance(two, _PLAIN_TYPES):
        raise _Unsure
    return bool(_unbool(one) == _unbool(two))


def _unique_strings(items: list[Any]) -> bool:
    if not all(isinstance(item, str) for item in items):
        raise _Unsure  # jsonschema's uniq() has its own rules for mixed lists
    return len(set(items)) == len(items)


_TYPE_TESTS: Final = {
    "object": "isinstance({x}, dict)",
    "array": "isinstance({x}, list)",
    "string": "isinstance({x}, str)",
    "boolean": "isinstance({x}, bool)",
    "null": "{x} is None",
    "integer": "(isinstance({x}, int) and not isinstance({x}, bool)"
    " or isinstance({x}, float) and {x}.is_integer())",
    "number": "(isinstance({x}, (int, float)) and not isinstance({x}, bool))",
}


class _Compiler:
    def __init__(self, root: Any) -> None:
        self.root = root
        self.names: dict[str, str] = {}
        self.following: set[str] = set()  # pointers whose bare $ref is being followed
        self.source: list[str] = []
        self.tables: list[str] = []  # property tables, defined after the functions
        self.namespace: dict[str, Any] = {
            "_unsure": _unsure,
            "_equal": equal,
            "_is_date": _is_date,
            "_unique_strings": _unique_strings,
            "_PLAIN": _PLAIN_TYPES,
        }

    def constant(self, value: Any) -> str:
        name = f"_c{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def function(self, schema: Any, pointer: str) -> str:
        """The name of a generated function checking ``schema`` (compiled once per place)."""
        if pointer in self.names:
            return self.names[pointer]
        if isinstance(schema, dict) and set(schema) - _ANNOTATIONS == {"$ref"}:
            # Nothing but a reference: check with the referenced schema's function itself,
            # not through one more call (every field's values are checked this way).
            if pointer in self.following:
                raise Unsupported(f"$ref cycle at {pointer}")
            self.following.add(pointer)
            target, where = self.resolve(schema["$ref"])
            self.names[pointer] = self.function(target, where)
            return self.names[pointer]
        name = f"_v{len(self.names)}"
        self.names[pointer] = name
        body = self.body(schema, pointer)
        self.source += [f"def {name}(x):", *body, "    return True", ""]
        return name

    def resolve(self, ref: Any) -> tuple[Any, str]:
        if not isinstance(ref, str) or not re.fullmatch(r"#/\$defs/[A-Za-z0-9_-]+", ref):
            raise Unsupported(f"$ref {ref!r}")
        defs = self.root.get("$defs", {}) if isinstance(self.root, dict) else {}
        name = ref.split("/")[-1]
        if name not in defs:
            raise Unsupported(f"$ref {ref!r} not found")
        return defs[name], ref

    def body(self, schema: Any, pointer: str) -> list[str]:
        if schema is True:
            return []
        if schema is False:
            return ["    return False"]
        if not isinstance(schema, dict):
            raise Unsupported(f"schema at {pointer} is not an object")
        unknown = set(schema) - _SUPPORTED
        if unknown:
            raise Unsupported(f"keywords {sorted(unknown)} at {pointer}")
        if pointer != "#" and ("$id" in schema or "$schema" in schema):
            raise Unsupported(f"$id or $schema inside the schema at {pointer}")
        # Only plain JSON data is decided; anything else (a Decimal, a date) is for jsonschema.
        lines: list[str] = []
        add = lines.append
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not types or any(t not in _TYPE_TESTS for t in types):
                raise Unsupported(f"type {schema['type']!r}")
            test = " or ".join(_TYPE_TESTS[t].format(x="x") for t in types)
            # A value that passes a type test is plain data: asked only when it fails.
            add(f"    if not ({test}):")
            add("        return False if isinstance(x, _PLAIN) else _unsure()")
        else:
            lines += ["    if not isinstance(x, _PLAIN):", "        return _unsure()"]
        if "enum" in schema:
            values = schema["enum"]
            if not isinstance(values, list):
                raise Unsupported("enum")
            if all(isinstance(v, str) for v in values):
                name = self.constant(frozenset(values))
                add(f"    if not (isinstance(x, str) and x in {name}):")
                add("        return False")
            else:
                name = self.constant(values)
                add(f"    if not any(_equal(x, each) for each in {name}):")
                add("        return False")
        if "const" in schema:
            name = self.constant(schema["const"])
            add(f"    if not _equal(x, {name}):")
            add("        return False")
        if "$ref" in schema:
            target, where = self.resolve(schema["$ref"])
            add(f"    if not {self.function(target, where)}(x):")
            add("        return False")
        for keyword in ("anyOf", "oneOf", "allOf"):
            if keyword in schema:
                subs = schema[keyword]
                if not isinstance(subs, list) or not subs:
                    raise Unsupported(keyword)
                calls = [
                    self.function(sub, f"{pointer}/{keyword}/{n}") + "(x)"
                    for n, sub in enumerate(subs)
                ]
                if keyword == "anyOf":
                    add(f"    if not ({' or '.join(calls)}):")
                elif keyword == "allOf":
                    add(f"    if not ({' and '.join(calls)}):")
                else:
                    add(f"    if [{', '.join(calls)}].count(True) != 1:")
                add("        return False")
        if "not" in schema:
            add(f"    if {self.function(schema['not'], pointer + '/not')}(x):")
            add("        return False")
        lines += self.object_checks(schema, pointer)
        lines += self.array_checks(schema, pointer)
        lines += self.string_checks(schema)
        lines += self.number_checks(schema)
        return lines

    def object_checks(self, schema: dict[str, Any], pointer: str) -> list[str]:
        properties = schema.get("properties", {})
        required = schema.get("required", [])
        additional = schema.get("additionalProperties", True)
        if not isinstance(properties, dict) or not isinstance(required, list):
            raise Unsupported(f"properties or required at {pointer}")
        if not (properties or required or additional is not True):
            return []
        lines = ["    if isinstance(x, dict):"]
        for key in required:
            lines += [f"        if {json.dumps(key)} not in x:", "            return False"]
        checks = {
            key: self.function(sub, f"{pointer}/properties/{key}")
            for key, sub in properties.items()
        }
        name = f"_p{len(self.tables)}"
        entries = ", ".join(f"{json.dumps(key)}: {check}" for key, check in checks.items())
        self.tables.append(f"{name} = {{{entries}}}")
        if additional is True:
            extra = None
        elif additional is False:
            extra = "False"
        else:
            extra = self.function(additional, pointer + "/additionalProperties") + "(value)"
        lines += [
            "        for key, value in x.items():",
            f"            check = {name}.get(key)",
            "            if check is None:",
        ]
        if extra is None:
            lines += ["                continue"]
        else:
            lines += [f"                if not {extra}:", "                    return False"]
            lines += ["                continue"]
        lines += ["            if not check(value):", "                return False"]
        return lines

    def array_checks(self, schema: dict[str, Any], pointer: str) -> list[str]:
        lines: list[str] = []
        prefix = schema.get("prefixItems", [])
        if not isinstance(prefix, list):
            raise Unsupported("prefixItems")
        if "minItems" in schema:
            lines += [f"        if len(x) < {int(schema['minItems'])}:", "            return False"]
        if "maxItems" in schema:
            lines += [f"        if len(x) > {int(schema['maxItems'])}:", "            return False"]
        if schema.get("uniqueItems") is True:
            lines += ["        if not _unique_strings(x):", "            return False"]
        for index, sub in enumerate(prefix):
            check = self.function(sub, f"{pointer}/prefixItems/{index}")
            lines += [
                f"        if len(x) > {index} and not {check}(x[{index}]):",
                "            return False",
            ]
        if "items" in schema:
            check = self.function(schema["items"], pointer + "/items")
            lines += [
                f"        for item in x[{len(prefix)}:]:" if prefix else "        for item in x:",
                f"            if not {check}(item):",
                "                return False",
            ]
        return ["    if isinstance(x, list):", *lines] if lines else []

    def string_checks(self, schema: dict[str, Any]) -> list[str]:
        lines: list[str] = []
        if "minLength" in schema:
            lines += [f"        if len(x) < {int(schema['minLength'])}:", _FALSE]
        if "maxLength" in schema:
            lines += [f"        if len(x) > {int(schema['maxLength'])}:", _FALSE]
        if "pattern" in schema:
            name = self.constant(re.compile(schema["pattern"]).search)
            lines += [f"        if not {name}(x):", "            return False"]
        if "format" in schema:
            if schema["format"] != "date":
                raise Unsupported(f"format {schema['format']!r}")
            lines += ["        if not _is_date(x):", "            return False"]
        return ["    if isinstance(x, str):", *lines] if lines else []

    def number_checks(self, schema: dict[str, Any]) -> list[str]:
        lines: list[str] = []
        for keyword, bad in (
            ("minimum", "<"),
            ("maximum", ">"),
            ("exclusiveMinimum", "<="),
            ("exclusiveMaximum", ">="),
        ):
            if keyword in schema:
                limit = schema[keyword]
                if isinstance(limit, bool) or not isinstance(limit, int | float):
                    raise Unsupported(keyword)
                lines += [f"        if x {bad} {limit!r}:", "            return False"]
        if not lines:
            return []
        return ["    if isinstance(x, (int, float)) and not isinstance(x, bool):", *lines]


def compile_schema(schema: Any) -> Check | None:
    """A function answering whether plain data is valid against ``schema``.

    It returns True or False exactly as ``jsonschema.Draft202012Validator(schema,
    format_checker=FORMAT_CHECKER).is_valid`` would, or None when it cannot tell. None
    instead of a function when the schema uses anything not supported.
    """
    compiler = _Compiler(schema)
    try:
        entry = compiler.function(schema, "#")
    except (Unsupported, re.error, TypeError, ValueError):
        return None
    namespace = compiler.namespace
    source = "\n".join(compiler.source + compiler.tables)
    exec(compile(source, "<indberet.read.fastschema>", "exec"), namespace)
    check: Callable[[Any], bool] = namespace[entry]

    def is_valid(instance: Any) -> bool | None:
        try:
            return check(instance)
        except (_Unsure, RecursionError):
            return None

    return is_valid
