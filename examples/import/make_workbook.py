"""Write the field list of felter.csv as an Excel workbook, the way people keep one.

    python3 examples/import/make_workbook.py felter.xlsx

The sheet "Felter" has a title merged across the columns, a note under it, the headers in
row 3, minutes as numbers (and one as text, "2-3"), the blank row and the row without a
name of the CSV; a second sheet "Noter" holds a note. `indberet import felter.xlsx` reads
the same fields as from felter.csv. Needs openpyxl (installed with indberet).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).parent


def number_or_text(cell: str) -> str | float:
    """A number written the Danish way ("0,5") as a number; anything else as text."""
    try:
        return float(cell.replace(",", "."))
    except ValueError:
        return cell


def main(target: str) -> None:
    with open(HERE / "felter.csv", encoding="cp1252", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    title, header, *fields = rows
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Felter"
    sheet.append([title[0]])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Udarbejdet af kontoret; tallene er illustrative."])
    sheet.append(header)
    minutes = header.index("Tidsforbrug (min.)")
    for row in fields:
        values: list[str | float | None] = [cell or None for cell in row]
        if row[minutes]:
            values[minutes] = number_or_text(row[minutes])
        sheet.append(values)
    notes = book.create_sheet("Noter")
    notes.append(["Feltlisten opdateres hvert år inden 1. marts."])
    book.save(target)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "felter.xlsx")
