"""What an installed indberet is: its dependencies, and the files a wheel ships."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from indberet.core.profile import shipped_profiles
from tests.conftest import EXAMPLES, ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
TEST_TOOLS = {"pytest", "hypothesis", "mypy", "ruff", "setuptools"}


def requirement_name(requirement: str) -> str:
    """The distribution name a requirement string names (``types-PyYAML`` -> types-pyyaml)."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
    assert match is not None, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


def is_test_tool(name: str) -> bool:
    return name in TEST_TOOLS or name.startswith("types-")


def test_the_tool_alone_needs_no_test_tool() -> None:
    """`pip install .` / `pipx install` bring what indberet runs on, not what tests it."""
    runtime = [requirement_name(r) for r in PYPROJECT["project"]["dependencies"]]
    assert runtime and not [name for name in runtime if is_test_tool(name)]
    extras = {requirement_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]}
    assert {"pytest", "hypothesis", "mypy", "ruff"} <= extras


def test_the_profiles_have_one_home_in_the_package() -> None:
    """Not a link to a folder outside the package: editing that changed no installed copy."""
    home = ROOT / "src" / "indberet" / "profiles"
    assert home.is_dir() and not home.is_symlink()
    assert not (ROOT / "rules").exists()
    assert shipped_profiles() == ["default", "sanering-2017"]
    assert sorted(p.stem for p in home.glob("*.yaml")) == shipped_profiles()
    data = PYPROJECT["tool"]["setuptools"]["package-data"]["indberet"]
    assert "profiles/*.yaml" in data


def copy_of_the_source(target: Path) -> Path:
    """What a clone holds for a build, links kept as links (as git checks them out)."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(
        ROOT / "src",
        target / "src",
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    return target


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
    )
    return done


@pytest.mark.skipif(sys.platform == "win32", reason="the venv layout below is POSIX's")
def test_a_wheel_installed_into_a_fresh_environment_runs(tmp_path: Path) -> None:
    """`pip install .` (not editable): the wheel holds the profiles and the commands run."""
    source = copy_of_the_source(tmp_path / "source")
    built = run(
        sys.executable,
        *("-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"),
        *("--disable-pip-version-check", "-q", "-w", tmp_path / "dist", source),
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("indberet-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        lines = archive.read(metadata).decode().splitlines()
        requires = [
            line.removeprefix("Requires-Dist: ")
            for line in lines
            if line.startswith("Requires-Dist: ") and "extra ==" not in line
        ]
    # The licence as an SPDX expression (the table form fails to build from 2027-02-18),
    # its file shipped in the wheel.
    assert "License-Expression: MIT" in lines
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert {"indberet/profiles/default.yaml", "indberet/profiles/sanering-2017.yaml"} <= names
    assert requires and not [r for r in requires if is_test_tool(requirement_name(r))]

    venv = tmp_path / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = run(
        sys.executable,
        *("-m", "pip", "--python", python, "install", "--no-deps", "--no-index"),
        *("--disable-pip-version-check", "-q", wheel),
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    # The runtime dependencies from this environment, as a plain path: its own .pth files
    # (the editable indberet of this checkout among them) are not read from there.
    where = run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
    )
    site = Path(where.stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    shutil.copytree(EXAMPLES, tmp_path / "examples", symlinks=True)
    home = run(python, "-c", "import indberet; print(indberet.__file__)", cwd=tmp_path)
    assert Path(home.stdout.strip()).is_relative_to(site), home.stdout + home.stderr
    rules = run(venv / "bin" / "indberet", "rules", cwd=tmp_path)
    assert rules.returncode == 0, rules.stderr
    assert rules.stdout.splitlines()[0].startswith("IND101  on")
    audit = run(
        venv / "bin" / "indberet",
        *("audit", "examples/", "--profile", "sanering-2017", "--format", "table"),
        *("--as-of", "2026-11-26"),
        cwd=tmp_path,
    )
    assert audit.returncode == 0, audit.stderr
    assert "profile 'sanering-2017'" in audit.stdout
