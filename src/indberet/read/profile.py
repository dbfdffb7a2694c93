"""Reading a rule profile's file: a shipped one by name, or a file by path.

Profiles ship in the package's ``profiles/`` folder; a user may give a path instead of a
name. A profile is read like any other input (located YAML problems) and checked by its
schema; nothing in it is executed. What the checked document means — the
:class:`~indberet.core.profile.Profile` — is :mod:`indberet.core.profile`'s.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from indberet.diagnostics import Diagnostic, Location, Severity
from indberet.read import schema
from indberet.read.loading import read_document
from indberet.read.yamlsource import Document, parse

DEFAULT_PROFILE: Final = "default"

# The shipped profiles: the package's `profiles` folder, their one home (package data: an
# installed indberet has exactly these). Found by a plain path: the folder has no
# __init__.py, so importlib.resources would treat it as a namespace package, whose view
# follows sys.path and fails outright ("MultiplexedPath only supports directories") if a
# folder it once found is gone.
_PROFILES: Final = Path(__file__).resolve().parent.parent / "profiles"


class ProfileError(Exception):
    """The profile could not be found or is invalid; carries located diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problems in the profile")
        self.diagnostics = diagnostics


def shipped_profiles() -> list[str]:
    """Names of the profiles that ship with indberet."""
    return sorted(item.stem for item in _PROFILES.glob("*.yaml") if item.is_file())


def read_profile(name_or_path: str | None) -> Document:
    """The checked document of a shipped profile by name, or of a profile file by path;
    raises :class:`ProfileError` with located diagnostics."""
    wanted = name_or_path or DEFAULT_PROFILE
    if wanted in shipped_profiles() and not os.path.exists(wanted):
        document, problems = _parse_shipped(wanted)
    elif os.path.exists(wanted):
        document, problems = read_document(wanted)
    else:
        raise ProfileError(
            [
                Diagnostic(
                    "IND008",
                    "profile.unknown",
                    Location(wanted),
                    {"name": wanted, "known": ", ".join(shipped_profiles())},
                    Severity.INPUT,
                )
            ]
        )
    if document is None or problems:
        raise ProfileError(problems)
    problems = schema.validate(document, "profile")
    if problems:
        raise ProfileError(problems)
    return document


def read_shipped(name: str) -> Document:
    """The document of a shipped profile, which is known to be sound."""
    document, problems = _parse_shipped(name)
    assert document is not None and not problems, problems
    return document


def _parse_shipped(name: str) -> tuple[Document | None, list[Diagnostic]]:
    source = (_PROFILES / f"{name}.yaml").read_text("utf-8")
    return parse(f"<indberet>/profiles/{name}.yaml", source)
