"""`indberet history` on real git repositories made in a temporary folder.

The repository gets a history with every case the command must handle: fields added, a
second set in another currency, a file renamed, a merge, a commit where a file is not
valid and the commit that mends it, files the loader would not read (a hidden folder,
another tool's YAML, a catalogue of its own), and a shallow clone of it all. The
expected figures are computed here, independently, from the YAML the test wrote at each
commit (minutes / 60 x applies_to x reports a year, times the tariff), and compared with
what the real command writes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from indberet.read.schema import schema
from tests.conftest import ROOT, run_cli, run_process

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = schema("history")


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
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def set_text(set_id: str, fields: list[tuple[str, float]], **head: Any) -> str:
    """A requirement set with the fields (id, minutes); ``head`` adds set keys."""
    lines = ["indberet: 1", f"id: {set_id}", f"name: Sæt {set_id}"]
    lines += [f"{key}: {value}" for key, value in head.items()]
    lines.append("fields:")
    for field_id, minutes in fields:
        lines += [
            f"  - id: {field_id}",
            f"    name: Felt {field_id}",
            "    type: text",
            f"    minutes: {minutes}",
            "    applies_to: 0.5",
        ]
    return "\n".join(lines) + "\n"


ALPHA_HEAD = {"reports_per_year": 6000, "tariff_dkk": 300}
BETA_HEAD = {"reports_per_year": 1200, "currency": "GBP", "tariff": 20}
BROKEN = (  # f1 has no minutes: IND022
    "indberet: 1\nid: alpha\nname: Sæt alpha\nreports_per_year: 6000\n"
    "fields:\n  - id: f1\n    name: Felt f1\n"
)


@dataclass
class Expected:
    """The figures after one commit, computed from the YAML the test wrote."""

    fields: int
    hours: float
    money: dict[str, float]
    ids: set[str]


def expected(files: dict[str, str]) -> Expected:
    """Fields, hours and money per currency of the valid sets among ``files``."""
    fields = 0
    hours = 0.0
    money: dict[str, float] = {}
    ids: set[str] = set()
    for text in files.values():
        data = yaml.safe_load(text)
        if not isinstance(data, dict) or "fields" not in data:
            continue
        if any("minutes" not in item for item in data["fields"]):
            continue  # not valid: not counted here (the caller carries the last version)
        tariff = data.get("tariff", data.get("tariff_dkk"))
        currency = data.get("currency", "DKK")
        for item in data["fields"]:
            burden = item["minutes"] / 60 * item.get("applies_to", 1.0) * data["reports_per_year"]
            fields += 1
            hours += burden
            money[currency] = money.get(currency, 0.0) + burden * tariff
            ids.add(f"{data['id']}.{item['id']}")
    return Expected(fields, hours, money, ids)


class Repo:
    """A repository whose definitions live under reqs/; ``states`` remembers, for each
    commit on the main line, the definition files as the loader would count them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        git(path, "init", "-q")
        self.files: dict[str, str] = {}  # what counts, path -> text
        self.states: list[tuple[str, Expected]] = []

    def write(self, name: str, text: str, *, counted: bool = True) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if counted:
            self.files[name] = text

    def commit(self, subject: str) -> str:
        git(self.path, "add", "-A")
        git(self.path, "commit", "-q", "-m", subject)
        sha = git(self.path, "rev-parse", "HEAD")
        self.states.append((sha, expected(self.files)))
        return sha


def make_history(path: Path) -> tuple[Repo, dict[str, str]]:
    """The repository with every case; returns it and the commits by name."""
    repo = Repo(path)
    shas: dict[str, str] = {}
    repo.write("reqs/a.yaml", set_text("alpha", [("f1", 1), ("f2", 2)], **ALPHA_HEAD))
    repo.write("README.md", "not a definition\n", counted=False)
    shas["first"] = repo.commit("alpha with two fields")
    repo.write("reqs/a.yaml", set_text("alpha", [("f1", 1), ("f2", 2), ("f3", 4)], **ALPHA_HEAD))
    # not read, as in the work tree: hidden, another tool's YAML, a catalogue of its own
    repo.write("reqs/.hidden/h.yaml", set_text("hidden", [("x", 50)], **ALPHA_HEAD), counted=False)
    repo.write("reqs/mkdocs.yml", "site_name: docs\n", counted=False)
    repo.write("reqs/own/indberet.toml", "[indberet]\n", counted=False)
    repo.write("reqs/own/c.yaml", set_text("own", [("y", 60)], **ALPHA_HEAD), counted=False)
    shas["f3"] = repo.commit("alpha.f3")
    repo.write("reqs/b.yaml", set_text("beta", [("g1", 3)], **BETA_HEAD))
    shas["beta"] = repo.commit("beta, in pounds")
    git(path, "mv", "reqs/a.yaml", "reqs/alpha.yaml")
    repo.files["reqs/alpha.yaml"] = repo.files.pop("reqs/a.yaml")
    shas["rename"] = repo.commit("rename a.yaml to alpha.yaml")
    git(path, "checkout", "-q", "-b", "side")
    side_beta = set_text("beta", [("g1", 3), ("g2", 30)], **BETA_HEAD)
    (path / "reqs" / "b.yaml").write_text(side_beta, encoding="utf-8")
    git(path, "commit", "-q", "-am", "beta.g2 on a branch")
    git(path, "checkout", "-q", "main")
    repo.write(
        "reqs/alpha.yaml", set_text("alpha", [("f1", 1), ("f2", 2), ("f3", 5)], **ALPHA_HEAD)
    )
    git(path, "commit", "-q", "-am", "alpha.f3 takes longer")
    repo.states.append((git(path, "rev-parse", "HEAD"), expected(repo.files)))
    shas["longer"] = repo.states[-1][0]
    git(path, "merge", "-q", "--no-ff", "side", "-m", "merge the branch")
    repo.files["reqs/b.yaml"] = side_beta
    repo.states.append((git(path, "rev-parse", "HEAD"), expected(repo.files)))
    shas["merge"] = repo.states[-1][0]
    good_alpha = repo.files["reqs/alpha.yaml"]
    repo.write("reqs/alpha.yaml", BROKEN, counted=False)
    shas["broken"] = repo.commit("alpha broken: f1 has no minutes")  # alpha counted as before
    repo.write(
        "reqs/alpha.yaml",
        set_text("alpha", [("f1", 1), ("f2", 2), ("f3", 5), ("f4", 20)], **ALPHA_HEAD),
    )
    shas["mended"] = repo.commit("alpha mended, and alpha.f4")
    assert repo.files["reqs/alpha.yaml"] != good_alpha
    return repo, shas


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, dict[str, str]]:
    return make_history(tmp_path_factory.mktemp("history") / "repo")


def history_json(repo: Path, *args: str) -> dict[str, Any]:
    done = run_cli("history", "reqs", "--format", "json", *args, cwd=repo)
    assert done.code == 0, done.stderr
    assert "Traceback" not in done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    jsonschema.validate(document, SCHEMA)
    return document


def test_every_commit_on_the_main_line_has_the_figures_of_its_yaml(history_repo: Any) -> None:
    repo, _ = history_repo
    document = history_json(repo.path)
    points = document["points"]
    assert [p["commit"] for p in points] == [sha for sha, _ in repo.states]
    for point, (_, wanted) in zip(points, repo.states, strict=True):
        assert point["fields"] == wanted.fields, point["subject"]
        assert point["hours"]["low"] == pytest.approx(wanted.hours)
        assert {code: m["low"] for code, m in point["money"].items()} == pytest.approx(wanted.money)
    # never one sum over currencies: DKK and GBP apart
    assert set(points[-1]["money"]) == {"DKK", "GBP"}


def test_each_commit_names_the_fields_it_added_and_removed(history_repo: Any) -> None:
    repo, shas = history_repo
    points = {p["commit"]: p for p in history_json(repo.path)["points"]}
    previous: set[str] = set()
    for sha, wanted in repo.states:
        point = points[sha]
        if sha == shas["broken"]:
            assert point["added"] == point["removed"] == []
            continue
        assert {f["field"] for f in point["added"]} == wanted.ids - previous
        assert {f["field"] for f in point["removed"]} == previous - wanted.ids
        previous = wanted.ids
    assert [f["field"] for f in points[shas["longer"]]["changed"]] == ["alpha.f3"]
    # 1 minute more x 0.5 x 6000 / 60 = 50 hours
    assert points[shas["longer"]]["changed"][0]["hours"]["low"] == pytest.approx(50)


def test_a_rename_is_no_removal_and_addition(history_repo: Any) -> None:
    repo, shas = history_repo
    point = next(p for p in history_json(repo.path)["points"] if p["commit"] == shas["rename"])
    assert point["renamed"] == [{"from": "reqs/a.yaml", "to": "reqs/alpha.yaml"}]
    assert point["added"] == point["removed"] == [] and point["fields_delta"] == 0
    done = run_cli("history", "reqs", cwd=repo.path)
    assert "reqs/a.yaml was renamed reqs/alpha.yaml" in done.stdout


def test_a_merge_counts_along_its_first_parent_and_says_so(history_repo: Any) -> None:
    repo, shas = history_repo
    document = history_json(repo.path)
    merge = next(p for p in document["points"] if p["commit"] == shas["merge"])
    assert merge["merge"] is True and document["merges"] == 1
    assert [f["field"] for f in merge["added"]] == ["beta.g2"]
    side = git(repo.path, "rev-parse", "side")
    assert side not in {p["commit"] for p in document["points"]}
    assert any("first parent" in note for note in document["notes"])


def test_an_invalid_file_is_passed_over_at_that_commit_with_a_note(history_repo: Any) -> None:
    repo, shas = history_repo
    document = history_json(repo.path)
    broken = next(p for p in document["points"] if p["commit"] == shas["broken"])
    assert [(s["path"], s["code"]) for s in broken["skipped"]] == [("reqs/alpha.yaml", "IND022")]
    assert broken["fields_delta"] == 0  # counted as its last valid version
    mended = next(p for p in document["points"] if p["commit"] == shas["mended"])
    assert [f["field"] for f in mended["added"]] == ["alpha.f4"]
    done = run_cli("history", "reqs", cwd=repo.path)
    assert done.code == 0
    assert f"reqs/alpha.yaml is not valid at {shas['broken'][:10]}" in done.stdout


def test_the_top_commits_are_those_that_added_the_most_hours(history_repo: Any) -> None:
    repo, _ = history_repo
    document = history_json(repo.path, "--top", "2")
    hours = [wanted.hours for _, wanted in repo.states]
    rises = [(hours[0], repo.states[0][0])] + [
        (hours[n] - hours[n - 1], repo.states[n][0]) for n in range(1, len(hours))
    ]
    best = [sha for rise, sha in sorted(rises, key=lambda r: -r[0]) if rise > 0][:2]
    assert document["top"] == best
    done = run_cli("history", "reqs", "--top", "2", cwd=repo.path)
    top_block = done.stdout.split("Commits that added the most burden")[1].split("Commit by")[0]
    assert best[0][:10] in top_block and "added: beta.g2 (" in top_block


def test_since_starts_from_the_state_at_that_revision(history_repo: Any) -> None:
    repo, shas = history_repo
    document = history_json(repo.path, "--since", shas["rename"])
    first = document["points"][0]
    assert first["start"] is True and first["commit"] == shas["rename"]
    assert first["added"] == [] and first["fields_delta"] == 0
    assert [p["commit"] for p in document["points"][1:]] == [sha for sha, _ in repo.states[4:]]
    assert shas["first"] not in document["top"]


def test_a_shallow_clone_starts_at_its_boundary_and_says_so(
    history_repo: Any, tmp_path: Path
) -> None:
    repo, _ = history_repo
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "3", f"file://{repo.path}", str(clone)],
        check=True,
        capture_output=True,
    )
    document = history_json(clone)
    boundary = document["shallow_boundary"]
    assert boundary is not None
    first = document["points"][0]
    assert first["start"] is True and first["commit"] == boundary
    assert boundary not in document["top"]
    full = history_json(repo.path)
    assert document["points"][-1]["fields"] == full["points"][-1]["fields"]
    assert document["points"][-1]["hours"] == full["points"][-1]["hours"]
    done = run_cli("history", "reqs", cwd=clone)
    assert f"This clone is shallow: the history starts at its boundary, {boundary[:10]}" in (
        done.stdout
    )


def test_each_file_version_is_parsed_once(history_repo: Any, monkeypatch: Any) -> None:
    import indberet
    from indberet.read import githistory

    repo, _ = history_repo
    parsed: list[str] = []
    original = githistory.parse_definition

    def counting(path: str, raw: bytes) -> Any:
        parsed.append(path)
        return original(path, raw)

    monkeypatch.setattr(githistory, "parse_definition", counting)
    old = os.getcwd()
    os.chdir(repo.path)
    try:
        found = indberet.history("reqs")
    finally:
        os.chdir(old)
    objects = git(repo.path, "log", "--first-parent", "--format=", "--raw", "--no-abbrev", "-m")
    distinct = {line.split()[3] for line in objects.splitlines() if line.startswith(":")}
    distinct.discard("0" * 40)
    assert len(parsed) <= len(distinct)  # one parse per object, never one per commit
    assert len(parsed) < sum(len(p.commit.sha) > 0 for p in found.points) * 2
    assert found.to_dict()["points"][-1]["fields"] == repo.states[-1][1].fields


def test_not_a_repository_and_an_unknown_revision_are_exit_2(tmp_path: Path) -> None:
    (tmp_path / "reqs").mkdir()
    done = run_cli("history", "reqs", cwd=tmp_path)
    assert done.code == 2 and "is not inside a git repository" in done.stderr
    assert "Traceback" not in done.stderr
    repo = Repo(tmp_path / "repo")
    repo.write("reqs/a.yaml", set_text("alpha", [("f1", 1)], **ALPHA_HEAD))
    repo.commit("one")
    for option in ("--since", "--until"):
        done = run_cli("history", "reqs", option, "no-such-rev", cwd=repo.path)
        assert done.code == 2 and "unknown git revision 'no-such-rev'" in done.stderr
        assert "Traceback" not in done.stderr
    done = run_cli("history", "reqs", "--since", "--all", cwd=repo.path)
    assert done.code == 2


def test_html_markdown_and_danish(history_repo: Any, tmp_path: Path) -> None:
    repo, _ = history_repo
    page = tmp_path / "history.html"
    done = run_cli("history", "reqs", "-o", str(page), cwd=repo.path)
    assert done.code == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and 'id="chart-hours"' in html and "<script" not in html
    top = history_json(repo.path)["top"]
    assert [sha[:10] for sha in top] == [
        part.split('"')[0] for part in html.split('<li id="top-')[1:]
    ]
    notes = tmp_path / "history.md"
    assert run_cli("history", "reqs", "-o", str(notes), cwd=repo.path).code == 0
    assert "| Commit | Date |" in notes.read_text(encoding="utf-8")
    danish = run_cli("history", "reqs", "--lang", "da", cwd=repo.path)
    assert "Sådan voksede indberetningskravene" in danish.stdout
    assert "Sammenfletninger (merges) følges ad deres første forælder" in danish.stdout


def test_the_terminal_chart_falls_back_to_ascii(history_repo: Any) -> None:
    repo, _ = history_repo
    env = {**os.environ, "INDBERET_LANG": "en", "PYTHONIOENCODING": "ascii:backslashreplace"}
    done = subprocess.run(
        [sys.executable, "-m", "indberet", "history", "reqs"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    chart = next(line for line in done.stdout.splitlines() if line.strip().startswith("hours"))
    assert chart.isascii() and "->" in chart
    utf8 = run_process("history", "reqs", cwd=repo.path)
    chart = next(line for line in utf8.stdout.splitlines() if line.strip().startswith("hours"))
    assert any(mark in chart for mark in "▁▂▃▄▅▆▇█")


def readme_commands() -> list[str]:
    """The `indberet history` commands of the README's section on history."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### History of the definitions")[1].split("\n### ")[0]
    block = section.split("```sh\n")[1].split("```")[0]
    return [line for line in block.splitlines() if line.startswith("indberet history")]


def test_the_readme_commands_run_as_written_on_this_repository() -> None:
    commands = readme_commands()
    assert len(commands) == 3
    written = ROOT / "history.html"
    assert not written.exists()
    try:
        for command in commands:
            done = run_cli(*command.split()[1:], cwd=ROOT)
            assert done.code == 0, (command, done.stderr)
            assert "Traceback" not in done.stderr
        assert "<svg" in written.read_text(encoding="utf-8")
    finally:
        written.unlink(missing_ok=True)
    done = run_cli("history", "examples/", "--format", "json", cwd=ROOT)
    document = json.loads(done.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["points"], "the examples have a history in this repository"


def test_until_ends_the_history_at_that_revision(history_repo: Any) -> None:
    repo, shas = history_repo
    document = history_json(repo.path, "--until", shas["rename"])
    assert [p["commit"] for p in document["points"]] == [sha for sha, _ in repo.states[:4]]
    assert document["until"] == shas["rename"]


def test_a_folder_that_becomes_a_catalogue_of_its_own_leaves_the_history(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("reqs/a.yaml", set_text("alpha", [("f1", 1)], **ALPHA_HEAD))
    repo.write("reqs/sub/c.yaml", set_text("sub", [("s1", 1), ("s2", 2)], **ALPHA_HEAD))
    repo.commit("two sets")
    repo.write("reqs/sub/indberet.toml", "[indberet]\n", counted=False)
    del repo.files["reqs/sub/c.yaml"]
    marked = repo.commit("reqs/sub/ is a catalogue of its own")
    document = history_json(repo.path)
    last = document["points"][-1]
    assert last["commit"] == marked and last["fields"] == repo.states[-1][1].fields == 1
    assert sorted(f["field"] for f in last["removed"]) == ["sub.s1", "sub.s2"]


def test_the_api_result_is_immutable_and_errors_are_indberet_errors(
    history_repo: Any, tmp_path: Path
) -> None:
    import dataclasses

    import indberet

    repo, _ = history_repo
    found = indberet.history(repo.path / "reqs")
    assert "history" in indberet.__all__ and "HistoryResult" in indberet.__all__
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.lang = "da"  # type: ignore[misc]
    assert found.to_dict()["top"] == [p.commit.sha for p in found.top]
    assert repr(found).startswith(f"HistoryResult(commits={len(repo.states)}, ")
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.history(tmp_path)
    assert raised.value.kind == "git" and raised.value.key == "git.not_repository"
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.history(repo.path / "reqs", since="no-such-rev")
    assert raised.value.key == "git.unknown_ref"


def test_a_change_is_written_with_one_sign_per_direction() -> None:
    from indberet.audit_model import Range
    from indberet.render.history import _signed_range

    assert _signed_range(Range(120, 300), "en") == "+120–300"
    assert _signed_range(Range(-114_225, -211_448), "en") == "-114,225–211,448"
    assert _signed_range(Range(-5, 0), "en") == "-5–0"
    assert _signed_range(Range(-5, 3), "en") == "-5–+3"
    assert _signed_range(Range(0, 0), "en") == "0"
