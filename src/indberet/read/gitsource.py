"""Read requirement definitions as they were at a git revision, straight from the object store.

Nothing is checked out and no file is written: ``git ls-tree`` lists the trees at the
revision, ``git cat-file --batch`` streams the files' contents, and
:func:`indberet.read.loading.load_documents` loads them. Each file is shown under the same path
the work tree would give it (``examples/`` gives ``examples/anbringelser.yaml``), so that a
finding in the old catalogue points where the same file lives in the work tree.

The revision is read the way the loader walks the work tree, so that a change of nothing
compares as nothing:

- committed symbolic links are followed within the revision's tree (to files and to
  folders, never twice around a loop), like the work tree follows them on disk;
- a submodule is read at the commit the revision records, from the submodule's own
  repository in the work tree, when that repository holds the commit;
- what git cannot give — a link that leaves the repository, a submodule whose objects are
  not here — is listed as :class:`Skipped`, and the caller leaves the same paths out of
  the other side (:func:`is_skipped`) and says so.

A file larger than :data:`indberet.read.yamlsource.MAX_FILE_BYTES` is refused before it is read,
with the same IND007 diagnostic as a file on disk. ``HEAD`` of a repository without commits
(the first commit, an orphan branch) is an empty revision: everything is new.

Errors (git missing, not a repository, unknown revision, a path outside the repository)
are raised as :class:`GitError` with a message key; the CLI turns them into exit code 2.
"""

from __future__ import annotations

import os
import subprocess
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from indberet.diagnostics import Diagnostic, Location, MessageError, Severity
from indberet.model import LoadResult
from indberet.read import yamlsource
from indberet.read.known import Known
from indberet.read.loading import (
    CATALOGUE_MARK,
    YAML_SUFFIXES,
    Built,
    is_other_file,
    load_documents,
    not_indberet,
    parse_bytes,
)
from indberet.read.yamlsource import Document

GIT_TIMEOUT: Final = 120.0
MAX_LINK_BYTES: Final = 4096  # a symbolic link's target longer than this is not followed
MAX_LINK_HOPS: Final = 40  # as the kernel: more links in one path is a loop
UNBORN_REFS: Final = ("HEAD", "@")

_SYMLINK_MODE: Final = "120000"
# The variables that tie git to one repository (`git rev-parse --local-env-vars`); a hook
# may set them for the superproject, so they are dropped when git runs in a submodule.
_LOCAL_ENV: Final = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_CONFIG",
    "GIT_DIR",
    "GIT_GRAFT_FILE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_OBJECT_DIRECTORY",
    "GIT_PREFIX",
    "GIT_REPLACE_REF_BASE",
    "GIT_SHALLOW_FILE",
    "GIT_WORK_TREE",
)


class GitError(MessageError):
    """Git could not give what was asked; ``key`` and ``params`` name the message."""


@dataclass(frozen=True)
class Revision:
    """A resolved revision: what the user wrote, and the commit it names.

    ``commit`` is None when ``ref`` is the HEAD of a branch without commits yet
    (``unborn`` names the branch): the revision holds nothing.
    """

    ref: str
    commit: str | None
    root: str
    unborn: str | None = None


@dataclass(frozen=True)
class Blob:
    """One file at a revision: the path to show, where it is, the object id and its size.

    ``repo_path`` is the file's own path at the revision, with links followed (across
    submodules); ``repository`` is the folder to ask git in for the object.
    """

    display_path: str
    repo_path: str
    object_id: str
    size: int = 0
    repository: str = ""
    walked: bool = False  # found by searching a folder, not named


@dataclass(frozen=True)
class Skipped:
    """A path under the asked paths that git cannot read at the revision, and why.

    ``reason`` is ``outside`` (a symbolic link that leaves the repository; ``detail`` is
    where it points) or ``submodule`` (its objects are not here; ``detail`` is the commit).
    """

    display_path: str
    reason: str
    detail: str


@dataclass
class Listing:
    """What :func:`list_blobs` found: the files to read, and what it could not read."""

    blobs: list[Blob] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class GitSource:
    """The outcome of reading definitions at a revision."""

    revision: Revision
    blobs: list[Blob] = field(default_factory=list)
    result: LoadResult | None = None
    skipped: list[Skipped] = field(default_factory=list)


def _git(
    args: Sequence[str],
    cwd: str,
    *,
    data: bytes | None = None,
    env: Mapping[str, str] | None = None,
    own_repository: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **(env or {}), "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    if own_repository:  # a submodule: the repository is the one that holds ``cwd``
        for name in _LOCAL_ENV:
            environment.pop(name, None)
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


def is_shallow(cwd: str = ".") -> bool:
    """Whether the repository that holds ``cwd`` is a shallow clone (history cut off)."""
    done = _git(["rev-parse", "--is-shallow-repository"], cwd)
    return done.returncode == 0 and done.stdout.strip() == b"true"


def resolve(ref: str, cwd: str = ".") -> Revision:
    """The commit that ``ref`` names in the repository that holds ``cwd``.

    ``HEAD`` (or ``@``) of a branch without commits is an empty revision (``commit`` None).
    An unknown revision raises ``git.unknown_ref`` with ``shallow`` telling whether the
    repository is a shallow clone, where fetching more history may help.
    """
    root = repository_root(cwd)
    if not ref or ref.startswith("-"):
        raise GitError("git.unknown_ref", ref=ref, shallow=False)
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root)
    if done.returncode == 0:
        return Revision(ref, done.stdout.decode("ascii").strip(), root)
    branch = _unborn_branch(root) if ref in UNBORN_REFS else None
    if branch is not None:
        return Revision(ref, None, root, unborn=branch)
    raise GitError("git.unknown_ref", ref=ref, shallow=is_shallow(root))


def _unborn_branch(root: str) -> str | None:
    """The branch HEAD names if it has no commit yet (a new repository, an orphan branch)."""
    named = _git(["symbolic-ref", "--quiet", "HEAD"], root)
    if named.returncode != 0:
        return None  # a detached HEAD always names a commit
    branch = named.stdout.decode("utf-8", "surrogateescape").strip()
    exists = _git(["show-ref", "--verify", "--quiet", branch], root)
    return None if exists.returncode == 0 else branch.removeprefix("refs/heads/")


def _prefix(path: str, root: str) -> str:
    """``path`` (as the user gave it, relative to the working directory) inside the repository."""
    absolute = os.path.realpath(path) if os.path.exists(path) else os.path.abspath(path)
    relative = os.path.relpath(absolute, root)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        raise GitError("git.outside", path=path, root=root)
    return "" if relative == os.curdir else relative.replace(os.sep, "/")


# --- the revision as a file system -------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    mode: str
    kind: str  # blob, tree or commit (a submodule)
    object_id: str
    size: int  # -1 unless a blob


class _Store:
    """One repository's objects (the superproject's or a submodule's), read as needed."""

    def __init__(self, folder: str, *, own_repository: bool = False) -> None:
        self.folder = folder
        self.own_repository = own_repository
        self.trees: dict[str, dict[str, _Entry]] = {}
        self.complete: set[str] = set()  # trees listed with every tree below them
        self.links: dict[str, str | None] = {}
        self.pending: dict[str, int] = {}  # links listed but not read yet, and their sizes

    def git(self, args: Sequence[str], data: bytes | None = None) -> bytes:
        done = _git(args, self.folder, data=data, own_repository=self.own_repository)
        if done.returncode != 0:
            raise GitError("git.failed", detail=_detail(done))
        return done.stdout

    def tree(self, object_id: str) -> dict[str, _Entry]:
        """The entries of one tree, by name."""
        if object_id not in self.trees:
            listed = _entries(self.git(["ls-tree", "-z", "-l", object_id]))
            self._note_links(listed)
            self.trees[object_id] = dict(listed)
        return self.trees[object_id]

    def preload(self, object_id: str) -> None:
        """List the tree and every tree below it at once (one git process, not one each)."""
        if object_id in self.complete:
            return
        listed = _entries(self.git(["ls-tree", "-r", "-t", "-z", "-l", object_id]))
        self._note_links(listed)
        ids = {"": object_id}
        ids.update((path, entry.object_id) for path, entry in listed if entry.kind == "tree")
        trees: dict[str, dict[str, _Entry]] = {oid: {} for oid in ids.values()}
        for path, entry in listed:
            parent, _, name = path.rpartition("/")
            trees[ids[parent]][name] = entry
        self.trees.update(trees)
        self.complete.update(trees)

    def _note_links(self, listed: Sequence[tuple[str, _Entry]]) -> None:
        """Remember the links listed, to read their targets together when one is needed."""
        for _, entry in listed:
            if entry.mode == _SYMLINK_MODE and entry.object_id not in self.links:
                self.pending[entry.object_id] = entry.size

    def link(self, entry: _Entry) -> str | None:
        """Where a symbolic link points; None if that is no path (too long, not UTF-8)."""
        if entry.object_id not in self.links:
            self.pending[entry.object_id] = entry.size
            wanted = [oid for oid, size in self.pending.items() if 0 <= size <= MAX_LINK_BYTES]
            targets = dict(zip(wanted, _read_objects(self, wanted), strict=True))
            for oid in self.pending:
                self.links[oid] = _link_target(targets.get(oid))
            self.pending.clear()
        return self.links[entry.object_id]


def _link_target(raw: bytes | None) -> str | None:
    """A link's target as a path; None for none (too long, empty, not UTF-8, a NUL in it)."""
    if not raw or b"\0" in raw:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _entries(output: bytes) -> list[tuple[str, _Entry]]:
    """Parse ``git ls-tree -z -l``: ``mode type id size<TAB>name`` records."""
    found: list[tuple[str, _Entry]] = []
    for record in output.split(b"\0"):
        if not record:
            continue
        meta, _, name_raw = record.partition(b"\t")
        mode, kind, object_id, size = meta.decode("ascii").split()
        entry = _Entry(mode, kind, object_id, int(size) if size.isdigit() else -1)
        found.append((name_raw.decode("utf-8", "surrogateescape"), entry))
    return found


@dataclass(frozen=True)
class _Node:
    """A folder or file at the revision: its path with links followed, and its object."""

    kind: str  # "dir" or "file"
    path: tuple[str, ...]
    store: _Store
    object_id: str
    size: int = -1


@dataclass(frozen=True)
class _Unreadable:
    reason: str  # "outside" or "submodule"
    detail: str


class _Tree:
    """The revision seen as the work tree would be: links followed, submodules entered."""

    def __init__(self, revision: Revision, commit: str) -> None:
        self.root = revision.root
        self.store = _Store(revision.root)
        self.top = _Node("dir", (), self.store, f"{commit}^{{tree}}")
        self.submodules: dict[tuple[str, ...], tuple[_Store, str] | None] = {}

    def lookup(self, parts: Sequence[str]) -> _Node | _Unreadable | None:
        """The node at ``parts``, links followed; None if there is none (or a loop)."""
        stack = [self.top]
        pending = deque(parts)
        hops = 0
        while pending:
            name = pending.popleft()
            here = stack[-1]
            if here.kind != "dir":
                return None  # a path that goes on below a file
            if name in ("", "."):
                continue
            leaving: str | None = None
            if name == "..":
                if len(stack) > 1:
                    stack.pop()
                    continue
                leaving = os.path.dirname(self.root)  # above the top of the repository
            else:
                entry = here.store.tree(here.object_id).get(name)
                if entry is None:
                    return None
                if entry.mode != _SYMLINK_MODE:
                    node = self._node((*here.path, name), entry, here.store)
                    if not isinstance(node, _Node):
                        return node
                    stack.append(node)
                    continue
                hops += 1
                target = here.store.link(entry)
                if hops > MAX_LINK_HOPS or target is None:
                    return None
                if not os.path.isabs(target):
                    pending.extendleft(reversed(target.split("/")))
                    continue
                leaving = target
            # A link that leaves the tree: followed on disk, and back in if it comes back.
            real = os.path.realpath(os.path.join(leaving, *pending))
            relative = os.path.relpath(real, self.root)
            if relative == os.pardir or relative.startswith(os.pardir + os.sep):
                return _Unreadable("outside", real)
            stack = [self.top]
            pending = deque(relative.split(os.sep) if relative != os.curdir else ())
        return stack[-1]

    def _node(
        self, path: tuple[str, ...], entry: _Entry, store: _Store
    ) -> _Node | _Unreadable | None:
        if entry.kind == "tree":
            return _Node("dir", path, store, entry.object_id)
        if entry.kind == "blob":
            return _Node("file", path, store, entry.object_id, entry.size)
        if entry.kind == "commit":
            mounted = self._submodule(path, entry.object_id)
            if mounted is None:
                return _Unreadable("submodule", entry.object_id)
            return _Node("dir", path, *mounted)
        return None

    def _submodule(self, path: tuple[str, ...], commit: str) -> tuple[_Store, str] | None:
        """The submodule's repository in the work tree and the commit's tree, if it has it."""
        if path not in self.submodules:
            self.submodules[path] = _mount(os.path.join(self.root, *path), commit)
        return self.submodules[path]

    def walk(self, display: str, top: _Node) -> tuple[list[tuple[str, _Node]], list[Skipped]]:
        """The YAML files under ``top`` as the loader's walk of the work tree finds them.

        Sorted; hidden files and folders skipped; links and submodules followed; a folder
        reached twice (through links) is read the first time only.
        """
        found: list[tuple[str, _Node]] = []
        skipped: list[Skipped] = []
        visited: set[tuple[str, ...]] = set()
        waiting = [(display, top)]  # depth first, in name order, as os.walk goes
        while waiting:
            shown, node = waiting.pop()
            if node.path in visited:
                continue
            visited.add(node.path)
            node.store.preload(node.object_id)
            folders: list[tuple[str, _Node]] = []
            for name, entry in sorted(node.store.tree(node.object_id).items()):
                if name.startswith("."):
                    continue
                where = os.path.join(shown, name)
                if entry.mode == _SYMLINK_MODE:
                    child = self.lookup((*node.path, name))
                else:
                    child = self._node((*node.path, name), entry, node.store)
                if isinstance(child, _Unreadable):
                    if child.reason == "submodule" or _worth_saying(name, child):
                        skipped.append(Skipped(where, child.reason, child.detail))
                elif child is not None and child.kind == "dir":
                    if not self._own_catalogue(child):  # passed over, as in the work tree
                        folders.append((where, child))
                elif child is not None and name.endswith(YAML_SUFFIXES):
                    found.append((where, child))
            waiting.extend(reversed(folders))
        found.sort(key=lambda item: item[0])
        return found, skipped

    def _own_catalogue(self, folder: _Node) -> bool:
        """Whether ``folder`` holds the mark of a catalogue of its own (``indberet.toml``)."""
        entry = folder.store.tree(folder.object_id).get(CATALOGUE_MARK)
        if entry is None or entry.mode != _SYMLINK_MODE:
            return entry is not None and entry.kind == "blob"
        mark = self.lookup((*folder.path, CATALOGUE_MARK))
        return isinstance(mark, _Node) and mark.kind == "file"


def _mount(folder: str, commit: str) -> tuple[_Store, str] | None:
    """The repository whose top is ``folder`` and the tree of ``commit`` in it, if it has it."""
    if not os.path.isdir(folder):
        return None  # not checked out
    args = ["rev-parse", "--show-toplevel", "--verify", "--quiet", f"{commit}^{{tree}}"]
    done = _git(args, folder, own_repository=True)
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if done.returncode != 0 or len(lines) != 2:
        return None  # not a repository, or it does not hold the commit
    if os.path.realpath(lines[0]) != os.path.realpath(folder):
        return None  # an empty folder of the superproject: the submodule is not initialised
    return _Store(folder, own_repository=True), lines[1].strip()


def _worth_saying(name: str, unreadable: _Unreadable) -> bool:
    """Whether the work tree would read something through a link git cannot follow."""
    return name.endswith(YAML_SUFFIXES) or os.path.isdir(unreadable.detail)


def list_blobs(revision: Revision, paths: Sequence[str]) -> Listing:
    """The YAML files under ``paths`` at ``revision``, as the work tree would list them.

    Like the loader's walk of the work tree (:func:`indberet.read.loading.collect_files`):
    sorted, hidden files and folders below a given path skipped, symbolic links and
    submodules followed, a file reached twice listed once.
    """
    listing = Listing()
    if revision.commit is None:
        for path in paths:
            _prefix(path, revision.root)  # still refuse a path outside the repository
        return listing
    tree = _Tree(revision, revision.commit)
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for path in paths:
        prefix = _prefix(path, revision.root)
        node = tree.lookup(prefix.split("/") if prefix else [])
        found: list[tuple[str, _Node]] = []
        if isinstance(node, _Unreadable):
            listing.skipped.append(Skipped(path, node.reason, node.detail))
        elif node is not None and node.kind == "dir":
            found, skipped = tree.walk(path, node)
            listing.skipped.extend(skipped)
        elif node is not None:
            found = [(path, node)]
        walked = node is not None and not isinstance(node, _Unreadable) and node.kind == "dir"
        for display, file in found:
            key = (file.store.folder, file.path)
            if key not in seen:
                seen.add(key)
                listing.blobs.append(_blob(display, file, walked))
    return listing


def _blob(display: str, node: _Node, walked: bool) -> Blob:
    path = "/".join(node.path)
    return Blob(display, path, node.object_id, node.size, node.store.folder, walked)


def is_skipped(path: str, skipped: Sequence[Skipped]) -> bool:
    """Whether ``path`` (a file as the work tree lists it) lies at or under a skipped path."""
    normal = os.path.normpath(path)
    for item in skipped:
        place = os.path.normpath(item.display_path)
        if normal == place or normal.startswith(place.rstrip(os.sep) + os.sep):
            return True
    return False


def _read_objects(store: _Store, object_ids: Sequence[str]) -> list[bytes]:
    """The contents of blobs of one repository, read in one ``git cat-file --batch``."""
    if not object_ids:
        return []
    output = store.git(["cat-file", "--batch"], "".join(f"{oid}\n" for oid in object_ids).encode())
    position = 0
    contents: list[bytes] = []
    for _ in object_ids:
        end = output.index(b"\n", position)
        header = output[position:end].decode("ascii").split(" ")
        if len(header) != 3 or header[1] != "blob":
            raise GitError("git.failed", detail=" ".join(header))
        size = int(header[2])
        start = end + 1
        contents.append(output[start : start + size])
        position = start + size + 1  # the content is followed by a newline
    return contents


def too_large(blob: Blob) -> Diagnostic | None:
    """IND007 for a file over the size limit, as for a file on disk; None if it fits."""
    limit = yamlsource.MAX_FILE_BYTES
    if blob.size <= limit:
        return None
    limits = {"size": blob.size // 2**20, "limit": limit // 2**20}
    return Diagnostic(
        "IND007", "input.too_large", Location(blob.display_path), limits, Severity.INPUT
    )


def read_blobs(revision: Revision, blobs: Sequence[Blob]) -> list[tuple[str, bytes]]:
    """The contents of ``blobs`` (none of them over the size limit), one read per repository."""
    by_repository: dict[str, list[Blob]] = {}
    for blob in blobs:
        by_repository.setdefault(blob.repository or revision.root, []).append(blob)
    contents: dict[Blob, bytes] = {}
    for folder, group in by_repository.items():
        store = _Store(folder, own_repository=folder != revision.root)
        contents.update(zip(group, _read_objects(store, [b.object_id for b in group]), strict=True))
    return [(blob.display_path, contents[blob]) for blob in blobs]


def load_listing(
    revision: Revision,
    listing: Listing,
    skipped: Sequence[Skipped] = (),
    known: Known | None = None,
) -> GitSource:
    """Load the files of ``listing``, leaving out those under ``skipped`` (another side's).

    A file over the size limit is not read: it gets IND007 and the result no catalogue. A
    file whose path and text ``known`` holds a reading of (the same file read from the work
    tree) is not parsed again: that reading and its model are taken.
    """
    blobs = [b for b in listing.blobs if not is_skipped(b.display_path, skipped)]
    refused = {blob: too_large(blob) for blob in blobs}
    readable = [blob for blob in blobs if refused[blob] is None]
    contents = dict(zip(readable, read_blobs(revision, readable), strict=True))
    parsed: list[tuple[Document | None, list[Diagnostic]]] = []
    built: dict[int, Built] = {}
    for position, blob in enumerate(blobs):
        problem = refused[blob]
        if problem is not None:
            parsed.append((None, [problem]))
            continue
        path, raw = contents.pop(blob)
        if blob.walked and is_other_file(raw):  # as in the work tree: IND019
            parsed.append((None, [not_indberet(path)]))
            continue
        taken = known.recall(path, raw) if known is not None else None
        if taken is None:
            parsed.append(parse_bytes(path, raw))
        else:
            parsed.append(taken[0])
            built[position] = taken[1]
    result = load_documents([b.display_path for b in blobs], parsed, [], built=built)
    return GitSource(revision, blobs, result, list(listing.skipped))


def open_revision(ref: str, paths: Sequence[str]) -> tuple[Revision, Listing]:
    """The revision ``ref`` names, and what it holds under ``paths``, not yet read.

    ``paths`` are relative to the working directory, as for the work tree; the repository
    is the one that holds the first of them.
    """
    revision = resolve(ref, anchor(paths[0]) if paths else ".")
    return revision, list_blobs(revision, paths)


def load_revision(ref: str, paths: Sequence[str]) -> GitSource:
    """Load the definitions under ``paths`` as they are at ``ref``."""
    revision, listing = open_revision(ref, paths)
    return load_listing(revision, listing)
