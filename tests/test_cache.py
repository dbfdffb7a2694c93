"""The parse cache: hits, misses, corrupt and foreign entries, and identical results."""

from __future__ import annotations

import dataclasses
import hmac
import json
import os
from pathlib import Path

import pytest

from indberet.core.similarity import MEASURES, Candidate, links
from indberet.run import cache as cache_module
from indberet.run.cache import MAGIC, ParseCache, default_directory, open_cache
from indberet.run.paircache import remembered_pairs, searcher_in
from indberet.run.reading import load
from tests.conftest import EXAMPLES, FIXTURES, forget_results, run_cli


def entries(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_a_second_load_is_read_from_the_cache(tmp_path: Path) -> None:
    first = ParseCache(tmp_path)
    cold = load([str(EXAMPLES)], cache=first)
    assert first.hits == 0 and first.writes == 5
    second = ParseCache(tmp_path)
    warm = load([str(EXAMPLES)], cache=second)
    assert second.hits == 5 and second.misses == 0 and second.writes == 0
    assert warm.catalogue == cold.catalogue
    assert warm.catalogue is not None and cold.catalogue is not None
    assert [f.location for s in warm.catalogue.sets for f in s.fields] == [
        f.location for s in cold.catalogue.sets for f in s.fields
    ]


def test_an_empty_cache_is_not_searched_before_the_files_are_read(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    assert not cache.holds_entries()  # no directory yet
    (tmp_path / "cache" / f"v{cache_module.FORMAT}" / "results").mkdir(parents=True)
    assert not cache.holds_entries()  # remembered results are not readings
    load([str(EXAMPLES)], cache=cache)
    assert cache.misses == 5  # each file looked up once, as it is read: not twice
    assert cache.holds_entries()
    again = ParseCache(tmp_path / "cache")
    load([str(EXAMPLES)], cache=again)
    assert again.hits == 5 and again.misses == 0


def test_results_are_identical_with_and_without_the_cache(tmp_path: Path) -> None:
    args = ("audit", str(EXAMPLES), "--as-of", "2026-11-26", "--format", "json")
    usage = ("--usage", str(EXAMPLES / "usage-log.csv"))
    without = run_cli(*args, *usage, "--no-cache")
    cold = run_cli(*args, *usage, "--cache-dir", str(tmp_path))
    remembered = run_cli(*args, *usage, "--cache-dir", str(tmp_path))
    forget_results(tmp_path)  # then a run from the parse cache alone
    warm = run_cli(*args, *usage, "--cache-dir", str(tmp_path))
    assert without.code == cold.code == warm.code == remembered.code == 0
    assert without.stdout == cold.stdout == warm.stdout == remembered.stdout
    assert entries(tmp_path)
    explain = ("explain", "anbringelser.anledning", str(EXAMPLES), "--as-of", "2026-11-26")
    assert run_cli(*explain, "--no-cache").stdout == run_cli(*explain).stdout


def test_invalid_files_are_never_cached_and_report_the_same(tmp_path: Path) -> None:
    invalid = str(FIXTURES / "invalid")
    without = run_cli("validate", invalid, "--no-cache")
    first = run_cli("validate", invalid, "--cache-dir", str(tmp_path))
    again = run_cli("validate", invalid, "--cache-dir", str(tmp_path))
    assert without.stdout == first.stdout == again.stdout
    assert without.code == first.code == again.code == 2


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDBERET_CACHE_DIR", str(tmp_path / "env"))
    assert run_cli("validate", str(EXAMPLES), "--no-cache").code == 0
    assert not (tmp_path / "env").exists()
    assert run_cli("validate", str(EXAMPLES)).code == 0
    assert entries(tmp_path / "env")


def test_the_environment_chooses_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INDBERET_CACHE_DIR", str(tmp_path / "chosen"))
    assert run_cli("validate", str(EXAMPLES)).code == 0
    assert len(entries(tmp_path / "chosen")) == 5


def test_default_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INDBERET_CACHE_DIR", str(tmp_path / "a"))
    assert default_directory() == tmp_path / "a"
    monkeypatch.delenv("INDBERET_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_directory() == tmp_path / "xdg" / "indberet"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_directory() == tmp_path / "home" / ".cache" / "indberet"
    assert open_cache(enabled=False) is None


def _damage(entry: Path, how: str) -> None:
    blob = entry.read_bytes()
    if how == "flip":
        blob = blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:]
    elif how == "truncate":
        blob = blob[: len(blob) // 2]
    elif how == "garbage":
        blob = os.urandom(200)
    elif how == "empty":
        blob = b""
    elif how == "magic-only":
        blob = MAGIC
    elif how in ("foreign-version", "foreign-content"):
        # signed with the right key, so that the header's own check is what rejects it
        header, payload = _opened(blob)
        header["tool" if how == "foreign-version" else "content"] = "0" * 64
        blob = _signed(json.dumps(header).encode() + b"\n" + payload)
    elif how == "unsigned":
        blob = MAGIC + blob[len(MAGIC) + 65 :]  # the header and payload, as entries once were
    elif how == "bad-header":
        blob = _signed(b"{not json\n" + _opened(blob)[1])
    elif how == "bad-mac":
        blob = MAGIC + b"0" * 64 + blob[len(MAGIC) + 64 :]
    entry.write_bytes(blob)


def _opened(blob: bytes) -> tuple[dict[str, object], bytes]:
    """The header and the payload of an entry."""
    start = len(MAGIC) + 65  # the magic line, then the MAC's line
    end = blob.index(b"\n", start)
    return json.loads(blob[start:end]), blob[end + 1 :]


def _signed(signed: bytes) -> bytes:
    """An entry of header line and payload ``signed``, with the MAC of this test's key."""
    key = cache_module.load_key()
    assert isinstance(key, bytes)
    return MAGIC + hmac.new(key, signed, "sha256").hexdigest().encode() + b"\n" + signed


@pytest.mark.parametrize(
    "how",
    [
        "flip",
        "truncate",
        "garbage",
        "empty",
        "magic-only",
        "foreign-version",
        "foreign-content",
        "unsigned",
        "bad-header",
        "bad-mac",
    ],
)
def test_a_corrupt_or_foreign_entry_is_ignored_and_rebuilt(tmp_path: Path, how: str) -> None:
    source = EXAMPLES / "underretninger.yaml"
    expected = load([str(source)])
    load([str(source)], cache=ParseCache(tmp_path))
    (entry,) = entries(tmp_path)
    _damage(entry, how)
    damaged = entry.read_bytes()
    second = ParseCache(tmp_path)
    result = load([str(source)], cache=second)
    assert result.catalogue == expected.catalogue
    assert result.diagnostics == expected.diagnostics
    assert second.hits == 0 and second.rejected + second.misses >= 1 and second.writes == 1
    assert entry.read_bytes() != damaged  # rewritten
    third = ParseCache(tmp_path)
    load([str(source)], cache=third)
    assert third.hits == 1


def test_a_well_formed_entry_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    source = EXAMPLES / "underretninger.yaml"
    raw = source.read_bytes()
    cache = ParseCache(tmp_path)
    digest = cache.digest(raw)
    entry = cache._entry(digest)
    entry.parent.mkdir(parents=True)
    import marshal

    assert cache.check() is None
    for value in [("requirement-set", [], {}), ("evil", {}, {}), ("registers", {}, {(): "x"}), 42]:
        payload = marshal.dumps(value)
        entry.write_bytes(cache.seal(digest, payload) + payload)
        assert cache.get(str(source), digest, source.read_text("utf-8")) is None


def test_an_unwritable_cache_never_fails_a_run(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    run = run_cli("validate", str(EXAMPLES), "--cache-dir", str(blocker / "cache"))
    assert run.code == 0, run.stdout + run.stderr


def test_the_key_covers_the_tool_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load([str(EXAMPLES)], cache=ParseCache(tmp_path))
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    cache_module.fingerprint.cache_clear()
    try:
        other = ParseCache(tmp_path)
        load([str(EXAMPLES)], cache=other)
        assert other.hits == 0 and other.writes == 5
    finally:
        cache_module.fingerprint.cache_clear()


def test_the_key_covers_the_schema_checks_library_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A document is stored once the schema check said valid: another jsonschema-rs misses.
    import importlib.metadata

    load([str(EXAMPLES)], cache=ParseCache(tmp_path))
    real = importlib.metadata.version

    def version(name: str) -> str:
        return "0.0.1" if name == "jsonschema-rs" else real(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    cache_module.fingerprint.cache_clear()
    try:
        other = ParseCache(tmp_path)
        load([str(EXAMPLES)], cache=other)
        assert other.hits == 0 and other.writes == 5
    finally:
        cache_module.fingerprint.cache_clear()


def test_a_cached_document_still_reads_unrecorded_places_exactly(tmp_path: Path) -> None:
    path = FIXTURES / "valid" / "minimal.yaml"
    load([str(path)], cache=ParseCache(tmp_path))
    cache = ParseCache(tmp_path)
    raw = path.read_bytes()
    document = cache.get(str(path), cache.digest(raw), raw.decode("utf-8"))
    assert document is not None and document.partial
    from indberet.read.yamlsource import parse

    precise, _ = parse(str(path), raw.decode("utf-8"))
    assert precise is not None
    assert document.marks == precise.marks
    assert document.key_marks == precise.key_marks


# --- remembered near-duplicate pairs ------------------------------------------------------


def _candidates() -> list[Candidate]:
    result = load([str(EXAMPLES)])
    assert result.catalogue is not None
    return [
        Candidate(f.qualified_id, f.set_id, f.name, f.description, f.codes)
        for s in result.catalogue.sets
        for f in s.fields
    ]


def test_near_duplicate_pairs_are_remembered_for_the_same_candidates(tmp_path: Path) -> None:
    items = _candidates()
    expected = links(items, 0.75)
    assert expected  # the examples have near-duplicates to remember
    first = ParseCache(tmp_path)
    assert remembered_pairs(first, items, 0.75) == expected
    assert first.hits == 0 and first.writes == 1
    second = ParseCache(tmp_path)
    assert remembered_pairs(second, items, 0.75) == expected
    assert second.hits == 1 and second.writes == 0
    # another threshold, or one changed description, is another entry
    third = ParseCache(tmp_path)
    assert remembered_pairs(third, items, 0.6) == links(items, 0.6)
    changed = [dataclasses.replace(items[0], description="noget helt andet"), *items[1:]]
    assert remembered_pairs(third, changed, 0.75) == links(changed, 0.75)
    assert third.hits == 0 and third.writes == 2


def test_each_search_of_some_measures_is_remembered_apart(tmp_path: Path) -> None:
    items = _candidates()
    cache = ParseCache(tmp_path)
    search = searcher_in(cache)(items, 0.75)
    for measure in MEASURES:
        assert search((measure,)) == links(items, 0.75, measures=(measure,))
    assert cache.hits == 0 and cache.writes == len(MEASURES)
    # the same searches again are all remembered, and none answers for another
    again = ParseCache(tmp_path)
    search = searcher_in(again)(items, 0.75)
    for measure in reversed(MEASURES):
        assert search((measure,)) == links(items, 0.75, measures=(measure,))
    assert again.hits == len(MEASURES) and again.writes == 0
    assert remembered_pairs(again, items, 0.75) == links(items, 0.75)
    assert again.writes == 1


@pytest.mark.parametrize(
    "how", ["flip", "truncate", "garbage", "foreign-content", "unsigned", "bad-header"]
)
def test_a_damaged_pairs_entry_is_ignored_and_rebuilt(tmp_path: Path, how: str) -> None:
    items = _candidates()
    expected = links(items, 0.75)
    remembered_pairs(ParseCache(tmp_path), items, 0.75)
    (entry,) = entries(tmp_path)
    _damage(entry, how)
    second = ParseCache(tmp_path)
    assert remembered_pairs(second, items, 0.75) == expected
    assert second.hits == 0 and second.writes == 1


def test_a_pairs_entry_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    import marshal

    items = _candidates()
    expected = links(items, 0.75)
    remembered_pairs(ParseCache(tmp_path), items, 0.75)
    (entry,) = entries(tmp_path)
    header, _ = _opened(entry.read_bytes())
    bad_rows = [
        {"a": 1},
        [("a", "b", 0.9)],
        [("a", "b", "0.9", "name")],
        [("a", "b", 0.9, "smell")],
        [(1, "b", 0.9, "name")],
    ]
    for value in bad_rows:
        payload = marshal.dumps(value)
        cache = ParseCache(tmp_path)
        assert cache.check() is None and isinstance(header["content"], str)
        entry.write_bytes(cache.seal(header["content"], payload) + payload)
        assert remembered_pairs(cache, items, 0.75) == expected
        assert cache.hits == 0 and cache.rejected == 1 and cache.writes == 1


@pytest.mark.parametrize(
    "command",
    [
        ("audit", "--as-of", "2026-11-26"),
        ("check", "--as-of", "2026-11-26", "--all"),
        ("baseline", "--as-of", "2026-11-26"),
        ("plan", "--as-of", "2026-11-26", "--target", "44%"),
        ("report", "--as-of", "2026-11-26", "--format", "markdown"),
    ],
)
def test_every_command_that_audits_honours_the_cache_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv("INDBERET_CACHE_DIR", str(tmp_path / "env"))
    name, *options = command
    out = ["-o", str(tmp_path / "out")]
    expected = 1 if name == "check" else 0  # check --all: every finding of the examples fails
    assert run_cli(name, str(EXAMPLES), *options, *out, "--no-cache").code == expected
    assert not (tmp_path / "env").exists()
    chosen = tmp_path / "chosen"
    run = run_cli(name, str(EXAMPLES), *options, *out, "--cache-dir", str(chosen))
    assert run.code == expected
    assert entries(chosen)
