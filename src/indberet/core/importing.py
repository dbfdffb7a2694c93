"""A field list from a spreadsheet made into a requirement set (``indberet import``).

Pure: rows of cells in (as :mod:`indberet.read.spreadsheet` reads them), the data of a
requirement set out (a dict in the order the YAML is written), with a note for everything
that was not carried over as it stood: columns not recognised, rows skipped and why, values
that could not be read, and every value guessed. A guessed value is named in ``assumed``
(of the set, or of the field), so that the outputs say it is an assumption.

Columns are matched by their headers, Danish and English and their usual variants, case-
and accent-insensitive ("Feltnavn", "FELT", "Field name" are all ``name``); ``columns``
(``--map COLUMN=KEY``) names the rest. The header is the row, among the first ones, that
names the most known columns; rows above it are a title.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from indberet.i18n import Text, text

# fmt: off
# The keys a column can give, each with the headers that name it (normalised: see
# ``normalise``). ``required`` is recognised but has no key in the format.
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "id": (
        "id", "felt id", "feltid", "field id", "fieldid", "variabelnavn", "variable name",
        "code name", "kortnavn", "short name", "key", "noegle", "teknisk navn",
        "technical name",
    ),
    "name": (
        "name", "navn", "felt", "feltnavn", "field", "field name", "fieldname", "variable",
        "variabel", "spoergsmaal", "question", "item", "data item", "oplysning",
        "dataelement", "data element", "betegnelse", "label", "titel", "title",
        "element", "element name", "data element name", "data item name", "item name",
        "field label", "question text", "variable label", "feltbetegnelse",
    ),
    "description": (
        "description", "beskrivelse", "feltbeskrivelse", "field description", "definition",
        "forklaring", "vejledning", "guidance", "notes", "note", "bemaerkning",
        "bemaerkninger", "kommentar", "comment", "indhold",
    ),
    "type": ("type", "datatype", "data type", "felttype", "field type", "format", "dataformat"),
    "minutes": (
        "minutes", "minutter", "min", "minutes per report", "minutter pr indberetning",
        "tidsforbrug", "tid", "time", "time minutes", "tid minutter", "tidsforbrug minutter",
        "estimated minutes", "burden minutes", "byrde minutter", "minutes to complete",
    ),
    "codes": (
        "codes", "code list", "codelist", "kodeliste", "koder", "vaerdier", "values",
        "valid values", "tilladte vaerdier", "svarmuligheder", "answer options", "options",
        "kategorier", "categories", "vaerdisaet", "value set", "udfaldsrum",
        "response options", "allowed values", "permitted values", "valid codes",
        "code values", "svarkategorier", "kodevaerdier",
    ),
    "mandated_by": (
        "mandated by", "mandated_by", "lovhjemmel", "hjemmel", "legal basis", "lovgrundlag",
        "retsgrundlag", "bestemmelse", "provision", "paragraf", "statutory basis",
        "legislation", "lov", "lovgivning", "statutory reference",
    ),
    "required": (
        "required", "obligatorisk", "krav", "mandatory", "paakraevet", "skal udfyldes",
        "optional", "valgfri", "obligatory",
    ),
    "applies_to": (
        "applies to", "applies_to", "andel", "andel af sager", "share", "share of cases",
        "andel af indberetninger", "udfyldes i", "hyppighed",
    ),
    "aspect": ("aspect", "aspekt", "art", "kind of data", "datatyp"),
    "registered_in": (
        "registered in", "registered_in", "register", "registre", "registreret i",
        "findes i register", "registers",
    ),
    "source": ("source", "kilde", "reference", "henvisning", "dokumentation"),
}
# Headers of a column that numbers the rows: left out, with a note.
_NUMBERING: Final = frozenset(
    {"nr", "no", "nummer", "felt nr", "feltnr", "field no", "field number", "item no",
     "loebenr", "loebenummer", "lbnr", "lb nr", "number"}
)
KEYS: Final = tuple(ALIASES)
IGNORE: Final = "ignore"  # --map COLUMN=ignore: leave the column out without a note
# Keys matched by a word of a longer header ("Tidsforbrug (min.)"), most telling first.
_CONTAINED_ORDER: Final = (
    "minutes", "codes", "mandated_by", "description", "registered_in", "applies_to",
    "required", "type", "aspect", "source", "id", "name",
)
_HEADER_ROWS: Final = 30  # the header is looked for among the first rows
_DANISH: Final = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})
_NO_WORDS: Final = frozenset(
    {"", "-", "–", "nej", "no", "n", "ingen", "none", "n/a", "na", "ikke relevant", "false", "0"}
)
_YES_WORDS: Final = frozenset({"ja", "yes", "j", "y", "x", "true", "1", "obligatorisk", "skal"})
_TYPES: Final[dict[str, str]] = {
    "code": "code", "kode": "code", "koder": "code", "kodeliste": "code", "codes": "code",
    "valg": "code", "choice": "code", "liste": "code", "list": "code", "enum": "code",
    "kategori": "code", "category": "code", "categorical": "code",
    "date": "date", "dato": "date", "datetime": "date", "tidspunkt": "date",
    "cpr": "cpr", "cpr nr": "cpr", "cprnr": "cpr", "cpr nummer": "cpr",
    "cvr": "cvr", "cvr nr": "cvr", "cvrnr": "cvr", "cvr nummer": "cvr",
    "text": "text", "tekst": "text", "fritekst": "text", "free text": "text",
    "string": "text", "streng": "text", "alfanumerisk": "text", "alphanumeric": "text",
    "number": "number", "tal": "number", "heltal": "number", "decimaltal": "number",
    "integer": "number", "int": "number", "decimal": "number", "numeric": "number",
    "numerisk": "number", "antal": "number", "beloeb": "number", "amount": "number",
    "bool": "bool", "boolean": "bool", "ja nej": "bool", "yes no": "bool", "j n": "bool",
    "y n": "bool", "flag": "bool", "afkrydsning": "bool", "checkbox": "bool",
    "id": "id", "identifikator": "id", "identifier": "id", "noegle": "id", "key": "id",
}
_ASPECTS: Final[dict[str, str]] = {
    "substance": "substance", "indhold": "substance", "sag": "substance",
    "process": "process", "proces": "process", "sagsbehandling": "process",
    "procesdata": "process",
}
# fmt: on
_RANGE: Final = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:-|–|—|til|to)\s*(\d+(?:[.,]\d+)?)\s*$")
_UNIT: Final = re.compile(r"\b(?:min|minutter|minut|minutes|minute|mins|ca|approx|c)\b\.?", re.I)
_LABELLED: Final = re.compile(r"^\s*([^=:]{1,40}?)\s*[=:]\s*(.+?)\s*$")
# Words of a header of minutes that say the figures are in another unit: minutes per unit.
_UNITS: Final = {
    "timer": 60.0, "hours": 60.0, "hour": 60.0, "hrs": 60.0,
    "sekunder": 1 / 60, "sekund": 1 / 60, "sek": 1 / 60, "seconds": 1 / 60, "sec": 1 / 60,
    "secs": 1 / 60,
}  # fmt: skip
_MAX_ID: Final = 80
_MAX_CODE: Final = 200
MAX_MINUTES: Final = 600.0


@dataclass(frozen=True)
class ImportOptions:
    """What the user says of the set (None: guess it, or leave it out)."""

    set_id: str | None = None
    name: str | None = None
    reports_per_year: int | None = None
    reporters: int | None = None
    tariff: float | None = None
    currency: str | None = None
    receiver: str | None = None
    legal_basis: str | None = None
    minutes: float | None = None  # minutes for a field that gives none (assumed)
    columns: Mapping[str, str] = field(default_factory=dict)  # header -> key (--map)
    file_stem: str = "felter"  # the spreadsheet's file name without its suffix
    source: str | None = None  # how the set names where it comes from


DEFAULT_MINUTES: Final = 1.0
"""Minutes written for a field whose list gives none: a placeholder, always marked
assumed (``--minutes`` chooses another)."""


@dataclass(frozen=True)
class Note:
    """Something not carried over as it stood: ``row`` and ``column`` (header) when it
    concerns one; ``text`` the message."""

    text: Text
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class Column:
    """One column of the header: its position (0-based), header and the key it gives."""

    index: int
    header: str
    key: str | None  # None: not recognised; IGNORE: left out on request
    how: str  # "header", "map", "none"


def minutes_per_unit(header: str) -> float:
    """How many minutes one of a column's figures is: 60 for "Tidsforbrug (timer)", 1/60
    for "Time (seconds)", else 1."""
    words = normalise(header).split()
    return next((_UNITS[w] for w in words if w in _UNITS), 1.0)


@dataclass(frozen=True)
class Imported:
    """The set's data (keys in the order they are written), the columns read, notes."""

    data: dict[str, Any]
    columns: tuple[Column, ...]
    header_row: int
    notes: tuple[Note, ...]
    rows_read: int
    comments: Mapping[str, str]  # set key -> a comment for its line


class ImportProblem(Exception):
    """The spreadsheet cannot be made into a requirement set: ``key`` and ``params``."""

    def __init__(self, message_key: str, /, **params: Any) -> None:
        super().__init__(message_key, params)
        self.key = message_key
        self.params = params


def normalise(header: str) -> str:
    """A header as compared: lower case, æ ø å as ae oe aa, accents dropped, words of
    letters and digits separated by single spaces."""
    folded = header.casefold().translate(_DANISH)
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    return " ".join(re.findall(r"[a-z0-9_]+", plain.replace("_", " ")))


_EXACT: Final = {normalise(alias): key for key, aliases in ALIASES.items() for alias in aliases}


def key_of_header(header: str) -> str | None:
    """The key a header names, if it is recognised."""
    words = normalise(header)
    if header.strip() in ("#", "№", "No.", "Nr."):
        return IGNORE
    if not words:
        return None
    if words in _NUMBERING:
        return IGNORE
    if words in _EXACT:
        return _EXACT[words]
    bare = normalise(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", header))  # "Tid (min.)"
    if bare in _EXACT:
        return _EXACT[bare]
    padded = f" {words} "
    for key in _CONTAINED_ORDER:
        for alias in ALIASES[key]:
            phrase = normalise(alias)
            if len(phrase) >= 4 and f" {phrase} " in padded:
                return key
    return None


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """``COLUMN=KEY`` items (``--map``) as header -> key; :class:`ImportProblem` when one
    is malformed or names no key."""
    chosen: dict[str, str] = {}
    for item in items:
        column, sep, key = item.rpartition("=")
        column, key = column.strip(), key.strip().lower()
        if not sep or not column or not key:
            raise ImportProblem("import.error.map_form", item=item)
        if key not in (*KEYS, IGNORE):
            raise ImportProblem(
                "import.error.map_key", item=item, key=key, keys=", ".join((*KEYS, IGNORE))
            )
        chosen[column] = key
    return chosen


def make_set(
    rows: Sequence[tuple[int, Sequence[object]]],
    options: ImportOptions,
    known_registers: frozenset[str] = frozenset(),
) -> Imported:
    """The requirement set the rows of a field list describe; see the module."""
    notes: list[Note] = []
    header_at, columns = _find_header(rows, options.columns)
    for column in columns:
        if column.key is None:
            notes.append(
                Note(
                    text("import.note.column_ignored", column=column.header, keys=", ".join(KEYS)),
                    column=column.header,
                )
            )
        elif column.key == "required":
            notes.append(
                Note(
                    text("import.note.column_required", column=column.header), column=column.header
                )
            )
        elif column.key == IGNORE and column.how == "header":
            notes.append(
                Note(text("import.note.column_number", column=column.header), column=column.header)
            )
    by_key: dict[str, Column] = {}
    for column in columns:
        if column.key is None or column.key == IGNORE:
            continue
        if column.key in by_key:
            first = by_key[column.key].header
            params = {"column": column.header, "key": column.key, "first": first}
            notes.append(Note(text("import.note.column_twice", **params), column=column.header))
            continue
        by_key[column.key] = column
    if "minutes" in by_key:
        scale = minutes_per_unit(by_key["minutes"].header)
        if scale != 1.0:
            unit = "hours" if scale > 1 else "seconds"
            header = by_key["minutes"].header
            notes.append(Note(text(f"import.note.minutes_in_{unit}", column=header), column=header))
    title = _title(rows, header_at)
    fields, rows_read = _fields(rows, header_at, by_key, options, known_registers, notes)
    if not fields:
        raise ImportProblem("import.error.no_fields", row=rows[header_at][0])
    data, comments = _set_data(options, title, fields, "minutes" in by_key, "type" in by_key, notes)
    return Imported(data, tuple(columns), rows[header_at][0], tuple(notes), rows_read, comments)


# --- the header ---------------------------------------------------------------------------


def _find_header(
    rows: Sequence[tuple[int, Sequence[object]]], mapping: Mapping[str, str]
) -> tuple[int, list[Column]]:
    """The position of the header row among ``rows`` and its columns."""
    wanted = {normalise(column): key for column, key in mapping.items()}
    best: tuple[int, int] | None = None  # (known columns, position)
    for position, (_, cells) in enumerate(rows[:_HEADER_ROWS]):
        headers = [_text(c) or "" for c in cells]
        keys = [wanted.get(normalise(h)) or key_of_header(h) for h in headers]
        if "name" not in keys and "id" not in keys:
            continue  # no column names the fields (a variable's name counts: see _fields)
        known = sum(1 for k in keys if k is not None)
        if best is None or known > best[0]:
            best = (known, position)
    if best is None:
        seen = [
            h
            for _, cells in rows[:_HEADER_ROWS]
            for h in (_text(c) for c in cells)
            if h and key_of_header(h) is not None
        ]
        raise ImportProblem(
            "import.error.no_header",
            rows=_HEADER_ROWS,
            found=", ".join(dict.fromkeys(seen)) or "-",
        )
    position = best[1]
    cells = rows[position][1]
    columns: list[Column] = []
    used: set[str] = set()
    for index, cell in enumerate(cells):
        header = _text(cell)
        if header is None:
            continue
        chosen = wanted.get(normalise(header))
        if chosen is not None:
            used.add(normalise(header))
            columns.append(Column(index, header, chosen, "map"))
        else:
            found = key_of_header(header)
            columns.append(Column(index, header, found, "none" if found is None else "header"))
    missing = [column for column in mapping if normalise(column) not in used]
    if missing:
        raise ImportProblem(
            "import.error.map_column",
            column=missing[0],
            columns=", ".join(c.header for c in columns),
        )
    return position, columns


def _title(rows: Sequence[tuple[int, Sequence[object]]], header_at: int) -> str | None:
    """The first text above the header (a title row, often merged across the columns)."""
    for _, cells in rows[:header_at]:
        for cell in cells:
            words = _text(cell)
            if words:
                return words
    return None


# --- the fields ---------------------------------------------------------------------------


def _fields(
    rows: Sequence[tuple[int, Sequence[object]]],
    header_at: int,
    by_key: Mapping[str, Column],
    options: ImportOptions,
    known_registers: frozenset[str],
    notes: list[Note],
) -> tuple[list[dict[str, Any]], int]:
    header_cells = [_text(c) for c in rows[header_at][1]]
    scale = minutes_per_unit(by_key["minutes"].header) if "minutes" in by_key else 1.0
    fields: list[dict[str, Any]] = []
    ids: set[str] = set()
    blank: list[int] = []
    read = 0
    for number, cells in rows[header_at + 1 :]:
        values = {key: _cell(cells, column.index) for key, column in by_key.items()}
        if all(_text(c) is None for c in cells):
            blank.append(number)
            continue
        read += 1
        if [_text(c) for c in cells] == header_cells:
            notes.append(Note(text("import.note.row_header_again", row=number), row=number))
            continue
        # Without a column of names, a column of variable names ("Variabelnavn") names them.
        name = _text(values.get("name")) or _text(values.get("id"))
        if name is None:
            notes.append(Note(text("import.note.row_no_name", row=number), row=number))
            continue
        fields.append(_field(number, name, values, options, known_registers, ids, notes, scale))
    if blank:
        notes.append(Note(text("import.note.rows_blank", count=len(blank), rows=_spans(blank))))
    return fields, read


def _field(
    row: int,
    name: str,
    values: Mapping[str, object],
    options: ImportOptions,
    known_registers: frozenset[str],
    ids: set[str],
    notes: list[Note],
    scale: float = 1.0,
) -> dict[str, Any]:
    item: dict[str, Any] = {}
    assumed: list[str] = []
    given_id = _text(values.get("id"))
    base = slug(given_id or name) or f"felt-{row}"
    unique = _unique(base, ids)
    if given_id is not None and unique != given_id:
        notes.append(Note(text("import.note.id_made", row=row, given=given_id, id=unique), row=row))
    elif given_id is None and unique != base:
        notes.append(Note(text("import.note.id_twice", row=row, base=base, id=unique), row=row))
    item["id"] = unique
    item["name"] = name
    description = _text(values.get("description"))
    if description is not None:
        item["description"] = description
    kind = _text(values.get("type"))
    inline_codes: str | None = None
    if kind is not None:
        known, inline_codes = _type_of(kind)
        if known is None:
            params = {"row": row, "value": kind, "types": ", ".join(sorted(set(_TYPES.values())))}
            notes.append(Note(text("import.note.type_unknown", **params), row=row))
        else:
            item["type"] = known
    aspect = _text(values.get("aspect"))
    if aspect is not None:
        known_aspect = _ASPECTS.get(normalise(aspect))
        if known_aspect is None:
            notes.append(Note(text("import.note.aspect_unknown", row=row, value=aspect), row=row))
        else:
            item["aspect"] = known_aspect
    codes = _codes(values.get("codes"), row, notes)
    if not codes and inline_codes is not None and item.get("type") == "code":
        codes = _codes(inline_codes, row, notes)  # "Kode: 1=Misbrug, 2=Vold"
    if codes:
        item["codes"] = codes
        if item.get("type") not in (None, "code"):
            params = {"row": row, "type": item.pop("type")}
            notes.append(Note(text("import.note.type_with_codes", **params), row=row))
    if "codes" not in item and "type" not in item:  # the format needs one of them
        item["type"] = "text"
        if "type" in values:  # the set's `assumed` says it when there is no such column
            assumed.append("type")
            notes.append(Note(text("import.note.type_missing", row=row), row=row))
    minutes = _minutes(values.get("minutes"), row, "minutes" in values, notes, scale)
    if minutes is None:
        minutes = _tidy(options.minutes if options.minutes is not None else DEFAULT_MINUTES)
        if "minutes" in values:  # the set's `assumed` says it when there is no such column
            assumed.append("minutes")
    item["minutes"] = minutes
    share = _share(values.get("applies_to"), row, notes)
    if share is not None:
        item["applies_to"] = share
    provision = _text(values.get("mandated_by"))
    if provision is not None and normalise(provision) not in _NO_WORDS:
        item["mandated_by"] = provision
    registers = _registers(values.get("registered_in"), row, known_registers, notes)
    if registers:
        item["registered_in"] = registers
    source = _text(values.get("source"))
    if source is not None:
        item["source"] = source
    if assumed:
        item["assumed"] = assumed
    return item


def _type_of(kind: str) -> tuple[str | None, str | None]:
    """The format's type for a type cell, and what follows a colon after a type word.

    A length or format in brackets is left aside ("Tekst(10)", "Dato (ÅÅÅÅ-MM-DD)"), and a
    code list may follow the word ("Kode: 1=Misbrug, 2=Vold")."""
    known = _TYPES.get(normalise(kind))
    if known is not None:
        return known, None
    head, colon, rest = kind.partition(":")
    known = _TYPES.get(normalise(re.sub(r"\(.*?\)|\[.*?\]", " ", head)))
    return known, (rest.strip() or None) if colon else None


def slug(words: str) -> str:
    """An identifier made from a name: lower case, æ ø å as ae oe aa, accents dropped,
    other characters as '_' (at most 80 characters); empty when nothing is left."""
    folded = words.casefold().translate(_DANISH)
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    made = re.sub(r"[^a-z0-9-]+", "_", plain).strip("_-")
    made = re.sub(r"_+", "_", made)
    return made[:_MAX_ID].rstrip("_-")


def _unique(base: str, ids: set[str]) -> str:
    candidate, number = base, 2
    while candidate in ids:
        suffix = f"_{number}"
        candidate = base[: _MAX_ID - len(suffix)] + suffix
        number += 1
    ids.add(candidate)
    return candidate


def _codes(value: object, row: int, notes: list[Note]) -> list[Any]:
    """A code list: one code a line, or separated by ';' (or ',' when neither is used);
    ``CODE = LABEL`` / ``CODE: LABEL`` items keep their label."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [_text(value)]
    words = _text(value)
    if words is None:
        return []
    if "\n" in words:
        items = words.split("\n")
    elif ";" in words:
        items = words.split(";")
    else:
        items = words.split(",")
    items = [i.strip() for i in items if i.strip()]
    labelled = [_LABELLED.match(i) for i in items]
    codes: list[Any] = []
    seen: set[str] = set()
    for item, match in zip(items, labelled, strict=True):
        code = match.group(1).strip() if match and all(labelled) else item
        if len(code) > _MAX_CODE or code in seen:
            key = "import.note.code_long" if code not in seen else "import.note.code_twice"
            notes.append(Note(text(key, row=row, code=code[:40]), row=row))
            continue
        seen.add(code)
        if match and all(labelled):
            codes.append({"code": code, "label": match.group(2).strip()})
        else:
            codes.append(code)
    return codes


def _number(words: str) -> float | None:
    """A number written the Danish way (2,5) or the English (2.5); None if it is not one."""
    cleaned = words.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _minutes(value: object, row: int, column: bool, notes: list[Note], scale: float = 1.0) -> Any:
    """Minutes as a number or a [low, high] range (figures times ``scale``, the minutes
    per unit of the column); None (with a note) when missing or unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if column:
            notes.append(Note(text("import.note.minutes_missing", row=row), row=row))
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        found: Any = None
    elif isinstance(value, int | float):
        found = float(value) if math.isfinite(value) else None
    else:
        words = _UNIT.sub(" ", value).strip()
        ranged = _RANGE.match(words)
        if ranged:
            low, high = _number(ranged.group(1)), _number(ranged.group(2))
            found = [low, high] if low is not None and high is not None and low <= high else None
        else:
            found = _number(words)
    if found is not None and scale != 1.0:
        found = [v * scale for v in found] if isinstance(found, list) else found * scale
    values = found if isinstance(found, list) else [found]
    if found is None or any(v is None or not 0 <= v <= MAX_MINUTES for v in values):
        shown = _text(value) or ""
        notes.append(Note(text("import.note.minutes_unreadable", row=row, value=shown), row=row))
        return None
    if isinstance(found, list):
        return [_tidy(v) for v in found]
    return _tidy(found)


def _share(value: object, row: int, notes: list[Note]) -> float | None:
    """A share of the reports: 0.8, 0,8, 80% or 80 (read as per cent)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number: float | None = float(value)
    else:
        words = value.strip() if isinstance(value, str) else ""
        if not words:
            return None
        percent = words.endswith("%")
        number = _number(words.rstrip("%"))
        if number is not None and percent:
            number /= 100
    if number is not None and 1 < number <= 100:
        number /= 100
    if number is None or not 0 <= number <= 1:
        shown = _text(value) or ""
        notes.append(Note(text("import.note.share_unreadable", row=row, value=shown), row=row))
        return None
    return _tidy(number)


def _registers(value: object, row: int, known: frozenset[str], notes: list[Note]) -> list[str]:
    words = _text(value)
    if words is None or normalise(words) in _NO_WORDS:
        return []
    found: list[str] = []
    for item in re.split(r"[;,\n]", words):
        name = item.strip()
        if not name:
            continue
        register = slug(name)
        if register in known:
            if register not in found:
                found.append(register)
        else:
            params = {"row": row, "value": name, "known": ", ".join(sorted(known))}
            notes.append(Note(text("import.note.register_unknown", **params), row=row))
    return found


# --- the set ------------------------------------------------------------------------------


def _assumed_for_set(key: str, fields: list[dict[str, Any]], assumed: list[str]) -> None:
    """When every field says ``key`` is assumed, the set says it once instead."""
    if not all(key in f.get("assumed", ()) for f in fields):
        return
    assumed.append(key)
    for item in fields:
        item["assumed"].remove(key)
        if not item["assumed"]:
            del item["assumed"]


def _set_data(
    options: ImportOptions,
    title: str | None,
    fields: list[dict[str, Any]],
    minutes_column: bool,
    type_column: bool,
    notes: list[Note],
) -> tuple[dict[str, Any], dict[str, str]]:
    data: dict[str, Any] = {"indberet": 1}
    comments: dict[str, str] = {}
    assumed: list[str] = []
    set_id = slug(options.set_id) if options.set_id else slug(options.file_stem)
    if options.set_id is not None and set_id != options.set_id:
        notes.append(Note(text("import.note.set_id_made", given=options.set_id, id=set_id)))
    data["id"] = set_id or "kravsaet"
    if options.name is not None:
        data["name"] = options.name
    elif title is not None:
        data["name"] = title
        notes.append(Note(text("import.note.name_from_title", name=title)))
    else:
        data["name"] = options.file_stem or data["id"]
        assumed.append("name")
        notes.append(Note(text("import.note.name_from_file", name=data["name"])))
    for key in ("receiver", "legal_basis"):
        given = getattr(options, key)
        if given is not None:
            data[key] = given
    if options.reporters is not None:
        data["reporters"] = options.reporters
    if options.reports_per_year is not None:
        data["reports_per_year"] = options.reports_per_year
    else:
        data["reports_per_year"] = 0
        assumed.append("reports_per_year")
        comments["reports_per_year"] = "import.comment.reports_per_year"
        notes.append(Note(text("import.note.reports_per_year")))
    if options.currency is not None:
        data["currency"] = options.currency
    if options.tariff is not None:
        data["tariff"] = _tidy(options.tariff)
    if options.source is not None:
        data["source"] = options.source
    data["uses_researched"] = False
    comments["uses_researched"] = "import.comment.uses_researched"
    if not minutes_column:
        assumed.append("minutes")
        written = options.minutes if options.minutes is not None else DEFAULT_MINUTES
        notes.append(Note(text("import.note.no_minutes_column", minutes=_tidy(written))))
    else:
        _assumed_for_set("minutes", fields, assumed)
    if not type_column:
        typed = sum(1 for f in fields if "codes" not in f)
        if typed:
            assumed.append("type")
            notes.append(Note(text("import.note.no_type_column", count=typed)))
    else:
        _assumed_for_set("type", fields, assumed)
    if assumed:
        data["assumed"] = assumed
    data["fields"] = fields
    return data, comments


# --- cells --------------------------------------------------------------------------------


def _cell(cells: Sequence[object], index: int) -> object:
    return cells[index] if index < len(cells) else None


def _text(value: object) -> str | None:
    """A cell as text, stripped; None when empty. Whole numbers lose their ``.0``; dates
    are written YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        words = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        words = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date | dt.time):
        words = value.isoformat()
    else:
        words = str(value)
    words = words.replace("\r\n", "\n").replace("\r", "\n").strip().strip("\u00a0").strip()
    return words or None


def _tidy(number: float) -> float | int:
    """A whole number as an int (2, not 2.0), else rounded to 6 decimals."""
    rounded = round(float(number), 6)
    return int(rounded) if rounded.is_integer() else rounded


def _spans(numbers: Sequence[int]) -> str:
    """Row numbers as spans: 3, 7-9, 12."""
    spans: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        spans.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(spans)
