"""The commits that changed requirement definitions, read straight from git's objects.

Like :mod:`indberet.read.gitsource` (``check --base``), nothing is checked out and no file
is written. One ``git log --first-parent -m --raw -M`` lists, oldest first, every commit
on the first-parent line that changed a file under the paths, with the object ids of each
file before and after and git's rename detection; the starting state is one ``git
ls-tree`` of the commit before the first. The contents are read later, once per object
(:func:`read_contents`, ``git cat-file --batch``): the same file version in a thousand
commits is one object, read and parsed once.

The files are those the loader would read in the work tree: ``*.yaml`` and ``*.yml``
under the paths (a path naming a file is read whatever its name), hidden files and
folders below a path skipped, and a folder below a path that holds an ``indberet.toml``
passed over as a catalogue of its own. Symbolic links and submodules are not followed
in the history (a link is a file whose content is a path).

- **merges** are followed along their first parent: the changes a merge brings in are
  one step, at the merge;
- **a shallow clone** has no history before its boundary: the walk starts there, and
  :attr:`Walk.shallow_boundary` says where;
- **renames** keep their two paths (:class:`indberet.history_model.FileChange`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from indberet.diagnostics import Diagnostic, Severity
from indberet.history_model import Commit, FileChange
from indberet.model import RequirementSet
from indberet.read import schema
from indberet.read.gitsource import (
    Blob,
    GitError,
    Revision,
    _git,
    _prefix,
    anchor,
    read_blobs,
    resolve,
)
from indberet.read.gitsource import too_large as gitsource_too_large
from indberet.read.loading import (  # one set on its own: no references across files
    CATALOGUE_MARK,
    YAML_SUFFIXES,
    _requirement_set,
    is_other_file,
    parse_bytes,
)
from indberet.read.yamlsource import MAX_FILE_BYTES

_FILE_MODES: Final = ("100644", "100755")
_BATCH: Final = 256  # objects read per git process
_START: Final = "\x01"
_SEP: Final = "\x02"
_FORMAT: Final = f"--format={_START}%H{_SEP}%P{_SEP}%cI{_SEP}%an{_SEP}%s"


@dataclass(frozen=True)
class Walk:
    """What the history holds under the paths, not yet read.

    ``start_files`` are the definition files (path -> object id) as they were before the
    first of ``commits`` (at ``start``; none when the history begins with nothing).
    """

    root: str
    until: str  # the revision --until gave, as given
    since: str | None  # the commit --since named
    start: Commit | None
    start_files: dict[str, str]
    commits: tuple[tuple[Commit, tuple[FileChange, ...]], ...]
    shallow_boundary: str | None = None


@dataclass(frozen=True)
class _Raw:
    status: str
    old_mode: str
    new_mode: str
    old_blob: str
    new_blob: str
    old_path: str
    new_path: str


class _Scope:
    """Which files under the paths are definition files, given the catalogue marks."""

    def __init__(self, prefixes: Sequence[str]) -> None:
        self.prefixes = tuple(prefixes)

    def pathspec(self) -> list[str]:
        return [prefix or "." for prefix in self.prefixes]

    def tracked(self, path: str) -> bool:
        """Whether a change to ``path`` matters: a candidate file or a catalogue mark."""
        for prefix in self.prefixes:
            parts = self._below(path, prefix)
            if parts is not None and (not parts or path.endswith(YAML_SUFFIXES) or _is_mark(path)):
                return True
        return False

    def _below(self, path: str, prefix: str) -> list[str] | None:
        """The parts of ``path`` below ``prefix`` (empty: the path itself); None: not under."""
        if path == prefix:
            return []
        if not prefix:
            return path.split("/")
        if path.startswith(prefix + "/"):
            return path[len(prefix) + 1 :].split("/")
        return None

    def definition(self, path: str, marks: set[str]) -> bool:
        """Whether the loader would read ``path`` (given the folders that hold a mark)."""
        for prefix in self.prefixes:
            parts = self._below(path, prefix)
            if parts is None:
                continue
            if not parts:
                return True  # a file named as a path
            if any(part.startswith(".") for part in parts):
                continue
            if not parts[-1].endswith(YAML_SUFFIXES):
                continue
            folders = ["/".join([prefix, *parts[:n]]).lstrip("/") for n in range(1, len(parts))]
            if any(folder in marks for folder in folders):
                continue  # a catalogue of its own, passed over
            return True
        return False


def _marks(files: dict[str, str]) -> set[str]:
    """The folders (repository paths) that hold a catalogue mark."""
    return {path.rpartition("/")[0] for path in files if _is_mark(path)}


def _is_mark(path: str) -> bool:
    return path == CATALOGUE_MARK or path.endswith("/" + CATALOGUE_MARK)


def walk(paths: Sequence[str], since: str | None = None, until: str = "HEAD") -> Walk:
    """The commits on the first-parent line up to ``until`` (after ``since``) that changed
    the definitions under ``paths``, oldest first.

    Raises :class:`GitError` for git missing, no repository, an unknown revision, a path
    outside the repository.
    """
    where = anchor(paths[0]) if paths else "."
    end = resolve(until, where)
    root = end.root
    scope = _Scope([_prefix(path, root) for path in paths] or [""])
    begin = resolve(since, where).commit if since is not None else None
    if end.commit is None:  # a branch without commits: nothing to walk
        return Walk(root, until, begin, None, {}, ())
    # --literal-pathspecs: a folder named with * or [ is a name, not a pattern
    args = ["--literal-pathspecs", "log", "--first-parent", "-m", "--raw", "-z", "-M"]
    args += ["--no-abbrev", "--reverse"]
    args += ["--no-color", "--no-show-signature", "--no-ext-diff", _FORMAT, end.commit]
    if begin is not None:
        args.append(f"^{begin}")
    logged = _parse_log(_run(root, [*args, "--", *scope.pathspec()]))
    boundaries = _shallow_commits(root)
    boundary: str | None = None
    first = logged[0][0] if logged else None
    start: str | None
    if first is None:
        start = begin or end.commit
        tracked = _list_tree(root, start, scope)
    elif first.parents:
        start = first.parents[0]
        tracked = _list_tree(root, start, scope)
    elif first.sha in boundaries:  # no parent known: the boundary is the starting state
        start = boundary = first.sha
        tracked = _apply({}, logged[0][1], scope)
        logged = logged[1:]
    else:  # the first commit of the repository
        start, tracked = None, {}
    if boundaries and boundary is None:
        boundary = _reached_boundary(root, end.commit, begin, boundaries)
    files = _active(tracked, scope)
    start_files = files
    commits: list[tuple[Commit, tuple[FileChange, ...]]] = []
    for commit, raws in logged:
        before = files
        tracked = _apply(tracked, raws, scope)
        marks_changed = any(_is_mark(r.old_path) or _is_mark(r.new_path) for r in raws)
        files = _active(tracked, scope) if marks_changed else _update(files, tracked, raws, scope)
        commits.append((commit, _changes(before, files, raws, marks_changed)))
    described = _describe(root, start) if start is not None else None
    return Walk(root, until, begin, described, start_files, tuple(commits), boundary)


def _run(root: str, args: Sequence[str]) -> bytes:
    done = _git(args, root)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError("git.failed", detail=detail[0] if detail else f"exit {done.returncode}")
    return done.stdout


def _parse_log(output: bytes) -> list[tuple[Commit, list[_Raw]]]:
    """``git log --raw -z`` with :data:`_FORMAT`: each commit and its raw changes."""
    tokens = output.split(b"\0")
    found: list[tuple[Commit, list[_Raw]]] = []
    position = 0
    while position < len(tokens):
        token = tokens[position].lstrip(b"\n")
        position += 1
        if token.startswith(_START.encode()):
            sha, parents, date, author, subject = (
                token[1:].decode("utf-8", "replace").split(_SEP, 4)
            )
            commit = Commit(sha, tuple(parents.split()), date, author, subject)
            found.append((commit, []))
        elif token.startswith(b":") and found:
            old_mode, new_mode, old_blob, new_blob, status = token[1:].decode("ascii").split()
            old_path = tokens[position].decode("utf-8", "surrogateescape")
            position += 1
            new_path = old_path
            if status[:1] in ("R", "C"):
                new_path = tokens[position].decode("utf-8", "surrogateescape")
                position += 1
            raw = _Raw(status, old_mode, new_mode, old_blob, new_blob, old_path, new_path)
            found[-1][1].append(raw)
    return found


def _describe(root: str, sha: str) -> Commit:
    """The commit ``sha`` as the log describes it (a shallow boundary: without parents)."""
    found = _parse_log(_run(root, ["log", "-1", "-z", "--no-show-signature", _FORMAT, sha]))
    return found[0][0]


def _list_tree(root: str, commit: str, scope: _Scope) -> dict[str, str]:
    """The tracked files (path -> object id) of ``commit`` under the paths."""
    args = ["--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", commit, "--"]
    output = _run(root, [*args, *scope.pathspec()])
    files: dict[str, str] = {}
    for record in output.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, object_id = meta.decode("ascii").split()
        path = name.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode in _FILE_MODES and scope.tracked(path):
            files[path] = object_id
    return files


def _apply(tracked: dict[str, str], raws: Sequence[_Raw], scope: _Scope) -> dict[str, str]:
    """``tracked`` after the raw changes of one commit (changed in place, and returned)."""
    for raw in raws:
        if raw.status[:1] in ("D", "R"):
            tracked.pop(raw.old_path, None)
        if raw.status[:1] == "D":
            continue
        if raw.new_mode in _FILE_MODES and scope.tracked(raw.new_path):
            tracked[raw.new_path] = raw.new_blob
        else:  # a link or a submodule now, or not ours
            tracked.pop(raw.new_path, None)
    return tracked


def _active(tracked: dict[str, str], scope: _Scope) -> dict[str, str]:
    """The definition files among the tracked ones."""
    marks = _marks(tracked)
    return {path: oid for path, oid in tracked.items() if scope.definition(path, marks)}


def _update(
    files: dict[str, str], tracked: dict[str, str], raws: Sequence[_Raw], scope: _Scope
) -> dict[str, str]:
    """The definition files after a commit that changed no catalogue mark."""
    marks = _marks(tracked)
    updated = dict(files)
    for raw in raws:
        for path in {raw.old_path, raw.new_path}:
            updated.pop(path, None)
            if path in tracked and scope.definition(path, marks):
                updated[path] = tracked[path]
    return updated


def _changes(
    before: dict[str, str], after: dict[str, str], raws: Sequence[_Raw], everywhere: bool
) -> tuple[FileChange, ...]:
    """The definition files one commit changed: renames as one change, then by path."""
    changes: list[FileChange] = []
    paired: set[str] = set()
    for raw in raws:
        old, new = raw.old_path, raw.new_path
        if raw.status[:1] != "R" or old not in before or new not in after:
            continue
        if old in after or new in before or old in paired or new in paired:
            continue
        changes.append(FileChange(old, new, before[old], after[new]))
        paired.update((old, new))
    touched = {p for raw in raws for p in (raw.old_path, raw.new_path)}
    if everywhere:
        touched |= set(before) | set(after)
    for path in sorted(touched - paired):
        old_blob, new_blob = before.get(path), after.get(path)
        if old_blob == new_blob:
            continue
        changes.append(
            FileChange(path if old_blob else None, path if new_blob else None, old_blob, new_blob)
        )
    return tuple(changes)


def _shallow_commits(root: str) -> set[str]:
    """The commits at the boundary of a shallow clone (none: the history is complete)."""
    done = _git(["rev-parse", "--path-format=absolute", "--git-path", "shallow"], root)
    if done.returncode != 0:
        return set()
    path = done.stdout.decode("utf-8", "surrogateescape").strip()
    try:
        with open(path, encoding="ascii") as handle:
            return {line.strip() for line in handle if line.strip()}
    except (OSError, UnicodeDecodeError):
        return set()


def _reached_boundary(root: str, until: str, since: str | None, boundaries: set[str]) -> str | None:
    """The shallow boundary the first-parent line from ``until`` ends at, if the walk
    reaches it (a ``since`` after the boundary stops the walk before it)."""
    args = ["rev-list", "--first-parent", "--max-parents=0", until]
    if since is not None:
        args.append(f"^{since}")
    ends = _run(root, args).decode("ascii").split()
    return next((sha for sha in ends if sha in boundaries), None)


# --- the contents ------------------------------------------------------------------------


def read_contents(root: str, object_ids: Sequence[str]) -> Iterator[tuple[str, bytes | int]]:
    """Each object's content, read in batches; for one over the size limit its size
    instead (:func:`oversize` says so)."""
    sizes = _sizes(root, object_ids)
    wanted = [oid for oid in object_ids if sizes.get(oid, 0) <= MAX_FILE_BYTES]
    for oid in object_ids:
        if sizes.get(oid, 0) > MAX_FILE_BYTES:
            yield oid, sizes[oid]
    batch: list[str] = []
    weight = 0
    for oid in wanted:
        batch.append(oid)
        weight += sizes.get(oid, 0)
        if len(batch) >= _BATCH or weight >= 64 * 2**20:
            yield from zip(batch, _cat(root, batch), strict=True)
            batch, weight = [], 0
    if batch:
        yield from zip(batch, _cat(root, batch), strict=True)


def _sizes(root: str, object_ids: Sequence[str]) -> dict[str, int]:
    if not object_ids:
        return {}
    data = "".join(f"{oid}\n" for oid in object_ids).encode("ascii")
    done = _git(["cat-file", "--batch-check"], root, data=data)
    if done.returncode != 0:
        raise GitError("git.failed", detail=done.stderr.decode("utf-8", "replace").strip())
    sizes: dict[str, int] = {}
    for line in done.stdout.decode("ascii").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            sizes[parts[0]] = int(parts[2])
    return sizes


def _cat(root: str, object_ids: Sequence[str]) -> list[bytes]:
    """The contents of ``object_ids``, in one ``git cat-file --batch``."""
    revision = Revision("", None, root)
    blobs = [Blob(oid, oid, oid, 0, root) for oid in object_ids]
    return [raw for _, raw in read_blobs(revision, blobs)]


def oversize(path: str, size: int) -> Diagnostic:
    """IND007 for a file version over the size limit, as for a file on disk."""
    refused = gitsource_too_large(Blob(path, path, "", size))
    assert refused is not None
    return refused


def parse_definition(path: str, raw: bytes) -> RequirementSet | Diagnostic | None:
    """The requirement set one file version holds, or its first problem; None for a file
    that is no requirement set (a register catalogue, another tool's YAML).

    The file is read on its own, as the loader reads each file (YAML, schema, the set's
    own consistency); references to other files are not checked.
    """
    if is_other_file(raw):
        return None
    document, problems = parse_bytes(path, raw)
    first = _first_error(problems)
    if first is not None or document is None:
        return first
    kind = schema.kind_of(document.data)
    if document.valid_as != kind:
        first = _first_error(schema.validate(document, kind))
        if first is not None:
            return first
    if kind != "requirement-set":
        return None
    requirement_set, problems = _requirement_set(document)
    return _first_error(problems) or requirement_set


def _first_error(problems: Sequence[Diagnostic]) -> Diagnostic | None:
    errors = [d for d in problems if d.severity is not Severity.WARNING]
    return min(errors, key=Diagnostic.sort_key) if errors else None
