"""The output formats of ``indberet check``: a name -> renderer registry.

A renderer takes a :class:`~indberet.core.check.CheckResult` and a language and returns the
text to write. ``github`` returns the annotations; its Markdown summary is
:func:`indberet.render.ci_github.summary`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from indberet.core.check import CheckResult
from indberet.render import ci_github, ci_gitlab, ci_json, ci_junit, ci_sarif, ci_text

Renderer = Callable[[CheckResult, str], str]

CHECK_FORMATS: Final[dict[str, Renderer]] = {
    "text": ci_text.render,
    "json": ci_json.render,
    "github": ci_github.render_annotations,
    "sarif": ci_sarif.render,
    "junit": ci_junit.render,
    "gitlab": ci_gitlab.render,
    "markdown": ci_github.summary,
}

DIFF_FORMATS: Final[dict[str, Renderer]] = {
    "text": ci_text.diff,
    "json": ci_json.render,
    "markdown": ci_github.summary,
}
