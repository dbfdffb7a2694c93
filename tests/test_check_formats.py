"""Unit tests of the renderers of `indberet check` (indberet.render.ci_*)."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from indberet.core.check import CheckResult, Finding, run_check
from indberet.core.profile import load_profile
from indberet.diagnostics import Location
from indberet.read.loading import load
from indberet.render import ci_common, ci_github, ci_gitlab, ci_junit, ci_sarif
from indberet.render.ci_formats import CHECK_FORMATS, DIFF_FORMATS
from tests.conftest import EXAMPLES, TESTS
from tests.helpers import AS_OF

SARIF_SCHEMA = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def examples() -> CheckResult:
    loaded = load([str(EXAMPLES)])
    assert loaded.catalogue is not None
    return run_check(loaded.catalogue, load_profile("default"), AS_OF)


def test_every_format_renders_in_both_languages(examples: CheckResult) -> None:
    for renderer in (*CHECK_FORMATS.values(), *DIFF_FORMATS.values()):
        for lang in ("en", "da"):
            assert renderer(examples, lang)


@pytest.mark.parametrize("lang", ["en", "da"])
def test_sarif_of_the_examples_validates(examples: CheckResult, lang: str) -> None:
    log = ci_sarif.document(examples, lang)
    jsonschema.Draft4Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    ).validate(log)
    run = log["runs"][0]
    assert len(run["results"]) == len(examples.findings)
    assert "baselineState" not in run["results"][0]  # no base, nothing to compare with
    assert run["invocations"][0]["exitCode"] == 1


def test_sarif_artifact_uris() -> None:
    assert ci_sarif.artifact_uri("examples/a b.yaml") == "examples/a%20b.yaml"
    assert ci_sarif.artifact_uri("./x/../børn.yaml") == "b%C3%B8rn.yaml"
    assert ci_sarif.artifact_uri("/abs/a.yaml") == "file:///abs/a.yaml"


def strange(result: CheckResult) -> CheckResult:
    """The first finding with a message full of characters formats must escape."""
    first = dataclasses.replace(
        result.findings[0],
        key="check.IND201",
        params={"field": 'a|b <c> & "d"\x01\n%'},
        location=Location("dir,x/a:b.yaml", 3, 2),
    )
    return dataclasses.replace(result, findings=(first, *result.findings[1:]))


def test_junit_survives_any_text(examples: CheckResult) -> None:
    root = ET.fromstring(ci_junit.render(strange(examples), "en"))
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == len(examples.findings)
    assert int(suite.get("failures", "0")) == len(examples.failing)


def test_github_annotations_are_one_line_each(examples: CheckResult) -> None:
    text = ci_github.render_annotations(strange(examples), "en")
    first = text.splitlines()[0]
    assert first.startswith("::error file=dir%2Cx/a%3Ab.yaml,line=3,col=2,title=")
    # the line break of the data shown as \n, the % escaped; the hint on a line of its own
    assert 'a|b <c> & "d"\\x01\\n%25 names' in first
    assert "%0Ahint: " in first


def test_markdown_cells_are_escaped(examples: CheckResult) -> None:
    summary = ci_github.summary(strange(examples), "en")
    row = next(line for line in summary.splitlines() if "a\\|b" in line)
    assert row.count(" | ") == 4


def test_gitlab_severities_and_unique_fingerprints(examples: CheckResult) -> None:
    issues = json.loads(ci_gitlab.render(examples, "en"))
    assert len(issues) == len(examples.findings)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    severities = {
        (f.fails, f.severity): i["severity"] for f, i in zip(examples.findings, issues, strict=True)
    }
    assert severities[(True, "error")] == "critical"
    assert severities[(False, "note")] == "info"


def test_signed_numbers() -> None:
    from indberet.audit_model import Range

    assert ci_common.signed(1234.4, "en") == "+1,234"
    assert ci_common.signed(-1234.4, "da") == "-1.234"
    assert ci_common.signed(0.2, "en") == "0"
    assert ci_common.signed_span(Range(-1, 2), "en") == "-1–+2"


def test_finding_status_words() -> None:
    base = Finding("IND201", "error", "check.IND201", {"field": "s.f"}, "s.f:IND201")
    assert base.status == "new"
    assert dataclasses.replace(base, new=False).status == "existing"
    assert dataclasses.replace(base, baselined=True).status == "baselined"
    assert dataclasses.replace(base, fails=True).status == "fails"
    for status in ("new", "existing", "baselined", "fails", "exempted"):
        for lang in ("en", "da"):
            assert ci_common.message(f"status.{status}", lang)
