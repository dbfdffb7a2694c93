"""Hostile inputs and interruptions: clean errors, documented exit codes, nothing lost."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from indberet.run import memory, output, parallel
from tests.conftest import EXAMPLES, FIXTURES, run_cli, run_process


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


ENV = {**os.environ, "INDBERET_LANG": "en"}


def start(script: str, *args: str, **options: Any) -> subprocess.Popen[bytes]:
    """``python -c SCRIPT ARGS``: the CLI, as a process, started as ``script`` says."""
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([sys.executable, "-c", script, *args], env=ENV, **options)


def held_in_its_helper(catalogue: Path, marker: Path) -> str:
    """The CLI, reading the files of ``catalogue`` with a helper process that never ends
    by itself, so that the run cannot end before the test stops it.

    Helpers are used whatever the machine and the input's size (see indberet.run.parallel).
    The helper, at the first file it reads, writes its process id to ``marker`` and waits
    for ever; this process waits for the marker before it reads a file of the catalogue
    (so that the helper surely takes one), then goes on and waits for the helper's
    readings. The test sends its signal once the marker is there."""
    return (
        "import os, sys, threading, time\n"
        "from indberet.read import yamlsource\n"
        f"CATALOGUE, MARKER = {str(catalogue)!r}, {str(marker)!r}\n"
        "PARENT = os.getpid()\n"
        "real_decode = yamlsource.decode\n"
        "def decode(path, raw):\n"
        "    if path.startswith(CATALOGUE) and os.getpid() != PARENT:\n"
        "        with open(MARKER + '.tmp', 'w') as handle:\n"
        "            handle.write(str(os.getpid()))\n"
        "        os.rename(MARKER + '.tmp', MARKER)\n"
        "        threading.Event().wait()\n"
        "    while path.startswith(CATALOGUE) and not os.path.exists(MARKER):\n"
        "        time.sleep(0.01)\n"
        "    return real_decode(path, raw)\n"
        "yamlsource.decode = decode\n"
        "from indberet.run import parallel\n"
        "parallel.processors = lambda: 2\n"
        "parallel.PARALLEL_MIN_BYTES = 0\n"
        "parallel.PARALLEL_MIN_CANDIDATES = 1\n"
        "sys.argv[0] = 'indberet'\n"
        "from indberet.cli.entry import run\n"
        "run()\n"
    )


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (gone, or a zombie no one has reaped yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60.0) -> None:
    """Poll ``condition`` until it holds; fail, saying ``what`` did not happen, after
    ``seconds`` (a bound on a wait, not a measure of speed)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {seconds:.0f} s")
        time.sleep(0.02)


def held_helper(process: subprocess.Popen[bytes], marker: Path) -> int:
    """The process id of the held helper of a running CLI, once it is there."""

    def there() -> bool:
        assert process.poll() is None, process.communicate()
        return marker.exists()

    wait_for(there, "the helper's first reading")
    return int(marker.read_text())


@contextlib.contextmanager
def stopped_at_the_end(process: subprocess.Popen[bytes]) -> Iterator[None]:
    """Kill ``process`` if the test leaves it running (a failed test leaves nothing)."""
    try:
        yield
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


needs_proc = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and parallel.fork_allowed()),
    reason="helper processes and /proc are Linux's",
)


@needs_proc
@pytest.mark.parametrize(
    ("signum", "code", "said"),
    [
        (signal.SIGINT, 130, b"interrupted"),
        (signal.SIGTERM, 143, b"stopped by SIGTERM"),
        (signal.SIGHUP, 129, b"stopped by SIGHUP"),
    ],
)
def test_a_signal_stops_a_run_cleanly_and_leaves_no_partial_output(
    tmp_path: Path, signum: int, code: int, said: bytes
) -> None:
    marker = tmp_path / "helper-reading"
    output = tmp_path / "out" / "audit.json"
    output.parent.mkdir()
    command = ["audit", str(EXAMPLES), "--format", "json", "-o", str(output), "--no-cache"]
    process = start(held_in_its_helper(EXAMPLES, marker), *command)
    with stopped_at_the_end(process):
        helper = held_helper(process, marker)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert b"Traceback" not in stderr
    assert said in stderr
    assert list(output.parent.iterdir()) == []
    wait_for(lambda: gone(helper), "the helper's end", seconds=20)


@needs_proc
def test_the_helper_process_dies_with_its_parent_even_by_kill_9(tmp_path: Path) -> None:
    """The helper ends with the CLI however it ends, and never keeps the reader of the
    CLI's output waiting: here the pipe to this test reaches its end."""
    marker = tmp_path / "helper-reading"
    command = ["audit", str(EXAMPLES), "--format", "json", "--no-cache"]
    process = start(held_in_its_helper(EXAMPLES, marker), *command)
    with stopped_at_the_end(process):
        helper = held_helper(process, marker)
        process.kill()
        process.wait(timeout=60)
    try:
        wait_for(lambda: gone(helper), "the helper's end", seconds=20)
    finally:
        if not gone(helper):  # the test failed: leave nothing behind
            os.kill(helper, signal.SIGKILL)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read()  # at its end: no one else holds the pipe
    process.stdout.close()
    process.stderr.close()
    # and a run after it is as good as any
    again = run_process("validate", str(EXAMPLES))
    assert again.code == 0, again.stderr


def test_sigterm_while_the_output_is_written_leaves_no_temporary_file(tmp_path: Path) -> None:
    """SIGTERM arrives between the temporary file's writing and its renaming."""
    script = (
        "import os, signal\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGTERM)\n"
        "from indberet.cli.entry import run\n"
        "run()\n"
    )
    output = tmp_path / "out" / "audit.json"
    output.parent.mkdir()
    process = start(script, "audit", str(EXAMPLES), "--no-cache", "-o", str(output))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert b"Traceback" not in stderr
    assert list(output.parent.iterdir()) == []


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_python_starts_is_no_traceback(signum: int, code: int) -> None:
    """The signal comes as the CLI imports click (``python -m indberet``)."""
    script = (
        "import os, runpy, sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'click':\n"
        f"            os.kill(os.getpid(), {int(signum)})\n"
        "        return None\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "sys.argv[0] = 'indberet'\n"
        "runpy.run_module('indberet', run_name='__main__')\n"
    )
    process = start(script, "validate", str(EXAMPLES))
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert b"Traceback" not in stderr
    assert stderr.strip().startswith(b"indberet: ")
    assert stdout == b""


def test_the_console_script_starts_at_the_guarded_entry() -> None:
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="indberet")
    assert script.value == "indberet.cli.entry:run"


def test_output_over_an_input_is_refused_and_input_kept(tmp_path: Path) -> None:
    source = tmp_path / "set.yaml"
    source.write_bytes((FIXTURES / "valid" / "minimal.yaml").read_bytes())
    before = source.read_bytes()
    run = run_cli("audit", str(source), "-o", str(source))
    assert run.code == 2
    assert source.read_bytes() == before


@pytest.mark.parametrize("how", ["symlink", "dotdot"])
def test_output_over_an_input_by_another_name_is_refused(tmp_path: Path, how: str) -> None:
    source = tmp_path / "sets" / "set.yaml"
    source.parent.mkdir()
    source.write_bytes((FIXTURES / "valid" / "minimal.yaml").read_bytes())
    before = source.read_bytes()
    if how == "symlink":
        target = tmp_path / "report.txt"
        target.symlink_to(source)
    else:
        (tmp_path / "other").mkdir()
        target = tmp_path / "other" / ".." / "sets" / "set.yaml"
    run = run_process("audit", str(tmp_path / "sets"), "-o", str(target))
    assert run.code == 2
    # (a name ending in .yaml is refused for its suffix already, before it is compared)
    said = "is one of the inputs" if how == "symlink" else "cannot write a .yaml"
    assert said in run.stderr
    assert source.read_bytes() == before


def test_output_into_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    run = run_cli("audit", str(EXAMPLES), "-o", str(tmp_path / "no" / "such" / "out.txt"))
    assert run.code == 2
    assert "no such directory" in run.stderr


def test_a_large_file_under_the_size_limit_is_loaded(tmp_path: Path) -> None:
    """A 100 MB file (the limit is 256 MB) is read like any other: no hang, no crash."""
    huge = tmp_path / "huge.yaml"
    with huge.open("w") as stream:
        stream.write("indberet: 1\nid: huge\nname: Huge\nreports_per_year: 1\nfields:\n")
        line = "  # " + "x" * 95 + "\n"
        stream.write(line * (100 * 1024 * 1024 // len(line)))
        stream.write("  - {id: a, name: A, type: text, minutes: 1}\n")
    run = run_process("validate", str(huge), timeout=300)  # a bound on a hang, not a timing
    assert run.code == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr


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


# --- outputs that are not regular files ------------------------------------------------------


def device(tmp_path: Path, name: str) -> Path:
    """``/dev/NAME`` (null or full): a device node of the same kind made in ``tmp_path``
    when this test runs as root (so that the real one is never at stake), else the real
    one (which a user cannot replace)."""
    real = Path("/dev") / name
    if os.geteuid() != 0:
        return real
    copy = tmp_path / name
    os.mknod(copy, 0o666 | stat.S_IFCHR, os.stat(real).st_rdev)
    return copy


def test_output_onto_a_device_is_written_in_place(tmp_path: Path) -> None:
    sink = device(tmp_path, "null")
    run = run_process("audit", str(EXAMPLES), "-o", str(sink))
    assert run.code == 0, run.stderr
    assert stat.S_ISCHR(sink.stat().st_mode)  # still the device, not a file with the report
    assert list(sink.parent.glob(".indberet-*")) == []


def test_output_onto_a_full_device_is_exit_2_with_the_reason(tmp_path: Path) -> None:
    full = device(tmp_path, "full")
    run = run_process("audit", str(EXAMPLES), "-o", str(full))
    assert run.code == 2
    assert f"cannot write {full}: No space left on device" in run.stderr
    assert "Traceback" not in run.stderr and "bug" not in run.stderr
    assert stat.S_ISCHR(full.stat().st_mode)


def test_output_into_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        run = run_process("audit", str(EXAMPLES), "--format", "json", "-o", str(fifo))
        assert stat.S_ISFIFO(fifo.stat().st_mode)  # not replaced by a file
        read, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()
        reader.wait()
    assert run.code == 0, run.stderr
    assert b'"schema_version"' in read


def test_output_to_dev_stdout_goes_down_the_pipe() -> None:
    run = run_process("audit", str(EXAMPLES), "--format", "json", "-o", "/dev/stdout")
    assert run.code == 0, run.stderr
    assert '"schema_version"' in run.stdout


def test_output_to_dev_stdout_appends_when_standard_output_appends(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("kept\n")
    with log.open("a") as appended:
        done = subprocess.run(
            [sys.executable, "-m", "indberet", "audit", str(EXAMPLES), "-o", "/dev/stdout"],
            stdout=appended,
            stderr=subprocess.PIPE,
            env=ENV,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    text = log.read_text()
    assert text.startswith("kept\n") and "anbringelser" in text


def test_named_descriptors() -> None:
    assert output.named_descriptor("/dev/stdout") == 1
    assert output.named_descriptor("/dev/stderr") == 2
    assert output.named_descriptor("/dev/fd/7") == 7
    assert output.named_descriptor("/proc/self/fd/1") == 1
    assert output.named_descriptor(f"/proc/{os.getpid()}/fd/1") == 1
    assert output.named_descriptor("/proc/1/fd/1") in (None, 1)  # 1 only if it is us
    assert output.named_descriptor("report.json") is None


def test_a_link_to_dev_stdout_is_standard_output(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to("/dev/stdout")
    assert output.named_descriptor(str(link)) == 1


def test_an_empty_output_path_is_a_usage_error() -> None:
    run = run_cli("audit", str(EXAMPLES), "-o", "")
    assert run.code == 2
    assert "the output path is empty" in run.stderr


# --- standard output that cannot take the output -------------------------------------------


def test_standard_output_on_a_full_disk_is_exit_2_not_a_bug() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "indberet", "audit", str(EXAMPLES)],
            stdout=full,
            stderr=subprocess.PIPE,
            env=ENV,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert b"cannot write standard output: No space left on device" in done.stderr
    assert b"Traceback" not in done.stderr and b"bug" not in done.stderr


@pytest.mark.parametrize("command", [["audit", str(EXAMPLES)], ["validate", str(EXAMPLES)]])
def test_a_closed_standard_output_is_exit_2_not_a_traceback(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "indberet", *command],
        stderr=subprocess.PIPE,
        env=ENV,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2, done.stderr
    assert b"cannot write standard output" in done.stderr
    assert b"Traceback" not in done.stderr


def test_a_closed_standard_output_is_no_matter_with_an_output_file(tmp_path: Path) -> None:
    target = tmp_path / "audit.txt"
    done = subprocess.run(
        [sys.executable, "-m", "indberet", "audit", str(EXAMPLES), "-o", str(target)],
        stderr=subprocess.PIPE,
        env=ENV,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 0, done.stderr
    assert "anbringelser" in target.read_text()


# --- memory ------------------------------------------------------------------------------------


def base_address_space() -> int:
    """The address space (bytes) of a Python that has imported what a run imports first."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import indberet.cli.main, indberet.read.loading, indberet.core.audit, yaml\n"
            "status = open('/proc/self/status').read()\n"
            "print(int(status.split('VmSize:')[1].split()[0]) * 1024)",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return int(done.stdout)


def run_limited(limit: int, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The CLI under ``ulimit -v`` of ``limit`` bytes."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "indberet", *args],
        capture_output=True,
        env=ENV,
        timeout=300,
        check=False,
        preexec_fn=limited,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_files_too_large_for_the_memory_limit_are_refused_before_reading(tmp_path: Path) -> None:
    big_catalogue(tmp_path)  # 5 MB: about 40 MB to read
    done = run_limited(base_address_space() + 20 * memory.MB, "validate", str(tmp_path))
    assert done.returncode == 2, done.stderr
    assert b"needs about" in done.stderr and b"the memory limit is" in done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_an_audit_too_large_for_the_memory_limit_is_refused_before_it_starts(
    tmp_path: Path,
) -> None:
    big_catalogue(tmp_path, sets=6)  # 6,000 fields, 1.4 MB: read in 20 MB, audited in 60
    output = tmp_path / "out" / "audit.json"
    output.parent.mkdir()
    done = run_limited(
        base_address_space() + 45 * memory.MB,
        *("audit", str(tmp_path), "--format", "json", "-o", str(output), "--no-cache"),
    )
    assert done.returncode == 2, done.stderr
    assert b"needs about" in done.stderr and b"the memory limit is" in done.stderr
    assert b"Traceback" not in done.stderr
    assert list(output.parent.iterdir()) == []


def test_memory_running_out_anywhere_is_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import indberet.core.audit

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(indberet.core.audit, "audit", exhausted)
    run = run_cli("audit", str(EXAMPLES), "--no-cache")
    assert run.code == 2
    assert "out of memory" in run.stderr
    assert "bug" not in run.stderr


def test_the_memory_estimate_refuses_only_under_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    memory.ensure(10**15)  # no limit here: nothing is refused
    used = memory.in_use()[0]
    monkeypatch.setattr(memory, "limits", lambda: (used + 50 * memory.MB, None))
    memory.ensure(10 * memory.MB)
    with pytest.raises(memory.NotEnoughMemory) as refused:
        memory.ensure(100 * memory.MB)
    assert refused.value.limit == used + 50 * memory.MB
    assert refused.value.needed >= used + 100 * memory.MB
    monkeypatch.setattr(memory, "limits", lambda: (None, 1))  # ulimit -d
    with pytest.raises(memory.NotEnoughMemory):
        memory.ensure_for_fields(1)


def test_a_failure_remembering_the_result_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    script = (
        "from indberet.run import results\n"
        "def exhausted(self, key, output):\n"
        "    raise MemoryError\n"
        "results.ResultCache.put = exhausted\n"
        "from indberet.cli.entry import run\n"
        "run()\n"
    )
    target = tmp_path / "audit.txt"
    command = ["audit", str(EXAMPLES), "--cache-dir", str(tmp_path / "cache"), "-o", str(target)]
    process = start(script, *command)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert b"Traceback" not in stderr
    assert b"remembering the result in the cache failed (MemoryError)" in stderr
    assert "anbringelser" in target.read_text()
