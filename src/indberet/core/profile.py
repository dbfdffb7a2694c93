"""Rule profiles: declarative YAML (weights, half-life, thresholds, tariff, rules on/off).

Profiles ship in the package's ``profiles/`` folder; a user may give a path instead of a
name. The file is found, read and checked by its schema in :mod:`indberet.read.profile`,
like any other input; here it becomes a :class:`Profile`. Nothing in it is executed.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from indberet.core.pairing import Words
from indberet.diagnostics import Location
from indberet.read.profile import DEFAULT_PROFILE as DEFAULT_PROFILE
from indberet.read.profile import ProfileError as ProfileError
from indberet.read.profile import read_profile, read_shipped
from indberet.read.profile import shipped_profiles as shipped_profiles

if TYPE_CHECKING:
    from indberet.read.yamlsource import Document

_NO_PARAMS: Final[Mapping[str, Any]] = {}  # a rule the profile does not name


@dataclass(frozen=True)
class Profile:
    """A validated rule profile."""

    name: str
    tariff_dkk: float
    half_life_years: float
    weights: Mapping[str, float]
    registered: float
    derivable: float
    rules: Mapping[str, Mapping[str, Any]]
    check: Mapping[str, Any] = field(default_factory=dict)  # policy of `indberet check`
    bonus_per_doubling: float = 0.1
    min_factor: float = 0.5
    max_factor: float = 1.5
    description: str | None = None
    source: str = ""
    # Language data (stop words, opposites, subjects, identifier words): the profile's
    # ``words:``, else the default profile's.
    words: Words | None = field(default=None, compare=False)
    location: Location | None = field(default=None, compare=False)

    @property
    def language(self) -> Words:
        """The profile's language data, or the default profile's."""
        return self.words if self.words is not None else default_words()

    def rule_enabled(self, code: str) -> bool:
        """Whether the rule ``code`` is on (rules not named are on)."""
        memo = self._looked_up
        found = memo.get(code)
        if found is None:
            found = memo[code] = bool(self.rules.get(code, _NO_PARAMS).get("enabled", True))
        return found

    def rule_param(self, code: str, name: str, default: float) -> float:
        """A rule's parameter from the profile, or the rule's own default."""
        key = (code, name, default)
        memo = self._looked_up
        found = memo.get(key)
        if found is None:
            found = memo[key] = float(self.rules.get(code, _NO_PARAMS).get(name, default))
        return found

    @functools.cached_property
    def _looked_up(self) -> dict[Any, Any]:
        """What :meth:`rule_enabled` and :meth:`rule_param` found, by their arguments:
        the rules ask for the same few parameters for every field. A profile is not changed
        once made (``dataclasses.replace`` makes a new one, with a memo of its own); not
        a field, so neither compared nor shown."""
        return {}


def load_profile(name_or_path: str | None) -> Profile:
    """Load a shipped profile by name, or a profile file by path; raises
    :class:`ProfileError` with located diagnostics."""
    return _profile(read_profile(name_or_path))


@functools.cache
def default_words() -> Words:
    """The ``words:`` of the shipped default profile."""
    return Words.from_data(read_shipped(DEFAULT_PROFILE).data["words"])


def _rules(given: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each rule's options: what the profile gives, else the rule module's defaults (a
    profile that does not name a rule has it on, with its defaults)."""
    from indberet.core.rules import defaults  # the rules read profiles: imported late

    filled = defaults()
    for code, options in given.items():
        filled[code] = {**filled.get(code, {}), **options}
    return filled


def _profile(document: Document) -> Profile:
    data = document.data
    usage = data["usage"]
    frequency = usage.get("frequency", {})
    return Profile(
        name=data["profile"],
        tariff_dkk=float(data["tariff_dkk"]),
        half_life_years=float(usage["half_life_years"]),
        weights={kind: float(weight) for kind, weight in usage["weights"].items()},
        registered=float(data["duplication"]["registered"]),
        derivable=float(data["duplication"]["derivable"]),
        rules=_rules(data["rules"]),
        check=dict(data.get("check", {})),
        bonus_per_doubling=float(frequency.get("bonus_per_doubling", 0.1)),
        min_factor=float(frequency.get("min_factor", 0.5)),
        max_factor=float(frequency.get("max_factor", 1.5)),
        description=data.get("description"),
        source=data.get("source", ""),
        words=Words.from_data(data["words"]) if "words" in data else default_words(),
        location=document.location(()),
    )
