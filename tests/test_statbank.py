"""Usage evidence from Statistikbanken: saved tableinfo responses, the mapping, the CLI.

The saved metadata of examples/real/statbank/ is read as it is; the mapping turns each
published variable into a publication use; every problem of either file is located and
said in English and Danish, with exit code 2 and no traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import indberet
from indberet.diagnostics import Diagnostic, Severity
from indberet.i18n import message
from indberet.read import statbank
from indberet.read.statbank import read_mapping, read_tableinfo
from tests.conftest import EXAMPLES, ROOT, run_cli

REAL = EXAMPLES / "real"
SAVED = REAL / "statbank"
MAPPING = SAVED / "mapping.yaml"
AS_OF = dt.date(2026, 12, 3)
TABLES = sorted(p.stem for p in SAVED.glob("*.json"))


def known_fields() -> dict[str, set[str]]:
    result = indberet.audit(REAL, as_of=AS_OF)
    known: dict[str, set[str]] = {}
    for item in result.fields:
        known.setdefault(item.set_id, set()).add(item.id)
    return known


KNOWN = {
    "dk-underretninger": {"admkom", "cpr", "ufoedt", "modt_dato", "underretter"},
    "dk-anbringelser": {"handlekommune", "cpr"},
}


def table_json(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "UND1",
        "text": "Underretninger vedr. børn",
        "description": "Underretninger vedr. børn efter administrationskommune og tid",
        "unit": "Antal",
        "suppressedDataValue": "0",
        "updated": "2025-06-26T08:00:00",
        "active": True,
        "contacts": [{"name": "x", "phone": "1", "mail": "x@example.org"}],
        "documentation": {"id": "abc", "url": "https://www.dst.dk/statistikdokumentation/abc"},
        "footnote": None,
        "variables": [
            {
                "id": "ADMKOM",
                "text": "administrationskommune",
                "elimination": True,
                "time": False,
                "map": "denmark_municipality_07",
                "values": [{"id": "0", "text": "Hele landet"}, {"id": "101", "text": "København"}],
            },
            {
                "id": "Tid",
                "text": "tid",
                "elimination": False,
                "time": True,
                "values": [{"id": "2024", "text": "2024"}],
            },
        ],
    }
    data.update(changes)
    return data


def write_case(
    tmp_path: Path,
    mapping: str,
    tables: dict[str, Any] | None = None,
    raw: dict[str, str] | None = None,
) -> str:
    for name, data in (tables if tables is not None else {"UND1.json": table_json()}).items():
        (tmp_path / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for name, content in (raw or {}).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    path = tmp_path / "mapping.yaml"
    path.write_text(mapping, encoding="utf-8")
    return str(path)


GOOD = """\
indberet: 1
tableinfo: [UND1.json]
tables:
  UND1:
    variables:
      ADMKOM: dk-underretninger.admkom
      Tid: dk-underretninger.modt_dato
"""


def codes(diagnostics: list[Diagnostic]) -> list[tuple[str, int]]:
    return [(d.code, d.location.line) for d in diagnostics]


# --- the saved metadata of real tables ---------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_every_saved_table_reads_and_says_it_is_reconstructed(table: str) -> None:
    path = str(SAVED / f"{table}.json")
    info, problems = read_tableinfo(path)
    assert problems == [] and info is not None
    assert info.id == table
    assert info.variables[-1].id == "Tid" and info.variables[-1].time
    assert info.updated == dt.date(2025, 1, 1)  # the lower bound the note explains
    note = json.loads(Path(path).read_text(encoding="utf-8"))["indberet_source_note"]
    assert note.startswith("RECONSTRUCTED, NOT DOWNLOADED") and "varro_dst" in note
    assert info.text in json.loads(Path(path).read_text(encoding="utf-8"))["description"]


def test_the_saved_tables_are_the_ones_the_mapping_and_readme_name() -> None:
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    assert sorted(Path(name).stem for name in mapping["tableinfo"]) == TABLES
    assert sorted(mapping["tables"]) == TABLES
    readme = (SAVED / "README.md").read_text(encoding="utf-8")
    assert f"{len(TABLES)} Statistikbanken tables" in readme
    for table in TABLES:
        assert table in readme


def test_the_real_mapping_gives_one_use_per_table_and_field() -> None:
    evidence = read_mapping(str(MAPPING), known_fields(), AS_OF)
    assert evidence.diagnostics == []  # every variable mapped; every field known
    assert len(evidence.tables) == len(TABLES)
    (use,) = evidence.uses[("dk-underretninger", "underretter")]
    assert use.consumer == "Statistikbanken UND1" and use.kind == "publication"
    assert use.product == "UND1: Underretninger vedr. børn [UNDERRETERE (underrettere)]"
    assert use.last_used == dt.date(2025, 1, 1)
    assert use.location is not None
    line = MAPPING.read_text(encoding="utf-8").splitlines()[use.location.line - 1]
    assert line.strip().startswith("UNDERRETERE:")
    # a field several dimensions of one table come from is one use of that table
    cpr = {u.consumer: u.product for u in evidence.uses[("dk-underretninger", "cpr")]}
    assert sorted(cpr) == ["Statistikbanken UND1", "Statistikbanken UND2"]
    assert "UNDERRET (underretninger), ALDER1 (alder), KØN (køn)" in cpr["Statistikbanken UND2"]
    # BU43's FORANSTALT comes from no field: no use, no note
    assert not any("FORANSTALT" in (u.product or "") for us in evidence.uses.values() for u in us)


def test_with_the_evidence_no_verdict_of_the_real_sets_changes() -> None:
    without = indberet.audit(REAL, as_of=AS_OF)
    with_evidence = indberet.audit(REAL, as_of=AS_OF, usage=[MAPPING])
    before = {f.qualified_id: f.verdict for f in without.fields}
    assert {f.qualified_id: f.verdict for f in with_evidence.fields} == before
    published = {
        item.field.qualified_id
        for s in with_evidence.report.sets
        for item in s.fields
        if any(u.consumer.startswith("Statistikbanken ") for u in item.uses)
    }
    assert "dk-underretninger.underretter" in published
    assert "dk-anbringelser.aarsager" in published
    assert not any(f.startswith(("ssda903.", "afcars.")) for f in published)
    # the usage rises only where the tables add evidence (EXPECTED-dk.md still holds)
    rises = {
        f.qualified_id
        for f in with_evidence.fields
        if f.usage > without.field(f.qualified_id).usage + 1e-9
    }
    assert rises == {
        "dk-anbringelser.nyt_sted",
        "dk-anbringelser.ny_foranstaltning",
        "dk-anbringelser.ophoer_dato",
    }


def test_the_examples_mapping_follows_the_published_schema() -> None:
    run = run_cli("schema", "statbank-mapping")
    assert run.code == 0
    schema = json.loads(run.stdout)
    jsonschema.validate(yaml.safe_load(MAPPING.read_text(encoding="utf-8")), schema)
    assert "statbank-mapping" in run_cli("schema").stdout.split()


# --- the tableinfo file: located problems -------------------------------------------------


def test_malformed_json_is_located_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "UND1.json"
    path.write_text('{"id": "UND1",\n  "text": oops}\n', encoding="utf-8")
    info, (problem,) = read_tableinfo(str(path))
    assert info is None
    assert (problem.code, problem.location.line, problem.location.column) == ("IND050", 2, 11)
    assert "JSON is malformed" in message(problem.key, "en", **problem.params)
    assert "JSON'en er fejlformet" in message(problem.key, "da", **problem.params)


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        ({"variables": {"id": "x"}}, "$.variables", "should be a list, not an object"),
        ({"updated": "in June"}, "$.updated", "not a date and time"),
        ({"text": ""}, "$.text", "should be text, not empty text"),
        ({"id": None}, "$.id", "should be text, not null"),
    ],
)
def test_a_value_of_the_wrong_shape_is_named_by_its_json_path(
    tmp_path: Path, change: dict[str, Any], where: str, words: str
) -> None:
    path = tmp_path / "UND1.json"
    path.write_text(json.dumps(table_json(**change)), encoding="utf-8")
    _, (problem,) = read_tableinfo(str(path))
    said = message(problem.key, "en", **problem.params)
    assert problem.code == "IND050" and where in said and words in said, said


def test_a_missing_key_deep_down_is_named_by_its_json_path(tmp_path: Path) -> None:
    data = table_json()
    del data["variables"][1]["values"][0]["text"]
    path = tmp_path / "UND1.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _, (problem,) = read_tableinfo(str(path))
    assert message(problem.key, "en", **problem.params) == "$.variables[1].values[0] has no 'text'"
    assert (
        message(problem.key, "da", **problem.params) == "$.variables[1].values[0] har ingen 'text'"
    )


def test_the_apis_error_answer_saved_by_mistake_is_said(tmp_path: Path) -> None:
    path = tmp_path / "UND9.json"
    error = {"errorTypeCode": "EXTRACT-NOTFOUND", "message": "Tabel findes ikke: UND9"}
    path.write_text(json.dumps(error), encoding="utf-8")
    _, (problem,) = read_tableinfo(str(path))
    assert "Tabel findes ikke: UND9" in message(problem.key, "en", **problem.params)


# --- the mapping --------------------------------------------------------------------------


def test_a_minimal_mapping_gives_publication_uses_dated_by_the_update(tmp_path: Path) -> None:
    evidence = read_mapping(write_case(tmp_path, GOOD), KNOWN, AS_OF)
    assert evidence.diagnostics == []
    (use,) = evidence.uses[("dk-underretninger", "admkom")]
    assert (use.consumer, use.kind, use.last_used) == (
        "Statistikbanken UND1",
        "publication",
        dt.date(2025, 6, 26),
    )
    assert use.product == "UND1: Underretninger vedr. børn [ADMKOM (administrationskommune)]"


def test_the_consumer_and_kind_can_be_named(tmp_path: Path) -> None:
    mapping = GOOD.replace(
        "  UND1:\n", "  UND1:\n    consumer: Danmarks Statistik\n    kind: analysis\n"
    )
    evidence = read_mapping(write_case(tmp_path, mapping), KNOWN, AS_OF)
    (use,) = evidence.uses[("dk-underretninger", "admkom")]
    assert (use.consumer, use.kind) == ("Danmarks Statistik", "analysis")


def test_a_variable_the_table_does_not_have_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    mapping = GOOD.replace("ADMKOM:", "ADMKOMM:")
    evidence = read_mapping(write_case(tmp_path, mapping), KNOWN, AS_OF)
    errors = [d for d in evidence.diagnostics if d.severity is Severity.ERROR]
    (error,) = errors
    assert (error.code, error.location.line, error.location.column) == ("IND051", 6, 7)
    hint = error.hint_text()
    assert hint is not None
    assert message(error.key, "en", **error.params) == "the table UND1 has no variable ADMKOMM"
    assert message(error.key, "da", **error.params) == "tabellen UND1 har ingen variabel ADMKOMM"
    assert "did you mean 'ADMKOM'?" in message(hint.key, "en", **hint.params)
    assert evidence.has_errors


def test_an_unknown_field_or_set_is_an_error(tmp_path: Path) -> None:
    mapping = GOOD.replace("dk-underretninger.admkom", "dk-underretninger.admkomm").replace(
        "dk-underretninger.modt_dato", "dk-underretningr.modt_dato"
    )
    evidence = read_mapping(write_case(tmp_path, mapping), KNOWN, AS_OF)
    assert codes(evidence.diagnostics) == [("IND051", 6), ("IND051", 7)]
    field, set_ = evidence.diagnostics
    assert message(field.key, "en", **field.params) == (
        "the requirement set 'dk-underretninger' has no field 'admkomm'"
    )
    assert (
        message(set_.key, "da", **set_.params) == "kataloget har intet kravsæt 'dk-underretningr'"
    )
    assert evidence.uses == {}


def test_an_unmapped_variable_is_a_note_and_the_rest_is_used(tmp_path: Path) -> None:
    mapping = GOOD.replace("      Tid: dk-underretninger.modt_dato\n", "")
    evidence = read_mapping(write_case(tmp_path, mapping), KNOWN, AS_OF)
    (note,) = evidence.diagnostics
    assert (note.code, note.severity) == ("IND052", Severity.WARNING)
    assert message(note.key, "en", **note.params).startswith("note: the variable Tid (tid) of UND1")
    assert message(note.key, "da", **note.params).startswith("bemærk: variablen Tid (tid) i UND1")
    assert not evidence.has_errors and ("dk-underretninger", "admkom") in evidence.uses
    # written as [] on purpose: no note
    quiet = read_mapping(write_case(tmp_path, mapping + "      Tid: []\n"), KNOWN, AS_OF)
    assert quiet.diagnostics == []


def test_a_field_named_twice_for_one_variable_is_one_dimension(tmp_path: Path) -> None:
    mapping = GOOD.replace(
        "Tid: dk-underretninger.modt_dato",
        "Tid: [dk-underretninger.admkom, dk-underretninger.admkom]",
    )
    evidence = read_mapping(write_case(tmp_path, mapping), KNOWN, AS_OF)
    (use,) = evidence.uses[("dk-underretninger", "admkom")]
    assert use.product == (
        "UND1: Underretninger vedr. børn [ADMKOM (administrationskommune), Tid (tid)]"
    )
    assert use.location is not None and use.location.line == 6


def test_a_table_no_file_holds_and_a_file_no_table_uses(tmp_path: Path) -> None:
    mapping = GOOD.replace("tableinfo: [UND1.json]", "tableinfo: [UND1.json, UND2.json]").replace(
        "  UND1:", "  UND3:"
    )
    tables = {"UND1.json": table_json(), "UND2.json": table_json(id="UND2")}
    evidence = read_mapping(write_case(tmp_path, mapping, tables), KNOWN, AS_OF)
    assert [(d.code, d.key) for d in evidence.diagnostics] == [
        ("IND052", "statbank.table_unmapped"),
        ("IND052", "statbank.table_unmapped"),
        ("IND051", "statbank.no_table"),
    ]


def test_two_files_of_one_table_are_an_error(tmp_path: Path) -> None:
    mapping = GOOD.replace("tableinfo: [UND1.json]", "tableinfo: [UND1.json, copy.json]")
    tables = {"UND1.json": table_json(), "copy.json": table_json()}
    evidence = read_mapping(write_case(tmp_path, mapping, tables), KNOWN, AS_OF)
    assert [d.key for d in evidence.diagnostics] == ["statbank.table_twice"]


def test_a_missing_tableinfo_file_is_an_input_problem_located_in_the_mapping(
    tmp_path: Path,
) -> None:
    mapping = GOOD.replace("[UND1.json]", "[UND1.json, gone.json]")
    evidence = read_mapping(write_case(tmp_path, mapping), KNOWN, AS_OF)
    (missing,) = evidence.diagnostics
    assert (missing.code, missing.severity, missing.location.line) == ("IND001", Severity.INPUT, 2)
    assert missing.params["file"].endswith("gone.json")
    assert evidence.has_input_errors


def test_a_bad_tableinfo_file_stops_its_table_only_with_its_own_place(tmp_path: Path) -> None:
    evidence = read_mapping(write_case(tmp_path, GOOD, {}, {"UND1.json": "[1,"}), KNOWN, AS_OF)
    bad, no_table = evidence.diagnostics
    assert bad.code == "IND050" and bad.location.path.endswith("UND1.json")
    assert no_table.key == "statbank.no_table"


def test_a_table_updated_after_the_audit_date_is_not_counted(tmp_path: Path) -> None:
    tables = {"UND1.json": table_json(updated="2027-01-05T08:00:00")}
    evidence = read_mapping(write_case(tmp_path, GOOD, tables), KNOWN, AS_OF)
    (late,) = evidence.diagnostics
    assert (late.code, late.severity) == ("IND053", Severity.WARNING)
    assert evidence.uses == {}


def test_the_mapping_is_checked_against_its_schema_with_lines(tmp_path: Path) -> None:
    mapping = GOOD.replace("dk-underretninger.admkom", "admkom").replace("tables:", "table:")
    evidence = read_mapping(write_case(tmp_path, mapping), KNOWN, AS_OF)
    assert {d.code for d in evidence.diagnostics} <= {"IND020", "IND021", "IND022"}
    assert all(d.location.line > 0 for d in evidence.diagnostics)
    assert evidence.has_errors and evidence.uses == {}


def test_without_a_catalogue_the_fields_are_not_checked(tmp_path: Path) -> None:
    evidence = read_mapping(write_case(tmp_path, GOOD.replace("admkom", "anything")), None, AS_OF)
    assert evidence.diagnostics == [] and ("dk-underretninger", "anything") in evidence.uses


def test_the_mark_tells_a_mapping_from_a_requirement_set() -> None:
    assert statbank.is_mapping_file(str(MAPPING))
    assert not statbank.is_mapping_file(str(REAL / "dk-underretninger.yaml"))
    assert statbank.tableinfo_paths(str(MAPPING))[0] == str(SAVED / "UND1.json")


# --- the command line ---------------------------------------------------------------------


def test_audit_with_the_real_evidence_end_to_end() -> None:
    run = run_cli(
        "audit", "examples/real/", "--as-of", "2026-12-03", "--usage", str(MAPPING),
        "--format", "json", cwd=ROOT,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["usage_log"] == str(MAPPING)
    explained = run_cli(
        "explain", "dk-underretninger.underretter", "examples/real/", "--as-of", "2026-12-03",
        "--usage", "examples/real/statbank/mapping.yaml", cwd=ROOT,
    )  # fmt: skip
    assert explained.code == 0, explained.stderr
    assert (
        "publication by Statistikbanken UND1 (UND1: Underretninger vedr. børn "
        "[UNDERRETERE (underrettere)]), last 2025-01-01"
    ) in explained.stdout


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "IND051 the table UND1 has no variable ADMKOMM"),
        ("da", "IND051 tabellen UND1 har ingen variabel ADMKOMM"),
    ],
)
def test_a_bad_mapping_exits_2_with_located_words(tmp_path: Path, lang: str, words: str) -> None:
    mapping = write_case(tmp_path, GOOD.replace("ADMKOM:", "ADMKOMM:"))
    run = run_cli("audit", str(REAL), "--usage", mapping, "--lang", lang, "--format", "json")
    assert run.code == 2
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert f"{mapping}:6:7: {words}" in run.stderr


def test_the_library_raises_with_the_diagnostics(tmp_path: Path) -> None:
    mapping = write_case(tmp_path, GOOD.replace("ADMKOM:", "ADMKOMM:"))
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.audit(REAL, as_of=AS_OF, usage=[mapping], lang="da")
    assert raised.value.kind == "usage_log"
    assert "Statistikbanken-evidensen" in str(raised.value)
    assert [d.code for d in raised.value.sources] == ["IND052", "IND051"]  # ADMKOM unmapped


@pytest.mark.parametrize("command", ["check", "plan", "report"])
def test_every_command_that_audits_takes_the_evidence(tmp_path: Path, command: str) -> None:
    more = {"check": [], "plan": ["--target", "10%"], "report": ["-o", str(tmp_path / "r.md")]}
    args = (command, str(REAL), "--as-of", "2026-12-03", *more[command])
    good = run_cli(*args, "--usage", str(MAPPING))
    assert good.code == run_cli(*args).code, good.stderr
    bad = write_case(tmp_path, GOOD.replace("ADMKOM:", "ADMKOMM:"))
    run = run_cli(*args, "--usage", bad)
    assert run.code == 2 and "IND051" in run.stderr + run.stdout
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("audit", "--format", "json"),
        ("plan", "--target", "10%", "--format", "json"),
        ("report", "--format", "json"),
        ("check", "--format", "json"),
    ],
)
def test_no_command_writes_its_output_over_a_tableinfo_file(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    real = tmp_path / "real"
    shutil.copytree(REAL, real)
    saved = real / "statbank" / "UND1.json"
    before = saved.read_bytes()
    name, *options = command
    usage = ("--usage", str(real / "statbank" / "mapping.yaml"))
    run = run_cli(name, str(real), "--as-of", "2026-12-03", *usage, *options, "-o", str(saved))
    assert run.code == 2 and "is one of the inputs" in run.stderr
    assert saved.read_bytes() == before


def test_bad_json_through_the_command_line(tmp_path: Path) -> None:
    mapping = write_case(tmp_path, GOOD, {}, {"UND1.json": '{"id": "UND1",\n "text": }'})
    run = run_cli("audit", str(REAL), "--usage", mapping)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert re.search(r"UND1\.json:2:10: IND050 not a saved tableinfo response", run.stderr)


def test_validate_checks_a_mapping_with_its_files(tmp_path: Path) -> None:
    real = tmp_path / "real"
    shutil.copytree(REAL, real)
    good = run_cli("validate", str(real), "--lang", "da")
    assert good.code == 0
    assert "en Statistikbanken-mapping, tjekket med sine 14 tableinfo-filer" in good.stdout
    text = (real / "statbank" / "mapping.yaml").read_text(encoding="utf-8")
    (real / "statbank" / "mapping.yaml").write_text(
        text.replace("dk-anbringelser.aarsager", "dk-anbringelser.aarsag"), encoding="utf-8"
    )
    bad = run_cli("validate", str(real))
    assert bad.code == 1
    assert "IND051 the requirement set 'dk-anbringelser' has no field 'aarsag'" in bad.stdout
    (real / "statbank" / "ANBAAR10.json").unlink()
    gone = run_cli("validate", str(real))
    assert gone.code == 2 and "ANBAAR10.json does not exist" in gone.stdout


def test_validate_of_a_mapping_alone_says_its_fields_wait_for_the_definitions() -> None:
    run = run_cli("validate", str(MAPPING))
    assert run.code == 0
    assert "the fields are checked when valid requirement definitions are given" in run.stdout


def test_the_remembered_audit_knows_when_a_tableinfo_file_changes(tmp_path: Path) -> None:
    real = tmp_path / "real"
    shutil.copytree(REAL, real)
    mapping = str(real / "statbank" / "mapping.yaml")
    args = ("audit", str(real), "--as-of", "2026-12-03", "--usage", mapping, "--format", "json")
    cache = ("--cache-dir", str(tmp_path / "cache"))
    first = run_cli(*args, *cache)
    assert first.code == 0 and run_cli(*args, *cache).stdout == first.stdout
    saved = real / "statbank" / "UND1.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["variables"] = [v for v in data["variables"] if v["id"] != "UNDERRETERE"]
    saved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    changed = run_cli(*args, *cache)
    assert changed.code == 2  # the mapping names a variable UND1 no longer has
    assert "IND051 the table UND1 has no variable UNDERRETERE" in changed.stderr


def readme_commands(text: str, heading: str) -> list[list[str]]:
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    return [
        line.split()[1:]
        for block in blocks
        for line in block.splitlines()
        if line.startswith("indberet ")
    ]


@pytest.mark.parametrize(
    ("document", "heading"),
    [
        (ROOT / "README.md", "## Usage evidence from Statistikbanken"),
        (SAVED / "README.md", "# Statistikbanken table metadata"),
        (ROOT / "docs" / "statbank.md", "# Usage evidence from Statistikbanken"),
    ],
)
def test_the_documented_commands_work_as_written(document: Path, heading: str) -> None:
    commands = readme_commands(document.read_text(encoding="utf-8"), heading)
    assert len(commands) >= 2
    for command in commands:
        run = run_cli(*command, cwd=ROOT)
        assert run.code in (0, 1), (command, run.stderr)
        assert "Traceback" not in run.stderr


@pytest.mark.parametrize("document", [ROOT / "README.md", ROOT / "docs" / "statbank.md"])
def test_the_documented_mappings_follow_the_schema(document: Path) -> None:
    schema = json.loads(run_cli("schema", "statbank-mapping").stdout)
    blocks = re.findall(r"```yaml\n(.*?)```", document.read_text(encoding="utf-8"), re.DOTALL)
    mappings = [yaml.safe_load(b) for b in blocks if "\ntableinfo:" in "\n" + b]
    assert mappings
    for mapping in mappings:
        jsonschema.validate(mapping, schema)
