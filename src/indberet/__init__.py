"""indberet: an auditor for national reporting requirements.

The Python API (see ``docs/api.md`` and :mod:`indberet.api`)::

    import indberet

    result = indberet.audit("examples/", as_of="2026-11-26")
    result.field("anbringelser.anledning").verdict
    indberet.plan(result, target="44%").reached

Kept import-free on purpose: ``indberet --version`` must start as fast as click alone, and
``import indberet`` imports nothing else. The API is imported when it is first used.

``audit``, ``check``, ``plan`` and ``report`` are the names of the API's functions and of
modules of the engine too. Such a module, once imported (``import indberet.audit``), is
what the package holds under the name; so that ``indberet.audit(...)`` works all the same,
each of those modules is made callable as the API function of its name.
"""

import sys

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
        IndberetError as IndberetError,
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
    "IndberetError",
    "PlanResult",
    "ValidationResult",
    "__version__",
    "audit",
    "check",
    "plan",
    "report",
    "validate",
]

if TYPE_CHECKING:
    from types import ModuleType as _Module
else:
    _Module = type(sys)  # types.ModuleType, without importing types
# API functions that share their name with a module of the engine.
_ALSO_MODULES = frozenset({"audit", "check", "plan", "report"})


class _CallableModule(_Module):
    """A module of the engine that is also the API function of its name."""

    def __call__(self, *args: "Any", **kwargs: "Any") -> "Any":
        from indberet import api

        return getattr(api, self.__name__.rpartition(".")[2])(*args, **kwargs)


class _Package(_Module):
    """The package: makes the modules named like API functions callable as they are set."""

    def __setattr__(self, name: str, value: "Any") -> None:
        if (
            name in _ALSO_MODULES
            and type(value) is _Module
            and getattr(value, "__name__", None) == f"{__name__}.{name}"
        ):
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


def __getattr__(name: str) -> "Any":
    """The API, imported when first asked for."""
    if name in _ALSO_MODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    if name in __all__:
        from indberet import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


sys.modules[__name__].__class__ = _Package
