"""JSON output, versioned by ``schema_version`` and stably ordered."""

from __future__ import annotations

import json
from typing import Any

from indberet.diagnostics import Diagnostic
from indberet.i18n import message, render
from indberet.loading import LoadResult

SCHEMA_VERSION = 1


def diagnostic_object(diagnostic: Diagnostic, lang: str) -> dict[str, Any]:
    """One diagnostic as a JSON object."""
    hint = diagnostic.hint_text()
    loc = diagnostic.location
    return {
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "message": message(diagnostic.key, lang, **diagnostic.params),
        "hint": render(hint, lang) if hint else None,
    }


def validation(result: LoadResult, lang: str) -> str:
    """The report of ``indberet validate --format json``."""
    catalogue = result.catalogue
    document = {
        "schema_version": SCHEMA_VERSION,
        "valid": catalogue is not None and not result.diagnostics,
        "files": result.files,
        "summary": {
            "sets": len(catalogue.sets) if catalogue else None,
            "fields": catalogue.field_count if catalogue else None,
            "registers": len(catalogue.registers) if catalogue else None,
            "problems": len(result.diagnostics),
        },
        "diagnostics": [diagnostic_object(d, lang) for d in result.diagnostics],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
