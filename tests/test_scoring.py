"""Usage, duplication and burden: worked examples and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indberet.core import scoring
from indberet.model import USE_KINDS, RequirementSet, Use
from tests.helpers import AS_OF, default_profile, make_field, use

PROFILE = default_profile()

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
uses = st.builds(
    Use,
    consumer=st.just("DST"),
    kind=st.sampled_from(USE_KINDS),
    last_used=st.none() | dates,
    uses_per_year=st.none() | st.floats(min_value=0, max_value=10_000),
)


def test_a_current_publication_counts_its_weight() -> None:
    assert scoring.usage_score([use("publication")], AS_OF, PROFILE) == pytest.approx(0.8)


def test_a_use_counts_half_after_one_half_life() -> None:
    two_years = AS_OF - dt.timedelta(days=round(2 * 365.25))
    assert scoring.usage_score([use("legal", two_years)], AS_OF, PROFILE) == pytest.approx(
        0.5, abs=1e-3
    )


def test_frequency_raises_and_lowers_within_bounds() -> None:
    assert scoring.frequency_factor(None, PROFILE) == 1.0
    assert scoring.frequency_factor(1, PROFILE) == 1.0
    assert scoring.frequency_factor(4, PROFILE) == pytest.approx(1.2)
    assert scoring.frequency_factor(10**9, PROFILE) == PROFILE.max_factor
    assert scoring.frequency_factor(0, PROFILE) == PROFILE.min_factor


def test_usage_is_capped_at_one() -> None:
    assert scoring.usage_score([use("legal")] * 5, AS_OF, PROFILE) == 1.0


def test_burden_by_the_standard_cost_model() -> None:
    requirement_set = RequirementSet("s", "S", reports_per_year=12_000, fields=())
    item = make_field(minutes=(0.5, 2.0), applies_to=0.5)
    burden = scoring.field_burden(item, requirement_set, 450)
    assert (burden.hours.low, burden.hours.high) == (50.0, 200.0)
    assert (burden.dkk.low, burden.dkk.high) == (22_500.0, 90_000.0)


def test_set_tariff_overrides_profile() -> None:
    requirement_set = RequirementSet("s", "S", reports_per_year=1, fields=(), tariff_dkk=500)
    assert scoring.tariff(requirement_set, PROFILE) == 500


@settings(max_examples=300)
@given(st.lists(uses, max_size=6), uses)
def test_adding_a_use_never_lowers_usage(existing: list[Use], extra: Use) -> None:
    before = scoring.usage_score(existing, AS_OF, PROFILE)
    after = scoring.usage_score([*existing, extra], AS_OF, PROFILE)
    assert 0.0 <= before <= after <= 1.0


@settings(max_examples=200)
@given(
    st.lists(st.sampled_from(["cpr", "cvr", "dream"]), unique=True, max_size=2),
    st.sampled_from(["cpr", "cvr", "dream", "lpr"]),
    st.floats(min_value=0, max_value=1),
    st.booleans(),
)
def test_adding_a_register_never_lowers_duplication(
    registers: list[str], extra: str, twin: float, derivable: bool
) -> None:
    sources = ("x",) if derivable else ()
    before_field = make_field(registered_in=tuple(registers), derivable_from=sources)
    after_field = make_field(
        registered_in=tuple(dict.fromkeys([*registers, extra])), derivable_from=sources
    )
    before = scoring.duplication_score(before_field, twin, PROFILE)
    after = scoring.duplication_score(after_field, twin, PROFILE)
    assert 0.0 <= before <= after <= 1.0


@settings(max_examples=200)
@given(
    st.floats(min_value=0, max_value=600),
    st.floats(min_value=0, max_value=600),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=10**9),
    st.floats(min_value=0.01, max_value=100_000),
)
def test_burden_is_never_negative_and_ordered(
    a: float, b: float, share: float, reports: int, tariff: float
) -> None:
    low, high = sorted((a, b))
    requirement_set = RequirementSet("s", "S", reports_per_year=reports, fields=())
    burden = scoring.field_burden(
        make_field(minutes=(low, high), applies_to=share), requirement_set, tariff
    )
    assert 0.0 <= burden.hours.low <= burden.hours.high
    assert 0.0 <= burden.dkk.low <= burden.dkk.high


def test_usage_scorer_gives_usage_score_and_values_each_kind_of_use_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    profile = default_profile()
    kinds = sorted(USE_KINDS)
    uses = [
        use(kinds[n % len(kinds)], dt.date(2020, 1 + n % 3, 1), uses_per_year=[None, 4.0][n % 2])
        for n in range(12)
    ]
    fields = [tuple(uses[n : n + k]) for n in range(12) for k in range(4)]
    expected = [scoring.usage_score(items, AS_OF, profile) for items in fields]
    valued: list[Use] = []
    real = scoring.use_value

    def counted(one: Use, as_of: dt.date, chosen: object) -> float:
        valued.append(one)
        return real(one, as_of, profile)

    monkeypatch.setattr(scoring, "use_value", counted)
    score = scoring.usage_scorer(AS_OF, profile)
    assert [score(items) for items in fields] == expected
    distinct = {(u.kind, u.last_used, u.uses_per_year) for u in uses}
    assert len(valued) == len(distinct)
