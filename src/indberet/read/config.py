"""Project settings: where a repository's definitions live and which profile it uses.

Like ruff and deptry, indberet reads its settings from the nearest ``indberet.toml``
(table ``[indberet]``) or ``pyproject.toml`` (table ``[tool.indberet]``), looking in the
working directory and then its parents, up to the top of a git repository. Keys:

* ``paths``: the folders or files of requirement definitions, relative to the settings
  file (default for an ``indberet.toml``: its own folder); used when a command is given no
  PATH;
* ``profile``: a shipped profile name or a path relative to the settings file; used when
  ``--profile`` is not given.

Options on the command line always win. A folder holding an ``indberet.toml`` is also a
catalogue of its own: searching a folder above it passes over it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE_NAMES = ("indberet.toml", "pyproject.toml")


class SettingsError(Exception):
    """A settings file that cannot be read or says something indberet does not know."""


@dataclass(frozen=True)
class Settings:
    """What a settings file says; empty when there is none."""

    paths: tuple[str, ...] = ()
    profile: str | None = None
    source: str | None = None  # the file they come from


def find_settings(start: str | os.PathLike[str] = ".") -> Settings:
    """The settings of the nearest settings file at or above ``start``."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        for name in FILE_NAMES:
            path = candidate / name
            if path.is_file():
                table = _table(path)
                if table is not None:
                    return _settings(path, table)
        if (candidate / ".git").exists():
            break
    return Settings()


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: {error}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("indberet")
    else:
        table = data.get("indberet", {})
    if table is not None and not isinstance(table, dict):
        raise SettingsError(f"{path}: the indberet settings must be a table")
    return table


def _settings(path: Path, table: dict[str, Any]) -> Settings:
    unknown = sorted(set(table) - {"paths", "profile"})
    if unknown:
        raise SettingsError(f"{path}: unknown setting {', '.join(unknown)} (known: paths, profile)")
    # an indberet.toml marks a catalogue: by default, the folder it stands in
    paths = table.get("paths", ["."] if path.name == "indberet.toml" else [])
    if isinstance(paths, str):
        paths = [paths]
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise SettingsError(f"{path}: 'paths' must be a list of folder or file names")
    profile = table.get("profile")
    if profile is not None and not isinstance(profile, str):
        raise SettingsError(f"{path}: 'profile' must be a profile name or a file name")
    here = path.parent
    relative = [os.path.relpath(here / p) for p in paths]
    if profile is not None and (profile.endswith((".yaml", ".yml")) or "/" in profile):
        profile = os.path.relpath(here / profile)
    return Settings(tuple(relative), profile, str(path))
