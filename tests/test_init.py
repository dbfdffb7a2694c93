"""`indberet init DIR`: a new catalogue repository whose files work as written.

After init, `indberet validate` and `indberet audit` run in the folder with no arguments;
the pre-commit hooks are run as pre-commit runs a local hook (its `entry` split as by a
shell, in the root of a git repository), and the workflow's `run:` steps by bash with the
variables GitHub would set, the `indberet` of this environment on PATH.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import indberet
from indberet.api_import import installed_from
from tests.conftest import run_cli, run_process

BIN = str(Path(sys.executable).parent)
GIT = ("git", "-c", "user.name=indberet tests", "-c", "user.email=tests@indberet.invalid")
GIT += ("-c", "commit.gpgsign=false")
FILES = [
    "indberet.toml",
    "requirements/registers.yaml",
    "requirements/eksempel.yaml",
    "policy/profile.yaml",
    ".pre-commit-config.yaml",
    ".github/workflows/indberet.yml",
]


def environment(**more: str) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
        "INDBERET_LANG": "en",
        **more,
    }


def git(repo: Path, *args: str) -> str:
    done = subprocess.run([*GIT, *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def test_init_then_validate_and_audit_with_no_arguments(tmp_path: Path) -> None:
    folder = tmp_path / "katalog"
    done = run_cli("init", str(folder), "--lang", "en")
    assert done.code == 0, done.stderr
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == sorted(
        FILES
    )
    for name in FILES:
        assert f"wrote {folder / name}" in done.stdout
    assert f"Next: cd {folder} && indberet validate && indberet audit" in done.stdout
    valid = run_process("validate", cwd=folder)
    assert valid.code == 0, valid.stdout + valid.stderr
    assert "1 requirement set with 6 fields" in valid.stdout
    audit = run_process("audit", "--format", "table", cwd=folder)
    assert audit.code == 0, audit.stderr
    assert "profile 'catalogue'" in audit.stdout  # the copy indberet.toml names
    assert (
        "assumed, not from a source: reporters (eksempel); reports_per_year (eksempel); "
        "minutes of every field (eksempel); used_by of every field (eksempel)"
    ) in audit.stdout
    check = run_process("check", cwd=folder)  # every field new: findings, but it runs
    assert check.code in (0, 1), check.stderr


def test_the_files_say_they_are_illustrative_and_the_profile_is_the_default(
    tmp_path: Path,
) -> None:
    indberet.init_catalogue(tmp_path / "k")
    requirement_set = yaml.safe_load((tmp_path / "k/requirements/eksempel.yaml").read_text())
    assert requirement_set["illustrative"] is True
    assert requirement_set["assumed"] == ["reporters", "reports_per_year", "minutes", "used_by"]
    profile = yaml.safe_load((tmp_path / "k/policy/profile.yaml").read_text())
    default = run_process("audit", "--profile", "default", cwd=tmp_path / "k", timeout=60)
    own = run_process("audit", cwd=tmp_path / "k")
    assert profile["profile"] == "catalogue"
    assert default.stdout.replace("'default'", "'catalogue'") == own.stdout


def test_a_folder_that_holds_anything_is_refused_and_force_keeps_what_is_there(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run_cli("init", str(folder), "--lang", "en")
    assert refused.code == 2
    assert "is not empty; nothing was written" in refused.stderr and "--force" in refused.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    (folder / "indberet.toml").write_text('[indberet]\npaths = ["mine"]\n', encoding="utf-8")
    forced = run_cli("init", str(folder), "--force", "--lang", "en")
    assert forced.code == 0
    assert f"kept {folder / 'indberet.toml'}: it was there already" in forced.stdout
    assert (folder / "indberet.toml").read_text() == '[indberet]\npaths = ["mine"]\n'
    assert (folder / "requirements/eksempel.yaml").exists()
    again = run_cli("init", str(folder), "--force", "--lang", "da")
    assert again.code == 0
    assert again.stdout.count("bevarede ") == len(FILES)
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    assert run_cli("init", str(file)).code == 2


def _hooks(repo: Path) -> list[dict[str, Any]]:
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (local,) = config["repos"]
    assert local["repo"] == "local"
    hooks: list[dict[str, Any]] = local["hooks"]
    return hooks


def _run_hook(hook: dict[str, Any], repo: Path) -> subprocess.CompletedProcess[str]:
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    return subprocess.run(
        shlex.split(hook["entry"]),
        cwd=repo,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_pre_commit_hooks_and_the_workflow_work_as_written(tmp_path: Path) -> None:
    repo = tmp_path / "katalog"
    assert run_cli("init", str(repo)).code == 0
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    validate, check = _hooks(repo)
    assert validate["id"] == "indberet-validate" and check["id"] == "indberet-check"
    assert _run_hook(validate, repo).returncode == 0
    # the first commit, as init says: outside the check (every field is new)
    git(repo, "commit", "-q", "-m", "The catalogue")
    # a change: a field with no consumer, no legal basis of its own, more burden
    path = repo / "requirements" / "eksempel.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - id: ny\n    name: Et nyt felt\n    type: text\n    minutes: 3\n",
        encoding="utf-8",
    )
    git(repo, "add", ".")
    assert _run_hook(validate, repo).returncode == 0
    failed = _run_hook(check, repo)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "eksempel.ny" in failed.stdout
    git(repo, "reset", "-q", "--hard")
    assert _run_hook(check, repo).returncode == 0

    workflow = yaml.safe_load((repo / ".github/workflows/indberet.yml").read_text())
    steps = workflow["jobs"]["indberet"]["steps"]
    install, *commands = [step for step in steps if "run" in step]
    # no source known (an editable install): the job stops at once and says what to set
    assert installed_from() is None
    assert install["env"]["INDBERET_SOURCE"] == "${{ vars.INDBERET_SOURCE }}"
    stopped = _bash(install["run"], repo, INDBERET_SOURCE="")
    assert stopped.returncode == 2
    assert stopped.stdout.startswith("::error::Set the repository variable INDBERET_SOURCE")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # what checkout fetches
    summary = tmp_path / "summary.md"
    for step in commands:
        env = {
            k: str(v).replace("${{ github.base_ref }}", "main")
            for k, v in step.get("env", {}).items()
        }
        done = _bash(step["run"], repo, GITHUB_STEP_SUMMARY=str(summary), **env)
        assert done.returncode == 0, (step, done.stdout, done.stderr)
    assert "eksempel" in summary.read_text(encoding="utf-8")
    assert [s["name"] for s in commands] == [
        "indberet validate",
        "indberet audit",
        "indberet check",
    ]


def _bash(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_source_goes_into_the_workflow_and_the_hooks(tmp_path: Path) -> None:
    source = "git+https://example.org/tools/indberet.git@" + "0" * 40
    done = run_cli("init", str(tmp_path / "k"), "--source", source, "--lang", "en")
    assert done.code == 0 and f"CI installs indberet from {source}" in done.stdout
    workflow = yaml.safe_load((tmp_path / "k/.github/workflows/indberet.yml").read_text())
    install = workflow["jobs"]["indberet"]["steps"][2]
    assert install["env"]["INDBERET_SOURCE"] == source
    for hook in _hooks(tmp_path / "k"):
        assert hook["language"] == "python"
        assert hook["additional_dependencies"] == [source]


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        (
            {"url": "https://github.com/o/indberet",
             "vcs_info": {"vcs": "git", "commit_id": "a" * 40}},
            "git+https://github.com/o/indberet@" + "a" * 40,
        ),
        ({"url": "file:///home/me/indberet", "dir_info": {"editable": True}}, None),
        ({"url": "https://example.org/indberet-0.1.0.tar.gz", "archive_info": {}}, "https://example.org/indberet-0.1.0.tar.gz"),
    ],
)  # fmt: skip
def test_where_this_copy_was_installed_from(
    monkeypatch: pytest.MonkeyPatch, recorded: dict[str, Any], expected: str | None
) -> None:
    import json
    from importlib import metadata

    class Installed:
        def read_text(self, name: str) -> str | None:
            return json.dumps(recorded) if name == "direct_url.json" else None

    monkeypatch.setattr(metadata, "distribution", lambda name: Installed())
    assert installed_from() == expected


def test_the_result_names_the_variable_the_workflow_reads(tmp_path: Path) -> None:
    from indberet.core.scaffold import SOURCE_VARIABLE

    made = indberet.init_catalogue(tmp_path / "k")
    assert made.source is None and made.source_variable == SOURCE_VARIABLE
    workflow = (tmp_path / "k/.github/workflows/indberet.yml").read_text(encoding="utf-8")
    assert "${{ vars." + made.source_variable + " }}" in workflow
