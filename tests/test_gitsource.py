"""Unit tests of indberet.read.gitsource: definitions read from git as the work tree lists them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from indberet.diagnostics import Severity
from indberet.read import gitsource, loading, yamlsource
from indberet.read.gitsource import (
    GitError,
    anchor,
    is_skipped,
    list_blobs,
    load_listing,
    load_revision,
    read_blobs,
    resolve,
)
from indberet.read.loading import collect_files, read_document
from tests.conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FIXTURE = (FIXTURES / "check" / "boern.yaml").read_bytes()


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@indberet.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "protocol.file.allow=always",
            *args,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    files = {
        "reqs/boern.yaml": FIXTURE,
        "reqs/sub/børn og unge.yml": FIXTURE.replace(b"id: boern\n", b"id: unge\n"),
        "reqs/.hidden/skip.yaml": b"indberet: 1\n",
        "reqs/.skip.yaml": b"indberet: 1\n",
        "reqs/notes.txt": b"not yaml\n",
        "reqs/empty.yaml": b"",
        "reqs/crlf.yaml": b"\xef\xbb\xbfindberet: 1\r\nregisters: []\r\n",
        "other/x.yaml": b"indberet: 1\n",
    }
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if hasattr(os, "symlink"):
        os.symlink("boern.yaml", root / "reqs" / "link.yaml")
    git(root.parent, "init", "-q", str(root))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    monkeypatch.chdir(root)
    return root


def displayed(ref: str, *paths: str) -> list[str]:
    revision = resolve(ref)
    return [blob.display_path for blob in list_blobs(revision, list(paths)).blobs]


@pytest.mark.parametrize("path", ["reqs", "reqs/", "./reqs", "reqs/sub", "."])
def test_display_paths_are_the_work_tree_paths(repo: Path, path: str) -> None:
    work_tree, _ = collect_files([path])
    assert displayed("HEAD", path) == work_tree


def test_a_named_file_keeps_its_name(repo: Path) -> None:
    assert displayed("HEAD", "reqs/boern.yaml") == ["reqs/boern.yaml"]
    assert displayed("HEAD", "./reqs/../reqs/boern.yaml") == ["./reqs/../reqs/boern.yaml"]


def test_absolute_paths_and_paths_from_a_subfolder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = str(repo / "reqs" / "sub")
    assert displayed("HEAD", absolute) == [os.path.join(absolute, "børn og unge.yml")]
    monkeypatch.chdir(repo / "reqs")
    assert displayed("HEAD", "sub") == ["sub/børn og unge.yml"]


def test_contents_are_the_committed_bytes(repo: Path) -> None:
    revision = resolve("HEAD")
    blobs = list_blobs(revision, ["reqs"]).blobs
    contents = dict(read_blobs(revision, blobs))
    assert contents["reqs/boern.yaml"] == FIXTURE
    assert contents["reqs/empty.yaml"] == b""
    assert (
        contents["reqs/crlf.yaml"].startswith(b"\xef\xbb\xbf")
        and b"\r\n" in contents["reqs/crlf.yaml"]
    )
    assert read_blobs(revision, []) == []


def test_the_revision_not_the_work_tree_is_read(repo: Path) -> None:
    (repo / "reqs" / "boern.yaml").write_text("changed: true\n", encoding="utf-8")
    (repo / "reqs" / "new.yaml").write_text("indberet: 1\n", encoding="utf-8")
    source = load_revision("HEAD", ["reqs/boern.yaml", "reqs/sub"])
    assert source.result is not None and source.result.catalogue is not None
    assert [s.id for s in source.result.catalogue.sets] == ["boern", "unge"]
    assert source.revision.commit == git(repo, "rev-parse", "HEAD").strip()


def test_a_path_missing_at_the_revision_gives_nothing(repo: Path) -> None:
    (repo / "later").mkdir()
    assert displayed("HEAD", "later") == []


def test_older_revisions(repo: Path) -> None:
    git(repo, "rm", "-q", "reqs/boern.yaml")
    git(repo, "commit", "-q", "-m", "remove")
    assert "reqs/boern.yaml" not in displayed("HEAD", "reqs")
    assert "reqs/boern.yaml" in displayed("HEAD~1", "reqs")


@pytest.mark.parametrize("ref", ["nope", "", "--all", "HEAD~5", "HEAD:reqs"])
def test_unknown_revisions(repo: Path, ref: str) -> None:
    with pytest.raises(GitError) as caught:
        resolve(ref)
    assert caught.value.key == "git.unknown_ref"


def test_outside_the_repository(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(GitError) as caught:
        load_revision("HEAD", ["reqs", str(tmp_path)])
    assert caught.value.key == "git.outside"


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(GitError) as caught:
        load_revision("HEAD", ["."])
    assert caught.value.key == "git.not_repository"
    assert caught.value.params["path"] == str(tmp_path)


def test_git_missing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "nowhere"))
    with pytest.raises(GitError) as caught:
        resolve("HEAD")
    assert caught.value.key == "git.missing"


def test_anchor_finds_the_nearest_existing_folder(repo: Path) -> None:
    assert anchor("reqs/boern.yaml") == str(repo / "reqs")
    assert anchor("reqs/not/there") == str(repo / "reqs")
    assert anchor(str(repo)) == str(repo)


# --- links and submodules: the revision is read as the work tree is walked ------------------


def renamed(set_id: str) -> bytes:
    return FIXTURE.replace(b"id: boern\n", f"id: {set_id}\n".encode())


def write(root: Path, files: dict[str, bytes], links: dict[str, str]) -> None:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    for name, target in links.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / name)


@pytest.fixture
def linked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with committed links (to files, folders, in and out) and a submodule."""
    library = tmp_path / "library"
    write(library, {"defs/s.yaml": renamed("subset"), "defs/.h.yaml": b"x: 1\\n"}, {})
    git(tmp_path, "init", "-q", str(library))
    git(library, "add", "-A")
    git(library, "commit", "-q", "-m", "library")
    outside = tmp_path / "outside"
    write(outside, {"o.yaml": renamed("outset")}, {})
    root = tmp_path / "repo"
    files = {
        "reqs/boern.yaml": FIXTURE,
        "common/c.yaml": renamed("common"),
        "common/c2.yaml": renamed("common2"),
        "common/c3.yaml": renamed("common3"),
    }
    links = {
        "reqs/a_first.yaml": "boern.yaml",  # sorts first: the work tree lists it, not boern
        "reqs/shared": "../common",  # a folder
        "reqs/shared_again": "../reqs/shared",  # the same folder twice: read once
        "reqs/abs.yaml": str(root / "common" / "c2.yaml"),  # absolute, into the repository
        "reqs/round.yaml": "../../repo/common/c3.yaml",  # out and back in
        "reqs/mod_defs": "mod/defs",  # into the submodule
        "reqs/out.yaml": "../../outside/o.yaml",  # out of the repository: git cannot read it
        "reqs/outdir": str(outside),
        "reqs/out.txt": "../../outside/o.yaml",  # out, but the work tree would not read it
        "reqs/.hidden": "../common",
    }
    write(root, files, links)
    git(tmp_path, "init", "-q", str(root))
    git(root, "submodule", "add", "-q", str(library), "reqs/mod")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("path", ["reqs", "reqs/", "./reqs", ".", "reqs/shared", "common"])
def test_links_and_submodules_are_read_as_the_work_tree_reads_them(linked: Path, path: str) -> None:
    revision = resolve("HEAD")
    listing = list_blobs(revision, [path])
    work_tree = [p for p in collect_files([path])[0] if not is_skipped(p, listing.skipped)]
    assert [blob.display_path for blob in listing.blobs] == work_tree
    for shown, content in read_blobs(revision, listing.blobs):
        assert content == Path(shown).read_bytes(), shown


def test_what_the_revision_holds_through_links(linked: Path) -> None:
    listing = list_blobs(resolve("HEAD"), ["reqs"])
    where = {blob.display_path: blob.repo_path for blob in listing.blobs}
    assert where == {
        "reqs/a_first.yaml": "reqs/boern.yaml",
        "reqs/abs.yaml": "common/c2.yaml",
        "reqs/mod/defs/s.yaml": "reqs/mod/defs/s.yaml",
        "reqs/round.yaml": "common/c3.yaml",
        "reqs/shared/c.yaml": "common/c.yaml",
    }
    outside = str(linked.parent / "outside")
    assert [(s.display_path, s.reason, s.detail) for s in listing.skipped] == [
        ("reqs/out.yaml", "outside", os.path.join(outside, "o.yaml")),
        ("reqs/outdir", "outside", outside),
    ]


def test_a_submodule_is_read_at_the_commit_the_revision_records(linked: Path) -> None:
    module = linked / "reqs" / "mod"
    (module / "defs" / "s.yaml").write_bytes(renamed("later"))
    git(module, "commit", "-q", "-am", "later in the submodule, not yet in the superproject")
    source = load_revision("HEAD", ["reqs/mod"])  # the submodule's own HEAD: its new commit
    assert source.result is not None and source.result.catalogue is not None
    assert [s.id for s in source.result.catalogue.sets] == ["later"]
    source = load_revision("HEAD", ["reqs"])  # the superproject's: the recorded commit
    assert source.result is not None and source.result.catalogue is not None
    assert "subset" in {s.id for s in source.result.catalogue.sets}


def test_a_hooks_git_dir_does_not_stand_in_for_the_submodules(
    linked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_DIR", str(linked / ".git"))  # as a git hook may have it
    listing = list_blobs(resolve("HEAD"), ["reqs"])
    assert "reqs/mod/defs/s.yaml" in [blob.display_path for blob in listing.blobs]
    assert [s.reason for s in listing.skipped] == ["outside", "outside"]


def test_a_submodule_that_is_not_here_is_skipped_and_said(linked: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(linked), str(clone))  # without its submodules
    recorded = git(linked, "rev-parse", "HEAD:reqs/mod").strip()
    revision = resolve("HEAD", str(clone))
    listing = list_blobs(revision, [str(clone / "reqs")])
    assert (str(clone / "reqs" / "mod"), "submodule", recorded) in [
        (s.display_path, s.reason, s.detail) for s in listing.skipped
    ]
    assert not any("/mod/" in blob.display_path for blob in listing.blobs)


def test_broken_links_at_the_revision_hold_nothing(repo: Path) -> None:
    write(
        repo,
        {},
        {
            "reqs/dangling.yaml": "nothing-here.yaml",
            "reqs/loop.yaml": "loop.yaml",
            "reqs/ping.yaml": "pong.yaml",
            "reqs/pong.yaml": "ping.yaml",
            "reqs/through_a_file.yaml": "boern.yaml/x.yaml",
        },
    )
    git(repo, "add", "-A")
    # A link no file system would hold: its target is longer than any path.
    target = repo / "target"
    target.write_text("a/" * 2500 + "boern.yaml", encoding="utf-8")
    oid = git(repo, "hash-object", "-w", str(target)).strip()
    target.unlink()
    git(repo, "update-index", "--add", "--cacheinfo", f"120000,{oid},reqs/long.yaml")
    git(repo, "commit", "-q", "-m", "broken links")
    shown = displayed("HEAD", "reqs")
    assert shown == [
        "reqs/boern.yaml",
        "reqs/crlf.yaml",
        "reqs/empty.yaml",
        "reqs/sub/børn og unge.yml",
    ]
    assert list_blobs(resolve("HEAD"), ["reqs"]).skipped == []


def test_is_skipped_matches_the_path_and_what_lies_below(linked: Path) -> None:
    skipped = list_blobs(resolve("HEAD"), ["./reqs"]).skipped
    assert is_skipped("reqs/outdir/o.yaml", skipped)
    assert is_skipped("./reqs/out.yaml", skipped)
    assert not is_skipped("reqs/outdir2/o.yaml", skipped)
    assert not is_skipped("reqs/boern.yaml", skipped)


# --- the size limit holds for git objects too -----------------------------------------------


def test_a_blob_over_the_size_limit_is_refused_before_it_is_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = FIXTURE + b"# padding\n" * 100
    (repo / "reqs" / "big.yaml").write_bytes(big)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "big")
    limit = len(big) - 1
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", limit)
    monkeypatch.setattr(loading, "MAX_FILE_BYTES", limit)  # the loader's name for it
    requested: list[str] = []
    real_read = gitsource._read_objects

    def spy(store: object, object_ids: list[str]) -> list[bytes]:
        requested.extend(object_ids)
        return real_read(store, object_ids)  # type: ignore[arg-type]

    monkeypatch.setattr(gitsource, "_read_objects", spy)
    revision = resolve("HEAD")
    listing = list_blobs(revision, ["reqs"])
    source = load_listing(revision, listing)
    assert source.result is not None and source.result.catalogue is None
    refused = [d for d in source.result.diagnostics if d.code == "IND007"]
    on_disk = read_document("reqs/big.yaml")[1]  # the same file read from the work tree
    assert [(d.key, d.location, d.params, d.severity) for d in refused] == [
        (d.key, d.location, d.params, d.severity) for d in on_disk
    ]
    assert refused[0].severity is Severity.INPUT
    big_id = git(repo, "rev-parse", "HEAD:reqs/big.yaml").strip()
    assert big_id not in requested
    assert {b.object_id for b in listing.blobs} - set(requested) == {big_id}


# --- a repository without commits: HEAD is empty --------------------------------------------


def test_head_without_commits_is_an_empty_revision(tmp_path: Path) -> None:
    root = tmp_path / "new"
    write(root, {"reqs/boern.yaml": FIXTURE}, {})
    git(tmp_path, "init", "-q", "-b", "start", str(root))
    for ref in ("HEAD", "@"):
        revision = resolve(ref, str(root))
        assert (revision.commit, revision.unborn) == (None, "start")
    source = load_revision("HEAD", [str(root / "reqs")])
    assert source.blobs == []
    assert source.result is not None and source.result.catalogue is not None
    assert source.result.catalogue.sets == ()
    with pytest.raises(GitError) as caught:
        resolve("start", str(root))  # the branch itself is still unknown
    assert caught.value.key == "git.unknown_ref"
    with pytest.raises(GitError) as caught:
        load_revision("HEAD", [str(root / "reqs"), str(tmp_path)])
    assert caught.value.key == "git.outside"


def test_an_orphan_branch_starts_empty_too(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "fresh")
    assert resolve("HEAD").commit is None
    with pytest.raises(GitError):
        resolve("HEAD~0")  # an expression on HEAD is no empty revision: unknown
    assert resolve("HEAD", ".").unborn == "fresh"


def test_unknown_revision_says_whether_the_clone_is_shallow(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(GitError) as caught:
        resolve("HEAD~3")
    assert caught.value.params["shallow"] is False
    git(repo, "commit", "-q", "--allow-empty", "-m", "second")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    with pytest.raises(GitError) as caught:
        resolve("HEAD~1", str(shallow))
    assert caught.value.params["shallow"] is True


def test_a_revision_passes_over_what_a_folder_search_of_the_work_tree_passes_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another tool's YAML (IND019) and a folder with an indberet.toml of its own (IND009):
    at a revision they stopped `check --base` with exit 2, or counted as removed."""
    root = tmp_path / "repo"
    files = {
        "indberet.toml": b"[indberet]\n",
        "reqs/boern.yaml": FIXTURE,
        "mkdocs.yml": b"plugins:\n  - x: !!python/name:y.z\n",
        "own/indberet.toml": b"[indberet]\n",
        "own/unge.yaml": FIXTURE.replace(b"id: boern\n", b"id: unge\n"),
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    if hasattr(os, "symlink"):  # a mark that is a link counts as well, as on disk
        (root / "linked").mkdir()
        (root / "linked" / "unge.yaml").write_bytes(files["own/unge.yaml"])
        os.symlink("../own/indberet.toml", root / "linked" / "indberet.toml")
    git(root.parent, "init", "-q", str(root))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    monkeypatch.chdir(root)
    files_found, notes = collect_files(["."])
    assert {note.code for note in notes} == {"IND009"}
    listing = list_blobs(resolve("HEAD", "."), ["."])
    assert sorted(blob.display_path for blob in listing.blobs) == sorted(files_found)
    loaded = load_listing(resolve("HEAD", "."), listing).result
    assert loaded is not None and loaded.catalogue is not None, loaded
    assert [d.code for d in loaded.diagnostics] == ["IND019"]
    # A file named, not found in a folder, is read as a definition whatever it holds.
    named = load_revision("HEAD", ["mkdocs.yml"]).result
    assert named is not None and named.catalogue is None
