"""Scores per field: usage (0-1), duplication (0-1) and burden (Standard Cost Model).

Every figure comes from the data and the profile. Usage adds up what each use is worth:

    use value = weight(kind) x 0.5 ** (age / half-life) x frequency factor
    usage     = min(1, sum of use values)

A use without ``last_used`` is current (age 0). The frequency factor is 1 when the
frequency is unknown, and otherwise ``1 + bonus x log2(uses per year)`` within the
profile's bounds. Adding a use never lowers usage.

Duplication is the strongest of: held by a register, derivable from other fields or
registers, and the similarity to its closest near-duplicate. Adding a register never
lowers it.

Burden per year is ``minutes / 60 x applies_to x occurrences`` hours, times the tariff in
the set's currency, as a range when minutes are. Occurrences are the set's reports a year,
or for a field of a repeating record the record's occurrences (``per_report`` times the
reports, or its own ``reports_per_year``), times ``values_per_report`` for a multi-select.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable

from indberet.audit_model import Burden, Range
from indberet.core.profile import Profile
from indberet.model import Field, RequirementSet, Use

DAYS_PER_YEAR = 365.25


def age_years(use: Use, as_of: dt.date) -> float:
    """Years since the use; 0 for a current use or one dated after ``as_of``."""
    if use.last_used is None:
        return 0.0
    return max(0.0, (as_of - use.last_used).days / DAYS_PER_YEAR)


def frequency_factor(uses_per_year: float | None, profile: Profile) -> float:
    """How much frequency adds to (or takes from) one use."""
    if uses_per_year is None:
        return 1.0
    if uses_per_year <= 0:
        return profile.min_factor
    factor = 1.0 + profile.bonus_per_doubling * math.log2(uses_per_year)
    return min(profile.max_factor, max(profile.min_factor, factor))


def use_value(use: Use, as_of: dt.date, profile: Profile) -> float:
    """What one use is worth towards usage, before the cap."""
    weight = profile.weights.get(use.kind, 0.0)
    decay: float = 0.5 ** (age_years(use, as_of) / profile.half_life_years)
    return weight * decay * frequency_factor(use.uses_per_year, profile)


def usage_score(uses: Iterable[Use], as_of: dt.date, profile: Profile) -> float:
    """Usage 0-1 of a field with these uses."""
    return min(1.0, sum(use_value(use, as_of, profile) for use in uses))


def usage_scorer(as_of: dt.date, profile: Profile) -> Callable[[Iterable[Use]], float]:
    """:func:`usage_score` on ``as_of`` with ``profile``, for many fields: the value of a
    use is worked out once for each kind, date and frequency met (a catalogue's uses share
    a few of each), and summed as :func:`usage_score` sums it, to the same figure."""
    values: dict[tuple[str, dt.date | None, float | None], float] = {}

    def value(use: Use) -> float:
        key = (use.kind, use.last_used, use.uses_per_year)
        found = values.get(key)
        if found is None:
            found = values[key] = use_value(use, as_of, profile)
        return found

    def score(uses: Iterable[Use]) -> float:
        if uses == ():  # a field without uses (many): usage_score's figure, the int 0
            return 0
        return min(1.0, sum([value(use) for use in uses]))

    return score


def duplication_score(field: Field, twin_similarity: float, profile: Profile) -> float:
    """Duplication 0-1: register, derivation or near-duplicate, whichever is strongest."""
    if not field.registered_in and not field.derivable_from:  # most fields
        return max(0.0, min(1.0, twin_similarity))
    parts = [twin_similarity]
    if field.registered_in:
        parts.append(profile.registered)
    if field.derivable_from:
        parts.append(profile.derivable)
    return max(0.0, min(1.0, max(parts)))


def tariff(requirement_set: RequirementSet, profile: Profile) -> float:
    """DKK per hour for this set: its own tariff, or the profile's."""
    own = requirement_set.tariff_dkk
    return own if own is not None else profile.tariff_dkk


def occurrences(field: Field, requirement_set: RequirementSet) -> float:
    """How many times a year the field is asked, all reporters together, before ``applies_to``.

    A field of a record (a repeating group) is asked once per occurrence of the record:
    the record's own ``reports_per_year``, or ``per_report`` times the set's reports. A
    multi-select question with ``values_per_report`` is answered that many times.
    """
    count = float(requirement_set.reports_per_year)
    if field.record is not None:
        kind = requirement_set.record_kind(field.record)
        if kind is not None and kind.reports_per_year is not None:
            count = kind.reports_per_year
        elif kind is not None and kind.per_report is not None:
            count *= kind.per_report
    if field.values_per_report is not None:
        count *= field.values_per_report
    return count


def field_burden(field: Field, requirement_set: RequirementSet, dkk_per_hour: float) -> Burden:
    """Hours and money a year that registering this field costs all reporters."""
    if field.record is None and field.values_per_report is None:  # most fields
        per_minute = field.applies_to * requirement_set.reports_per_year / 60.0
    else:
        per_minute = field.applies_to * occurrences(field, requirement_set) / 60.0
    hours = Range(field.minutes[0] * per_minute, field.minutes[1] * per_minute)
    return Burden(hours, hours.scaled(dkk_per_hour))
