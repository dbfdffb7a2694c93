"""The HTML report in a real headless browser (Debian's chromium; .ci/run installs it).

Chromium is driven over the Chrome DevTools Protocol on a pipe (``--remote-debugging-pipe``:
JSON messages separated by NUL bytes on file descriptors 3 and 4), so the test needs no
driver, no network port and no Python package beyond the standard library. It checks that
the page loads with no console error and no network request, that a screenshot is not
blank, that the totals shown equal those of the JSON output, and that hostile names run
no script. Skipped, with the reason, only where no chromium is installed.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT, run_cli

AS_OF = "2026-11-26"
CHROMIUM = next(
    (path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium on this machine (Debian: apt-get install chromium; .ci/run installs it)",
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--remote-debugging-pipe",
)
TIMEOUT = 30.0


class Browser:
    """A headless chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, profile: str) -> None:
        to_child_read, self._to_child = os.pipe()
        self._from_child, from_child_write = os.pipe()

        def child_fds() -> None:
            # Move both ends above the low numbers first, then onto 3 and 4 (dup2 makes
            # them inheritable), so neither can be closed by the other's dup2.
            high_read = fcntl.fcntl(to_child_read, fcntl.F_DUPFD, 10)
            high_write = fcntl.fcntl(from_child_write, fcntl.F_DUPFD, 10)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)

        assert CHROMIUM is not None
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=child_fds,  # safe: this test process starts no threads
        )
        os.close(to_child_read)
        os.close(from_child_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to_child, data) :]

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_child], [], [], left)[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send a command to the page (or the browser before attaching); return its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        """The first event named ``method`` (seen already, or arriving within the timeout)."""
        deadline = time.monotonic() + TIMEOUT
        for event in self.events:
            if event["method"] == method:
                return event
        while True:
            reply = self._receive(deadline)
            if "method" in reply:
                self.events.append(reply)
                if reply["method"] == method:
                    return reply

    def settle(self, seconds: float = 0.5) -> None:
        """Collect the events that arrive within ``seconds``."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                reply = self._receive(deadline)
                if "method" in reply:
                    self.events.append(reply)
        except TimeoutError:
            return

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (DevTools, not page script)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def close(self) -> None:
        try:
            self.session = ""
            self._send({"id": 0, "method": "Browser.close", "params": {}})
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait(timeout=10)
        finally:
            os.close(self._to_child)
            os.close(self._from_child)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with tempfile.TemporaryDirectory(prefix="indberet-chromium-") as profile:
        started = Browser(profile)
        try:
            yield started
        finally:
            started.close()


def open_page(browser: Browser, path: Path) -> list[dict[str, Any]]:
    """Load ``path``; return the events the load produced."""
    browser.events.clear()
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1000, "height": 1400, "deviceScaleFactor": 1, "mobile": False},
    )
    browser.call("Page.navigate", {"url": path.as_uri()})
    browser.wait_for("Page.loadEventFired")
    browser.settle()
    return list(browser.events)


def problems(events: list[dict[str, Any]], page_url: str) -> list[str]:
    """Console errors, exceptions, dialogs and every request but the page itself."""
    found = []
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append(f"console: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            found.append(f"exception: {params.get('exceptionDetails')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            found.append(f"log: {params['entry'].get('text')}")
        elif method == "Page.javascriptDialogOpening":
            found.append(f"dialog: {params.get('message')}")
        elif method == "Network.requestWillBeSent" and params["request"]["url"] != page_url:
            found.append(f"request: {params['request']['url']}")
    return found


# --- PNG ---------------------------------------------------------------------------------


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def png_pixels(data: bytes) -> tuple[int, int, int, bytes]:
    """Width, height, channels and raw pixel bytes of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat = 8, b""
    width = height = channels = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    out = bytearray()
    unfilter: dict[int, Callable[[int, int, int], int]] = {
        0: lambda x, a, b: x,
        1: lambda x, a, b: (x + a) & 0xFF,
        2: lambda x, a, b: (x + b) & 0xFF,
        3: lambda x, a, b: (x + ((a + b) >> 1)) & 0xFF,
    }
    for row in range(height):
        start = row * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 0:
            pass
        elif kind == 2:
            line = bytearray((x + b) & 0xFF for x, b in zip(line, previous, strict=True))
        else:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                if kind == 4:
                    c = previous[i - channels] if i >= channels else 0
                    line[i] = (line[i] + _paeth(a, b, c)) & 0xFF
                else:
                    line[i] = unfilter[kind](line[i], a, b)
        out += line
        previous = line
    return width, height, channels, bytes(out)


def screenshot_variance(browser: Browser) -> tuple[int, float]:
    """Distinct colours and the variance of grey levels in the top of the page."""
    shot = browser.call(
        "Page.captureScreenshot",
        {"format": "png", "clip": {"x": 0, "y": 0, "width": 800, "height": 500, "scale": 1}},
    )
    width, height, channels, pixels = png_pixels(base64.b64decode(shot["data"]))
    assert (width, height) == (800, 500)
    colours = {pixels[i : i + 3] for i in range(0, len(pixels), channels * 7)}
    greys = [sum(pixels[i : i + 3]) / 3 for i in range(0, len(pixels), channels * 7)]
    mean = sum(greys) / len(greys)
    return len(colours), sum((g - mean) ** 2 for g in greys) / len(greys)


# --- the tests ---------------------------------------------------------------------------


def number(text: str) -> float:
    """A number as the English report writes it: 20,715 or 43.9%."""
    return float(text.replace(",", "").replace("%", "").strip())


def test_report_loads_offline_with_no_errors_and_shows_the_json_totals(
    browser: Browser, tmp_path: Path
) -> None:
    out = tmp_path / "sanering.html"
    run = run_cli(
        "report",
        "examples",
        "--as-of",
        AS_OF,
        "--lang",
        "en",
        "--target",
        "44%",
        "-o",
        str(out),
        cwd=ROOT,
    )
    assert run.code == 0, run.stderr
    events = open_page(browser, out)
    assert problems(events, out.as_uri()) == []
    requests = [e for e in events if e["method"] == "Network.requestWillBeSent"]
    assert [r["params"]["request"]["url"] for r in requests] == [out.as_uri()]

    colours, variance = screenshot_variance(browser)
    assert colours > 10 and variance > 100, (colours, variance)

    shown = browser.evaluate(
        """JSON.stringify({
          title: document.title,
          scripts: document.scripts.length,
          svgs: document.querySelectorAll('svg.chart rect').length,
          kpi: Object.fromEntries([...document.querySelectorAll('.kpi')].map(
            k => [k.id, k.querySelector('.kpi-value').innerText])),
          total: [...document.querySelectorAll('#summary-table tfoot td')].map(c => c.innerText),
          rows: [...document.querySelectorAll('#summary-table tbody tr')].map(
            r => [...r.cells].map(c => c.innerText)),
          plan: document.querySelector('#plan-conclusion').innerText,
          planRows: document.querySelectorAll('#plan-table tbody tr').length,
          fieldRows: document.querySelectorAll('#fields tbody tr').length,
        })"""
    )
    page = json.loads(shown)
    assert page["title"].startswith("Pruning report")
    assert page["scripts"] == 0 and page["svgs"] > 10

    audit = json.loads(
        run_cli("audit", "examples", "--as-of", AS_OF, "--format", "json", cwd=ROOT).stdout
    )
    summary = audit["summary"]

    def saved(part: dict[str, Any], unit: str) -> float:
        before, after = part["burden_before"][unit], part["burden_after"][unit]
        return (before["low"] + before["high"] - after["low"] - after["high"]) / 2

    assert number(page["kpi"]["kpi-fields-before"]) == summary["fields_before"]
    assert number(page["kpi"]["kpi-fields-removed"]) == summary["fields_removed"]
    assert number(page["kpi"]["kpi-hours-saved"]) == pytest.approx(saved(summary, "hours"), abs=1)
    assert number(page["kpi"]["kpi-dkk-saved"]) == pytest.approx(saved(summary, "dkk"), abs=1)
    total = page["total"]
    assert number(total[1]) == summary["fields_before"]
    assert number(total[2]) == summary["fields_after"]
    assert total[3] == f"{summary['fields_removed']} ({summary['count_share'] * 100:.1f}%)"
    for row, set_json in zip(page["rows"], audit["sets"], strict=True):
        assert row[0] == set_json["id"]
        assert number(row[1]) == set_json["summary"]["fields_before"]
        assert number(row[2]) == set_json["summary"]["fields_after"]
    assert page["fieldRows"] == summary["fields_before"]

    plan = json.loads(
        run_cli(
            "plan", "examples", "--as-of", AS_OF, "--target", "44%", "--format", "json", cwd=ROOT
        ).stdout
    )
    assert page["planRows"] == len(plan["steps"])
    assert page["plan"] == plan["conclusion"]


def test_hostile_names_run_no_script_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    hostile = FIXTURES / "report" / "hostile.yaml"
    run = run_cli(
        "report",
        str(hostile),
        "--as-of",
        AS_OF,
        "--lang",
        "en",
        "--target",
        "50%",
        "-o",
        str(out),
        cwd=ROOT,
    )
    assert run.code == 1, run.stderr  # 50% is out of reach: written all the same
    events = open_page(browser, out)
    assert problems(events, out.as_uri()) == []
    shown = json.loads(
        browser.evaluate(
            """JSON.stringify({
              scripts: document.scripts.length,
              hostile: document.querySelectorAll('img, iframe, b, script').length,
              text: document.body.innerText,
            })"""
        )
    )
    assert shown["scripts"] == 0 and shown["hostile"] == 0
    assert "<script>alert(1)</script>" in shown["text"]
    assert "=1+2" in shown["text"]
