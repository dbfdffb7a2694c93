"""Project settings (indberet.toml, pyproject.toml [tool.indberet]) and the CLI using them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indberet.read.config import Settings, SettingsError, find_settings
from tests.conftest import EXAMPLES, run_cli


def project(tmp_path: Path, settings: str, name: str = "indberet.toml") -> Path:
    (tmp_path / ".git").mkdir()  # the top of the search
    (tmp_path / "defs").mkdir()
    shutil.copy(EXAMPLES / "underretninger.yaml", tmp_path / "defs")
    (tmp_path / name).write_text(settings, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    return tmp_path


def test_settings_come_from_the_nearest_file_with_paths_relative_to_it(tmp_path: Path) -> None:
    root = project(tmp_path, '[indberet]\npaths = ["defs"]\nprofile = "sanering-2017"\n')
    found = find_settings(root / "sub")
    assert found.profile == "sanering-2017"
    assert [Path(p).resolve() for p in found.paths] == [root / "defs"]


def test_pyproject_tool_table_and_nothing(tmp_path: Path) -> None:
    root = project(tmp_path, '[tool.indberet]\npaths = "defs"\n', "pyproject.toml")
    assert [Path(p).resolve() for p in find_settings(root).paths] == [root / "defs"]
    (root / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    assert find_settings(root) == Settings()


@pytest.mark.parametrize(
    "text", ["[indberet]\npaths = 3\n", "[indberet]\nfolders = []\n", "[indberet\n"]
)
def test_bad_settings_are_refused(tmp_path: Path, text: str) -> None:
    root = project(tmp_path, text)
    with pytest.raises(SettingsError, match=r"indberet\.toml"):
        find_settings(root)


def test_the_cli_takes_paths_and_profile_from_the_settings(tmp_path: Path) -> None:
    root = project(tmp_path, '[indberet]\npaths = ["defs"]\nprofile = "sanering-2017"\n')
    run = run_cli("audit", cwd=root / "sub")
    assert run.code == 0, run.stderr
    assert "profile 'sanering-2017'" in run.stdout
    assert run_cli("validate", cwd=root).stdout.startswith("ok: 1 requirement set with")
    given = run_cli("audit", "defs", "--profile", "default", cwd=root)  # options win
    assert "profile 'default'" in given.stdout


def test_no_path_and_no_settings_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    run = run_cli("audit", cwd=tmp_path)
    assert run.code == 2
    assert "indberet.toml" in run.stderr


def test_bad_settings_are_exit_2_naming_the_file(tmp_path: Path) -> None:
    root = project(tmp_path, "[indberet]\npaths = 3\n")
    run = run_cli("audit", cwd=root)
    assert run.code == 2
    assert "indberet.toml" in run.stderr and "Traceback" not in run.stderr


def test_yaml_that_is_not_an_indberet_file_is_passed_over_in_a_folder(tmp_path: Path) -> None:
    # `validate .` gave an ordinary mkdocs.yml seven errors; explain walked action.yml.
    root = project(tmp_path, '[indberet]\npaths = ["."]\n')
    (root / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - emoji: !!python/name:x.y\n", encoding="utf-8"
    )
    (root / "action.yml").write_text("name: a\nruns:\n  using: composite\n", encoding="utf-8")
    run = run_cli("validate", ".", cwd=root)
    assert run.code == 0, run.stdout
    assert run.stdout.startswith("ok: 1 requirement set with")
    assert run.stdout.count("IND019") == 1  # one note for both
    named = run_cli("validate", "mkdocs.yml", cwd=root)  # named itself: checked
    assert named.code == 1
