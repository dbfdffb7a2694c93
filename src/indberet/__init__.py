"""indberet: an auditor for national reporting requirements.

The Python API (see ``docs/api.md`` and :mod:`indberet.api`)::

    import indberet

    result = indberet.audit("examples/", as_of="2026-11-26")
    result.field("anbringelser.anledning").verdict
    indberet.plan(result, target="44%").reached

Kept import-free on purpose: ``indberet --version`` must start as fast as click alone, and
``import indberet`` imports nothing else. The API is imported when it is first used.

The package is in floors; an import only points down (``tests/test_layers.py`` reads every
import and names any that points up):

1. plain data and words: ``model``, ``records``, ``diagnostics``, ``audit_model``,
   ``history_model``, ``i18n`` and ``messages``, ``gcpause``;
2. ``read/``: files, git blobs, usage logs and profiles in, the model or located
   diagnostics out; one file after another, knowing nothing of caches, processes, scoring
   or pairs;
3. ``core/``: profile, scoring, rules, near-duplicates, verdicts, plan, check; functions
   of the model (``core/profile`` alone asks ``read/profile`` for its checked file);
4. ``run/``: how a run is carried out (the parse cache and the pairs it remembers, the
   second process, progress, output files), over floors 1-3; and ``render/``: results
   in, text or bytes out, over floor 1 and ``core/`` (never ``read/``);
5. ``api`` and its parts (``api_types``, ``api_import``): the pipeline of each command;
6. ``cli/``: options in, the API called, output rendered, exit codes.

So each floor can be read and tested knowing only the floors below it: a rule or a
reader is plain code with no cache or process around it, and the speed is one floor that
wraps those same functions and is tested to give the same result.
"""

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing

__version__ = "0.1.0"

if TYPE_CHECKING:
    from typing import Any

    from indberet.api import (
        AuditResult as AuditResult,
    )
    from indberet.api import (
        CheckResult as CheckResult,
    )
    from indberet.api import (
        Diagnostic as Diagnostic,
    )
    from indberet.api import (
        HistoryResult as HistoryResult,
    )
    from indberet.api import (
        ImpactResult as ImpactResult,
    )
    from indberet.api import (
        ImportResult as ImportResult,
    )
    from indberet.api import (
        IndberetError as IndberetError,
    )
    from indberet.api import (
        InitResult as InitResult,
    )
    from indberet.api import (
        PlanResult as PlanResult,
    )
    from indberet.api import (
        ValidationResult as ValidationResult,
    )
    from indberet.api import (
        audit as audit,
    )
    from indberet.api import (
        check as check,
    )
    from indberet.api import (
        history as history,
    )
    from indberet.api import (
        impact as impact,
    )
    from indberet.api import (
        import_fields as import_fields,
    )
    from indberet.api import (
        init_catalogue as init_catalogue,
    )
    from indberet.api import (
        plan as plan,
    )
    from indberet.api import (
        report as report,
    )
    from indberet.api import (
        validate as validate,
    )

__all__ = [
    "AuditResult",
    "CheckResult",
    "Diagnostic",
    "HistoryResult",
    "ImpactResult",
    "ImportResult",
    "IndberetError",
    "InitResult",
    "PlanResult",
    "ValidationResult",
    "__version__",
    "audit",
    "check",
    "history",
    "impact",
    "import_fields",
    "init_catalogue",
    "plan",
    "report",
    "validate",
]


def __getattr__(name: str) -> "Any":
    """The API, imported when first asked for."""
    if name in __all__:
        from indberet import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
