"""The audit rules: one module per rule, each with a stable code and its docs.

A rule module has ``CODE`` (``IND1xx``), ``NAME``, ``DEFAULTS`` (its parameters), a
docstring that is its user documentation (``indberet rules``) and the same in Danish as
``DOC_DA`` (``indberet rules --lang da``), and a pure function
``evaluate(evidence, profile) -> RuleResult``. To add a rule, add a module and list it in
``RULES``; see CONTRIBUTING in the README.
"""

from __future__ import annotations

from typing import cast

from indberet.core.rules import (
    ind101_unused,
    ind102_process_data,
    ind103_registered,
    ind104_derivable,
    ind105_near_duplicate,
    ind106_low_usage,
    ind107_mandated,
    ind108_identifier,
)
from indberet.core.rules.base import Evidence, Rule, Twin

RULES: tuple[Rule, ...] = cast(
    tuple[Rule, ...],
    (
        ind101_unused,
        ind102_process_data,
        ind103_registered,
        ind104_derivable,
        ind105_near_duplicate,
        ind106_low_usage,
        ind107_mandated,
        ind108_identifier,
    ),
)
BY_CODE: dict[str, Rule] = {rule.CODE: rule for rule in RULES}

__all__ = ["BY_CODE", "RULES", "Evidence", "Rule", "Twin"]
