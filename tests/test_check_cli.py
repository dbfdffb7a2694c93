"""Functional tests of `indberet check`, `diff`, `baseline` and `policy` in real git repositories.

Each test builds a temporary git repository holding tests/fixtures/check/boern.yaml
under reqs/, commits it, changes it the way a pull request would, and runs the real CLI
(`run_cli`, in-process; a few through `run_process`) with `--base HEAD~1` or `--base HEAD`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import FIXTURES, ROOT, TESTS, Run, run_cli, run_process

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

AS_OF = "2026-11-26"
FIXTURE = (FIXTURES / "check" / "boern.yaml").read_text(encoding="utf-8")
SARIF_SCHEMA = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))

# 1 minute x 12,000 reports / 60 = 200 hours a year; x 450 DKK = 90,000 DKK.
NO_CONSUMER = """
  - id: fritid
    name: Barnets fritidsaktiviteter
    description: Hvad barnet laver i sin fritid.
    type: text
    minutes: 1
"""
WITH_CONSUMER = (
    NO_CONSUMER
    + """    used_by:
      - consumer: Social- og Boligstyrelsen
        product: Trivselsanalyse
        kind: analysis
"""
)
# The same as the register-held field boern.bopaelskommune, and held by CPR itself.
REGISTER_TWIN = """
  - id: barnets_bopael
    name: Barnets bopælskommune
    description: Kommunen, hvor barnet har sin folkeregisteradresse.
    type: code
    minutes: 0.1
    registered_in: [cpr]
    used_by:
      - consumer: Danmarks Statistik
        product: Statistikbanken
        kind: publication
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=indberet tests",
            "-c",
            "user.email=tests@indberet.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def split_fields(text: str) -> tuple[str, list[str]]:
    """The head of a set file and its field blocks, each starting with '  - id:'."""
    head, _, body = text.partition("fields:\n")
    blocks = ["  - id:" + part for part in body.split("  - id:") if part.strip()]
    return head + "fields:\n", blocks


def join_fields(head: str, blocks: list[str]) -> str:
    return head + "".join(block if block.endswith("\n") else block + "\n" for block in blocks)


def block_of(text: str, field_id: str) -> str:
    _, blocks = split_fields(text)
    return next(b for b in blocks if b.startswith(f"  - id: {field_id}\n"))


class Repo:
    """A temporary git repository with the fixture committed under reqs/."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = path / "reqs" / "boern.yaml"
        self.file.parent.mkdir(parents=True)
        git(path, "init", "-q")
        self.write(FIXTURE)
        self.commit("base")

    def read(self) -> str:
        return self.file.read_text(encoding="utf-8")

    def write(self, text: str) -> None:
        self.file.write_text(text, encoding="utf-8")

    def append(self, block: str) -> None:
        self.write(self.read().rstrip("\n") + "\n" + block)

    def remove(self, field_id: str) -> None:
        self.write(self.read().replace(block_of(self.read(), field_id), ""))

    def commit(self, message: str) -> None:
        git(self.path, "add", "-A")
        git(self.path, "commit", "-q", "--allow-empty", "-m", message)

    def check(self, *args: str, base: str | None = "HEAD~1") -> Run:
        extra = ("--base", base) if base else ()
        return run_cli("check", "reqs", "--as-of", AS_OF, *extra, *args, cwd=self.path)

    def check_json(self, *args: str, base: str | None = "HEAD~1") -> dict:
        run = self.check("--format", "json", *args, base=base)
        result: dict = json.loads(run.stdout)
        assert run.code == (0 if result["passed"] else 1), run.stderr
        return result


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def codes(result: dict, *, failing: bool | None = None) -> set[str]:
    return {f["code"] for f in result["findings"] if failing is None or f["fails"] is failing}


def finding(result: dict, code: str) -> dict:
    return next(f for f in result["findings"] if f["code"] == code)


def fingerprinted(result: dict, fingerprint: str) -> dict:
    return next(f for f in result["findings"] if f["fingerprint"] == fingerprint)


# --- the scenarios of the issue ---------------------------------------------------------


def test_unchanged_catalogue_passes(repo: Repo) -> None:
    repo.commit("nothing")
    run = repo.check()
    assert run.code == 0, run.stdout + run.stderr
    assert "No field or set has changed." in run.stdout
    assert "check passed" in run.stdout


def test_new_field_without_consumer_fails_with_its_burden(repo: Repo) -> None:
    repo.append(NO_CONSUMER)
    repo.commit("add fritid")
    run = repo.check()
    assert run.code == 1
    assert "+ boern.fritid (Barnets fritidsaktiviteter): 200 hours, 90,000 DKK a year" in run.stdout
    assert "a change of +200 hours and +90,000 DKK" in run.stdout
    result = repo.check_json()
    assert codes(result, failing=True) == {"IND201", "IND206"}
    ind201 = finding(result, "IND201")
    assert ind201["fingerprint"] == "boern.fritid:IND201"
    assert (ind201["path"], ind201["column"]) == ("reqs/boern.yaml", 5)
    assert repo.read().splitlines()[ind201["line"] - 1] == "  - id: fritid"
    comparison = result["comparison"]
    assert [c["field"] for c in comparison["fields"]["added"]] == ["boern.fritid"]
    assert comparison["burden"]["delta"] == {
        "hours": {"low": 200.0, "high": 200.0},
        "dkk": {"low": 90000.0, "high": 90000.0},
    }
    assert comparison["added_hours"] == 200.0 and comparison["removed_hours"] == 0.0
    # The audit finds the new field unused: reported as a new note, which does not fail.
    assert fingerprinted(result, "boern.fritid:IND101")["status"] == "new"
    assert fingerprinted(result, "boern.statusmoede:IND101")["status"] == "existing"


def test_duplicate_of_a_register_field_fails(repo: Repo) -> None:
    repo.append(REGISTER_TWIN)
    repo.commit("add barnets_bopael")
    result = repo.check_json()
    assert result["passed"] is False
    assert {"IND203", "IND204"} <= codes(result, failing=True)
    twin = finding(result, "IND204")
    assert "boern.bopaelskommune" in twin["message"] and twin["field"] == "barnets_bopael"
    assert "Det Centrale Personregister (CPR)" in finding(result, "IND203")["message"]
    # The existing register field's own IND203 is not new: it is not reported at all.
    assert {f["field"] for f in result["findings"] if f["code"] == "IND203"} == {"barnets_bopael"}


def test_removing_a_field_named_by_law_fails_at_its_old_place(repo: Repo) -> None:
    old_line = repo.read().splitlines().index("  - id: handlekommune") + 1
    repo.remove("handlekommune")
    repo.commit("remove handlekommune")
    run = repo.check()
    assert run.code == 1
    assert f"reqs/boern.yaml:{old_line}:5 (in HEAD~1): IND205 error [FAILS]" in run.stdout
    assert "- boern.handlekommune (Handlekommune): 20 hours, 9,000 DKK a year" in run.stdout
    result = repo.check_json()
    assert codes(result, failing=True) == {"IND205"}
    ind205 = finding(result, "IND205")
    assert ind205["in_base"] is True and ind205["line"] == old_line
    assert result["comparison"]["burden"]["delta"]["hours"] == {"low": -20.0, "high": -20.0}


def test_removing_an_unmandated_field_passes(repo: Repo) -> None:
    repo.remove("statusmoede")
    repo.commit("remove statusmoede")
    run = repo.check()
    assert run.code == 0, run.stdout
    assert "a change of -400 hours and -180,000 DKK" in run.stdout


def test_added_burden_offset_by_a_removal_passes(repo: Repo) -> None:
    repo.remove("statusmoede")  # 400 hours a year
    repo.append(WITH_CONSUMER)  # 200 hours a year
    repo.commit("one in, one out")
    run = repo.check()
    assert run.code == 0, run.stdout
    result = repo.check_json()
    comparison = result["comparison"]
    assert (comparison["added_hours"], comparison["removed_hours"]) == (200.0, 400.0)
    assert comparison["burden"]["delta"]["hours"] == {"low": -200.0, "high": -200.0}
    assert codes(result, failing=True) == set()


def test_added_burden_without_offset_fails_with_the_missing_hours(repo: Repo) -> None:
    repo.append(WITH_CONSUMER)
    repo.commit("one in")
    result = repo.check_json()
    assert codes(result, failing=True) == {"IND206"}
    budget = finding(result, "IND206")
    assert budget["fingerprint"] == "*:IND206"
    assert "200 hours are not offset" in budget["message"]
    assert budget["field"] == "fritid"  # placed at the field that adds the most


def profile_with(tmp_path: Path, **check: object) -> str:
    data = yaml.safe_load(
        (ROOT / "src" / "indberet" / "profiles" / "default.yaml").read_text(encoding="utf-8")
    )
    data["profile"] = "test"
    data["check"] = {**data.get("check", {}), **check}
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("ratio", "code"), [(1, 0), (2, 0), (2.5, 1)])
def test_offset_ratio_one_in_n_out(repo: Repo, tmp_path: Path, ratio: float, code: int) -> None:
    repo.remove("statusmoede")  # 400 hours removed
    repo.append(WITH_CONSUMER)  # 200 hours added
    repo.commit("change")
    run = repo.check("--profile", profile_with(tmp_path, offset_ratio=ratio))
    assert run.code == code, run.stdout


def test_burden_budget_lets_small_additions_through(repo: Repo, tmp_path: Path) -> None:
    repo.append(WITH_CONSUMER)
    repo.commit("one in")
    assert repo.check("--profile", profile_with(tmp_path, burden_budget_hours=200)).code == 0
    assert repo.check("--profile", profile_with(tmp_path, burden_budget_hours=199)).code == 1


def test_changed_field_must_keep_a_consumer_and_its_burden_counts(repo: Repo) -> None:
    text = repo.read()
    old = block_of(text, "startdato")
    new = old.split("    used_by:")[0].replace("minutes: 0.3", "minutes: 0.6")
    repo.write(text.replace(old, new))
    repo.commit("change startdato")
    result = repo.check_json()
    change = result["comparison"]["fields"]["changed"][0]
    assert change["field"] == "boern.startdato"
    assert change["attributes"] == ["minutes", "used_by"]
    assert change["delta"]["hours"] == {"low": 60.0, "high": 60.0}
    assert codes(result, failing=True) == {"IND201", "IND206"}


def test_only_new_findings_fail_unless_all(repo: Repo) -> None:
    repo.append(WITH_CONSUMER)
    repo.remove("statusmoede")
    repo.commit("offset")
    result = repo.check_json()
    existing = [f for f in result["findings"] if not f["new"]]
    assert existing and all(not f["fails"] for f in existing)
    # The existing IND203 of the base is not about a new field, so --all adds only audit notes.
    assert repo.check("--all").code == 0
    assert repo.check("--all", "--fail-on", "note").code == 1
    without_base = repo.check("--all", base=None)
    assert without_base.code == 1  # every field counts as new: bopaelskommune is IND203
    assert "boern.bopaelskommune is held by a register" in without_base.stdout


def test_fail_on_lowers_the_bar(repo: Repo, tmp_path: Path) -> None:
    profile = profile_with(tmp_path, burden_budget_hours=1000)
    repo.append(exempt(NO_CONSUMER, "IND201", "2030-01-01"))
    repo.commit("unused field, exempted from IND201")
    # The audit finds the new field unused (IND101, a note): only --fail-on note fails on it.
    assert repo.check("--profile", profile).code == 0
    assert repo.check("--profile", profile, "--fail-on", "warning").code == 0
    result = repo.check_json("--profile", profile, "--fail-on", "note")
    assert result["fail_on"] == "note" and result["passed"] is False
    assert codes(result, failing=True) == {"IND101"}


# --- exemptions -------------------------------------------------------------------------


def exempt(block: str, rule: str, expires: str) -> str:
    """The field block with one exemption."""
    return (
        block.rstrip("\n")
        + f"""
    exemptions:
      - rule: {rule}
        reason: Pilotprojekt, evalueres
        owner: Kontor for børnestatistik
        expires: {expires}
"""
    )


def test_exemption_suppresses_a_policy_finding_until_it_expires(repo: Repo, tmp_path: Path) -> None:
    profile = profile_with(tmp_path, burden_budget_hours=1000)
    repo.append(exempt(NO_CONSUMER, "IND201", "2027-06-30"))
    repo.commit("exempted")
    run = repo.check("--profile", profile)
    assert run.code == 0, run.stdout
    result = repo.check_json("--profile", profile)
    ind201 = finding(result, "IND201")
    assert ind201["status"] == "exempted" and ind201["exemption"]["owner"]
    expired = repo.check_json("--profile", profile, "--as-of", "2027-07-01")
    assert {"IND201", "IND207"} <= codes(expired, failing=True)
    assert finding(expired, "IND207")["fingerprint"] == "boern.fritid:IND207:IND201"


def test_expired_exemption_fails_even_when_the_base_had_it(repo: Repo) -> None:
    text = repo.read()
    block = block_of(text, "startdato")
    repo.write(text.replace(block, exempt(block, "IND106", "2020-01-01")))
    repo.commit("old exemption")
    repo.commit("unrelated")
    result = repo.check_json()
    assert codes(result, failing=True) == {"IND207"}


def test_exemption_that_suppresses_nothing_is_reported(repo: Repo) -> None:
    text = repo.read()
    block = block_of(text, "startdato")
    repo.write(text.replace(block, exempt(block, "IND203", "2030-01-01")))
    repo.commit("useless exemption")
    result = repo.check_json()
    unused = finding(result, "IND208")
    assert unused["severity"] == "warning" and not unused["fails"]
    assert repo.check("--fail-on", "warning").code == 1


def test_exemption_of_an_audit_rule_changes_the_verdict(repo: Repo) -> None:
    text = repo.read()
    block = block_of(text, "statusmoede")
    repo.write(text.replace(block, exempt(block, "IND101", "2030-01-01")))
    repo.commit("exempt")
    result = repo.check_json()
    ind101 = [f for f in result["findings"] if f["field"] == "statusmoede"]
    assert [f["code"] for f in ind101] == ["IND102"]  # IND101 no longer decides
    assert "IND208" not in codes(result)
    explained = run_cli("explain", "boern.statusmoede", "reqs", "--as-of", AS_OF, cwd=repo.path)
    assert "exempted until 2030-01-01" in explained.stdout


# --- baseline -----------------------------------------------------------------------------


def test_baseline_accepts_todays_findings_and_reports_stale_entries(repo: Repo) -> None:
    repo.append(NO_CONSUMER)
    repo.commit("add")
    assert repo.check(base=None).code == 1
    target = repo.path.parent / "baseline.json"
    written = run_cli("baseline", "reqs", "--as-of", AS_OF, "-o", str(target), cwd=repo.path)
    assert written.code == 0, written.stderr
    assert "to the baseline" in written.stderr
    fingerprints = [e["fingerprint"] for e in json.loads(target.read_text())["findings"]]
    assert "boern.fritid:IND201" in fingerprints and "boern.bopaelskommune:IND203" in fingerprints
    run = repo.check("--baseline", str(target), base=None)
    assert run.code == 0, run.stdout
    assert "in the baseline" in run.stdout
    # Fix the field: its baseline entries no longer match anything.
    repo.write(repo.read().replace(NO_CONSUMER, WITH_CONSUMER))
    result = repo.check_json("--baseline", str(target), base=None)
    stale = [f for f in result["findings"] if f["code"] == "IND209"]
    assert {f["fingerprint"] for f in stale} >= {"*:IND209:boern.fritid:IND201"}
    assert all(f["path"] == str(target) and f["line"] > 0 for f in stale)
    assert result["passed"] is True
    assert repo.check("--baseline", str(target), "--fail-on", "warning", base=None).code == 1


def test_baseline_is_stable_under_reordering_and_line_moves(repo: Repo) -> None:
    repo.append(NO_CONSUMER + REGISTER_TWIN)
    first = run_cli("baseline", "reqs", "--as-of", AS_OF, cwd=repo.path)
    assert first.code == 0
    head, blocks = split_fields(repo.read())
    moved = "# a comment that moves every line\n\n" + join_fields(head, list(reversed(blocks)))
    repo.write(moved.replace("\n\n  - id:", "\n\n\n  - id:"))
    second = run_cli("baseline", "reqs", "--as-of", AS_OF, cwd=repo.path)
    assert second.stdout == first.stdout
    entries = json.loads(first.stdout)["findings"]
    assert [e["fingerprint"] for e in entries] == sorted(e["fingerprint"] for e in entries)


def test_baseline_and_base_together(repo: Repo) -> None:
    repo.append(NO_CONSUMER)
    repo.commit("add")
    target = repo.path.parent / "baseline.json"
    run_cli("baseline", "reqs", "--as-of", AS_OF, "-o", str(target), cwd=repo.path)
    result = repo.check_json("--baseline", str(target))
    assert {f["code"] for f in result["findings"] if f["baselined"]} >= {"IND201"}
    assert codes(result, failing=True) == {"IND206"}  # the budget is not per field


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "does not exist"),
        ("{", "is not JSON"),
        ('{"indberet_baseline": 2, "findings": []}', "not a valid baseline"),
        ('{"indberet_baseline": 1, "findings": [{"code": "IND201"}]}', "not a valid baseline"),
    ],
)
def test_bad_baseline_is_an_input_error(repo: Repo, content: str | None, words: str) -> None:
    target = repo.path.parent / "bad.json"
    if content is not None:
        target.write_text(content, encoding="utf-8")
    run = repo.check("--baseline", str(target))
    assert run.code == 2
    assert words in run.stderr


# --- input and usage errors: exit 2 -----------------------------------------------------------


def test_unknown_ref_is_an_input_error(repo: Repo) -> None:
    run = repo.check(base="no-such-branch")
    assert run.code == 2
    assert "unknown git revision 'no-such-branch'" in run.stderr
    assert repo.check(base="--output=x").code == 2


@pytest.mark.parametrize(
    "ref",
    ["--output=x", "-", "--all", "HEAD --output=x", "$(touch x)", "HEAD;touch x", "HEAD\n--all",
     "@{-1}", "HEAD:reqs", "HEAD..HEAD", "refs/../x", "HEAD^{tree}", "-cfoo=bar"],
)  # fmt: skip
def test_hostile_refs_are_refused_and_leave_nothing(repo: Repo, ref: str) -> None:
    before = sorted(p.name for p in repo.path.iterdir())
    run = run_cli("check", "reqs", f"--base={ref}", cwd=repo.path)
    assert run.code == 2 and "unknown git revision" in run.stderr, run.stderr
    run = run_cli("diff", "--", ref, "HEAD", "reqs", cwd=repo.path)
    assert run.code == 2 and "neither an existing file or folder" in run.stderr
    assert sorted(p.name for p in repo.path.iterdir()) == before


def test_not_a_git_repository_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "reqs").mkdir()
    (tmp_path / "reqs" / "boern.yaml").write_text(FIXTURE, encoding="utf-8")
    env_dir = tmp_path  # tmp_path is not inside a repository
    run = run_cli("check", "reqs", "--base", "HEAD", cwd=env_dir)
    assert run.code == 2
    assert "is not inside a git repository" in run.stderr


def test_git_missing_is_an_input_error(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo.path / "no-bin"))
    run = repo.check()
    assert run.code == 2
    assert "git is not installed" in run.stderr


def test_invalid_definitions_are_input_errors_on_either_side(repo: Repo) -> None:
    good = repo.read()
    repo.write(good + "  - id: [\n")
    run = repo.check("--format", "github", base="HEAD")
    assert run.code == 2
    assert "IND010" in run.stderr
    assert "::error file=reqs/boern.yaml" in run.stdout
    repo.commit("broken")
    repo.write(good)
    run = repo.check(base="HEAD")
    assert run.code == 2
    assert "the definitions at HEAD cannot be loaded" in run.stderr


@pytest.mark.parametrize(
    "args",
    [("--fail-on", "fatal"), ("--format", "xml"), ("--as-of", "yesterday"), ("--bogus",)],
)
def test_bad_options_are_usage_errors(repo: Repo, args: tuple[str, ...]) -> None:
    assert repo.check(*args).code == 2


def test_missing_path_is_an_input_error(repo: Repo) -> None:
    run = run_cli("check", "nowhere", "--base", "HEAD", cwd=repo.path)
    assert run.code == 2


def test_exit_codes_through_a_real_process(repo: Repo) -> None:
    repo.commit("nothing")
    assert run_process("check", "reqs", "--base", "HEAD~1", cwd=repo.path).code == 0
    repo.append(NO_CONSUMER)
    repo.commit("add")
    failed = run_process("check", "reqs", "--base", "HEAD~1", cwd=repo.path)
    assert failed.code == 1 and "IND201" in failed.stdout
    assert run_process("check", "reqs", "--base", "nope", cwd=repo.path).code == 2


# --- git: read-only, same paths as the work tree ----------------------------------------------


def test_reading_the_base_leaves_nothing_behind(repo: Repo) -> None:
    repo.append(NO_CONSUMER)
    repo.commit("add")
    repo.append(REGISTER_TWIN)  # an uncommitted change in the work tree
    before = git(repo.path, "status", "--porcelain", "--ignored", "--untracked-files=all")
    git_dir = sorted(p.relative_to(repo.path) for p in (repo.path / ".git").rglob("*"))
    assert repo.check().code == 1
    after = git(repo.path, "status", "--porcelain", "--ignored", "--untracked-files=all")
    assert after == before
    assert git(repo.path, "worktree", "list").count("\n") == 1
    assert sorted(p.relative_to(repo.path) for p in (repo.path / ".git").rglob("*")) == git_dir


def test_paths_from_a_subfolder_match_the_work_tree(repo: Repo) -> None:
    line = repo.read().splitlines().index("  - id: handlekommune") + 1
    repo.remove("handlekommune")
    repo.commit("remove")
    run = run_cli(
        "check", ".", "--base", "HEAD~1", "--as-of", AS_OF, "--format", "json",
        cwd=repo.path / "reqs",
    )  # fmt: skip
    ind205 = finding(json.loads(run.stdout), "IND205")
    assert (ind205["path"], ind205["line"]) == (os.path.join(".", "boern.yaml"), line)
    by_file = run_cli(
        "check", "reqs/boern.yaml", "--base", "HEAD~1", "--as-of", AS_OF, cwd=repo.path
    )
    assert "reqs/boern.yaml:" in by_file.stdout and by_file.code == 1


def test_a_new_file_is_all_added(repo: Repo) -> None:
    other = FIXTURE.replace("id: boern\n", "id: unge\n").replace("tariff_dkk: 450\n", "")
    (repo.path / "reqs" / "unge.yaml").write_text(other, encoding="utf-8")
    repo.commit("new set")
    result = repo.check_json()
    assert len(result["comparison"]["fields"]["added"]) == 6
    assert result["comparison"]["sets"] == [{"set": "unge", "kind": "added", "attributes": []}]
    assert "IND204" in codes(result, failing=True)  # every field has a twin in boern


# --- git: links, submodules, first commit, size limit --------------------------------------------


def renamed(set_id: str) -> str:
    return FIXTURE.replace("id: boern\n", f"id: {set_id}\n").replace("tariff_dkk: 450\n", "")


@pytest.fixture
def superproject(tmp_path: Path) -> Repo:
    """The fixture repository with a submodule and committed links to a file and a folder."""
    library = tmp_path / "library"
    (library / "defs").mkdir(parents=True)
    (library / "defs" / "unge.yaml").write_text(renamed("unge"), encoding="utf-8")
    git(tmp_path, "init", "-q", str(library))
    git(library, "add", "-A")
    git(library, "commit", "-q", "-m", "library")
    repo = Repo(tmp_path / "repo")
    common = repo.path / "common"
    common.mkdir()
    (common / "voksne.yaml").write_text(renamed("voksne"), encoding="utf-8")
    (common / "aeldre.yaml").write_text(renamed("aeldre"), encoding="utf-8")
    os.symlink("../common/voksne.yaml", repo.path / "reqs" / "voksne.yaml")
    os.symlink("../common", repo.path / "reqs" / "common")
    git(repo.path, "-c", "protocol.file.allow=always", "submodule", "add", "-q",
        str(library), "reqs/library")  # fmt: skip
    repo.commit("links and a submodule")
    return repo


def test_links_and_submodules_compare_as_nothing_when_nothing_changed(
    superproject: Repo,
) -> None:
    result = superproject.check_json(base="HEAD")
    fields = result["comparison"]["fields"]
    assert (len(fields["added"]), len(fields["removed"]), len(fields["changed"])) == (0, 0, 0)
    assert result["passed"] is True
    run = run_process("check", "reqs", "--base", "HEAD", cwd=superproject.path)
    assert run.code == 0, run.stdout + run.stderr
    assert "No field or set has changed." in run.stdout and run.stderr == ""


def test_a_change_behind_a_link_or_in_a_submodule_is_seen(superproject: Repo) -> None:
    aeldre = superproject.path / "common" / "aeldre.yaml"  # read through reqs/common
    aeldre.write_text(aeldre.read_text(encoding="utf-8") + WITH_CONSUMER, encoding="utf-8")
    unge = superproject.path / "reqs" / "library" / "defs" / "unge.yaml"
    unge.write_text(unge.read_text(encoding="utf-8") + WITH_CONSUMER, encoding="utf-8")
    result = superproject.check_json(base="HEAD")
    added = sorted(c["field"] for c in result["comparison"]["fields"]["added"])
    assert added == ["aeldre.fritid", "unge.fritid"]


def test_what_git_cannot_read_is_left_out_of_both_sides_and_said(
    superproject: Repo, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ude.yaml").write_text(renamed("ude"), encoding="utf-8")
    (outside / "more").mkdir()
    (outside / "more" / "mere.yaml").write_text(renamed("mere"), encoding="utf-8")
    os.symlink("../../outside/ude.yaml", superproject.path / "reqs" / "ude.yaml")
    os.symlink(str(outside / "more"), superproject.path / "reqs" / "more")
    superproject.commit("links out of the repository")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(superproject.path), str(clone))  # submodule not fetched
    run = run_cli("check", "reqs", "--base", "HEAD", "--format", "json", cwd=clone)
    assert run.code == 0, run.stderr
    fields = json.loads(run.stdout)["comparison"]["fields"]
    assert (len(fields["added"]), len(fields["removed"])) == (0, 0)
    note = run.stderr.strip()
    assert note.startswith("indberet: note: git cannot read these at HEAD") and "\n" not in note
    assert f"reqs/ude.yaml (a symbolic link out of the repository, to {outside}/ude.yaml)" in note
    assert f"reqs/more (a symbolic link out of the repository, to {outside}/more)" in note
    assert "reqs/library (a submodule whose commit" in note
    danish = run_cli("check", "reqs", "--base", "HEAD", "--lang", "da", cwd=clone)
    assert "git kan ikke læse følgende i HEAD" in danish.stderr
    run = run_cli("diff", "HEAD", "reqs", "reqs", "--format", "json", cwd=clone)
    fields = json.loads(run.stdout)["comparison"]["fields"]
    assert (len(fields["added"]), len(fields["removed"])) == (0, 0)
    assert "reqs/ude.yaml (a symbolic link out of the repository" in run.stderr


def test_diff_reads_each_revision_of_a_submodule(superproject: Repo) -> None:
    module = superproject.path / "reqs" / "library"
    unge = module / "defs" / "unge.yaml"
    unge.write_text(unge.read_text(encoding="utf-8") + WITH_CONSUMER, encoding="utf-8")
    git(module, "commit", "-q", "-am", "a field")
    superproject.commit("the submodule moves on")
    run = run_cli("diff", "HEAD~1", "HEAD", "reqs", "--format", "json", cwd=superproject.path)
    added = [c["field"] for c in json.loads(run.stdout)["comparison"]["fields"]["added"]]
    assert run.code == 0 and added == ["unge.fritid"]


def test_first_commit_compares_with_nothing(tmp_path: Path) -> None:
    root = tmp_path / "new"
    (root / "reqs").mkdir(parents=True)
    (root / "reqs" / "boern.yaml").write_text(FIXTURE, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    git(root, "add", "-A")  # staged, as for the pre-commit hook of the first commit
    run = run_process("check", "reqs", "--base", "HEAD", "--format", "json", cwd=root)
    assert "unknown git revision" not in run.stderr and "fetch-depth" not in run.stderr
    assert run.stderr.startswith(
        "indberet: note: HEAD has no commit yet (the branch 'main' is new)"
    )
    result = json.loads(run.stdout)
    assert result["comparison"]["commit"] is None
    assert len(result["comparison"]["fields"]["added"]) == 6
    assert result["comparison"]["fields"]["removed"] == []
    # The same findings as without a base (every field is new), and the whole catalogue's
    # burden counts as added (IND206).
    alone = run_process("check", "reqs", "--format", "json", cwd=root)
    assert run.code == 1 and "IND206" in codes(result, failing=True)
    assert codes(result, failing=True) - {"IND206"} == codes(json.loads(alone.stdout), failing=True)


def test_fetch_depth_is_suggested_only_for_a_shallow_clone(repo: Repo, tmp_path: Path) -> None:
    run = repo.check(base="HEAD~1")
    assert run.code == 2 and "unknown git revision 'HEAD~1'" in run.stderr
    assert "fetch-depth" not in run.stderr
    repo.commit("second")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow))
    run = run_cli("check", "reqs", "--base", "HEAD~1", cwd=shallow)
    assert (
        run.code == 2 and "this clone is shallow" in run.stderr and "fetch-depth: 0" in run.stderr
    )
    run = run_cli("diff", "HEAD~1", "HEAD", "reqs", cwd=shallow)
    assert run.code == 2 and "fetch-depth: 0" in run.stderr
    run = run_cli("diff", "HEAD~5", "HEAD", "reqs", cwd=repo.path)
    assert run.code == 2 and "fetch-depth" not in run.stderr


# The real CLI with the size limit lowered through the constant itself (yamlsource's, and the
# loader's name for it), so that no test has to write 256 MB.
SMALL_LIMIT = """
import sys
from indberet.read import loading, yamlsource
yamlsource.MAX_FILE_BYTES = loading.MAX_FILE_BYTES = int(sys.argv[1])
from indberet.cli.main import main
main(sys.argv[2:])
"""


def with_limit(limit: int, *args: str, cwd: Path) -> Run:
    done = subprocess.run(
        [sys.executable, "-c", SMALL_LIMIT, str(limit), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "INDBERET_LANG": "en"},
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def test_a_base_file_over_the_size_limit_is_refused_like_a_file_on_disk(
    repo: Repo, tmp_path: Path
) -> None:
    big = renamed("stor") + "# padding\n" * 2000
    (repo.path / "reqs" / "stor.yaml").write_text(big, encoding="utf-8")
    repo.commit("a big file")
    (repo.path / "reqs" / "stor.yaml").write_text(renamed("stor"), encoding="utf-8")
    limit = len(big.encode()) - 1
    run = with_limit(limit, "check", "reqs", "--base", "HEAD", cwd=repo.path)
    assert run.code == 2, run.stdout + run.stderr
    refused = run.stderr.splitlines()[0]
    assert refused.startswith("reqs/stor.yaml: IND007 the file is")
    assert "the definitions at HEAD cannot be loaded" in run.stderr
    (repo.path / "reqs" / "stor.yaml").write_text(big, encoding="utf-8")  # the same file on disk
    validate = with_limit(limit, "validate", "reqs", cwd=repo.path)
    assert validate.code == 2 and validate.stdout.splitlines()[0] == refused
    assert with_limit(limit + 1, "check", "reqs", "--base", "HEAD", cwd=repo.path).code == 0


# --- formats ----------------------------------------------------------------------------------


@pytest.fixture
def changed(repo: Repo) -> Repo:
    """A change with failing, new, existing and exempted findings and a removed field."""
    repo.remove("handlekommune")
    repo.append(NO_CONSUMER + exempt(REGISTER_TWIN, "IND203", "2030-01-01"))
    repo.commit("change")
    return repo


def test_sarif_validates_against_the_official_schema(changed: Repo) -> None:
    run = changed.check("--format", "sarif")
    assert run.code == 1
    log = json.loads(run.stdout)
    jsonschema.Draft4Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    ).validate(log)
    results = log["runs"][0]["results"]
    rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    by_code = {r["ruleId"]: r for r in results}
    assert by_code["IND201"]["level"] == "error"
    assert by_code["IND201"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "reqs/boern.yaml"
    )
    assert by_code["IND203"]["suppressions"][0]["kind"] == "inSource"
    assert "region" not in by_code["IND205"]["locations"][0]["physicalLocation"]
    assert {r["baselineState"] for r in results} == {"new", "unchanged"}
    assert len({r["partialFingerprints"]["indberetFingerprint/v1"] for r in results}) == len(
        results
    )


def test_sarif_without_findings_and_with_a_baseline_validates(repo: Repo) -> None:
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA)
    repo.commit("nothing")
    empty = json.loads(repo.check("--format", "sarif", "--profile", "default").stdout)
    validator.validate(empty)
    target = repo.path.parent / "baseline.json"
    run_cli("baseline", "reqs", "--as-of", AS_OF, "-o", str(target), cwd=repo.path)
    log = json.loads(repo.check("--format", "sarif", "--baseline", str(target), base=None).stdout)
    validator.validate(log)
    kinds = {s["kind"] for r in log["runs"][0]["results"] for s in r.get("suppressions", [])}
    assert kinds == {"external"}


def test_github_annotations_and_step_summary(
    changed: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = changed.check("--format", "github")
    assert run.code == 1
    lines = run.stdout.splitlines()
    line = changed.read().splitlines().index("  - id: fritid") + 1
    assert f"::error file=reqs/boern.yaml,line={line},col=5,title=IND201 no consumer::" in (
        run.stdout
    )
    assert any(x.startswith("::error file=reqs/boern.yaml,title=IND205") for x in lines)
    assert all("\n" not in x for x in lines)
    assert "%0Ahint: " in run.stdout
    assert lines[-1].startswith("check failed")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## indberet check: failed")
    assert "this summary lists all" in text
    result = changed.check_json()
    table_rows = [x for x in text.splitlines() if x.startswith("| ") and "`reqs/" in x]
    assert len(table_rows) == len([f for f in result["findings"] if f["path"]])
    assert (
        "| ~ " not in text and "| added | `boern.fritid` Barnets fritidsaktiviteter | 200 |" in text
    )


def test_github_escapes_workflow_command_properties() -> None:
    from indberet.render.ci_github import command

    assert command("error", "50%\nnext", path="a,b:c.yaml", line=3, column=2, title="T,1") == (
        "::error file=a%2Cb%3Ac.yaml,line=3,col=2,title=T%2C1::50%25%0Anext"
    )


def test_junit_report(changed: Repo) -> None:
    run = changed.check("--format", "junit")
    assert run.code == 1
    root = ET.fromstring(run.stdout)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    result = changed.check_json()
    assert len(cases) == len(result["findings"]) == int(suite.get("tests", "0"))
    assert len(failures) == len([f for f in result["findings"] if f["fails"]])
    assert int(suite.get("failures", "0")) == len(failures)
    assert {c.get("name") for c in failures} >= {
        "boern.fritid:IND201",
        "boern.handlekommune:IND205",
    }


def test_junit_without_findings_has_one_passing_case(repo: Repo) -> None:
    repo.commit("nothing")
    root = ET.fromstring(repo.check("--format", "junit", "--profile", "sanering-2017").stdout)
    assert root.get("failures") == "0" and int(root.get("tests", "0")) >= 1


def test_gitlab_code_quality(changed: Repo) -> None:
    run = changed.check("--format", "gitlab")
    assert run.code == 1
    issues = json.loads(run.stdout)
    assert issues and len({i["fingerprint"] for i in issues}) == len(issues)
    for item in issues:
        assert item["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert item["location"]["path"] and item["location"]["lines"]["begin"] >= 1
        assert item["description"].startswith(item["check_name"])
    assert {i["check_name"] for i in issues if i["severity"] == "critical"} == {
        "IND201",
        "IND205",
        "IND204",
        "IND206",
    }
    assert "IND203" not in {i["check_name"] for i in issues}  # exempted


def test_markdown_and_output_file(changed: Repo, tmp_path: Path) -> None:
    target = tmp_path / "check.md"
    run = changed.check("--format", "markdown", "-o", str(target))
    assert run.code == 1 and run.stdout == ""
    markdown = target.read_text(encoding="utf-8")
    assert markdown.startswith("## indberet check: failed")
    assert "this summary lists all" not in markdown


def test_danish(changed: Repo) -> None:
    run = changed.check("--lang", "da")
    assert "kontrol ikke bestået" in run.stdout
    assert "nævner ingen bruger" in run.stdout
    assert "Sammenlignet med HEAD~1" in run.stdout


# --- diff, policy ------------------------------------------------------------------------------


def test_diff_of_two_revisions_is_for_people_and_exits_0(changed: Repo) -> None:
    run = run_cli("diff", "HEAD~1", "HEAD", "reqs", "--as-of", AS_OF, cwd=changed.path)
    assert run.code == 0, run.stderr
    assert "Fields: 2 added, 1 removed, 0 changed." in run.stdout
    assert "IND201" in run.stdout
    assert "[existing]" not in run.stdout


def test_diff_of_two_folders(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "boern.yaml").write_text(FIXTURE, encoding="utf-8")
    (new / "boern.yaml").write_text(FIXTURE.rstrip("\n") + "\n" + WITH_CONSUMER, encoding="utf-8")
    run = run_cli("diff", str(old), str(new), "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["comparison"]["base"] == str(old) and result["comparison"]["commit"] is None
    assert [c["field"] for c in result["comparison"]["fields"]["added"]] == ["boern.fritid"]
    assert result["comparison"]["burden"]["delta"]["dkk"]["low"] == 90000.0


def test_diff_of_something_that_is_neither(repo: Repo, tmp_path: Path) -> None:
    run = run_cli("diff", "nothing-here", "HEAD", "reqs", cwd=repo.path)
    assert run.code == 2
    assert "neither an existing file or folder nor a git revision" in run.stderr
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "boern.yaml").write_text(FIXTURE, encoding="utf-8")
    run = run_cli("diff", "boern.yaml", "missing.yaml", cwd=outside)
    assert run.code == 2
    assert "'missing.yaml' is neither" in run.stderr


def test_policy_lists_and_explains_codes(tmp_path: Path) -> None:
    listing = run_cli("policy")
    assert listing.code == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()[:9]] == [
        f"IND20{n}" for n in range(1, 10)
    ]
    one = run_cli(
        "policy", "ind206", "--profile", profile_with(tmp_path, severity={"IND206": "off"})
    )
    assert one.code == 0 and "one-in-one-out" in one.stdout and ": off." in one.stdout
    assert run_cli("policy", "IND299").code == 2


def test_profile_check_section_is_validated(tmp_path: Path) -> None:
    run = run_cli("policy", "--profile", profile_with(tmp_path, fail_on="sometimes"))
    assert run.code == 2
    assert "fail_on" in run.stderr
    run = run_cli("policy", "--profile", profile_with(tmp_path, budget=1))
    assert run.code == 2 and "budget" in run.stderr


# --- integration files -------------------------------------------------------------------------


def test_pre_commit_hook_and_action_run_indberet_check() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["entry"].startswith("indberet check")
    assert hooks[0]["language"] == "python"
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    script = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "args=(check " in script and 'indberet "${args[@]}" --format github' in script
    assert "pip install" in script
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "--format gitlab" in docs and "codequality" in docs


def action_script() -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    script: str = step["run"]
    return script


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_script_compares_a_pull_request_with_its_base_branch(
    repo: Repo, tmp_path: Path
) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo.path), str(origin))
    git(repo.path, "remote", "add", "origin", str(origin))
    branch = git(repo.path, "rev-parse", "--abbrev-ref", "HEAD").strip()
    repo.append(NO_CONSUMER)
    repo.commit("pull request")
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    bin_dir = str(Path(sys.executable).parent)  # where the indberet script is installed
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "GITHUB_BASE_REF": branch,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "INDBERET_PATHS": "reqs",
        "INDBERET_BASE": "",
        "INDBERET_PROFILE": "",
        "INDBERET_FAIL_ON": "",
        "INDBERET_ALL": "false",
        "INDBERET_BASELINE": "",
        "INDBERET_USAGE": "",
        "INDBERET_SARIF": str(tmp_path / "out.sarif"),
        "INDBERET_LANG": "en",
    }
    done = subprocess.run(
        ["bash", "-c", action_script()],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "::error file=reqs/boern.yaml" in done.stdout and "IND201" in done.stdout
    assert output.read_text(encoding="utf-8") == "exit-code=1\n"
    assert "## indberet check: failed" in summary.read_text(encoding="utf-8")
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    assert sarif["runs"][0]["properties"]["base"] == f"origin/{branch}"


def test_check_output_suffix_chooses_sarif(tmp_path: Path) -> None:
    # `check -o c.sarif` wrote the text report into the .sarif file, exit 0.
    target = tmp_path / "c.sarif"
    run = run_cli("check", str(ROOT / "examples"), "-o", str(target), cwd=ROOT)
    assert run.code == 1, run.stderr  # without --base every finding is new: the gate fails
    assert json.loads(target.read_text("utf-8"))["version"] == "2.1.0"
