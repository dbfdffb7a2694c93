"""indberet in a real repository: the pre-commit hooks, the GitHub Action and docs/ci.md.

The hooks are run as pre-commit runs them, without pre-commit: `.pre-commit-hooks.yaml` is
read, and each hook's `entry` split as by a shell, its `args` added, is run in the root of a
temporary git repository laid out as docs/ci.md's example (its `indberet.toml`, its
`.pre-commit-config.yaml`, its workflow), with the `indberet` command of this environment
on PATH. The action's script is run by bash with the inputs' defaults.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT

CI_DOCS = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
HOOKS: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
)
ACTION: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
BIN = str(Path(sys.executable).parent)  # where this environment's `indberet` command is
PLACEHOLDER = "FULL-COMMIT-SHA"
GIT = ("git", "-c", "user.name=indberet tests", "-c", "user.email=tests@indberet.invalid")
GIT += ("-c", "commit.gpgsign=false")

NEW_FIELD = """\
  - id: ny_oplysning
    name: En ny oplysning ingen har bedt om
    aspect: process
    type: text
    minutes: 2
"""


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """The fenced code blocks of a Markdown text: (language, body), indentation removed."""
    blocks = []
    for match in re.finditer(r"^( *)```(\w*)\n(.*?)^\1```", text, re.M | re.S):
        indent = len(match.group(1))
        body = "".join(line[indent:] for line in match.group(3).splitlines(keepends=True))
        blocks.append((match.group(2), body))
    return blocks


def named_blocks(name: str) -> list[str]:
    """docs/ci.md's blocks that are the file `name` (their first line is `# name`)."""
    return [body for _, body in fenced_blocks(CI_DOCS) if body.startswith(f"# {name}\n")]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [*GIT, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def environment(**more: str) -> dict[str, str]:
    return {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", ""), **more}


def example_repository(root: Path, settings: tuple[str, str] | None = None) -> Path:
    """docs/ci.md's example repository, with the definitions of examples/ (not committed)."""
    repo = root / "your-catalogue"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    name, text = settings or ("indberet.toml", named_blocks("indberet.toml")[0])
    (repo / name).write_text(text, encoding="utf-8")
    (repo / "requirements").mkdir()
    for example in ("registers.yaml", "underretninger.yaml"):
        shutil.copy(EXAMPLES / example, repo / "requirements" / example)
    (repo / ".pre-commit-config.yaml").write_text(
        named_blocks(".pre-commit-config.yaml")[0], encoding="utf-8"
    )
    workflow = repo / ".github" / "workflows" / "indberet.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(named_blocks(".github/workflows/indberet.yml")[0], encoding="utf-8")
    # YAML of another tool beside the definitions: never read, since `paths` does not name it
    (repo / "mkdocs.yml").write_text("plugins:\n  - x: !!python/name:y.z\n", encoding="utf-8")
    return repo


def configured_hooks(repo: Path) -> list[dict[str, Any]]:
    """The hooks the repository's .pre-commit-config.yaml asks for, as pre-commit sees them."""
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (entry,) = config["repos"]
    wanted = entry["hooks"]
    by_id = {hook["id"]: hook for hook in HOOKS}
    # pre-commit: the config's args replace the hook's own
    return [{**by_id[w["id"]], **{k: v for k, v in w.items() if k == "args"}} for w in wanted]


def run_hook(hook: dict[str, Any], repo: Path) -> subprocess.CompletedProcess[str]:
    """Run one hook as pre-commit does: `entry` split as by a shell, then `args`, in the
    repository's root; no file names (pass_filenames: false). Only when a staged file
    matches `files`, as pre-commit would."""
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    staged = git(repo, "diff", "--cached", "--name-only").split()
    assert any(re.search(hook["files"], name) for name in staged), (hook["files"], staged)
    command = [*shlex.split(hook["entry"]), *hook.get("args", [])]
    return subprocess.run(
        command,
        cwd=repo,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_hooks_read_the_project_settings_from_the_first_commit_on(tmp_path: Path) -> None:
    repo = example_repository(tmp_path)
    hooks = configured_hooks(repo)
    assert [hook["id"] for hook in hooks] == ["indberet-validate", "indberet-check"]
    validate, check = hooks
    git(repo, "add", "-A")

    # The repository's very first commit: no HEAD, the catalogue is the change.
    done = run_hook(validate, repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: 1 requirement set with 15 fields"), done.stdout
    done = run_hook(check, repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "HEAD has no commit yet" in done.stderr and "Traceback" not in done.stderr
    assert "Fields: 15 added, 0 removed, 0 changed." in done.stdout
    assert "requirements/underretninger.yaml:" in done.stdout and "IND206" in done.stdout
    git(repo, "commit", "-q", "-m", "The catalogue as it is")  # SKIP=indberet-check

    # A later commit that only rewords a description passes.
    path = repo / "requirements" / "underretninger.yaml"
    text = path.read_text(encoding="utf-8")
    reworded = text.replace("der modtog underretningen og", "der fik underretningen og")
    assert reworded != text
    path.write_text(reworded, encoding="utf-8")
    git(repo, "add", "-A")
    done = run_hook(check, repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Fields: 0 added, 0 removed, 1 changed." in done.stdout

    # One that adds a field nobody uses fails, at the field.
    path.write_text(text + NEW_FIELD, encoding="utf-8")
    git(repo, "add", "-A")
    done = run_hook(check, repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(
        r"requirements/underretninger\.yaml:\d+:5: IND201 error \[FAILS\]", done.stdout
    )
    assert "mkdocs" not in done.stdout + done.stderr


def test_a_catalogue_at_the_top_reads_the_same_files_at_head_as_in_the_work_tree(
    tmp_path: Path,
) -> None:
    """`[indberet]` alone: the catalogue is the repository's top folder. At HEAD, another
    tool's YAML (mkdocs.yml, .pre-commit-config.yaml) stopped the check with exit 2, and a
    folder with its own indberet.toml counted as removed: both are passed over there too."""
    repo = example_repository(tmp_path, ("indberet.toml", "[indberet]\n"))
    (repo / "other").mkdir()
    (repo / "other" / "indberet.toml").write_text("[indberet]\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "anbringelser.yaml", repo / "other")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The catalogue as it is")
    (repo / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    git(repo, "add", "-A")
    validate, check = configured_hooks(repo)
    done = run_hook(validate, repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "IND019" in done.stdout and "IND009" in done.stdout, done.stdout
    done = run_hook(check, repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Compared with HEAD"), done.stdout
    assert "No field or set has changed." in done.stdout


def test_the_hooks_read_pyproject_settings_and_say_when_there_are_none(tmp_path: Path) -> None:
    settings = '[tool.indberet]\npaths = ["requirements"]\n'
    repo = example_repository(tmp_path, ("pyproject.toml", settings))
    validate, check = configured_hooks(repo)
    git(repo, "add", "-A")
    done = run_hook(validate, repo)
    assert done.returncode == 0 and done.stdout.startswith("ok: 1 requirement set "), done.stdout
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    for hook in (validate, check):
        done = run_hook(hook, repo)
        assert done.returncode == 2, done.stdout + done.stderr
        assert "no PATH given" in done.stderr and "indberet.toml" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_change_of_the_settings_alone_runs_the_hooks() -> None:
    """A new `profile` in indberet.toml changes the policy: the hooks must run."""
    for hook in HOOKS:
        assert re.search(hook["files"], "indberet.toml"), hook["id"]
        assert re.search(hook["files"], "requirements/underretninger.yaml"), hook["id"]


def action_environment(**inputs: str) -> dict[str, str]:
    """The check step's environment as GitHub sets it: each input's value, else its default."""
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")
    env = {}
    for variable, expression in step["env"].items():
        name = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expression)
        assert name is not None, expression
        env[variable] = inputs.get(name.group(1), ACTION["inputs"][name.group(1)]["default"])
    return env


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_action_reads_the_project_settings_on_a_pull_request(tmp_path: Path) -> None:
    repo = example_repository(tmp_path)
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "indberet.yml").read_text())
    (step,) = [s for s in workflow["jobs"]["indberet"]["steps"] if "indberet@" in s["uses"]]
    assert step["uses"] == f"OWNER/indberet@{PLACEHOLDER}"
    assert set(step.get("with", {})) <= set(ACTION["inputs"])
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The catalogue as it is")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(origin))
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "switch", "-q", "-c", "change")
    path = repo / "requirements" / "underretninger.yaml"
    path.write_text(path.read_text(encoding="utf-8") + NEW_FIELD, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "pull request")

    output = tmp_path / "output"
    script = next(s["run"] for s in ACTION["runs"]["steps"] if s.get("id") == "check")
    env = environment(
        **action_environment(**{k: str(v) for k, v in step.get("with", {}).items()}),
        GITHUB_BASE_REF="main",
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
    )
    assert env["INDBERET_PATHS"] == ""  # no paths given: the settings'
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "::error file=requirements/underretninger.yaml" in done.stdout
    assert "IND201" in done.stdout and "mkdocs" not in done.stdout + done.stderr
    assert output.read_text(encoding="utf-8") == "exit-code=1\n"


def tags() -> set[str]:
    """The tags of this repository (none in a copy without git)."""
    if not (ROOT / ".git").exists():
        return set()
    done = subprocess.run(
        ["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return set(done.stdout.split())


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("document", documents(), ids=lambda p: p.name)
def test_the_snippets_pin_only_what_exists(document: Path) -> None:
    """`rev: v0.1.0` and `OWNER/indberet@v1` named tags this repository does not have."""
    pinnable = tags() | {PLACEHOLDER}
    for _, body in fenced_blocks(document.read_text(encoding="utf-8")):
        refs = re.findall(r"\brev:\s*([^\s#]+)", body)
        refs += re.findall(r"indberet(?:\.git)?@([^\s\"'#]+)", body)
        for ref in refs:
            assert ref in pinnable, f"{document.name}: '{ref}' is not a tag here:\n{body}"
        # indberet is not on PyPI: `pip install indberet` would fetch whoever took the name
        assert not re.search(r"\bpip[x]? install (-\S+ )*indberet\b", body), body


def test_the_example_files_in_the_docs_are_well_formed() -> None:
    named = [body for _, body in fenced_blocks(CI_DOCS) if re.match(r"# [\w./-]+\.\w+\n", body)]
    assert len(named) >= 5
    for body in named:
        name = body.splitlines()[0][2:]
        if name.endswith(".toml"):
            tomllib.loads(body)
        else:
            assert isinstance(yaml.safe_load(body), dict), name
    (pre_commit,) = named_blocks(".pre-commit-config.yaml")[:1]
    (entry,) = yaml.safe_load(pre_commit)["repos"]
    assert entry["rev"] == PLACEHOLDER and entry["repo"].endswith("/OWNER/indberet")
