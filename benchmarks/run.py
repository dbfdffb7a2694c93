"""Benchmarks of indberet at national scale (not a test: run it by hand or in a perf job).

    python benchmarks/run.py [--sizes 1000,10000,100000] [--repeat 3] [--json out.json]

It generates deterministic synthetic catalogues (benchmarks/generate.py: 1k, 10k and
100k fields across many sets, planted near-duplicates and register overlaps, a usage log
of 1M rows) and times, each as a whole process, with the best of ``--repeat`` runs:

* the floors: ``python -c "import click"`` and a bare import of the five dependencies
  (click, yaml, rich, jsonschema, tabulate); every figure is also given as a ratio to them;
* ``indberet --version``; ``indberet audit examples/``;
* per size: ``validate`` and ``audit`` cold (empty cache) and warm (cache filled: the
  audit's output is remembered), and ``audit`` warm from the parse cache alone (the
  remembered results and incremental states removed before each run), with peak memory;
  ``audit`` after a one-file change with the cache warm (one set file given an edited
  description and a new field before each run: the incremental audit); ``check --base``
  (skipped with a note where the command is missing);
* near-duplicate detection alone (a process that only runs it), at the two largest sizes,
  and whether it finds the same pairs as the exhaustive comparison on the planted set;
* the usage log: rows per second reading 1M rows;
* ``history``: a git repository of 1,000 commits changing a 1,000-field catalogue
  (``generate.generate_history``), walked by ``indberet history`` (JSON written to a file).
* dense catalogues (benchmarks/generate_dense.py, issue 19): at the largest size, a cold
  ``audit`` of the benign catalogue and of a dense one (60% of the fields in groups of up
  to 1,000, names from a small vocabulary) side by side, with the ratio of their times,
  and cold ``audit`` runs of 10,000 fields with one name (alone, each with a description
  of its own, each with its number). ``--dense-only`` runs the floors and these alone;
  ``--generator prototypes`` makes the dense catalogue with
  benchmarks/generate_prototypes.py instead (questions drawn from a pool by a Zipf law,
  written by PyYAML), ``--generator export`` with benchmarks/generate_export.py (a
  ministry's export: folders per receiver and theme, labelled code lists, PyYAML styles).

It prints a table, checks the targets of issues 7 and 19, and writes JSON (``--json``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate, generate_history  # noqa: E402
from benchmarks.generate_dense import SHAPES, generate_dense, one_name  # noqa: E402
from benchmarks.generate_export import generate_export  # noqa: E402
from benchmarks.generate_prototypes import generate_prototypes  # noqa: E402

PYTHON = sys.executable
FIVE = "import click, yaml, rich, jsonschema, tabulate"
AS_OF = "2026-11-26"


@dataclass
class Timing:
    """One measured command: best wall time of the repeats and its peak memory."""

    name: str
    seconds: float
    peak_mib: float
    code: int
    runs: list[float] = field(default_factory=list)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _indberet() -> list[str]:
    script = shutil.which("indberet", path=os.path.dirname(PYTHON))
    return [script] if script else [PYTHON, "-m", "indberet"]


def run_once(
    argv: list[str], env: dict[str, str], cwd: Path | None = None
) -> tuple[float, float, int, str]:
    """Wall seconds, peak resident MiB, exit code and stdout of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=cwd, text=True
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, process.returncode, output


def measure(
    name: str,
    argv: list[str],
    env: dict[str, str],
    repeat: int,
    *,
    before: Any = None,
    cwd: Path | None = None,
) -> Timing:
    runs: list[float] = []
    peak = 0.0
    code = 0
    output = ""
    for _ in range(repeat):
        if before is not None:
            before()
        seconds, mib, code, output = run_once(argv, env, cwd)
        runs.append(seconds)
        peak = max(peak, mib)
    timing = Timing(name, min(runs), peak, code, runs)
    if output.startswith("{") and name.startswith(("near-duplicates", "usage log")):
        timing.extra = json.loads(output)
    return timing


NEAR_DUPLICATES = """
import json, sys, time
from indberet.run.reading import load
from indberet.core.similarity import Candidate, near_duplicates, near_duplicates_exhaustive
result = load([sys.argv[1]])
fields = [f for s in result.catalogue.sets for f in s.fields][: int(sys.argv[2])]
items = [Candidate(f.qualified_id, f.set_id, f.name, f.description, f.codes) for f in fields]
start = time.perf_counter()
pairs = near_duplicates(items, 0.75)
seconds = time.perf_counter() - start
out = {"fields": len(items), "pairs": len(pairs), "seconds": seconds}
if len(sys.argv) > 3:
    planted = json.load(open(sys.argv[3]))
    found = {(p.first, p.second) for p in pairs}
    out["planted_found"] = sum((min(a, b), max(a, b)) in found for a, b in planted)
    out["planted"] = len(planted)
    out["same_as_exhaustive"] = pairs == near_duplicates_exhaustive(items, 0.75)
print(json.dumps(out))
"""

USAGE_LOG = """
import json, sys, time, datetime as dt
from indberet.run.usagelog import read_usage_log
start = time.perf_counter()
log = read_usage_log(sys.argv[1], None, dt.date(2026, 11, 26))
seconds = time.perf_counter() - start
print(json.dumps({"rows": log.rows, "seconds": seconds, "rows_per_second": log.rows / seconds}))
"""


def _git(directory: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=directory,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "b",
            "GIT_AUTHOR_EMAIL": "b@b",
            "GIT_COMMITTER_NAME": "b",
            "GIT_COMMITTER_EMAIL": "b@b",
        },
    )


def _has_check(env: dict[str, str]) -> bool:
    done = subprocess.run(
        [*_indberet(), "check", "--help"], capture_output=True, env=env, check=False
    )
    return done.returncode == 0 and b"--base" in done.stdout


HISTORY_FIELDS = 1000
# The exhaustive comparison checks every pair: only at a size where that takes seconds.
EXHAUSTIVE_MAX = 10_000


def history_case(
    work: Path,
    indberet: list[str],
    env: dict[str, str],
    repeat: int,
    notes: list[str],
    commits: int,
) -> Timing:
    """``indberet history`` over ``commits`` commits of a 1,000-field catalogue."""
    repository = work / "history"
    started = time.perf_counter()
    generate_history(repository, fields=HISTORY_FIELDS, commits=commits)
    notes.append(
        f"history: {commits:,} commits of a {HISTORY_FIELDS:,}-field catalogue, "
        f"generated in {time.perf_counter() - started:.1f} s"
    )
    argv = [*indberet, "history", "sets", "--format", "json", "-o", str(work / "history.json")]
    name = f"history, {commits:,} commits of {HISTORY_FIELDS:,} fields"
    return measure(name, argv, env, repeat, cwd=repository)


def _cold_audit(name: str, directory: Path, work: Path, env: dict[str, str], repeat: int) -> Timing:
    """A cold ``audit`` of ``directory`` to JSON (the cache emptied before each run)."""
    cache = work / "cache"
    argv = [*_indberet(), "audit", str(directory), "--as-of", AS_OF, "--format", "json"]
    argv += ["-o", str(work / "out.json"), "--cache-dir", str(cache)]
    return measure(name, argv, env, repeat, before=lambda: shutil.rmtree(cache, True))


def dense(
    size: int,
    repeat: int,
    work: Path,
    env: dict[str, str],
    notes: list[str],
    descriptions: str = "few",
    generator: str = "dense",
) -> list[Timing]:
    """Issue 19: cold audits of the benign and the dense catalogue of ``size`` fields, side
    by side, and of 10,000 fields with one name (``descriptions``: the shape of the dense
    catalogue's descriptions, see benchmarks/generate_dense.py; ``generator``: "dense",
    "prototypes" for benchmarks/generate_prototypes.py or "export" for
    benchmarks/generate_export.py)."""
    benign = work / f"catalogue-{size}"
    if not benign.exists():
        generate(benign, fields=size)
    if generator == "prototypes":
        other = generate_prototypes(work / f"prototypes-{size}", fields=size)
        directory = other.directory
        notes.append(
            f"dense (generate_prototypes.py) {size} fields: {other.sets} sets, "
            f"{other.bytes / 1e6:.1f} MB of YAML written by PyYAML"
        )
    elif generator == "export":
        exported = generate_export(work / f"export-{size}", fields=size)
        directory = exported.directory
        notes.append(
            f"dense (generate_export.py) {size} fields: {exported.sets} sets, "
            f"{exported.bytes / 1e6:.1f} MB of YAML exported by PyYAML"
        )
    else:
        shape = "" if descriptions == "few" else f"{descriptions}-"
        made = generate_dense(work / f"dense-{shape}{size}", fields=size, descriptions=descriptions)
        directory = made.directory
        notes.append(
            f"dense {shape}{size} fields: {made.sets} sets, "
            f"{made.grouped} fields in {len(made.groups)} groups (largest {max(made.groups)}), "
            f"{made.bytes / 1e6:.1f} MB of YAML"
        )
    one_name(work / "one-name-10000", fields=10_000)
    one_name(work / "one-name-own-10000", fields=10_000, own_descriptions=True)
    one_name(work / "one-name-numbered-10000", fields=10_000, numbered_names=True)
    label = f"{size:,} fields"
    found = []
    for _ in range(repeat):  # interleaved, so that both meet the same hour of the machine
        found.append(_cold_audit(f"audit {label} (cold)", benign, work, env, 1))
        found.append(_cold_audit(f"audit dense {label} (cold)", directory, work, env, 1))
    timings = []
    for name in (f"audit {label} (cold)", f"audit dense {label} (cold)"):
        runs = [t.seconds for t in found if t.name == name]
        peak = max(t.peak_mib for t in found if t.name == name)
        code = next(t.code for t in found if t.name == name)
        timings.append(Timing(f"{name}, side by side", min(runs), peak, code, runs))
    timings.append(
        _cold_audit(
            "audit 10,000 fields with one name (cold)", work / "one-name-10000", work, env, repeat
        )
    )
    timings.append(
        _cold_audit(
            "audit 10,000 fields with one name, each its own description (cold)",
            work / "one-name-own-10000",
            work,
            env,
            repeat,
        )
    )
    timings.append(
        _cold_audit(
            "audit 10,000 fields with one name, each with its number (cold)",
            work / "one-name-numbered-10000",
            work,
            env,
            repeat,
        )
    )
    return timings


def one_file_changed(path: Path) -> Any:
    """A function that changes the set file ``path`` anew on each call, from its first
    content: one field's description edited and one field added."""
    import yaml

    original = path.read_text("utf-8")
    calls = 0

    def change() -> None:
        nonlocal calls
        calls += 1
        data = yaml.safe_load(original)
        data["fields"][3]["description"] = f"Beskrivelsen er ændret ({calls}. gang)."
        new = {"id": "felt_ny", "name": f"Nyt felt {calls}", "aspect": "substance"}
        data["fields"].append({**new, "type": "text", "minutes": 2})
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")

    return change


def benchmark(
    sizes: list[int],
    repeat: int,
    work: Path,
    usage_rows: int,
    history_commits: int = 1000,
    dense_only: bool = False,
    descriptions: str = "few",
    generator: str = "dense",
) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INDBERET_")}
    # As a user's installation runs: with the bytecode cache (the floors' packages have
    # theirs from their installation; without it, indberet is compiled again every run).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["INDBERET_LANG"] = "en"
    env["INDBERET_CACHE_DIR"] = str(work / "cache")  # never the user's own cache
    indberet = _indberet()
    timings: list[Timing] = []
    notes: list[str] = []

    floor_click = measure(
        "floor: python -c 'import click'", [PYTHON, "-c", "import click"], env, max(repeat, 5)
    )
    floor_five = measure(
        "floor: import of the five dependencies", [PYTHON, "-c", FIVE], env, max(repeat, 5)
    )
    timings += [floor_click, floor_five]
    if dense_only:
        timings += dense(max(sizes), repeat, work, env, notes, descriptions, generator)
        return _result(timings, notes, sizes, repeat, (floor_click, floor_five), dense_only=True)
    timings.append(measure("indberet --version", [*indberet, "--version"], env, max(repeat, 5)))
    cache = work / "cache"

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def forget() -> None:  # the remembered results only: the run reads the parse cache
        shutil.rmtree(cache / "v1" / "results", ignore_errors=True)
        shutil.rmtree(cache / "v1" / "incremental", ignore_errors=True)

    examples = [*indberet, "audit", str(ROOT / "examples"), "--as-of", AS_OF, "--format", "table"]
    timings.append(
        measure(
            "audit examples/ (cold)",
            [*examples, "--cache-dir", str(cache)],
            env,
            max(repeat, 5),
            before=clear,
        )
    )
    timings.append(
        measure(
            "audit examples/ (warm)", [*examples, "--cache-dir", str(cache)], env, max(repeat, 5)
        )
    )

    check = _has_check(env)
    if not check:
        notes.append("check --base: the command is missing in this build; skipped")
    catalogues: dict[int, Path] = {}
    for size in sizes:
        directory = work / f"catalogue-{size}"
        started = time.perf_counter()
        made = generate(directory, fields=size, usage_rows=usage_rows if size == max(sizes) else 0)
        notes.append(
            f"{size} fields: {made.sets} sets, {made.bytes / 1e6:.1f} MB of YAML, "
            f"generated in {time.perf_counter() - started:.1f} s"
        )
        catalogues[size] = directory
        label = f"{size:,} fields"
        target = [str(directory)]
        validate = [*indberet, "validate", *target, "--cache-dir", str(cache)]
        audit = [
            *indberet,
            "audit",
            *target,
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "-o",
            str(work / "out.json"),
            "--cache-dir",
            str(cache),
        ]
        timings.append(measure(f"validate {label} (cold)", validate, env, repeat, before=clear))
        timings.append(measure(f"validate {label} (warm)", validate, env, repeat))
        timings.append(measure(f"audit {label} (cold)", audit, env, repeat, before=clear))
        timings.append(measure(f"audit {label} (warm)", audit, env, repeat))
        timings.append(
            measure(f"audit {label} (warm, parse cache only)", audit, env, repeat, before=forget)
        )
        # the last run left its state: each run now sees one set file changed since
        changed = sorted((directory / "sets").glob("*.yaml"))[made.sets // 2]
        timings.append(
            measure(
                f"audit {label} after a one-file change (warm cache)",
                audit,
                env,
                repeat,
                before=one_file_changed(changed),
            )
        )
        if check:
            # a repository of its own, also when --work holds one from an earlier run
            shutil.rmtree(directory / ".git", ignore_errors=True)
            _git(directory, "init", "-q")
            _git(directory, "add", "-A")
            _git(directory, "commit", "-q", "-m", "base")
            first = sorted((directory / "sets").glob("*.yaml"))[0]
            first.write_text(
                first.read_text("utf-8").replace("minutes: 0.", "minutes: 1.", 3), encoding="utf-8"
            )
            check_argv = [
                *indberet,
                "check",
                ".",
                "--base",
                "HEAD",
                "--as-of",
                AS_OF,
            ]
            timings.append(measure(f"check --base {label}", check_argv, env, repeat, cwd=directory))

    biggest = catalogues[max(sizes)]
    for count in (max(sizes) // 2, max(sizes)):
        argv = [PYTHON, "-c", NEAR_DUPLICATES, str(biggest), str(count)]
        timings.append(measure(f"near-duplicates alone, {count:,} fields", argv, env, repeat))
    smallest = min(sizes)
    if smallest <= EXHAUSTIVE_MAX:
        argv = [
            PYTHON,
            "-c",
            NEAR_DUPLICATES,
            str(catalogues[smallest]),
            str(smallest),
            str(catalogues[smallest] / "planted.json"),
        ]
        timings.append(measure(f"near-duplicates vs exhaustive, {smallest:,} fields", argv, env, 1))
    else:  # every pair of 100,000 fields: days
        notes.append(
            f"near-duplicates vs exhaustive: skipped (the smallest size, {smallest:,}, is "
            f"over {EXHAUSTIVE_MAX:,} fields; add a small size to --sizes)"
        )
    usage_file = catalogues[max(sizes)] / "usage.csv"
    if usage_file.exists():
        timings.append(
            measure(
                f"usage log, {usage_rows:,} rows",
                [PYTHON, "-c", USAGE_LOG, str(usage_file)],
                env,
                repeat,
            )
        )

    timings.append(history_case(work, indberet, env, repeat, notes, history_commits))

    timings += dense(max(sizes), repeat, work, env, notes, descriptions, generator)
    return _result(timings, notes, sizes, repeat, (floor_click, floor_five), dense_only=False)


def _result(
    timings: list[Timing],
    notes: list[str],
    sizes: list[int],
    repeat: int,
    floors: tuple[Timing, Timing],
    *,
    dense_only: bool,
) -> dict[str, Any]:
    """The run as JSON: every timing also as a ratio to the two floors, and the targets
    (issue 19's dense ones alone for ``--dense-only``)."""
    floor_click, floor_five = floors
    for timing in timings:
        timing.extra.setdefault("ratio_to_click", timing.seconds / floor_click.seconds)
        timing.extra.setdefault("ratio_to_five", timing.seconds / floor_five.seconds)
    found = dense_targets(timings, sizes)
    if not dense_only:
        found = targets(timings, floor_click, floor_five, sizes) + found
    return {
        "machine": _machine(),
        "sizes": sizes,
        "repeat": repeat,
        "timings": [asdict(t) for t in timings],
        "notes": notes,
        "targets": found,
    }


def _machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }


def dense_targets(timings: list[Timing], sizes: list[int]) -> list[dict[str, Any]]:
    """Issue 19's targets: the dense catalogue against the benign one, and one name."""
    label = f"{max(sizes):,} fields"
    benign = _find(timings, f"audit {label} (cold), side by side")
    crowded = _find(timings, f"audit dense {label} (cold), side by side")
    one = _find(timings, "audit 10,000 fields with one name (cold)")
    results: list[dict[str, Any]] = []
    if benign and crowded:
        ratio = crowded.seconds / benign.seconds
        results.append(
            {
                "target": f"audit dense / benign {label} cold",
                "measured": ratio,
                "limit": 1.5,
                "unit": "x",
                "met": ratio <= 1.5,
            }
        )
        results.append(
            {
                "target": f"audit dense {label} cold, peak memory",
                "measured": crowded.peak_mib,
                "limit": 1024,
                "unit": "MiB",
                "met": crowded.peak_mib <= 1024,
            }
        )
    own = _find(timings, "audit 10,000 fields with one name, each its own description (cold)")
    numbered = _find(timings, "audit 10,000 fields with one name, each with its number (cold)")
    for found, what in (
        (one, ""),
        (own, ", each its own description"),
        (numbered, ", each with its number"),
    ):
        if found:
            results.append(
                {
                    "target": f"audit 10,000 fields with one name{what} cold",
                    "measured": found.seconds,
                    "limit": 10,
                    "unit": "s",
                    "met": found.seconds <= 10,
                }
            )
    return results


def _find(timings: list[Timing], name: str) -> Timing | None:
    return next((t for t in timings if t.name == name), None)


def targets(
    timings: list[Timing], click: Timing, five: Timing, sizes: list[int]
) -> list[dict[str, Any]]:
    """Issue 7's targets: what was measured, the limit, and whether it is met."""
    results: list[dict[str, Any]] = []

    def add(what: str, value: float | None, limit: float, unit: str, met: bool | None) -> None:
        results.append(
            {"target": what, "measured": value, "limit": limit, "unit": unit, "met": met}
        )

    version = _find(timings, "indberet --version")
    if version:
        ratio = version.seconds / click.seconds
        add("indberet --version / import click", ratio, 1.5, "x", ratio <= 1.5)
    examples = _find(timings, "audit examples/ (warm)")
    cold_examples = _find(timings, "audit examples/ (cold)")
    for timing in (cold_examples, examples):
        if timing:
            ratio = timing.seconds / five.seconds
            add(f"{timing.name} / import of five", ratio, 2.5, "x", ratio <= 2.5)
    size = max(sizes)
    label = f"{size:,} fields"
    cold = _find(timings, f"audit {label} (cold)")
    warm = _find(timings, f"audit {label} (warm)")
    if cold:
        add(f"audit {label} cold", cold.seconds, 15, "s", cold.seconds < 15)
        add(f"audit {label} cold, peak memory", cold.peak_mib, 1024, "MiB", cold.peak_mib < 1024)
    if warm:
        add(f"audit {label} warm", warm.seconds, 3, "s", warm.seconds < 3)
    after_change = _find(timings, f"audit {label} after a one-file change (warm cache)")
    if after_change:
        ratio = after_change.seconds / five.seconds
        add(f"{after_change.name} / import of five", ratio, 10, "x", ratio <= 10)
    near = [t for t in timings if t.name.startswith("near-duplicates alone")]
    if len(near) == 2:
        small, big = sorted(near, key=lambda t: t.extra["fields"])
        ratio = big.extra["seconds"] / small.extra["seconds"]
        add("near-duplicates: time when the fields double", ratio, 2.3, "x", ratio <= 2.3)
    exact = _find(timings, f"near-duplicates vs exhaustive, {min(sizes):,} fields")
    if exact:
        same = bool(exact.extra.get("same_as_exhaustive")) and exact.extra.get(
            "planted_found"
        ) == exact.extra.get("planted")
        add(
            "near-duplicates: same pairs as exhaustive, all planted found",
            1.0 if same else 0.0,
            1,
            "",
            same,
        )
    history = next((t for t in timings if t.name.startswith("history,")), None)
    if history:
        ratio = history.seconds / five.seconds
        add(f"{history.name} / import of five", ratio, 60, "x", ratio <= 60)
    usage = next((t for t in timings if t.name.startswith("usage log")), None)
    if usage:
        rate = usage.extra["rows_per_second"]
        add("usage log rows per second", rate, 1_000_000, "rows/s", rate >= 1_000_000)
    return results


def table(report: dict[str, Any]) -> str:
    lines = [f"{'what':52} {'best s':>8} {'peak MiB':>9} {'÷click':>7} {'÷five':>7}  runs"]
    for t in report["timings"]:
        runs = ", ".join(f"{r:.2f}" for r in t["runs"])
        extra = t["extra"]
        lines.append(
            f"{t['name']:52} {t['seconds']:8.3f} {t['peak_mib']:9.0f} "
            f"{extra['ratio_to_click']:7.1f} {extra['ratio_to_five']:7.1f}  {runs}"
            + (f"  exit {t['code']}" if t["code"] not in (0, 1) else "")
        )
        inner = {k: v for k, v in extra.items() if not k.startswith("ratio")}
        if inner:
            lines.append(f"{'':52} {json.dumps(inner)}")
    lines.append("")
    lines.append("targets (issues 7 and 19):")
    for target in report["targets"]:
        mark = "met" if target["met"] else "NOT met"
        lines.append(
            f"  {target['target']:58} {target['measured']:12.3f} {target['unit']:7} "
            f"limit {target['limit']:<10} {mark}"
        )
    for note in report["notes"]:
        lines.append(f"note: {note}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="indberet benchmarks (issues 7 and 19)")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--usage-rows", type=int, default=1_000_000)
    parser.add_argument("--history-commits", type=int, default=1000)
    parser.add_argument("--work", default=None, help="working directory (default: a temporary one)")
    parser.add_argument("--json", default=str(HERE / "results.json"))
    parser.add_argument(
        "--dense-only", action="store_true", help="the floors and the dense catalogues only"
    )
    parser.add_argument(
        "--descriptions",
        choices=SHAPES,
        default="few",
        help="the shape of the dense catalogue's descriptions (see generate_dense.py)",
    )
    parser.add_argument(
        "--generator",
        choices=("dense", "prototypes", "export"),
        default="dense",
        help="the dense catalogue's generator: generate_dense.py, generate_prototypes.py "
        "or generate_export.py",
    )
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    work = Path(options.work) if options.work else Path(tempfile.mkdtemp(prefix="indberet-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        report = benchmark(
            sizes,
            options.repeat,
            work,
            options.usage_rows,
            options.history_commits,
            options.dense_only,
            options.descriptions,
            options.generator,
        )
    finally:
        if not options.work:
            shutil.rmtree(work, ignore_errors=True)
    print(table(report))
    Path(options.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {options.json}")


if __name__ == "__main__":
    main()
