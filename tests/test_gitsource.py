"""Unit tests of indberet.gitsource: definitions read from git as the work tree lists them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from indberet.gitsource import GitError, anchor, list_blobs, load_revision, read_blobs, resolve
from indberet.loading import collect_files
from tests.conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FIXTURE = (FIXTURES / "check" / "boern.yaml").read_bytes()


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@indberet.invalid", *args],
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
    return [blob.display_path for blob in list_blobs(revision, list(paths))]


@pytest.mark.parametrize("path", ["reqs", "reqs/", "./reqs", "reqs/sub", "."])
def test_display_paths_are_the_work_tree_paths(repo: Path, path: str) -> None:
    work_tree, _ = collect_files([path])
    expected = [p for p in work_tree if not p.endswith("link.yaml")]  # git keeps symlinks apart
    assert displayed("HEAD", path) == expected


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
    blobs = list_blobs(revision, ["reqs"])
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
