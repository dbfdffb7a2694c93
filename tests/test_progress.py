"""Progress: a rich bar on a terminal for long runs, nothing otherwise."""

from __future__ import annotations

import io
import time

import pytest

from indberet.run.progress import ProgressDisplay
from tests.conftest import EXAMPLES, run_cli


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with ProgressDisplay(stream, delay=0) as display:
        assert not display.enabled
        files = display.files("Reading")
        steps = display.steps("Scoring", 10)
        for done in range(1, 4):
            files(done, 3)
        steps(5)
        assert not display.shown
    assert stream.getvalue() == ""


def test_a_bar_on_a_terminal_for_a_long_run() -> None:
    stream = Terminal()
    with ProgressDisplay(stream, delay=0) as display:
        assert display.enabled
        update = display.files("Reading definitions")
        update(1, 4)
        assert display.shown
        update(2, 4)
        advance = display.steps("Scoring fields", 100)
        advance(50)
    assert not display.shown
    output = stream.getvalue()
    assert "Reading definitions" in output
    assert "Scoring fields" in output


def test_nothing_for_a_short_run_even_on_a_terminal() -> None:
    stream = Terminal()
    with ProgressDisplay(stream, delay=60) as display:
        update = display.files("Reading")
        update(1, 2)
        update(2, 2)
    assert not display.shown
    assert stream.getvalue() == ""


def test_a_finished_stage_starts_no_bar() -> None:
    stream = Terminal()
    with ProgressDisplay(stream, delay=0) as display:
        time.sleep(0.01)
        display.files("Reading")(3, 3)
    assert stream.getvalue() == ""


@pytest.mark.parametrize("command", ["validate", "audit"])
def test_commands_print_nothing_extra_when_piped(command: str) -> None:
    # the files themselves: the folder would add a note that examples/real is passed over
    run = run_cli(command, *(str(p) for p in sorted(EXAMPLES.glob("*.yaml"))))
    assert run.code == 0
    assert run.stderr == ""


def test_long_commands_show_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import indberet.run.progress as progress

    stream = Terminal()
    monkeypatch.setattr(progress, "DELAY", 0.0)
    original = progress.ProgressDisplay.__init__

    def on_terminal(self: ProgressDisplay, *args: object, **kwargs: object) -> None:
        original(self, stream, delay=0.0)

    monkeypatch.setattr(progress.ProgressDisplay, "__init__", on_terminal)
    run = run_cli("audit", str(EXAMPLES), "--format", "json")
    assert run.code == 0
    assert "Reading definitions" in stream.getvalue() and "Scoring fields" in stream.getvalue()
    assert "Scoring" not in run.stdout
