"""`indberet import`: spreadsheets written by someone else made into requirement sets.

The workbooks are made with openpyxl here, the CSV files written as Danish Excel saves
them (semicolons, decimal commas, Windows-1252, CRLF); every test runs the real command and
reads back what it wrote with the real `validate` and `audit`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

import indberet
from indberet.core.importing import (
    ImportOptions,
    ImportProblem,
    key_of_header,
    make_set,
    normalise,
    parse_mapping,
    slug,
)
from indberet.render.requirement_yaml import requirement_set, scalar
from tests.conftest import EXAMPLES, ROOT, run_cli, run_process

FELTER_CSV = EXAMPLES / "import" / "felter.csv"


def workbook(path: Path, rows: list[list[object]], *, title: str | None = None) -> Path:
    """A workbook as people make them: a bold title merged across the columns, a note,
    then the rows; a second sheet with notes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Felter"
    if title is not None:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        sheet.append(["Senest opdateret af kontoret"])
    for row in rows:
        sheet.append(row)
    book.create_sheet("Noter").append(["Intet her"])
    book.save(path)
    return path


def danish_csv(path: Path, lines: list[str]) -> Path:
    """A CSV file as Danish Excel saves it: ';', Windows-1252, CRLF."""
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


HEADERS: list[object] = [
    "Løbenr.", "FELTNAVN", "Feltbeskrivelse", "Type", "Minutter", "Svarmuligheder", "Hjemmel",
    "Obligatorisk (J/N)", "Kontaktperson", "Sidst ændret",
]  # fmt: skip
OTHERS_WORKBOOK: list[list[object]] = [
    HEADERS,
    [1, "Barnets CPR-nummer", "Personnummer", "cpr-nr", "0,2", None, None, "J", "AB",
     dt.date(2024, 1, 5)],
    [2, "Anbringelsesgrundlag", None, "Kode", 0.5, "1 = Samtykke\n2 = Uden samtykke",
     "Barnets lov § 46", "J", "AB", None],
    [None, None, None, None, None, None, None, None, None, None],
    [3, "Anbringelsessted", "Hvor barnet er anbragt", "kodeliste", "1",
     "plejefamilie; institution; eget værelse", None, "J", None, None],
    [4, None, "et felt uden navn", "tekst", 2, None, None, None, None, None],
    [5, "Dato for anbringelse", None, "dato", " 1,5 ", None, None, "J", None, None],
    [6, "Bemærkning", None, "fritekst", "ca. 5 min", None, None, "N", None, None],
    [7, "Anbringelsessted", "Igen, ved en fejl", "tekst", "en del", None, None, "N", None, None],
]  # fmt: skip


def imported(path: Path, *args: str, into: Path | None = None) -> tuple[dict[str, object], str]:
    """Run `indberet import PATH ARGS -o OUT` (OUT: out.yaml in ``into``, else beside PATH),
    check it validates, and give the set and what was said on standard error."""
    out = (into or path.parent) / "out.yaml"
    done = run_cli("import", str(path), "-o", str(out), "--lang", "en", *args)
    assert done.code == 0, done.stderr
    assert done.stdout == ""
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    valid = run_cli("validate", str(out))
    assert valid.code == 0, valid.stdout
    return data, done.stderr


def fields(data: dict[str, object]) -> dict[str, dict[str, object]]:
    items = data["fields"]
    assert isinstance(items, list)
    return {item["id"]: item for item in items}


def test_a_workbook_someone_else_wrote_becomes_a_set_that_validates_and_audits(
    tmp_path: Path,
) -> None:
    book = workbook(tmp_path / "Anbringelser 2024.xlsx", OTHERS_WORKBOOK, title="Anbringelser")
    data, said = imported(book, "--reports-per-year", "12000", "--reporters", "98")
    assert data["name"] == "Anbringelser"  # the merged title above the headers
    assert data["id"] == "anbringelser_2024"
    assert data["reports_per_year"] == 12000 and "assumed" not in data
    found = fields(data)
    assert list(found) == [
        "barnets_cpr-nummer",
        "anbringelsesgrundlag",
        "anbringelsessted",
        "dato_for_anbringelse",
        "bemaerkning",
        "anbringelsessted_2",
    ]
    assert found["barnets_cpr-nummer"] == {
        "id": "barnets_cpr-nummer",
        "name": "Barnets CPR-nummer",
        "description": "Personnummer",
        "type": "cpr",
        "minutes": 0.2,  # "0,2" as text: a Danish decimal comma
    }
    assert found["anbringelsesgrundlag"]["codes"] == [
        {"code": "1", "label": "Samtykke"},
        {"code": "2", "label": "Uden samtykke"},
    ]
    assert found["anbringelsesgrundlag"]["mandated_by"] == "Barnets lov § 46"
    assert found["anbringelsessted"]["codes"] == ["plejefamilie", "institution", "eget værelse"]
    assert found["dato_for_anbringelse"]["minutes"] == 1.5
    assert found["bemaerkning"]["minutes"] == 5 and found["bemaerkning"]["type"] == "text"
    assert found["anbringelsessted_2"]["assumed"] == ["minutes"]  # "en del" is no number
    # what was not carried over, with the row numbers the spreadsheet shows (header: row 3)
    assert "headers in row 3; 6 fields from 7 rows" in said
    assert "column 'Kontaktperson': not recognised, left out" in said
    assert "column 'Sidst ændret': not recognised" in said
    assert "column 'Løbenr.' numbers the rows" in said
    assert "column 'Obligatorisk (J/N)' (required or not)" in said
    assert "1 blank row skipped: 6" in said
    assert "row 8: skipped: no field name" in said
    assert "row 11: 'en del' is not a number of minutes" in said
    assert "row 11: the id 'anbringelsessted' is taken by an earlier row" in said
    audit = run_cli("audit", str(tmp_path / "out.yaml"), "--format", "json")
    assert audit.code == 0, audit.stderr
    report = json.loads(audit.stdout)
    assert report["summary"]["fields_before"] == 6
    assert report["summary"]["fields_removed"] == 0  # no uses recorded, none researched


def test_the_sheet_can_be_chosen_and_a_missing_one_is_named(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Forside"
    first.append(["Dette ark er en forside"])
    second = book.create_sheet("Felter")
    second.append(["Felt", "Minutter", "Type"])
    second.append(["Barnets alder", 0.3, "tal"])
    book.save(tmp_path / "liste.xlsx")
    data, _ = imported(tmp_path / "liste.xlsx", "--sheet", "felter")  # case-insensitive
    assert fields(data)["barnets_alder"]["type"] == "number"
    data, _ = imported(tmp_path / "liste.xlsx", "--sheet", "2")
    assert list(fields(data)) == ["barnets_alder"]
    missing = run_cli("import", str(tmp_path / "liste.xlsx"), "--sheet", "Ark3", "--lang", "en")
    assert missing.code == 2
    assert "no sheet 'Ark3'; the sheets are: Forside, Felter" in missing.stderr
    nothing = run_cli("import", str(tmp_path / "liste.xlsx"), "--lang", "en")  # the first sheet
    assert nothing.code == 2
    assert "no row of column headers with a column of field names" in nothing.stderr
    assert "Traceback" not in nothing.stderr


def test_semicolon_csv_in_windows_1252_with_decimal_commas(tmp_path: Path) -> None:
    csv_file = danish_csv(
        tmp_path / "felter.csv",
        [
            "Feltnavn;Beskrivelse;Tidsforbrug;Kodeliste;Lovhjemmel",
            'Årsag til underretning;Den primære årsag;2,5;"vold;misbrug;mistrivsel";',
            "Underretters kategori;Hvem;0,75;skole;Barnets lov § 133",
            "Særlige forhold;;1-2,5;;",
        ],
    )
    assert not _is_utf8(csv_file.read_bytes())
    data, said = imported(csv_file, "--reports-per-year", "152700")
    found = fields(data)
    assert found["aarsag_til_underretning"]["minutes"] == 2.5
    assert found["aarsag_til_underretning"]["description"] == "Den primære årsag"
    assert found["aarsag_til_underretning"]["codes"] == ["vold", "misbrug", "mistrivsel"]
    assert found["underretters_kategori"]["minutes"] == 0.75
    assert found["underretters_kategori"]["mandated_by"] == "Barnets lov § 133"
    assert found["saerlige_forhold"]["minutes"] == [1, 2.5]
    # no type column: the fields without codes are text, and the set says it is assumed
    assert found["saerlige_forhold"]["type"] == "text"
    assert data["assumed"] == ["name", "type"]
    assert "no column of types: 1 field without a code list is written as text" in said


def test_utf8_with_a_byte_order_mark_and_commas(tmp_path: Path) -> None:
    csv_file = tmp_path / "fields.csv"
    csv_file.write_bytes(
        "\ufeffField name,Description,Data type,Minutes\n"
        'Child\'s sex,"Sex, as registered",code,0.2\n'
        "Date of birth,,date,0.1\n".encode()
    )
    data, _ = imported(csv_file, "--reports-per-year", "83000", "--currency", "GBP",
                       "--tariff", "28.5")  # fmt: skip
    assert list(fields(data)) == ["child_s_sex", "date_of_birth"]
    assert fields(data)["child_s_sex"]["description"] == "Sex, as registered"
    assert data["currency"] == "GBP" and data["tariff"] == 28.5
    audit = run_cli("audit", str(tmp_path / "out.yaml"), "--format", "json")
    assert audit.code == 0 and "GBP" in audit.stdout


def test_map_reads_a_column_the_headers_do_not_name(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "liste.xlsx",
        [
            ["Oplysning", "Udfyldningstid", "Format", "Ansvarlig"],
            ["Barnets alder", 0.4, "tal", "Kontor A"],
            ["Barnets køn", 0.2, "kode", "Kontor B"],
        ],
    )
    data, said = imported(book)
    assert "column 'Udfyldningstid': not recognised, left out" in said
    assert "--map 'Udfyldningstid=KEY'" in said
    assert fields(data)["barnets_alder"]["minutes"] == 1  # the default, and said to be assumed
    assert data["assumed"] == ["name", "reports_per_year", "minutes"]
    data, said = imported(book, "--map", "udfyldningstid=minutes", "--map", "Ansvarlig=ignore",
                          "--minutes", "2")  # fmt: skip
    assert fields(data)["barnets_alder"]["minutes"] == 0.4
    assert fields(data)["barnets_koen"]["minutes"] == 0.2
    assert data["assumed"] == ["name", "reports_per_year"]
    assert "Udfyldningstid" not in said.split("->")[-1] and "Ansvarlig" not in said
    assert "column 'Udfyldningstid' -> minutes" in said


def test_a_bad_map_is_a_usage_error(tmp_path: Path) -> None:
    book = workbook(tmp_path / "liste.xlsx", [["Felt", "Minutter"], ["Alder", 1]])
    no_key = run_cli("import", str(book), "--map", "Minutter=minuter", "--lang", "en")
    assert no_key.code == 2 and "'minuter' is not a key; choose one of id, name" in no_key.stderr
    no_form = run_cli("import", str(book), "--map", "Minutter", "--lang", "en")
    assert no_form.code == 2 and "write it as HEADER=KEY" in no_form.stderr
    no_column = run_cli("import", str(book), "--map", "Tid=minutes", "--lang", "en")
    assert no_column.code == 2
    assert "--map names the column 'Tid', which the header row does not have" in no_column.stderr


def test_every_guess_is_marked_assumed_and_named_by_the_audit(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "liste.xlsx",
        [["Felt", "Minutter", "Type"], ["Alder", 1, "tal"], ["Køn", None, "kode"]],
    )
    data, said = imported(book)
    assert data["assumed"] == ["name", "reports_per_year"]
    assert data["reports_per_year"] == 0
    assert fields(data)["koen"]["assumed"] == ["minutes"]
    assert "row 3: no minutes given" in said
    assert "reports_per_year is not known: 0 written and marked assumed" in said
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "reports_per_year: 0  # assumed:" in text
    audit = run_cli("audit", str(tmp_path / "out.yaml"), "--format", "table")
    assert audit.code == 0
    assert "assumed, not from a source: name (liste); reports_per_year (liste)" in audit.stdout
    assert "minutes of 1 field (liste)" in audit.stdout


def test_the_report_goes_to_a_file_and_the_set_to_standard_output(tmp_path: Path) -> None:
    book = workbook(tmp_path / "liste.xlsx", [["Felt", "Minutter", "Noget"], ["Alder", 1, "x"]])
    report = tmp_path / "rapport.txt"
    done = run_cli("import", str(book), "--report", str(report), "--lang", "en", "--name", "Liste")
    assert done.code == 0
    assert yaml.safe_load(done.stdout)["name"] == "Liste"
    said = report.read_text(encoding="utf-8")
    assert "column 'Noget': not recognised" in said
    assert "column 'Noget'" not in done.stderr and "wrote the import report to" in done.stderr


def test_danish_messages(tmp_path: Path) -> None:
    book = workbook(tmp_path / "liste.xlsx", [["Felt", "Minutter", "Noget"], ["Alder", 1, "x"]])
    done = run_cli("import", str(book), "--lang", "da")
    assert done.code == 0
    assert "kolonnen 'Noget': ikke genkendt, udeladt" in done.stderr
    assert "# Importeret fra liste.xlsx (Felter) med `indberet import`." in done.stdout


def test_an_input_is_never_overwritten_and_nothing_invalid_is_written(tmp_path: Path) -> None:
    book = workbook(tmp_path / "liste.xlsx", [["Felt", "Minutter", "Hjemmel"], ["Alder", 1, "x"]])
    before = book.read_bytes()
    same = run_cli("import", str(book), "-o", str(book), "--lang", "en")
    assert same.code == 2 and "that is the spreadsheet being imported" in same.stderr
    assert book.read_bytes() == before
    # a name longer than the format allows: the set would be invalid, so nothing is
    # written, and the problem is named where it is
    long = workbook(tmp_path / "lang.xlsx", [["Felt", "Minutter"], ["A" * 10001, 1]])
    out = tmp_path / "out.yaml"
    refused = run_cli("import", str(long), "-o", str(out), "--lang", "en")
    assert refused.code == 2, refused.stderr
    assert "would not be valid (1 problem); nothing was written" in refused.stderr
    assert "IND020" in refused.stderr
    assert not out.exists()
    assert refused.stdout == ""


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("list.xls", b"\xd0\xcf\x11\xe0", "the old Excel format (.xls) is not read"),
        ("list.xlsx", b"not a zip file", "not an Excel workbook (.xlsx), or a damaged one"),
        ("list.csv", b"", "the file is empty"),
        ("list.csv", b"Felt;Minutter\x00\x01", "not CSV text"),
        ("list.ods", b"x", "'.ods' is not a spreadsheet indberet reads"),
        ("list.csv", b"Kolonne A;Kolonne B\r\n1;2\r\n", "no row of column headers"),
        ("list.csv", b"Felt;Minutter\r\n;;\r\n", "no field below the headers in row 1"),
    ],
)
def test_what_cannot_be_read_is_said_with_exit_2(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    done = run_cli("import", str(path), "--lang", "en")
    assert done.code == 2
    assert words in done.stderr and "Traceback" not in done.stderr
    missing = run_cli("import", str(tmp_path / "none.csv"), "--lang", "en")
    assert missing.code == 2 and "no such file" in missing.stderr


def test_bad_set_values_are_usage_errors(tmp_path: Path) -> None:
    book = workbook(tmp_path / "liste.xlsx", [["Felt", "Minutter"], ["Alder", 1]])
    for args, words in [
        (("--id", "Mit Sæt"), "--id 'Mit Sæt': an id is lowercase"),
        (("--currency", "kr"), "--currency 'kr': give an ISO 4217 code"),
        (("--tariff", "0"), "--tariff 0.0: an hourly tariff above 0"),
        (("--minutes", "900"), "--minutes 900.0: from 0 to 600"),
    ]:
        done = run_cli("import", str(book), *args, "--lang", "en")
        assert done.code == 2 and words in done.stderr, (args, done.stderr)


def test_the_bundled_example_is_a_danish_excel_csv_and_imports(tmp_path: Path) -> None:
    raw = FELTER_CSV.read_bytes()
    assert not _is_utf8(raw) and b"\r\n" in raw and b";" in raw.splitlines()[1]
    data, said = imported(FELTER_CSV, "--reports-per-year", "152700", into=tmp_path)
    found = fields(data)
    assert len(found) == 8
    assert found["aarsag_til_underretning"]["minutes"] == 1.5
    assert found["underretters_kategori"]["mandated_by"] == "Barnets lov § 133"
    assert "row 11: skipped: no field name" in said


def test_the_example_workbook_script_gives_the_same_set_as_the_csv(tmp_path: Path) -> None:
    script = ROOT / "examples" / "import" / "make_workbook.py"
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "felter.xlsx")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    from_book, said = imported(tmp_path / "felter.xlsx", "--reports-per-year", "152700")
    (tmp_path / "csv").mkdir()
    from_csv, _ = imported(FELTER_CSV, "--reports-per-year", "152700", into=tmp_path / "csv")
    assert from_book.pop("source") == "felter.xlsx (Felter)"
    assert from_csv.pop("source") == "felter.csv"
    assert from_book == from_csv
    assert "headers in row 3" in said


def test_as_a_process_the_output_is_the_yaml_alone(tmp_path: Path) -> None:
    done = run_process("import", str(FELTER_CSV), "--id", "underretninger")
    assert done.code == 0
    assert yaml.safe_load(done.stdout)["id"] == "underretninger"
    assert done.stdout.startswith("# Imported from felter.csv")
    assert "column 'Ansvarlig enhed': not recognised" in done.stderr


def test_the_python_api(tmp_path: Path) -> None:
    result = indberet.import_fields(FELTER_CSV, columns={"Ansvarlig enhed": "ignore"},
                                    reports_per_year=152700)  # fmt: skip
    assert result.fields == 8 and result.header_row == 2
    assert ("Feltnavn", "name") in result.columns
    assert not any("Ansvarlig" in note for note in result.notes)
    assert yaml.safe_load(result.yaml) == result.data
    assert result.to_dict()["set"]["id"] == "felter"
    assert repr(result) == "ImportResult(id='felter', fields=8, notes=6)"
    with pytest.raises(indberet.IndberetError) as caught:
        indberet.import_fields(tmp_path / "none.csv")
    assert caught.value.kind == "spreadsheet"
    with pytest.raises(indberet.IndberetError) as caught:
        indberet.import_fields(FELTER_CSV, columns=["Feltnavn"])
    assert caught.value.kind == "argument"


# --- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Feltnavn", "name"),
        ("FELT", "name"),
        ("Field name", "name"),
        ("Variable", "name"),
        ("Navn på feltet", "name"),
        ("Spørgsmål", "name"),
        ("Beskrivelse", "description"),
        ("Beskrivelse af feltet", "description"),
        ("Datatype", "type"),
        ("Minutter", "minutes"),
        ("Tidsforbrug (min.)", "minutes"),
        ("Minutes per report", "minutes"),
        ("Kodeliste", "codes"),
        ("Værdier", "codes"),
        ("VAERDIER", "codes"),
        ("Lovhjemmel", "mandated_by"),
        ("Legal basis", "mandated_by"),
        ("Obligatorisk", "required"),
        ("Andel af sager", "applies_to"),
        ("Registreret i", "registered_in"),
        ("Felt-ID", "id"),
        ("Nr.", "ignore"),
        ("Kontaktperson", None),
        ("", None),
    ],
)
def test_headers_danish_and_english(header: str, key: str | None) -> None:
    assert key_of_header(header) == key


def test_names_become_identifiers() -> None:
    assert normalise(" Tidsforbrug  (MIN.) ") == "tidsforbrug min"
    assert slug("Årsag til underretning") == "aarsag_til_underretning"
    assert slug("Barnets bopælskommune") == "barnets_bopaelskommune"
    assert slug("Crème brûlée – ½") == "creme_brulee_1_2"
    assert slug("§§§") == ""
    assert len(slug("a" * 200)) == 80


def test_rows_with_names_that_make_no_identifier_and_repeated_headers() -> None:
    rows = [
        (1, ("Felt", "Minutter", "Type")),
        (2, ("§§", "1", "tekst")),
        (3, ("Felt", "Minutter", "Type")),  # the header repeated on a printed page
        (4, ("Alder", "0,5", "heltal")),
        (5, ("Alder", "1", "tal")),
    ]
    made = make_set(rows, ImportOptions(reports_per_year=10))
    ids = [item["id"] for item in made.data["fields"]]
    assert ids == ["felt-2", "alder", "alder_2"]
    words = [note.text.key for note in made.notes]
    assert "import.note.row_header_again" in words and "import.note.id_twice" in words


def test_parse_mapping() -> None:
    assert parse_mapping(["Tid (min.)=minutes", " A = ignore "]) == {
        "Tid (min.)": "minutes",
        "A": "ignore",
    }
    with pytest.raises(ImportProblem):
        parse_mapping(["=minutes"])


@pytest.mark.parametrize(
    "value",
    ["ja", "no", "010", "1.5", "a: b", "- x", "#x", " x", "x ", "null", "~", "2024-01-01",
     "line\nbreak", "tab\there", "\x1b[31m", "é", "'q'", '"q"', "@x", "x #y", "y\u2028z"],
)  # fmt: skip
def test_text_written_reads_back_as_written(value: str) -> None:
    assert yaml.safe_load(f"key: {scalar(value)}") == {"key": value}


def test_the_yaml_reads_back_as_the_data() -> None:
    data = {
        "indberet": 1,
        "id": "x",
        "name": "Ja",
        "reports_per_year": 0,
        "fields": [
            {"id": "a", "name": "no", "minutes": 0.00001, "codes": ["1", "ja", "a b"]},
            {"id": "b", "name": "B", "minutes": [1, 2.5], "codes": [{"code": "1", "label": "x"}]},
        ],
    }
    assert yaml.safe_load(requirement_set(data, header=["a", "b"])) == data


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Getting a catalogue in: `import` and `init`")
    return text[start : text.index("\n## ", start + 1)]


def test_the_readme_commands_run_as_written(tmp_path: Path) -> None:
    """Every ```sh block of the README's section, in order, by bash from a folder holding
    the examples (as the root of the repository does); the ```text block is what the first
    command says on standard error."""
    import re
    import shutil

    shutil.copytree(EXAMPLES / "import", tmp_path / "examples" / "import")
    blocks = re.findall(r"```(\w+)\n(.*?)```", readme_section(), re.S)
    scripts = [body for kind, body in blocks if kind == "sh"]
    assert len(scripts) == 4
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]}
    env["INDBERET_LANG"] = "en"
    said = ""
    for script in scripts:
        done = subprocess.run(
            ["bash", "-e", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, (script, done.stdout, done.stderr)
        said = said or done.stderr
    (shown,) = [body for kind, body in blocks if kind == "text"]
    for line in shown.splitlines():
        if "..." not in line:
            assert line in said.splitlines(), line
        else:
            assert re.search(re.escape(line).replace(re.escape("..."), ".*"), said), line
    assert (tmp_path / "underretninger.yaml").exists() and (tmp_path / "felter.yaml").exists()
    assert (tmp_path / "my-catalogue" / "indberet.toml").exists()


def test_the_report_and_the_set_are_not_one_file(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    done = run_cli("import", str(FELTER_CSV), "-o", str(out), "--report", str(out), "--lang", "en")
    assert done.code == 2 and "that is the file the set is written to" in done.stderr
    assert not out.exists()


def test_an_english_field_list(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "elements.xlsx",
        [
            ["#", "Element Name", "Description", "Data Type", "Response options",
             "Statutory reference", "Est. minutes"],
            [1, "Date of removal", "Date the child was removed", "Date", None,
             "45 CFR 1355.44(d)(1)", "0.3"],
            [2, "Removal reason", None, "code", "Neglect\nPhysical abuse", None, 0.5],
        ],
        title="AFCARS foster care elements",
    )  # fmt: skip
    data, said = imported(book, "--reports-per-year", "600000", "--currency", "USD",
                          "--tariff", "40")  # fmt: skip
    found = fields(data)
    assert found["date_of_removal"]["mandated_by"] == "45 CFR 1355.44(d)(1)"
    assert found["date_of_removal"]["minutes"] == 0.3
    assert found["removal_reason"]["codes"] == ["Neglect", "Physical abuse"]
    assert data["name"] == "AFCARS foster care elements"
    assert "not recognised" not in said


def test_a_column_of_hours_or_seconds_is_written_in_minutes(tmp_path: Path) -> None:
    hours = danish_csv(tmp_path / "timer.csv", ["Felt;Tidsforbrug (timer);Type", "Alder;0,1;tal"])
    data, said = imported(hours)
    assert fields(data)["alder"]["minutes"] == 6
    assert "column 'Tidsforbrug (timer)' gives hours" in said
    seconds = danish_csv(tmp_path / "sek.csv", ["Felt;Time (seconds);Type", "Alder;30-45;tal"])
    data, said = imported(seconds)
    assert fields(data)["alder"]["minutes"] == [0.5, 0.75]
    assert "column 'Time (seconds)' gives seconds" in said
    assert key_of_header("Time (seconds)") == "minutes"


@pytest.mark.parametrize(
    ("header", "scale"),
    [("Tidsforbrug (timer)", 60), ("Hours", 60), ("Tid (sek.)", 1 / 60), ("Minutter", 1),
     ("Minutter (s. 4 i vejledningen)", 1), ("Tid (t)", 1)],
)  # fmt: skip
def test_the_unit_of_a_column_of_minutes(header: str, scale: float) -> None:
    from indberet.core.importing import minutes_per_unit

    assert minutes_per_unit(header) == scale


def test_a_list_of_variables_with_types_as_statistics_offices_write_them(tmp_path: Path) -> None:
    """Statistics Denmark's variable lists: 'Variabelnavn' names the fields (no other name
    column), the type cell carries a length or format in brackets, and a code list may
    follow the type word after a colon."""
    rows: list[list[object]] = [
        ["Nr.", "Variabelnavn", "Forklaring", "Format", "Tidsforbrug (min.)"],
        [1, "Dato for afgørelse", "Afgørelsesdato", "Dato (ÅÅÅÅ-MM-DD)", "2"],
        [2, "Bemærkning", "Fritekst", "Tekst(10)", "1,5"],
        [3, "Årsag", "Hovedårsag", "Kode: 1=Misbrug, 2=Vold", 3],
    ]
    data, _ = imported(workbook(tmp_path / "variabler.xlsx", rows, title="Variabelliste"))
    fields = {f["name"]: f for f in data["fields"]}  # type: ignore[attr-defined]
    assert list(fields) == ["Dato for afgørelse", "Bemærkning", "Årsag"]
    assert fields["Dato for afgørelse"]["id"] == "dato_for_afgoerelse"
    assert fields["Dato for afgørelse"]["type"] == "date"
    assert fields["Bemærkning"]["type"] == "text" and "assumed" not in fields["Bemærkning"]
    assert fields["Årsag"]["type"] == "code"
    assert fields["Årsag"]["codes"] == [
        {"code": "1", "label": "Misbrug"},
        {"code": "2", "label": "Vold"},
    ]
