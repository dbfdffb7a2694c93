"""Write what follows from the rule modules into the files that hold it.

Two places hold what the rule modules (``src/indberet/core/rules/ind*.py``) declare and
cannot read them when they are used: the ``rules:`` section of the profile schema
(``src/indberet/schemas/profile.schema.json``, published by ``indberet schema profile``
and read by the schema checker) and the rule table in README.md (between the
``rules:begin`` and ``rules:end`` markers). After adding or changing a rule, run::

    .venv/bin/python -m tools.sync_rules

It rewrites what differs, names each file it rewrote and then exits 1, so that a
regeneration never passes silently: review ``git diff``, then run it again (exit 0: all
up to date). ``--check`` writes nothing and exits 1 when a file is out of date; the tests
(``tests/test_rule_registry.py``) fail the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from indberet.core import rules
from indberet.core.rules import Rule

ROOT: Final = Path(__file__).resolve().parent.parent
SCHEMA: Final = ROOT / "src" / "indberet" / "schemas" / "profile.schema.json"
README: Final = ROOT / "README.md"
BEGIN: Final = "<!-- rules:begin (python -m tools.sync_rules writes this table) -->"
END: Final = "<!-- rules:end -->"
_RULES_KEY: Final = '\n    "rules": '  # the profile schema's rules: section, under properties
_EXPANDED_DEPTH: Final = 4  # deeper objects are written on one line, as the file does


def _json(value: Any, indent: int, depth: int = 0) -> str:
    """JSON in the schema file's style: the outer objects one key a line, the inner ones
    on one line."""
    if not isinstance(value, dict) or not value or depth >= _EXPANDED_DEPTH:
        return json.dumps(value, ensure_ascii=False)
    inner = " " * (indent + 2)
    items = [
        f"{inner}{json.dumps(key)}: {_json(item, indent + 2, depth + 1)}"
        for key, item in value.items()
    ]
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def schema_text(current: str, found: Sequence[Rule] = rules.RULES) -> str:
    """The profile schema's text with its ``rules:`` section as the rule modules declare."""
    start = current.index(_RULES_KEY) + len(_RULES_KEY)
    _, end = json.JSONDecoder().raw_decode(current, start)
    return current[:start] + _json(rules.profile_schema(found), 4) + current[end:]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rule_table(found: Sequence[Rule] = rules.RULES) -> str:
    """The README's rule table: one row per rule module, by code."""
    rows = [
        "| rule | name | finds | parameters (default) | proposes | precedence |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in found:
        parameters = ", ".join(f"`{name}` {value}" for name, value in rule.DEFAULTS.items())
        place = "—" if rule.PRECEDENCE is None else str(rule.PRECEDENCE)
        cells = (
            rule.CODE,
            rule.TITLE[0],
            rule.SUMMARY[0],
            parameters or "—",
            ", ".join(rule.PROPOSES),
            place,
        )
        rows.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(rows)


def readme_text(current: str, found: Sequence[Rule] = rules.RULES) -> str:
    """README.md with the rule table between its markers as the rule modules declare."""
    start = current.index(BEGIN) + len(BEGIN)
    end = current.index(END, start)
    return current[:start] + "\n" + rule_table(found) + "\n" + current[end:]


def out_of_date() -> dict[Path, str]:
    """The files whose generated part differs, with the text they should have."""
    wanted = {
        SCHEMA: schema_text(SCHEMA.read_text("utf-8")),
        README: readme_text(README.read_text("utf-8")),
    }
    return {path: text for path, text in wanted.items() if path.read_text("utf-8") != text}


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite (or with ``--check`` only name) the out-of-date files; 1 when there were."""
    parser = argparse.ArgumentParser(prog="python -m tools.sync_rules", description=__doc__)
    parser.add_argument("--check", action="store_true", help="write nothing")
    checking = parser.parse_args(argv).check
    stale = out_of_date()
    for path, text in stale.items():
        where = path.relative_to(ROOT)
        if checking:
            print(f"{where}: out of date with the rule modules", file=sys.stderr)
        else:
            path.write_text(text, "utf-8")
            print(f"{where}: rewritten; review `git diff {where}`, then run again", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
