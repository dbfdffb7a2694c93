"""Hostile inputs and interruptions: clean errors, documented exit codes, nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, FIXTURES, run_cli


def big_catalogue(folder: Path, sets: int = 24, fields: int = 1000) -> None:
    """A catalogue that takes a few seconds to audit without a cache (24,000 fields: at
    12 × 400 the audit had ended within the test's 0.8 s wait, and the test skipped)."""
    for set_index in range(sets):
        lines = [
            "indberet: 1",
            f"id: set{set_index}",
            f"name: Statistik {set_index}",
            "reports_per_year: 10000",
            "fields:",
        ]
        for index in range(fields):
            lines += [
                f"  - id: f{index}",
                f"    name: Felt {index} om emne {index * 7919 % 1000} og {set_index}",
                "    type: text",
                "    minutes: 0.5",
                "    used_by:",
                "      - consumer: Danmarks Statistik",
                "        kind: publication",
                f"        last_used: 20{10 + index % 15}-01-01",
            ]
        (folder / f"set{set_index}.yaml").write_text("\n".join(lines) + "\n")


def test_ctrl_c_exits_130_and_leaves_no_partial_output(tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    big_catalogue(catalogue)
    output = tmp_path / "out" / "audit.json"
    output.parent.mkdir()
    env = {**os.environ, "INDBERET_LANG": "en"}
    command = ["audit", str(catalogue), "--format", "json", "-o", str(output), "--no-cache"]
    process = subprocess.Popen(
        [sys.executable, "-m", "indberet", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    time.sleep(0.8)
    if process.poll() is not None:
        pytest.skip("the run finished before it could be interrupted")
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr
    assert b"interrupted" in stderr
    assert list(output.parent.iterdir()) == []


def test_output_over_an_input_is_refused_and_input_kept(tmp_path: Path) -> None:
    source = tmp_path / "set.yaml"
    source.write_bytes((FIXTURES / "valid" / "minimal.yaml").read_bytes())
    before = source.read_bytes()
    run = run_cli("audit", str(source), "-o", str(source))
    assert run.code == 2
    assert source.read_bytes() == before


def test_output_into_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    run = run_cli("audit", str(EXAMPLES), "-o", str(tmp_path / "no" / "such" / "out.txt"))
    assert run.code == 2
    assert "no such directory" in run.stderr


def test_large_file_is_refused_or_loaded_quickly(tmp_path: Path) -> None:
    """A 100 MB file: a clean error or a load, never a hang or a crash."""
    huge = tmp_path / "huge.yaml"
    with huge.open("w") as stream:
        stream.write("indberet: 1\nid: huge\nname: Huge\nreports_per_year: 1\nfields:\n")
        line = "  # " + "x" * 95 + "\n"
        stream.write(line * (100 * 1024 * 1024 // len(line)))
        stream.write("  - {id: a, name: A, type: text, minutes: 1}\n")
    started = time.monotonic()
    run = run_cli("validate", str(huge))
    assert run.code in (0, 2), run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    assert time.monotonic() - started < 120


def test_symlink_loop_directory(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "set.yaml").write_bytes((FIXTURES / "valid" / "minimal.yaml").read_bytes())
    os.symlink(tmp_path / "a", tmp_path / "a" / "again")
    run = run_cli("validate", str(tmp_path))
    assert run.code == 0, run.stdout


def test_directory_named_yaml_and_fifo_are_handled(tmp_path: Path) -> None:
    (tmp_path / "odd.yaml").mkdir()
    run = run_cli("validate", str(tmp_path / "odd.yaml"))
    assert run.code == 2
