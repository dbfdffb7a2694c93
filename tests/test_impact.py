"""`indberet impact`: who loses what when fields leave the forms (issue 20, point 1).

The tests run the real CLI on the bundled examples (and examples/real) and on a small
catalogue written here, where every use and date is known.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import indberet
from indberet.read.schema import schema, schema_text
from tests.conftest import ROOT, run_cli

AS_OF = "2026-11-26"

# A small catalogue: a question (reason) that decides whether another (reason_detail) is
# asked, uses of every kind with known dates, a field named by law, a derived field.
CATALOGUE = """\
indberet: 1
id: und
name: Underretninger
reports_per_year: 1000
fields:
  - id: child_cpr
    name: Barnets CPR-nummer
    type: cpr
    minutes: 0.1
    used_by:
      - {consumer: Danmarks Statistik, product: Statistikbanken UND1, kind: publication}
  - id: reason
    name: Bekymringens art
    codes: [vold, misbrug]
    minutes: 1
    used_by:
      - {consumer: Danmarks Statistik, product: Statistikbanken UND3, kind: publication,
         last_used: 2026-05-20}
      - {consumer: KL, product: Nøgletal, kind: analysis, last_used: 2019-03-01}
  - id: reason_detail
    name: Uddybning af bekymringen
    type: text
    minutes: 2
    asked_when: {field: reason, values: [vold]}
    used_by:
      - {consumer: Danmarks Statistik, product: Statistikbanken UND3, kind: publication,
         last_used: 2025-05-20}
  - id: basis
    name: Hjemmel for underretningen
    codes: [skaerpet, almindelig]
    minutes: 0.5
    mandated_by: Barnets lov § 133
    used_by:
      - {consumer: Ankestyrelsen, product: Lovovervågning, kind: legal}
  - id: child_sex
    name: Barnets køn
    codes: [dreng, pige]
    minutes: 0.2
    derivable_from: [child_cpr]
    used_by:
      - {consumer: Danmarks Statistik, product: Statistikbanken UND1, kind: publication}
  - id: receipt_sent
    name: Kvittering sendt
    type: bool
    aspect: process
    minutes: 0.3
"""


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "und.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


def impact_json(*args: str, code: int = 0, lang: str = "en") -> dict[str, Any]:
    run = run_cli("impact", *args, "--as-of", AS_OF, "--format", "json", "--lang", lang, cwd=ROOT)
    assert run.code == code, run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    return document


def plan_fields(*args: str) -> list[str]:
    """Every field a plan cuts, follow-ups included, as `indberet plan` says."""
    run = run_cli("plan", *args, "--as-of", AS_OF, "--format", "json", cwd=ROOT)
    assert run.code in (0, 1), run.stderr
    steps = json.loads(run.stdout)["steps"]
    found = []
    for step in steps:
        found.append(step["qualified_id"])
        found += [cut["qualified_id"] for cut in step["follow_ups"]]
    return found


def user(document: dict[str, Any], product: str) -> dict[str, Any]:
    return next(u for u in document["users"] if u["product"] == product)


# --- consistent with `indberet plan` -----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("examples/", "--target", "44%"),
        ("examples/", "--target-hours", "5000"),
        ("examples/real/", "--target", "5%"),
        ("examples/real/", "--target", "5%", "--include-review"),
    ],
)
def test_a_plans_impact_has_the_plans_fields(args: tuple[str, ...]) -> None:
    wanted = plan_fields(*args)
    document = impact_json(args[0], "--plan", *args[1:])
    assert wanted, "the plan cuts something"
    assert [f["qualified_id"] for f in document["fields"]] == wanted
    assert document["selection"]["kind"] == "plan"
    plan = json.loads(run_cli("plan", *args, "--as-of", AS_OF, "--format", "json", cwd=ROOT).stdout)
    assert document["selection"]["plan"]["conclusion"] == plan["conclusion"]


def test_the_plan_to_44_percent_names_who_loses_what() -> None:
    run = run_cli("impact", "examples/", "--plan", "--target", "44%", "--as-of", AS_OF, cwd=ROOT)
    assert run.code == 0, run.stderr
    text = run.stdout
    assert text.startswith("Who loses what under the plan: take 44% of the fields off")
    assert "36 fields leave the forms: 26 are removed with their data; 10 are derived" in text
    assert (
        "Statistikbanken: forebyggende foranstaltninger efter familietype (Danmarks Statistik)"
        " loses the dimension “Familiens husstandstype” (last used 2016-05-31)."
    ) in text
    # derived fields lose the question, not the data
    assert (
        "Statistikbanken: anbragte børn og unge efter køn (Danmarks Statistik) still gets"
        " “Barnets køn” (derived from barn_cpr), no longer asked."
    ) in text


def test_the_whole_audit_counts_derived_and_merged_fields_as_kept_data() -> None:
    document = impact_json("examples/")
    audit = json.loads(
        run_cli("audit", "examples/", "--as-of", AS_OF, "--format", "json", cwd=ROOT).stdout
    )
    verdicts = {f["qualified_id"]: f["verdict"] for s in audit["sets"] for f in s["fields"]}
    leaving = [q for q, v in verdicts.items() if v in ("REMOVE", "DERIVE", "MERGE")]
    assert sorted(f["qualified_id"] for f in document["fields"]) == sorted(leaving)
    summary = document["summary"]
    counts = {v: sum(1 for q in leaving if verdicts[q] == v) for v in ("REMOVE", "DERIVE", "MERGE")}
    assert (summary["data_lost"], summary["derived"], summary["merged"]) == (
        counts["REMOVE"],
        counts["DERIVE"],
        counts["MERGE"],
    )
    for item in document["users"]:
        assert all(loss["effect"] == "lost" for loss in item["loses"])
        assert all(loss["effect"] in ("derived", "merged") for loss in item["keeps"])
        assert item["loses_data"] is bool(item["loses"])


# --- named fields ------------------------------------------------------------------------


def test_named_fields_say_what_each_user_loses_and_how_recently(catalogue: Path) -> None:
    document = impact_json(str(catalogue), "--field", "und.reason", "--field", "und.child_sex")
    assert document["selection"] == {
        "kind": "fields",
        "fields": ["und.reason", "und.child_sex"],
        "plan": None,
    }
    fields = {f["qualified_id"]: f for f in document["fields"]}
    # the removed question takes the question asked under it along
    assert list(fields) == ["und.reason", "und.reason_detail", "und.child_sex"]
    assert fields["und.reason_detail"]["follows"] == "und.reason"
    assert fields["und.child_sex"]["effect"] == "derived"
    assert fields["und.child_sex"]["source"] == "child_cpr"
    und3 = user(document, "Statistikbanken UND3")
    assert und3["statements"] == [
        "Statistikbanken UND3 (Danmarks Statistik) loses the dimensions “Bekymringens art” and"
        " “Uddybning af bekymringen” (last used 2026-05-20)."
    ]
    assert und3["last_used"] == "2026-05-20" and not und3["ongoing"]
    assert [(x["qualified_id"], x["last_used"]) for x in und3["loses"]] == [
        ("und.reason", "2026-05-20"),
        ("und.reason_detail", "2025-05-20"),
    ]
    kl = user(document, "Nøgletal")
    assert kl["kinds"] == ["analysis"]
    assert kl["statements"] == [
        "Nøgletal (KL) loses “Bekymringens art” (analysis, last used 2019-03-01)."
    ]
    und1 = user(document, "Statistikbanken UND1")
    assert not und1["loses_data"] and und1["ongoing"]
    assert und1["statements"] == [
        "Statistikbanken UND1 (Danmarks Statistik) still gets “Barnets køn” (derived from"
        " child_cpr), no longer asked."
    ]
    assert document["summary"]["data_lost"] == 2 and document["summary"]["derived"] == 1
    # users that lose data come first
    assert [u["loses_data"] for u in document["users"]] == [True, True, False]


def test_a_field_named_by_law_names_the_legal_duty(catalogue: Path) -> None:
    document = impact_json(str(catalogue), "--field", "und.basis", "--field", "und.receipt_sent")
    assert document["legal_duties"] == [
        {
            "provision": "Barnets lov § 133",
            "fields": ["und.basis"],
            "statement": "Barnets lov § 133 names “Hjemmel for underretningen”: it can go only"
            " after a revision of the provision.",
        }
    ]
    legal = user(document, "Lovovervågning")
    assert legal["kinds"] == ["legal"] and legal["loses_data"]
    assert document["unused"] == ["und.receipt_sent"]
    danish = impact_json(
        str(catalogue), "--field", "und.basis", "--field", "und.receipt_sent", lang="da"
    )
    assert danish["legal_duties"][0]["statement"] == (
        "Barnets lov § 133 nævner »Hjemmel for underretningen«: feltet kan først fjernes ved"
        " en revision af bestemmelsen."
    )
    assert user(danish, "Lovovervågning")["statements"] == [
        "Lovovervågning (Ankestyrelsen) mister »Hjemmel for underretningen« (lovpligtig brug,"
        " løbende anvendelse)."
    ]


def test_danish_names_the_lost_dimension_plainly() -> None:
    run = run_cli(
        *("impact", "examples/", "--field", "underretninger.underretter"),
        *("--as-of", AS_OF, "--lang", "da"),
        cwd=ROOT,
    )
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("Hvem mister hvad, hvis 1 navngivet felt forsvinder")
    assert (
        "Statistikbanken UND1: underretninger efter underretter (Danmarks Statistik) mister"
        " dimensionen »Underretters kategori« (løbende anvendelse)."
    ) in run.stdout
    assert "Aftager" in run.stdout and "Senest brugt" in run.stdout


def test_the_uses_of_a_usage_log_count_with_their_dates(catalogue: Path, tmp_path: Path) -> None:
    log = tmp_path / "usage.csv"
    log.write_text(
        "set,field,consumer,product,kind,date\n"
        "und,receipt_sent,KL,Sagsbehandlingstider,analysis,2024-01-31\n"
        "und,receipt_sent,KL,Sagsbehandlingstider,analysis,2025-02-28\n",
        encoding="utf-8",
    )
    document = impact_json(str(catalogue), "--field", "und.receipt_sent", "--usage", str(log))
    assert document["unused"] == []
    (only,) = document["users"]
    assert (only["consumer"], only["product"], only["last_used"]) == (
        "KL",
        "Sagsbehandlingstider",
        "2025-02-28",
    )


# --- bad input -----------------------------------------------------------------------------


def test_an_unknown_field_is_named_with_exit_2() -> None:
    run = run_cli(
        "impact", "examples/", "--field", "underretninger.underreter", "--as-of", AS_OF, cwd=ROOT
    )
    assert run.code == 2
    assert "no field 'underretninger.underreter'" in run.stderr
    assert "did you mean underretninger.underretter" in run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--plan",), "--plan needs a target"),
        (("--target", "44%"), "a target is for --plan"),
        (("--plan", "--target", "44%", "--field", "underretninger.underretter"), "not both"),
        (("--include-review",), "--include-review"),
        (("--plan", "--target", "0.44"), "ambiguous"),
    ],
)
def test_options_that_do_not_fit_are_refused_with_exit_2(args: tuple[str, ...], words: str) -> None:
    run = run_cli("impact", "examples/", *args, "--as-of", AS_OF, cwd=ROOT)
    assert run.code == 2, run.stdout
    assert words in run.stderr


def test_the_output_suffix_chooses_the_format(tmp_path: Path) -> None:
    for name, start in (("i.json", "{"), ("i.md", "# Who loses what"), ("i.txt", "Who loses")):
        out = tmp_path / name
        run = run_cli("impact", "examples/", "-o", str(out), "--as-of", AS_OF, cwd=ROOT)
        assert run.code == 0, run.stderr
        assert out.read_text(encoding="utf-8").startswith(start)
    refused = run_cli("impact", "examples/", "-o", str(tmp_path / "i.csv"), cwd=ROOT)
    assert refused.code == 2 and "i.csv" in refused.stderr
    assert not (tmp_path / "i.csv").exists()


# --- formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("examples/",),
        ("examples/", "--plan", "--target", "44%"),
        ("examples/real/",),
        (
            "examples/real/",
            "--field",
            "dk-underretninger.hjemmel",
            "--field",
            "afcars.icwa_applies",
        ),
    ],
)
def test_the_json_validates_against_the_published_schema(args: tuple[str, ...]) -> None:
    for lang in ("en", "da"):
        document = impact_json(*args, lang=lang)
        jsonschema.validate(document, schema("impact"), format_checker=jsonschema.FormatChecker())


def test_the_schema_is_published() -> None:
    jsonschema.Draft202012Validator.check_schema(schema("impact"))
    listed = run_cli("schema", cwd=ROOT)
    assert "impact" in listed.stdout.split()
    printed = run_cli("schema", "impact", cwd=ROOT)
    assert printed.code == 0 and printed.stdout == schema_text("impact")


def test_markdown_has_the_users_table_and_escapes_the_data(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    hostile = CATALOGUE.replace("product: Nøgletal", "product: '<img src=x> *Nøgletal* | x'")
    path = tmp_path / "und.yaml"
    path.write_text(hostile, encoding="utf-8")
    run = run_cli(
        *("impact", str(path), "--field", "und.reason", "--format", "markdown"),
        *("--as-of", AS_OF),
        cwd=ROOT,
    )
    assert run.code == 0, run.stderr
    html = MarkdownIt("commonmark").enable("table").render(run.stdout)
    assert "<h1>Who loses what if 1 named field leaves the forms</h1>" in html
    assert "<img" not in html and "<em>" not in html
    assert html.count("<table>") == 2
    assert "&lt;img src=x&gt; *Nøgletal* | x" in html.replace("\\", "")


def test_the_api_gives_the_json_of_the_command() -> None:
    expected = impact_json("examples/", "--plan", "--target", "44%")
    result = indberet.impact("examples/", as_of=AS_OF, target="44%")
    assert result.to_dict() == expected
    assert result.selection == "plan" and len(result.fields) == 36
    from_audit = indberet.impact(indberet.audit("examples/", as_of=AS_OF), target="44%")
    assert from_audit.to_dict() == expected
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.impact("examples/", as_of=AS_OF, fields=["nope.nothing"])
    assert raised.value.kind == "argument" and "nope.nothing" in raised.value.message


# --- the report: a section in HTML, a sheet in XLSX ---------------------------------------


def test_the_html_report_has_who_loses_what_from_its_plan(tmp_path: Path) -> None:
    from tests.test_report import parse

    expected = impact_json("examples/", "--plan", "--target", "44%", lang="da")
    out = tmp_path / "r.html"
    run = run_cli(
        *("report", "examples/", "--target", "44%", "-o", str(out), "--as-of", AS_OF),
        *("--lang", "da"),
        cwd=ROOT,
    )
    assert run.code == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    parse(page)  # well formed
    section = page[page.index('<section id="impact">') :]
    section = section[: section.index("</section>")]
    assert "<h2>Hvem mister hvad</h2>" in section
    assert '<a href="#impact">Hvem mister hvad</a>' in page
    table = section[section.index('<table id="impact-table">') :]
    assert table.count("<tr") - 1 == len(expected["users"])  # one row per user, and a header
    for item in expected["users"]:
        for line in item["statements"]:
            assert f"<li>{escape(line)}</li>" in section
    assert escape(expected["summary"]["text"]) in section
    without = tmp_path / "plain.html"
    assert run_cli("report", "examples/", "-o", str(without), cwd=ROOT).code == 0
    assert 'id="impact"' not in without.read_text(encoding="utf-8")


def escape(text: str) -> str:
    from html import escape as html_escape

    return html_escape(text, quote=True)


def test_the_xlsx_report_has_a_sheet_with_a_row_per_user_and_field(tmp_path: Path) -> None:
    import openpyxl

    expected = impact_json("examples/", "--plan", "--target", "44%")
    out = tmp_path / "r.xlsx"
    run = run_cli(
        *("report", "examples/", "--target", "44%", "-o", str(out), "--as-of", AS_OF),
        *("--lang", "en"),
        cwd=ROOT,
    )
    assert run.code == 0, run.stderr
    sheet = openpyxl.load_workbook(out)["Who loses what"]
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Consumer")
    rows = []
    row = header + 1
    while sheet.cell(row, 1).value:
        rows.append([sheet.cell(row, c).value for c in range(1, 8)])
        row += 1
    wanted = [
        (u["consumer"], u["product"], loss["qualified_id"], loss["last_used"])
        for u in expected["users"]
        for loss in u["loses"] + u["keeps"]
    ]
    got = [
        (r[0], r[1], r[3], r[6].date().isoformat() if hasattr(r[6], "date") else None) for r in rows
    ]
    assert sorted(got, key=str) == sorted(wanted, key=str)
    assert sheet.cell(1, 1).value.startswith("Who loses what under the plan")
    assert sheet.cell(2, 1).value == expected["summary"]["text"]


# --- the README's section runs as written --------------------------------------------------


def readme_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Who loses what\n")
    return readme[start : readme.index("\n### ", start + 1)]


def test_the_readme_commands_run_as_written(tmp_path: Path) -> None:
    import re
    import shlex

    section = readme_section()
    (commands,) = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    (shown,) = re.findall(r"```text\n(.*?)```", section, flags=re.DOTALL)
    lines = [line for line in commands.splitlines() if line.strip()]
    assert len(lines) == 3
    outputs = []
    for line in lines:
        words = shlex.split(line)
        assert words[0] == "indberet"
        if "-o" in words:  # written where the test may write
            at = words.index("-o") + 1
            words[at] = str(tmp_path / words[at])
        run = run_cli(*words[1:], cwd=ROOT)
        assert run.code == 0, f"{line}\n{run.stderr}"
        outputs.append(run.stdout)
    for expected in shown.splitlines():
        assert expected in outputs[1], expected
    written = (tmp_path / "hvem-mister-hvad.md").read_text(encoding="utf-8")
    assert written.startswith("# Hvem mister hvad, hvis gennemgangens forslag følges")


def test_a_field_named_twice_counts_once(catalogue: Path) -> None:
    document = impact_json(str(catalogue), "--field", "und.basis", "--field", "und.basis")
    assert document["selection"]["fields"] == ["und.basis"]
    assert document["title"] == "Who loses what if 1 named field leaves the forms"
    assert [f["qualified_id"] for f in document["fields"]] == ["und.basis"]


def test_names_from_the_data_never_act_on_the_terminal(tmp_path: Path) -> None:
    hostile = CATALOGUE.replace("product: Nøgletal", 'product: "\\e[31mNøgletal\\n  - forged line"')
    path = tmp_path / "und.yaml"
    path.write_text(hostile, encoding="utf-8")
    run = run_cli("impact", str(path), "--field", "und.reason", "--as-of", AS_OF, cwd=ROOT)
    assert run.code == 0, run.stderr
    assert "\x1b" not in run.stdout
    assert "\n  - forged line" not in run.stdout
    assert "\\x1b[31mNøgletal\\n  - forged line (KL) loses" in run.stdout


def test_a_plans_follow_ups_name_the_question_they_are_asked_under() -> None:
    gates = str(ROOT / "tests" / "fixtures" / "plan" / "gates.yaml")
    options = ("--target", "100%", "--include-keep", "--include-review")
    document = impact_json(gates, "--plan", *options)
    assert [f["qualified_id"] for f in document["fields"]] == plan_fields(gates, *options)
    follows = {f["qualified_id"]: f["follows"] for f in document["fields"]}
    assert follows == {
        "betinget.startaar": None,
        "betinget.ubrugt": None,
        "betinget.ophoert": None,
        "betinget.ophoersaarsag": "betinget.ophoert",
        "betinget.ophoersdato": "betinget.ophoersaarsag",
    }
    shares = {f["qualified_id"]: f["share"] for f in document["fields"]}
    assert shares["betinget.startaar"] == 0.6  # derivable in 60% of the cases
    assert user(document, "Tabel B")["statements"] == [
        "Tabel B (Danmarks Statistik) loses the dimension “Dato for ophør” (an ongoing use)."
    ]


def test_the_json_report_with_a_plan_holds_the_impact_of_the_command(tmp_path: Path) -> None:
    expected = impact_json("examples/", "--plan", "--target", "44%", lang="da")
    out = tmp_path / "r.json"
    run = run_cli(
        *("report", "examples/", "--target", "44%", "-o", str(out), "--as-of", AS_OF),
        *("--lang", "da"),
        cwd=ROOT,
    )
    assert run.code == 0, run.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["impact"] == expected
    jsonschema.validate(document, schema("report"))


def test_publications_from_statistikbanken_metadata_lose_their_dimension(tmp_path: Path) -> None:
    import shutil

    statbank = tmp_path / "statbank"
    shutil.copytree(ROOT / "examples" / "real" / "statbank", statbank)
    mapping = str(statbank / "mapping.yaml")
    field = ("--field", "dk-underretninger.underretter")
    document = impact_json("examples/real/", *field, "--usage", mapping)
    (und1,) = [u for u in document["users"] if u["consumer"] == "Statistikbanken UND1"]
    assert und1["kinds"] == ["publication"] and und1["last_used"] == "2025-01-01"
    assert und1["statements"][0].endswith(
        "(Statistikbanken UND1) loses the dimension “Underretters relation til barnet”"
        " (last used 2025-01-01)."
    )
    # a table's metadata is an input: never the output
    table = statbank / "UND1.json"
    before = table.read_bytes()
    run = run_cli(
        *("impact", "examples/real/", *field, "--usage", mapping, "-o", str(table)), cwd=ROOT
    )
    assert run.code == 2 and table.read_bytes() == before


@pytest.mark.parametrize("target", ["44%", "10%"])
def test_the_json_written_field_by_field_is_the_json_of_the_whole_object(target: str) -> None:
    # The command writes each leaving field's object as it is made (memory at 100,000
    # fields); the bytes are those of the whole object written at once.
    from indberet.render import impactfmt, jsontext

    result = indberet.impact("examples/", as_of=AS_OF, target=target)
    whole = impactfmt.impact_object(result.impact, result.audit.report, "en")
    assert whole["fields"]
    written = impactfmt.as_json(result.impact, result.audit.report, "en")
    assert written == jsontext.dumps_utf8(whole)
