"""The package's floors, read from its imports: an import only points down.

Every module of ``src/indberet`` is parsed (not imported) and each of its imports —
at module level, inside functions, under ``TYPE_CHECKING``; absolute or relative — is
checked against the floors below. A failure names the module, the line and the import.

1. plain data and words: ``model``, ``records``, ``diagnostics``, ``audit_model``,
   ``history_model``, ``i18n``, ``messages/``, ``gcpause`` (and the package data folders ``data/``,
   ``schemas/``);
2. ``read/``: files, git blobs and usage logs in, model or located diagnostics out;
3. ``core/``: profile, scoring, rules, near-duplicates, verdicts, plan, check;
4. ``run/`` (caches, the second process, progress, output files) and ``render/``
   (results in, text or bytes out; it may use core/'s words and figures, never read/);
5. ``api`` and its parts (``api_types``, ``api_import``: any ``api_*`` module);
6. ``cli/`` (and ``__main__``).

The package root (``indberet/__init__.py``) is the facade: it imports only the API, and
only when first asked for. Any module may take ``__version__`` from it, since importing
the root imports nothing (``tests/test_api.py`` checks that).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

PACKAGE: Final = Path(__file__).resolve().parent.parent / "src" / "indberet"
ROOT: Final = "indberet"
VERSION: Final = "indberet.__version__"  # a constant of the root, which imports nothing

FLOOR_1: Final = frozenset(
    {"model", "records", "diagnostics", "audit_model", "history_model", "i18n", "messages"}
    | {"gcpause"}
    | {"data", "schemas"}  # package data: folders with an empty __init__.py
)

# What each floor may import, besides itself and floor 1.
MAY_IMPORT: Final[dict[str, frozenset[str]]] = {
    "floor 1": frozenset(),
    "read": frozenset(),
    "core": frozenset(),
    "run": frozenset({"read", "core"}),
    "render": frozenset({"core"}),
    "api": frozenset({"read", "core", "run", "render"}),
    "cli": frozenset({"read", "core", "run", "render", "api", "root"}),
    "root": frozenset({"api"}),
}

# Imports across floors that are allowed one by one, each with its reason.
EXCEPTIONS: Final[dict[tuple[str, str], str]] = {
    # A profile is an input file like any other: read/profile finds it (by name or path),
    # reads it with the same reader (located YAML problems) and checks it by its schema.
    # core/profile turns the checked document into a Profile, whose language data are
    # core/pairing's Words, so that step cannot be in read/; and load_profile(name) stays
    # one call for every caller.
    ("indberet.core.profile", "indberet.read.profile"): "a profile's file is read by read/",
    ("indberet.core.profile", "indberet.read.yamlsource"): "the type of the checked document",
}


@dataclass(frozen=True)
class Import:
    """One import of one of our modules: who imports what, where, as written."""

    importer: str
    target: str
    path: Path
    line: int
    source: str

    def __str__(self) -> str:
        where = self.path.relative_to(PACKAGE.parent.parent)
        return f"{where}:{self.line}: `{self.source}` ({self.importer} -> {self.target})"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


MODULES: Final = all_modules()


def resolve(name: str) -> str:
    """The module ``name`` is in: the longest of our modules it starts with; a name
    imported from the root (``from indberet import __version__``) is the root's."""
    if name == VERSION:
        return name
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return ROOT


def imports_of(name: str, path: Path) -> Iterator[Import]:
    """Every import of one of our modules in the module ``name`` at ``path``."""
    source = path.read_text("utf-8")
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        text = " ".join((ast.get_source_segment(source, node) or "").split())
        for target in targets:
            if target == ROOT or target.startswith(ROOT + "."):
                yield Import(name, resolve(target), path, node.lineno, text)


ALL_IMPORTS: Final = [i for name, path in MODULES.items() for i in imports_of(name, path)]


def floor(module: str) -> str:
    """The floor of one of our modules (``?`` for a module outside every floor)."""
    if module == ROOT:
        return "root"
    if module == VERSION:
        return "floor 1"
    top = module.split(".")[1]
    if top in FLOOR_1:
        return "floor 1"
    if top in ("read", "core", "run", "render", "cli"):
        return top
    if top == "api" or top.startswith("api_"):  # api.py and its parts (api_types, ...)
        return "api"
    if top == "__main__":
        return "cli"
    return "?"


def allowed(item: Import) -> bool:
    here, there = floor(item.importer), floor(item.target)
    if there in (here, "floor 1"):
        return True
    if (item.importer, item.target) in EXCEPTIONS:
        return True
    return there in MAY_IMPORT.get(here, frozenset())


def offending(items: list[Import]) -> str:
    return "\n".join(dict.fromkeys(str(i) for i in items))


def test_the_parser_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The checks below rest on this reading of imports: absolute, relative, inside
    functions and under TYPE_CHECKING, `import a.b` and `from a import b`."""
    text = (
        "from typing import TYPE_CHECKING\n"
        "import indberet.run.cache\n"
        "from indberet.core import similarity\n"
        "from ..render.text import validation\n"
        "from . import schema\n"
        "from .. import __version__\n"
        "if TYPE_CHECKING:\n"
        "    from indberet.run.parallel import read_all\n"
        "def f() -> None:\n"
        "    from indberet.core.scoring import score\n"
    )
    written = tmp_path / "loading.py"
    written.write_text(text, "utf-8")
    found = [(i.target, i.line) for i in imports_of("indberet.read.loading", written)]
    assert sorted(found) == sorted(
        [
            ("indberet.run.cache", 2),
            ("indberet.core.similarity", 3),
            ("indberet.render.text", 4),
            ("indberet.read.schema", 5),
            ("indberet.__version__", 6),
            ("indberet.run.parallel", 8),
            ("indberet.core.scoring", 10),
        ]
    )


def test_every_module_is_on_a_floor() -> None:
    homeless = [name for name in MODULES if floor(name) == "?"]
    assert not homeless, f"modules on no floor (see tests/test_layers.py): {homeless}"


def test_imports_only_point_down() -> None:
    wrong = [i for i in ALL_IMPORTS if not allowed(i)]
    assert not wrong, "imports that point up or sideways:\n" + offending(wrong)


@pytest.mark.parametrize(
    ("importer", "forbidden", "why"),
    [
        ("indberet.read.", "indberet.core.similarity", "reading files knows no near-duplicates"),
        ("indberet.read.", "indberet.core.pairing", "reading files knows no pairs"),
        ("indberet.read.", "indberet.core.scoring", "reading files knows no scoring"),
        ("indberet.read.", "indberet.run.", "reading files knows no parallel work or caches"),
        ("indberet.render.", "indberet.read.", "renderers take results, never the loader"),
        ("indberet.run.cache", "indberet.core.similarity", "the parse cache is not the pairs'"),
        ("indberet.core.", "indberet.render.", "core decides; render lays out"),
        ("indberet.", "indberet.cli", "nothing below the CLI knows it"),
    ],
)
def test_named_arrows_are_absent(importer: str, forbidden: str, why: str) -> None:
    wrong = [
        i
        for i in ALL_IMPORTS
        if i.importer.startswith(importer)
        and floor(i.importer) != "cli"
        and (i.target == forbidden or i.target.startswith(forbidden))
    ]
    assert not wrong, f"{why}:\n" + offending(wrong)


def test_processes_are_started_in_run_only() -> None:
    """Parallel work is arranged in one place, above what it shares out: only run/
    imports multiprocessing."""
    wrong = []
    for name, path in MODULES.items():
        if floor(name) == "run":
            continue
        source = path.read_text("utf-8")
        for node in ast.walk(ast.parse(source)):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                modules = [node.module or ""]
            if any(m == "multiprocessing" or m.startswith("multiprocessing.") for m in modules):
                wrong.append(f"{path.relative_to(PACKAGE.parent.parent)}:{node.lineno} ({name})")
    assert not wrong, "multiprocessing outside run/:\n" + "\n".join(wrong)


def test_exceptions_are_still_needed() -> None:
    """An exception listed above that no import uses any more is removed."""
    used = {(i.importer, i.target) for i in ALL_IMPORTS}
    assert set(EXCEPTIONS) <= used, sorted(set(EXCEPTIONS) - used)


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("indberet.render.jsonfmt", ("indberet.read", "indberet.run", "indberet.core.similarity")),
        ("indberet.render.text", ("indberet.read", "indberet.run", "indberet.core.similarity")),
        ("indberet.read.loading", ("indberet.run", "indberet.core")),
        ("indberet.read.usagelog", ("indberet.run", "indberet.core", "multiprocessing")),
        ("indberet.run.cache", ("indberet.core",)),
    ],
)
def test_importing_a_module_loads_nothing_above_it(module: str, forbidden: tuple[str, ...]) -> None:
    """As a user meets it: importing the JSON renderer, say, in a fresh process loads
    neither the loader nor the cache nor the pair search."""
    code = f"import sys, json, {module}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    wrong = [m for m in loaded if any(m == f or m.startswith(f + ".") for f in forbidden)]
    assert not wrong, f"importing {module} loads {wrong}"
