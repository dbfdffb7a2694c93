"""Baseline files: the findings a catalogue has today, accepted so that only new ones fail.

A baseline lists findings by fingerprint, ``set.field:CODE`` (a few codes add what they
are about, e.g. ``set.field:IND207:IND102``). Neither line numbers, file names nor the
order of fields go into it, so moving fields or files does not change it; entries are
sorted, one to a line, so that a change to it reads well in a review.

    {
      "indberet_baseline": 1,
      "findings": [
        {"fingerprint": "anbringelser.opfoelgning:IND201", "code": "IND201", ...},
        ...
      ]
    }

The format's JSON Schema is ``indberet/schemas/baseline.schema.json``. Nothing here prints.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Final

import jsonschema

from indberet.diagnostics import MessageError

BASELINE_VERSION: Final = 1
MAX_BASELINE_BYTES: Final = 64 * 1024 * 1024


class BaselineError(MessageError):
    """The baseline cannot be read; ``key`` and ``params`` name the message."""


@dataclass(frozen=True)
class BaselineEntry:
    """One accepted finding."""

    fingerprint: str
    code: str
    set_id: str | None = None
    field_id: str | None = None
    line: int = field(default=0, compare=False)  # line in the baseline file, 0 if unknown

    def as_json(self) -> dict[str, Any]:
        """The entry as it is written."""
        return {
            "fingerprint": self.fingerprint,
            "code": self.code,
            "set": self.set_id,
            "field": self.field_id,
        }


@dataclass(frozen=True)
class Baseline:
    """A baseline file as read."""

    path: str
    entries: tuple[BaselineEntry, ...]

    @functools.cached_property
    def fingerprints(self) -> frozenset[str]:
        """The fingerprints of every entry."""
        return frozenset(entry.fingerprint for entry in self.entries)


@functools.cache
def baseline_schema() -> dict[str, Any]:
    """The JSON Schema of a baseline file."""
    source = resources.files("indberet.schemas").joinpath("baseline.schema.json")
    loaded: dict[str, Any] = json.loads(source.read_text("utf-8"))
    return loaded


def baseline_text(entries: Iterable[BaselineEntry]) -> str:
    """A baseline file holding ``entries``: sorted, de-duplicated, one entry a line."""
    unique = {entry.fingerprint: entry for entry in entries}
    lines = [
        "  " * 2 + json.dumps(unique[key].as_json(), ensure_ascii=False) for key in sorted(unique)
    ]
    body = ",\n".join(lines)
    findings = f"[\n{body}\n  ]" if lines else "[]"
    return f'{{\n  "indberet_baseline": {BASELINE_VERSION},\n  "findings": {findings}\n}}\n'


def read_baseline(path: str) -> Baseline:
    """Read and validate the baseline file at ``path``."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BASELINE_BYTES + 1)
    except FileNotFoundError:
        raise BaselineError("baseline.missing", path=path) from None
    except OSError as error:
        raise BaselineError("baseline.unreadable", path=path, reason=error.strerror) from None
    if len(raw) > MAX_BASELINE_BYTES:
        raise BaselineError("baseline.too_large", path=path, limit=MAX_BASELINE_BYTES // 2**20)
    return parse_baseline(path, raw)


def parse_baseline(path: str, raw: bytes) -> Baseline:
    """Parse and validate the content of a baseline file."""
    try:
        source = raw.decode("utf-8-sig")
        data = json.loads(source)
    except UnicodeDecodeError:
        raise BaselineError("baseline.not_utf8", path=path) from None
    except json.JSONDecodeError as error:
        raise BaselineError(
            "baseline.not_json", path=path, detail=error.msg, line=error.lineno, column=error.colno
        ) from None
    except RecursionError:
        raise BaselineError("baseline.too_deep", path=path) from None
    problem = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(baseline_schema()).iter_errors(data)
    )
    if problem is not None:
        where = "/".join(str(part) for part in problem.absolute_path) or "/"
        raise BaselineError("baseline.invalid", path=path, where=where, detail=problem.message)
    lines = _fingerprint_lines(source)
    entries = tuple(
        BaselineEntry(
            fingerprint=item["fingerprint"],
            code=item["code"],
            set_id=item.get("set"),
            field_id=item.get("field"),
            line=lines.get(item["fingerprint"], 0),
        )
        for item in data["findings"]
    )
    return Baseline(path, entries)


def _fingerprint_lines(source: str) -> dict[str, int]:
    """The line of the first mention of each fingerprint, for locating stale entries."""
    found: dict[str, int] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        marker = line.find('"fingerprint"')
        if marker < 0:
            continue
        rest = line[marker + len('"fingerprint"') :].lstrip(" \t:")
        try:
            value, _ = json.JSONDecoder().raw_decode(rest)
        except json.JSONDecodeError:
            continue
        if isinstance(value, str):
            found.setdefault(value, number)
    return found
