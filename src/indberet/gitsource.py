"""Read requirement definitions as they were at a git revision, straight from the object store.

Nothing is checked out and no file is written: ``git ls-tree`` lists the YAML files under
the asked paths at the revision, ``git cat-file --batch`` streams their contents, and
:func:`indberet.loading.load_blobs` loads them. Each file is shown under the same path the
work tree would give it (``examples/`` gives ``examples/anbringelser.yaml``), so that a
finding in the old catalogue points where the same file lives in the work tree.

Errors (git missing, not a repository, unknown revision, a path outside the repository)
are raised as :class:`GitError` with a message key; the CLI turns them into exit code 2.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from indberet.diagnostics import MessageError
from indberet.loading import YAML_SUFFIXES, LoadResult, load_blobs

GIT_TIMEOUT: Final = 120.0
_TREE_ENTRY_TYPES: Final = frozenset({"blob"})
_SYMLINK_MODE: Final = "120000"


class GitError(MessageError):
    """Git could not give what was asked; ``key`` and ``params`` name the message."""


@dataclass(frozen=True)
class Revision:
    """A resolved revision: what the user wrote, and the commit it names."""

    ref: str
    commit: str
    root: str


@dataclass(frozen=True)
class Blob:
    """One file at a revision: the path to show, the path in the repository, the object id."""

    display_path: str
    repo_path: str
    object_id: str


@dataclass
class GitSource:
    """The outcome of reading definitions at a revision."""

    revision: Revision
    blobs: list[Blob] = field(default_factory=list)
    result: LoadResult | None = None


def _git(
    args: Sequence[str],
    cwd: str,
    *,
    data: bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **(env or {}), "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=data,
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
            env=environment,
        )
    except FileNotFoundError:
        raise GitError("git.missing") from None
    except subprocess.TimeoutExpired:
        raise GitError("git.timeout", command=" ".join(["git", *args[:2]])) from None
    except OSError as error:
        raise GitError("git.failed", detail=error.strerror or str(error)) from None


def _first_line(raw: bytes) -> str:
    lines = raw.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else ""


def repository_root(cwd: str = ".") -> str:
    """The top folder of the work tree that holds ``cwd``."""
    done = _git(["rev-parse", "--show-toplevel"], cwd)
    if done.returncode != 0:
        raise GitError("git.not_repository", path=os.path.abspath(cwd), detail=_detail(done))
    return os.path.realpath(done.stdout.decode("utf-8", "surrogateescape").strip())


def _detail(done: subprocess.CompletedProcess[bytes]) -> str:
    return _first_line(done.stderr) or f"exit {done.returncode}"


def anchor(path: str) -> str:
    """The nearest existing folder at or above ``path``: where to ask git about it."""
    probe = os.path.abspath(path)
    while not os.path.isdir(probe):
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    return probe


def resolve(ref: str, cwd: str = ".") -> Revision:
    """The commit that ``ref`` names in the repository that holds ``cwd``."""
    root = repository_root(cwd)
    if not ref or ref.startswith("-"):
        raise GitError("git.unknown_ref", ref=ref)
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root)
    if done.returncode != 0:
        raise GitError("git.unknown_ref", ref=ref)
    return Revision(ref, done.stdout.decode("ascii").strip(), root)


def _prefix(path: str, root: str) -> str:
    """``path`` (as the user gave it, relative to the working directory) inside the repository."""
    absolute = os.path.realpath(path) if os.path.exists(path) else os.path.abspath(path)
    relative = os.path.relpath(absolute, root)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        raise GitError("git.outside", path=path, root=root)
    return "" if relative == os.curdir else relative.replace(os.sep, "/")


def _hidden(parts: Sequence[str]) -> bool:
    return any(part.startswith(".") for part in parts)


def list_blobs(revision: Revision, paths: Sequence[str]) -> list[Blob]:
    """The YAML files under ``paths`` at ``revision``, as the work tree would list them.

    Like the loader's directory walk: sorted, hidden files and folders below a given path
    skipped. Symbolic links and submodules are not followed.
    """
    found: dict[str, Blob] = {}
    for path in paths:
        prefix = _prefix(path, revision.root)
        args = ["ls-tree", "-r", "-z", "--full-tree", revision.commit]
        if prefix:
            args += ["--", prefix]
        done = _git(args, revision.root)
        if done.returncode != 0:
            raise GitError("git.failed", detail=_detail(done))
        for entry in done.stdout.split(b"\0"):
            if not entry:
                continue
            meta, _, name_raw = entry.partition(b"\t")
            mode, kind, object_id = meta.decode("ascii").split(" ")
            name = name_raw.decode("utf-8", "surrogateescape")
            if kind not in _TREE_ENTRY_TYPES or mode == _SYMLINK_MODE:
                continue
            display = _display(path, prefix, name)
            if display is None:
                continue
            found.setdefault(display, Blob(display, name, object_id))
    return sorted(found.values(), key=lambda blob: blob.display_path)


def _display(path: str, prefix: str, name: str) -> str | None:
    """The work-tree path of ``name`` found under the user's ``path``, or None to skip it."""
    if prefix and name == prefix:  # the user named this file itself
        return path
    below = name[len(prefix) + 1 :] if prefix else name
    if prefix and not name.startswith(prefix + "/"):
        return None
    parts = below.split("/")
    if _hidden(parts) or not below.endswith(YAML_SUFFIXES):
        return None
    return os.path.join(path, *parts)


def read_blobs(revision: Revision, blobs: Sequence[Blob]) -> list[tuple[str, bytes]]:
    """The contents of ``blobs``, read in one ``git cat-file --batch``."""
    if not blobs:
        return []
    request = "".join(f"{blob.object_id}\n" for blob in blobs).encode("ascii")
    done = _git(["cat-file", "--batch"], revision.root, data=request)
    if done.returncode != 0:
        raise GitError("git.failed", detail=_detail(done))
    output = done.stdout
    position = 0
    contents: list[tuple[str, bytes]] = []
    for blob in blobs:
        end = output.index(b"\n", position)
        header = output[position:end].decode("ascii").split(" ")
        if len(header) != 3 or header[1] != "blob":
            raise GitError("git.failed", detail=" ".join(header))
        size = int(header[2])
        start = end + 1
        contents.append((blob.display_path, output[start : start + size]))
        position = start + size + 1  # the content is followed by a newline
    return contents


def load_revision(ref: str, paths: Sequence[str]) -> GitSource:
    """Load the definitions under ``paths`` as they are at ``ref``.

    ``paths`` are relative to the working directory, as for the work tree; the repository
    is the one that holds the first of them.
    """
    revision = resolve(ref, anchor(paths[0]) if paths else ".")
    blobs = list_blobs(revision, paths)
    result = load_blobs(read_blobs(revision, blobs))
    return GitSource(revision, blobs, result)
