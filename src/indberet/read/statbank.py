"""Usage evidence from Statistikbanken: saved table metadata plus a mapping to fields.

Statistics Denmark's Statistikbanken answers ``POST https://api.statbank.dk/v1/tableinfo``
(``{"table": "UND1"}``) with the metadata of one table as JSON: ``id``, ``text`` (the
title), ``unit``, ``updated`` (the time of the last update, ``2025-08-11T08:00:00``) and
``variables``, each with ``id``, ``text``, ``elimination``, ``time`` and ``values``
(``[{"id": ..., "text": ...}]``); other keys (``description``, ``contacts``,
``documentation``, ``footnote``, ...) are ignored here. indberet never calls the API: the
responses are saved to files beforehand.

A mapping file (YAML, ``indberet: 1``) names those files, relative to itself, and says
which field of the catalogue each published variable (dimension) of a table comes from::

    indberet: 1
    tableinfo: [UND1.json]
    tables:
      UND1:
        variables:
          ADMKOM: dk-underretninger.admkom
          ALDER1: [dk-underretninger.cpr, dk-underretninger.ufoedt]
          Tid: dk-underretninger.modt_dato
          KØN: []            # published, but from no field of the catalogue

Each table becomes, for every field it publishes, one use of kind ``publication`` (or the
table's ``kind``) by the consumer ``Statistikbanken <TABLE>`` (or the table's
``consumer``), dated by the table's last update, its product naming the table, its title
and the dimensions the field feeds.

Rules, decided here once:

* A problem in the mapping has the mapping's path, line and column; a problem in a saved
  response has the JSON file's path, the line and column of a syntax error, or the JSON
  path (``$.variables[2].id``) of a value of the wrong shape.
* Errors (IND050 a response that is not tableinfo JSON; IND051 a mapping that names a
  table no file holds, a variable the table does not have, or a field the catalogue does
  not have) leave the evidence unused. A variable of a table that the mapping leaves out,
  and a saved response no table entry uses, are notes (IND052); a table updated after
  the audit date is reported and not counted (IND053), as a usage log's later rows are.
* A missing, unreadable, too large or non-UTF-8 file is an input problem (IND001, IND002,
  IND007, IND003).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

from indberet.diagnostics import Diagnostic, Location, Severity
from indberet.i18n import Text, text
from indberet.model import Use, UseKind
from indberet.read import schema
from indberet.read.yamlsource import MAX_FILE_BYTES, Document, decode, parse

KIND: Final = "statbank-mapping"
"""The file kind of a mapping (``indberet schema statbank-mapping``)."""
CONSUMER: Final = "Statistikbanken {table}"
"""The consumer of a table's uses when the mapping names none."""

_BAD_JSON: Final = "IND050"
_BAD_MAPPING: Final = "IND051"
_UNMAPPED: Final = "IND052"
_FUTURE: Final = "IND053"
_MARK: Final = re.compile(rb"^(?:\xef\xbb\xbf)?[\"']?tableinfo[\"']?[ \t]*:", re.MULTILINE)
_STAMP: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9:.]+Z?)?")

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Variable:
    """One variable (dimension) of a table."""

    id: str
    text: str
    time: bool = False
    elimination: bool = False
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TableInfo:
    """The metadata of one Statistikbanken table, as its tableinfo response gives it."""

    id: str
    text: str
    unit: str
    updated: dt.date
    variables: tuple[Variable, ...]
    path: str

    def variable(self, variable_id: str) -> Variable | None:
        """The variable ``variable_id``, if the table has it."""
        return next((v for v in self.variables if v.id == variable_id), None)


@dataclass
class Evidence:
    """What one mapping file gives: uses per (set, field), and the problems found."""

    path: str
    uses: dict[tuple[str, str], list[Use]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    tables: list[TableInfo] = field(default_factory=list)

    @property
    def has_input_errors(self) -> bool:
        """Whether a file could not be read at all."""
        return any(d.severity is Severity.INPUT for d in self.diagnostics)

    @property
    def has_errors(self) -> bool:
        """Whether anything but notes and warnings was found."""
        return any(d.severity is not Severity.WARNING for d in self.diagnostics)


def is_mapping(raw: bytes) -> bool:
    """Whether a YAML file's bytes have the top-level ``tableinfo:`` key of a mapping."""
    return _MARK.search(raw) is not None


def is_mapping_file(path: str) -> bool:
    """Whether the YAML file at ``path`` is a Statistikbanken mapping (False if unreadable)."""
    if not path.lower().endswith((".yaml", ".yml")) or not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as handle:
            return is_mapping(handle.read(MAX_FILE_BYTES))
    except OSError:
        return False


def tableinfo_paths(path: str) -> list[str]:
    """The tableinfo files a mapping names (best effort; [] when it cannot be read)."""
    raw, problem = _read_bytes(path)
    if raw is None or problem is not None:
        return []
    source, _ = decode(path, raw)
    document, problems = parse(path, source) if source is not None else (None, [])
    if document is None or problems or not isinstance(document.data, dict):
        return []
    names = document.data.get("tableinfo")
    if not isinstance(names, list):
        return []
    return [_beside(path, name) for name in names if isinstance(name, str)]


# --- tableinfo responses ------------------------------------------------------------------


def read_tableinfo(path: str) -> tuple[TableInfo | None, list[Diagnostic]]:
    """The table described by the saved tableinfo response at ``path``, or its problems."""
    raw, problem = _read_bytes(path)
    if problem is not None or raw is None:
        return None, [problem] if problem else []
    source, problem = decode(path, raw)
    if problem is not None or source is None:
        return None, [problem] if problem else []
    try:
        data = json.loads(source)
    except json.JSONDecodeError as error:
        location = Location(path, error.lineno, error.colno)
        return None, [
            Diagnostic(_BAD_JSON, "statbank.json_syntax", location, {"detail": error.msg})
        ]
    except RecursionError:
        return None, [_shape(path, (), "statbank.json_deep", {})]
    try:
        return _table(path, data), []
    except _Shape as problem_found:
        return None, [problem_found.diagnostic]


class _Shape(Exception):
    """A value of a tableinfo response has the wrong shape."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.key)
        self.diagnostic = diagnostic


def _shape(path: str, where: JsonPath, key: str, params: dict[str, Any]) -> Diagnostic:
    return Diagnostic(_BAD_JSON, key, Location(path), {**params, "where": json_path(where)})


def json_path(where: JsonPath) -> str:
    """``("variables", 2, "id")`` as ``$.variables[2].id``."""
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in where)


def _need(path: str, data: Any, where: JsonPath, kind: type, expected: str) -> Any:
    """``data``, when it is of ``kind`` (text: not empty); ``expected`` names the kind."""
    empty = isinstance(data, str) and not data.strip()
    if not isinstance(data, kind) or (kind is str and empty):
        params = {"expected": text(f"statbank.json.{expected}"), "found": _json_kind(data)}
        raise _Shape(_shape(path, where, "statbank.json_type", params))
    return data


def _json_kind(data: Any) -> Text | str:
    """What a JSON value is, in JSON's words."""
    if data is None or isinstance(data, bool):
        return json.dumps(data)
    if isinstance(data, int | float):
        return text("statbank.json.number")
    if isinstance(data, str):
        return text("statbank.json.text" if data.strip() else "statbank.json.empty")
    return text("statbank.json.list" if isinstance(data, list) else "statbank.json.object")


def _member(path: str, data: dict[str, Any], where: JsonPath, key: str) -> Any:
    if key not in data:
        raise _Shape(_shape(path, where, "statbank.json_missing", {"key": key}))
    return data[key]


def _table(path: str, data: Any) -> TableInfo:
    _need(path, data, (), dict, "object")
    if "errorTypeCode" in data:  # the API's answer to a bad request, saved by mistake
        message = str(data.get("message", data["errorTypeCode"]))
        raise _Shape(_shape(path, (), "statbank.json_error", {"message": message}))
    strings = {}
    for key in ("id", "text", "unit", "updated"):
        strings[key] = _need(path, _member(path, data, (), key), (key,), str, "text")
    stamp = strings["updated"].strip()
    day = _date(stamp)
    if day is None:
        raise _Shape(_shape(path, ("updated",), "statbank.json_updated", {"value": stamp}))
    listed = _need(path, _member(path, data, (), "variables"), ("variables",), list, "list")
    variables = tuple(
        _variable(path, item, ("variables", index)) for index, item in enumerate(listed)
    )
    seen: set[str] = set()
    for index, variable in enumerate(variables):
        if variable.id in seen:
            where: JsonPath = ("variables", index, "id")
            raise _Shape(_shape(path, where, "statbank.json_duplicate", {"variable": variable.id}))
        seen.add(variable.id)
    return TableInfo(
        strings["id"].strip(), strings["text"].strip(), strings["unit"], day, variables, path
    )


def _date(stamp: str) -> dt.date | None:
    if not _STAMP.fullmatch(stamp):
        return None
    try:
        return dt.date.fromisoformat(stamp[:10])
    except ValueError:
        return None


def _variable(path: str, data: Any, where: JsonPath) -> Variable:
    _need(path, data, where, dict, "object")
    variable_id = _need(path, _member(path, data, where, "id"), (*where, "id"), str, "text")
    label = _need(path, _member(path, data, where, "text"), (*where, "text"), str, "text")
    flags = {}
    for key in ("time", "elimination"):
        value = data.get(key, False)
        flags[key] = _need(path, value, (*where, key), bool, "bool")
    listed = _need(path, _member(path, data, where, "values"), (*where, "values"), list, "list")
    values = []
    for index, item in enumerate(listed):
        at = (*where, "values", index)
        _need(path, item, at, dict, "object")
        code = _member(path, item, at, "id")
        label_of = _member(path, item, at, "text")
        values.append(
            (
                _need(path, code, (*at, "id"), str, "text"),
                _need(path, label_of, (*at, "text"), str, "text"),
            )
        )
    return Variable(variable_id, label, flags["time"], flags["elimination"], tuple(values))


# --- the mapping --------------------------------------------------------------------------


def read_mapping(
    path: str, known_fields: Mapping[str, set[str]] | None, as_of: dt.date
) -> Evidence:
    """The uses a mapping file and the tableinfo files it names give.

    ``known_fields`` maps each set id of the catalogue to its field ids (None: not
    checked); ``as_of`` is the audit date.
    """
    evidence = Evidence(path)
    raw, problem = _read_bytes(path)
    if problem is not None or raw is None:
        evidence.diagnostics.extend([problem] if problem else [])
        return evidence
    source, problem = decode(path, raw)
    if problem is not None or source is None:
        evidence.diagnostics.extend([problem] if problem else [])
        return evidence
    document, problems = parse(path, source)
    if document is None or problems:
        evidence.diagnostics.extend(problems)
        return evidence
    found = schema.validate(document, KIND)
    if found:
        evidence.diagnostics.extend(found)
        return evidence
    _Reading(document, known_fields, as_of, evidence).read()
    evidence.diagnostics.sort(key=Diagnostic.sort_key)
    return evidence


@dataclass
class _Reading:
    """One valid mapping document being turned into uses."""

    document: Document
    known: Mapping[str, set[str]] | None
    as_of: dt.date
    evidence: Evidence

    def problem(
        self,
        where: tuple[str | int, ...],
        key: str,
        params: dict[str, Any],
        code: str = _BAD_MAPPING,
        severity: Severity = Severity.ERROR,
        *,
        hint_key: str | None = None,
        hint: dict[str, Any] | None = None,
    ) -> None:
        location = self.document.location(where, key=True)
        shown = text(hint_key, **(hint or {})) if hint_key else None
        self.evidence.diagnostics.append(Diagnostic(code, key, location, params, severity, shown))

    def read(self) -> None:
        data: dict[str, Any] = self.document.data
        tables = self.tables(data["tableinfo"])
        used: set[str] = set()
        for table_id, entry in data["tables"].items():
            table = tables.get(table_id)
            if table is None:
                self.no_table(table_id, sorted(tables))
                continue
            used.add(table_id)
            self.table(table, entry)
        for table_id, table in sorted(tables.items()):
            if table_id not in used:
                params = {"table": table_id, "file": table.path}
                self.problem(
                    ("tableinfo",), "statbank.table_unmapped", params, _UNMAPPED, Severity.WARNING
                )

    def tables(self, names: Sequence[str]) -> dict[str, TableInfo]:
        found: dict[str, TableInfo] = {}
        for index, name in enumerate(names):
            target = _beside(self.evidence.path, name)
            table, problems = read_tableinfo(target)
            if problems:
                where = self.document.location(("tableinfo", index))
                self.evidence.diagnostics.extend(_from_mapping(p, where) for p in problems)
                continue
            assert table is not None
            if table.id in found:
                params = {"table": table.id, "file": target, "other": found[table.id].path}
                self.problem(("tableinfo", index), "statbank.table_twice", params)
                continue
            found[table.id] = table
            self.evidence.tables.append(table)
        return found

    def no_table(self, table_id: str, known: list[str]) -> None:
        match = difflib.get_close_matches(table_id, known, n=1, cutoff=0.6)
        params = {"table": table_id, "known": ", ".join(known) or "-"}
        hint_key = "statbank.no_table.hint" if match else "statbank.no_table.hint_list"
        hint = {"suggestion": match[0]} if match else params
        self.problem(
            ("tables", table_id), "statbank.no_table", params, hint_key=hint_key, hint=hint
        )

    def table(self, table: TableInfo, entry: dict[str, Any]) -> None:
        where = ("tables", table.id)
        variables: dict[str, Any] = entry["variables"]
        fed = self.dimensions(table, variables, where)
        for variable in table.variables:
            if variable.id not in variables:
                params = {"table": table.id, "variable": variable.id, "text": variable.text}
                key = "statbank.variable_unmapped"
                self.problem((*where, "variables"), key, params, _UNMAPPED, Severity.WARNING)
        if table.updated > self.as_of:
            params = {"table": table.id, "date": table.updated.isoformat()}
            params["as_of"] = self.as_of.isoformat()
            self.problem(where, "statbank.future", params, _FUTURE, Severity.WARNING)
            return
        consumer = str(entry.get("consumer") or CONSUMER.format(table=table.id))
        kind = cast(UseKind, entry.get("kind", "publication"))  # the schema allows no other
        for pair, (line, named) in fed.items():
            described = ", ".join(f"{v.id} ({v.text})" for v in named)
            use = Use(
                consumer=consumer,
                kind=kind,
                product=f"{table.id}: {table.text} [{described}]",
                last_used=table.updated,
                location=Location(self.evidence.path, line, 1),
            )
            self.evidence.uses.setdefault(pair, []).append(use)

    def dimensions(
        self, table: TableInfo, variables: dict[str, Any], where: tuple[str, str]
    ) -> dict[tuple[str, str], tuple[int, list[Variable]]]:
        """Each field the table's mapped variables come from: the line of its first mention
        in the mapping, and those variables in the mapping's order."""
        fed: dict[tuple[str, str], tuple[int, list[Variable]]] = {}
        for variable_id, refs in variables.items():
            at = (*where, "variables", variable_id)
            variable = table.variable(variable_id)
            if variable is None:
                self.no_variable(table, variable_id, at)
                continue
            for index, ref in enumerate([refs] if isinstance(refs, str) else refs):
                spot = at if isinstance(refs, str) else (*at, index)
                pair = self.field(ref, spot)
                if pair is None:
                    continue
                _, named = fed.setdefault(pair, (self.document.location(spot).line, []))
                if variable not in named:
                    named.append(variable)
        return fed

    def no_variable(self, table: TableInfo, variable_id: str, at: tuple[str | int, ...]) -> None:
        known = [v.id for v in table.variables]
        match = difflib.get_close_matches(variable_id, known, n=1, cutoff=0.5)
        params = {"table": table.id, "variable": variable_id, "known": ", ".join(known)}
        hint_key = "statbank.no_variable.hint" if match else "statbank.no_variable.hint_list"
        hint = {"suggestion": match[0]} if match else params
        self.problem(at, "statbank.no_variable", params, hint_key=hint_key, hint=hint)

    def field(self, ref: str, at: tuple[str | int, ...]) -> tuple[str, str] | None:
        set_id, _, field_id = ref.partition(".")
        known = self.known
        if known is None:
            return set_id, field_id
        fields = known.get(set_id)
        if fields is None:
            candidates = sorted(known)
            match = difflib.get_close_matches(set_id, candidates, n=1, cutoff=0.6)
            params = {"set": set_id, "known": ", ".join(candidates) or "-"}
            self.problem_value(at, "statbank.unknown_set", params, match)
            return None
        if field_id not in fields:
            candidates = sorted(fields)
            match = difflib.get_close_matches(field_id, candidates, n=1, cutoff=0.6)
            shown = ", ".join(candidates[:12]) + (", ..." if len(candidates) > 12 else "")
            params = {"set": set_id, "field": field_id, "known": shown}
            self.problem_value(at, "statbank.unknown_field", params, match)
            return None
        return set_id, field_id

    def problem_value(
        self, at: tuple[str | int, ...], key: str, params: dict[str, Any], match: list[str]
    ) -> None:
        hint = (
            text(key + ".hint", suggestion=match[0])
            if match
            else text(key + ".hint_list", **params)
        )
        location = self.document.location(at)
        self.evidence.diagnostics.append(
            Diagnostic(_BAD_MAPPING, key, location, params, Severity.ERROR, hint)
        )


def _from_mapping(problem: Diagnostic, named_at: Location) -> Diagnostic:
    """A tableinfo file's problem; a file that cannot be found is located in the mapping."""
    if problem.code == "IND001":
        params = {**problem.params, "file": problem.location.path}
        return Diagnostic("IND001", "statbank.missing", named_at, params, Severity.INPUT)
    return problem


def _beside(mapping: str, name: str) -> str:
    """``name`` relative to the folder of the mapping file (an absolute name as it is)."""
    return os.path.normpath(os.path.join(os.path.dirname(mapping), name))


def _read_bytes(path: str) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of the file at ``path``, or why they cannot be read."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            limits = {"size": size // 2**20, "limit": MAX_FILE_BYTES // 2**20}
            return None, Diagnostic(
                "IND007", "input.too_large", Location(path), limits, Severity.INPUT
            )
        with open(path, "rb") as handle:
            return handle.read(), None
    except FileNotFoundError:
        return None, Diagnostic("IND001", "input.missing", Location(path), {}, Severity.INPUT)
    except OSError as error:
        reason = error.strerror or str(error)
        return None, Diagnostic(
            "IND002", "input.unreadable", Location(path), {"reason": reason}, Severity.INPUT
        )
