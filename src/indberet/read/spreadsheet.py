"""Spreadsheets in: the rows of a field list kept as a CSV file or an Excel workbook.

A CSV file is read as Danish Excel writes it as well as the usual way: the separator is a
semicolon, a comma or a tab (whichever the first lines use most), the text UTF-8 (with or
without a byte-order mark) or else Windows-1252, the encoding of "CSV (semikolonsepareret)"
on a Danish Windows. A workbook (``.xlsx``, ``.xlsm``) is read with openpyxl in read-only
mode, values as Excel last calculated them; the first sheet unless another is named.

Cells are given as found (text, numbers, dates, booleans, None); what they mean is for
:mod:`indberet.core.importing` to decide. Problems are a :class:`SpreadsheetError` with a
message key and its parameters (see :mod:`indberet.i18n`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass
from typing import Final

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | None

MAX_BYTES: Final = 64 * 1024 * 1024  # a field list is small; refuse what surely is not one
CSV_SUFFIXES: Final = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")
_SEPARATORS: Final = (";", ",", "\t")
_SNIFF_LINES: Final = 20


class SpreadsheetError(Exception):
    """The spreadsheet cannot be read. ``key`` and ``params`` are the message."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Table:
    """The rows of one sheet: (row number as the spreadsheet shows it, cells)."""

    path: str
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    kind: str  # "csv" or "xlsx"
    encoding: str | None = None  # CSV: the encoding read
    separator: str | None = None  # CSV: the separator read
    sheet: str | None = None  # workbook: the sheet read
    sheets: tuple[str, ...] = ()  # workbook: every sheet


def read_table(path: str, sheet: str | None = None) -> Table:
    """The rows of the CSV file or workbook at ``path`` (``sheet``: its name, workbooks only)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        if suffix == ".xls":
            raise SpreadsheetError("import.read.xls", path=path)
        raise SpreadsheetError("import.read.suffix", path=path, suffix=suffix or "-")
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        raise SpreadsheetError("import.read.missing", path=path) from None
    except OSError as error:
        raise SpreadsheetError("import.read.unreadable", path=path, reason=_reason(error)) from None
    if os.path.isdir(path):
        raise SpreadsheetError("import.read.directory", path=path)
    if size > MAX_BYTES:
        raise SpreadsheetError("import.read.too_large", path=path, mb=str(MAX_BYTES >> 20))
    if suffix in XLSX_SUFFIXES:
        return _read_workbook(path, sheet)
    if sheet is not None:
        raise SpreadsheetError("import.read.sheet_csv", path=path)
    try:
        with open(path, "rb") as stream:
            raw = stream.read()
    except OSError as error:
        raise SpreadsheetError("import.read.unreadable", path=path, reason=_reason(error)) from None
    return read_csv_bytes(path, raw)


def read_csv_bytes(path: str, raw: bytes) -> Table:
    """The rows of CSV text: its encoding and separator found out (see the module)."""
    if not raw.strip():
        raise SpreadsheetError("import.read.empty", path=path)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _utf16(path, raw)
    elif b"\x00" in raw:
        raise SpreadsheetError("import.read.binary", path=path)
    elif raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            # Danish Excel's "CSV (semikolonsepareret)": Windows-1252; what it cannot
            # decode (five unused bytes) is read as Latin-1, which decodes every byte.
            text, encoding = raw.decode("cp1252", errors="replace"), "cp1252"
    separator = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    try:
        for number, cells in enumerate(reader, start=1):  # as Excel numbers its rows
            rows.append((number, tuple(cells)))
    except csv.Error as error:
        line = str(reader.line_num)
        raise SpreadsheetError("import.read.csv", path=path, line=line, reason=str(error)) from None
    return Table(path, tuple(rows), "csv", encoding=encoding, separator=separator)


def _utf16(path: str, raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("utf-16"), "utf-16"
    except UnicodeDecodeError:
        raise SpreadsheetError("import.read.binary", path=path) from None


def _separator(text: str) -> str:
    """The separator the first lines use most (outside quotes); a semicolon on a tie."""
    counts = dict.fromkeys(_SEPARATORS, 0)
    quoted = False
    lines = 0
    for character in text:
        if character == '"':
            quoted = not quoted
        elif character == "\n" and not quoted:
            lines += 1
            if lines >= _SNIFF_LINES:
                break
        elif character in counts and not quoted:
            counts[character] += 1
    return max(_SEPARATORS, key=lambda s: counts[s])  # first of the most: ';' wins ties


def _read_workbook(path: str, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError):
        raise SpreadsheetError("import.read.not_xlsx", path=path) from None
    except OSError as error:
        raise SpreadsheetError("import.read.unreadable", path=path, reason=_reason(error)) from None
    try:
        names = tuple(workbook.sheetnames)
        if sheet is None:
            chosen = names[0] if names else None
        else:
            chosen = next((n for n in names if n == sheet), None)
            if chosen is None:
                chosen = next((n for n in names if n.casefold() == sheet.casefold()), None)
            if chosen is None and sheet.isdigit() and 1 <= int(sheet) <= len(names):
                chosen = names[int(sheet) - 1]
        if chosen is None:
            raise SpreadsheetError(
                "import.read.no_sheet", path=path, sheet=sheet or "", sheets=", ".join(names)
            )
        worksheet = workbook[chosen]
        rows: list[tuple[int, tuple[Cell, ...]]] = []
        for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
            rows.append((number, tuple(_cell(v) for v in values)))
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError):
        raise SpreadsheetError("import.read.not_xlsx", path=path) from None
    finally:
        workbook.close()
    return Table(path, tuple(rows), "xlsx", sheet=chosen, sheets=names)


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.time):
        return value
    return str(value)


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
