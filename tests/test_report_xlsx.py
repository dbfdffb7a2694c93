"""The Excel report cell by cell: every property the workbook promises, read back.

Two workbooks: the examples with a plan, and hostile text (formula-like names, control
characters, characters XML cannot hold) beside statistics in three currencies. Each is
read back with openpyxl and checked against the promises of :mod:`indberet.render.xlsx`
(numbers as numbers with their formats, text always inert, bold header with fill and
wrap, title fonts, frozen panes, autofilter, landscape A4 fitted to the width, header rows
repeated on print, footer with sheet name and page) and against a golden description of
every cell and sheet setting, so that a change to how the workbook is written keeps them.
"""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path
from typing import Any

from indberet.render import safe
from tests.conftest import FIXTURES, ROOT, TESTS, check_golden, run_cli
from tests.test_escaping import HOSTILE as CONTROLS

GOLDEN = TESTS / "golden" / "report"
AS_OF = "2026-11-26"
TITLE_FONTS: dict[int, tuple[bool, float | None]] = {1: (True, 14.0), 2: (True, None)}


def _workbook(tmp_path: Path, source: str, *args: str, cwd: Path = ROOT) -> Path:
    out = tmp_path / "r.xlsx"
    run = run_cli("report", source, "--as-of", AS_OF, "-o", str(out), *args, cwd=cwd)
    assert run.code == 0, run.stderr
    return out


def _mixed(tmp_path: Path) -> str:
    """Hostile and control-character text beside sets in three currencies, in the folder
    ``sets`` of ``tmp_path`` (a path the workbook shows)."""
    folder = tmp_path / "sets"
    folder.mkdir()
    (folder / "ond.yaml").write_text(CONTROLS, encoding="utf-8")
    shutil.copy(FIXTURES / "report" / "hostile.yaml", folder / "hostile.yaml")
    for name in ("afcars.yaml", "dk.yaml", "ssda903.yaml"):
        shutil.copy(FIXTURES / "currency" / name, folder / name)
    return "sets"


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _cell(cell: Any) -> list[Any]:
    font, fill, align = cell.font, cell.fill, cell.alignment
    return [
        cell.coordinate,
        cell.data_type,
        cell.number_format,
        [bool(font.b), bool(font.i), font.sz],
        [fill.fill_type, fill.fgColor.rgb if fill.fill_type else None],
        [bool(align.wrap_text), align.vertical],
        bool(cell.quotePrefix),
        _value(cell.value),
    ]


def _sheet(sheet: Any) -> dict[str, Any]:
    footer = sheet.oddFooter
    setup = sheet.page_setup
    return {
        "title": sheet.title,
        "freeze_panes": sheet.freeze_panes,
        "auto_filter": sheet.auto_filter.ref,
        "page": [setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight],
        "fit_to_page": sheet.sheet_properties.pageSetUpPr.fitToPage,
        "print_titles": [sheet.print_title_rows, sheet.print_title_cols],
        "footer": [footer.left.text, footer.center.text, footer.right.text],
        "widths": {
            key: dimension.width
            for key, dimension in sorted(sheet.column_dimensions.items())
            if dimension.customWidth
        },
        "cells": [
            _cell(cell)
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None or cell.has_style
        ],
    }


def _read(path: Path) -> Any:
    import openpyxl

    return openpyxl.load_workbook(path)


def describe(path: Path) -> str:
    """Every property of the workbook at ``path`` that the report sets, as text: one line
    per sheet setting and per cell, so that a difference names the cell."""
    workbook = _read(path)
    properties = workbook.properties
    lines = [json.dumps([properties.title, properties.creator, properties.language])]
    for sheet in workbook.worksheets:
        described = _sheet(sheet)
        cells = described.pop("cells")
        lines.append(json.dumps(described, ensure_ascii=False))
        lines += [json.dumps(cell, ensure_ascii=False) for cell in cells]
    return "\n".join(lines) + "\n"


def _check_promises(path: Path) -> None:
    """What every sheet of every report workbook keeps."""
    workbook = _read(path)
    names = [name.lower() for name in workbook.sheetnames]
    assert len(set(names)) == len(names)
    for sheet in workbook.worksheets:
        top = int(sheet.print_title_rows.split(":")[0].lstrip("$"))
        assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith(str(top + 1))
        assert sheet.auto_filter.ref.startswith(f"A{top}:")
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9)
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.oddFooter.left.text, sheet.oddFooter.right.text) == ("&A", "&P/&N")
        for row, (bold, size) in TITLE_FONTS.items():
            assert (sheet.cell(row, 1).font.b, sheet.cell(row, 1).font.sz) == (bold, size)
        header = [cell for cell in sheet[top] if cell.value is not None]
        assert len(header) >= 8
        for cell in header:
            assert cell.font.b and cell.fill.fill_type == "solid" and cell.alignment.wrap_text
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    assert bool(cell.quotePrefix) == safe.formula_like(cell.value), cell.value
                    assert cell.value == safe.visible(cell.value, keep="\t\n")
                elif isinstance(cell.value, int | float) and cell.row > top:
                    assert cell.number_format != "General", (sheet.title, cell.coordinate)


def test_examples_workbook_keeps_every_property(tmp_path: Path) -> None:
    out = _workbook(tmp_path, "examples", "--lang", "en", "--target", "44%")
    _check_promises(out)
    check_golden(describe(out), GOLDEN / "report.en.xlsx.txt")


def test_hostile_workbook_in_three_currencies_keeps_every_property(tmp_path: Path) -> None:
    out = _workbook(tmp_path, _mixed(tmp_path), "--lang", "da", "--target", "10%", cwd=tmp_path)
    _check_promises(out)
    text = describe(out)
    for currency in ("GBP", "USD", "DKK"):
        assert f'"{currency}"' in text
    for inert in ("=1+2", " \\t=2+3", "\\\\x0bd\\\\x00e"):
        assert inert in text, inert
    check_golden(text, GOLDEN / "report.mixed.da.xlsx.txt")


def test_workbook_without_a_plan_keeps_every_property(tmp_path: Path) -> None:
    out = _workbook(tmp_path, "examples", "--lang", "da")
    _check_promises(out)
    assert [sheet.title for sheet in _read(out).worksheets][:2] == ["Oversigt", "anbringelser"]
