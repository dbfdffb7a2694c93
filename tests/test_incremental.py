"""The incremental JSON audit: after a change to a set file, the sets it touches are audited
alone and spliced into the last output, which must be the bytes of a cold run; whatever it
cannot show to be so is audited in full."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from benchmarks.generate import generate
from benchmarks.generate_dense import generate_dense, one_name
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indberet.audit_model import Burden, FieldAudit, Range
from indberet.cli import incremental as cli_incremental
from indberet.core import closure, similarity
from indberet.core.audit import reduction
from indberet.run import incremental, parallel
from indberet.run.cache import ParseCache
from tests.conftest import Run, run_cli
from tests.test_cache import _damage

AS_OF = ("--as-of", "2026-11-26")
AGAIN = "sets audited again"  # what the debug note says when the audit was incremental

Edit = Callable[[dict[str, Any], dict[str, Any]], None]  # (the set's data, another set's)


@pytest.fixture(scope="module")
def benign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("benign") / "catalogue"
    generate(folder, fields=1200, per_set=40)
    return folder


@pytest.fixture(scope="module")
def dense(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dense") / "catalogue"
    generate_dense(folder, fields=1200, per_set=40, max_group=30)
    return folder


def audit(folder: Path, cache: Path | None) -> Run:
    where = ("--cache-dir", str(cache)) if cache is not None else ("--no-cache",)
    return run_cli("audit", str(folder), *AS_OF, "--format", "json", *where)


def copied(source: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(source, folder)
    return folder


def audited_copy(source: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of ``source`` and a cache holding its full audit (and state)."""
    folder = copied(source, tmp_path)
    cache = tmp_path / "cache"
    assert audit(folder, cache).code == 0
    return folder, cache


def set_file(folder: Path, number: int) -> Path:
    return folder / "sets" / f"statistik_{number:05d}.yaml"


def rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def edited(folder: Path, number: int, edit: Edit, other: int = 0) -> None:
    """Apply ``edit`` to the set file ``number`` (given the data of the set ``other``)."""
    other_data = yaml.safe_load(set_file(folder, other).read_text("utf-8"))
    rewrite(set_file(folder, number), lambda data: edit(data, other_data))


def incremental_and_cold(
    folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Run, Run]:
    """The run after a change (with the debug note on), and a cold run; their outputs must
    be the same bytes."""
    monkeypatch.setenv(cli_incremental.DEBUG, "1")
    warm = audit(folder, cache)
    monkeypatch.delenv(cli_incremental.DEBUG)
    cold = audit(folder, None)
    assert (warm.code, warm.stdout) == (cold.code, cold.stdout)
    return warm, cold


# --- edits ---------------------------------------------------------------------------------


def _minutes(data: dict[str, Any], other: dict[str, Any]) -> None:
    data["fields"][3]["minutes"] = 17.5


def _more_use(data: dict[str, Any], other: dict[str, Any]) -> None:
    for item in data["fields"][:5]:
        item.setdefault("used_by", []).append({"consumer": "Ny bruger", "kind": "request"})


def _no_uses(data: dict[str, Any], other: dict[str, Any]) -> None:
    for item in data["fields"]:
        item.pop("used_by", None)


def _all_by_law(data: dict[str, Any], other: dict[str, Any]) -> None:
    for item in data["fields"]:
        item["mandated_by"] = "Lov om social service § 50"


def _one_by_law(data: dict[str, Any], other: dict[str, Any]) -> None:
    data["fields"][1]["mandated_by"] = "Lov om social service § 52"


def _derived_elsewhere(data: dict[str, Any], other: dict[str, Any]) -> None:
    data["fields"][2]["derivable_from"] = [f"{other['id']}.{other['fields'][4]['id']}"]
    data["fields"][2].pop("derivable_shares", None)


def _not_derived(data: dict[str, Any], other: dict[str, Any]) -> None:
    for item in data["fields"]:
        item.pop("derivable_from", None)
        item.pop("derivable_shares", None)


def _description(data: dict[str, Any], other: dict[str, Any]) -> None:
    data["fields"][0]["description"] = "En helt ny beskrivelse af hvad feltet spørger om."


def _templated(data: dict[str, Any], other: dict[str, Any]) -> None:
    # Every field worded alike: the set's boilerplate (pairing.common_words) changes, and
    # with it the set's candidates, not the other sets'.
    for item in data["fields"]:
        item["description"] = f"Angiv {item['name'].lower()} for barnet, som det fremgår af sagen."


def _added(data: dict[str, Any], other: dict[str, Any]) -> None:
    data["fields"].append(
        {
            "id": "felt_ny",
            "name": "Nyt felt om tolkebistand",
            "aspect": "substance",
            "type": "text",
            "minutes": 2,
        }
    )


def _removed(data: dict[str, Any], other: dict[str, Any]) -> None:
    del data["fields"][5]


def _renamed(data: dict[str, Any], other: dict[str, Any]) -> None:
    data["fields"][6]["id"] = "felt_omdoebt"


def _twin_of_other(data: dict[str, Any], other: dict[str, Any]) -> None:
    source = other["fields"][7]
    target = data["fields"][7]
    for key in ("name", "description", "codes", "code_list", "type"):
        if key in source:
            target[key] = source[key]
        else:
            target.pop(key, None)


def _broken(data: dict[str, Any], other: dict[str, Any]) -> None:
    data["fields"][0]["minutes"] = "many"


INCREMENTAL: dict[str, Edit] = {
    "minutes": _minutes,
    "more uses": _more_use,
    "no uses": _no_uses,
    "all named by law": _all_by_law,
    "one named by law": _one_by_law,
    "derived from another set": _derived_elsewhere,
    "derived from nothing": _not_derived,
    "description": _description,
    "every description from one template": _templated,
    "field added": _added,
    "field removed": _removed,
    "field renamed": _renamed,
}
OTHER: dict[str, Edit] = {
    # a new group among the others: incremental only where the groups keep their numbers
    "near-duplicate of another set's field": _twin_of_other,
}
EVERY = {**INCREMENTAL, **OTHER, "invalid": _broken}


@pytest.mark.parametrize("name", sorted(EVERY))
@pytest.mark.parametrize("kind", ["benign", "dense"])
def test_an_edit_gives_the_cold_output(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    name: str,
) -> None:
    folder = copied(request.getfixturevalue(kind), tmp_path)
    cache = tmp_path / "cache"
    assert audit(folder, cache).code == 0
    edited(folder, 3, EVERY[name], other=11)
    warm, cold = incremental_and_cold(folder, cache, monkeypatch)
    if name in INCREMENTAL:
        assert AGAIN in warm.stderr and cold.code == 0
    elif name == "invalid":
        assert "has problems: full audit" in warm.stderr and cold.code == 2


def test_a_set_file_added_or_removed_is_audited_in_full(
    benign: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = audited_copy(benign, tmp_path)
    shutil.copy(set_file(folder, 2), folder / "sets" / "extra.yaml")
    rewrite(folder / "sets" / "extra.yaml", lambda data: data.update(id="statistik_extra"))
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "no state" in warm.stderr
    set_file(folder, 4).unlink()
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "no state" in warm.stderr


def test_changes_one_after_another_are_each_the_cold_output(
    dense: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = audited_copy(dense, tmp_path)
    for number, edit in [(1, _more_use), (5, _no_uses), (1, _minutes), (5, _one_by_law)]:
        edited(folder, number, edit, other=9)
        warm, _ = incremental_and_cold(folder, cache, monkeypatch)
        assert AGAIN in warm.stderr


def test_two_files_changed_at_once_give_the_cold_output(
    benign: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = audited_copy(benign, tmp_path)
    edited(folder, 2, _no_uses)
    edited(folder, 20, _derived_elsewhere, other=2)
    monkeypatch.setattr(cli_incremental, "MOST_CHANGED", 10)  # two of 30 files
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert AGAIN in warm.stderr


def test_too_many_fields_to_audit_again_falls_back_to_the_full_audit(
    dense: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = audited_copy(dense, tmp_path)
    edited(folder, 3, _more_use)
    monkeypatch.setattr(cli_incremental, "MOST_FIELDS", 10)
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "too many" in warm.stderr and AGAIN not in warm.stderr


def test_a_group_too_large_to_audit_again_is_not_probed_field_by_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One name in every field, each with a description of its own: one group of them all.
    # Probing each member for partners would cost the square of the group's size.
    folder = tmp_path / "catalogue"
    one_name(folder, fields=300, per_set=10, own_descriptions=True)
    cache = tmp_path / "cache"
    assert audit(folder, cache).code == 0
    probed: list[int] = []
    partners = closure.Tokens.partners

    def counted(self: closure.Tokens, *args: Any) -> set[int]:
        probed.append(1)
        return partners(self, *args)

    monkeypatch.setattr(closure.Tokens, "partners", counted)
    monkeypatch.setattr(cli_incremental, "MOST_FIELDS", 50)
    edited(folder, 3, lambda data, other: data["fields"][2].update(description="Ny tekst"))
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "too many" in warm.stderr and AGAIN not in warm.stderr
    assert len(probed) <= 10  # the changed set's fields, not the group's 300


def test_too_many_files_changed_falls_back_to_the_full_audit(
    benign: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = audited_copy(benign, tmp_path)
    for number in (1, 2, 3):
        edited(folder, number, _minutes)
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "too many files changed" in warm.stderr


def _state_entries(cache: Path) -> list[Path]:
    folder = cache / "v1" / incremental.FOLDER
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("how", ["flip", "truncate", "garbage", "foreign-content"])
def test_a_damaged_or_forged_state_is_not_believed(
    benign: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    folder, cache = audited_copy(benign, tmp_path)
    (entry,) = _state_entries(cache)
    _damage(entry, how)
    edited(folder, 3, _minutes)
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "no state" in warm.stderr


@pytest.mark.parametrize(("edit", "said"), [(_twin_of_other, "full audit"), (_minutes, "again")])
def test_tokens_that_are_not_tokens_are_read_only_when_needed(
    benign: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Edit, said: str
) -> None:
    folder, cache = audited_copy(benign, tmp_path)
    (entry,) = _state_entries(cache)
    ours = ParseCache(cache)
    value = ours.read_entry(entry, entry.name, lambda value: value)
    assert isinstance(value, tuple) and isinstance(value[13], bytes)  # the packed tokens
    ours.write_entry(entry, entry.name, (*value[:13], b"not tokens", *value[14:]))
    edited(folder, 3, edit, other=10)
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    if said == "full audit":  # what the search reads changed: the tokens are needed
        assert "the state's tokens are damaged: full audit" in warm.stderr
    else:  # not read at all
        assert "sets audited again" in warm.stderr


def test_a_state_written_under_another_key_is_not_believed(
    benign: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = audited_copy(benign, tmp_path)
    (entry,) = _state_entries(cache)
    stranger = ParseCache(tmp_path / "other", key=b"k" * 64)
    value = ParseCache(cache).read_entry(entry, entry.name, lambda value: value)
    assert value is not None
    stranger.write_entry(stranger.directory / "entry", entry.name, value)
    entry.write_bytes((stranger.directory / "entry").read_bytes())
    edited(folder, 3, _minutes)
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "no state" in warm.stderr


def test_no_state_is_left_by_other_formats_or_without_the_cache(
    benign: Path, tmp_path: Path
) -> None:
    folder = copied(benign, tmp_path)
    cache = tmp_path / "cache"
    assert run_cli("audit", str(folder), *AS_OF, "--format", "csv", "--cache-dir", str(cache))
    assert not _state_entries(cache)
    audit(folder, cache)
    assert len(_state_entries(cache)) == 1


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(sorted(EVERY)),
            st.integers(0, 29),
            st.integers(0, 29),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_random_edits_give_the_cold_output(
    dense: Path, tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, int, int]]
) -> None:
    tmp_path = tmp_path_factory.mktemp("random")
    folder, cache = audited_copy(dense, tmp_path)
    for name, number, other in edits:
        edited(folder, number, EVERY[name], other=other)
        warm, cold = audit(folder, cache), audit(folder, None)
        assert (warm.code, warm.stdout) == (cold.code, cold.stdout)


# --- the pure parts --------------------------------------------------------------------------


def test_groups_are_numbered_in_the_order_of_their_first_member() -> None:
    assert closure.group_numbers([(1, 0), (2, 10)], [("G1", 5)]) is None  # G2 would move
    assert closure.group_numbers([(1, 0), (2, 10)], [("G1", 20), ("G2", 30)]) == {
        "G1": 3,
        "G2": 4,
    }
    assert closure.group_numbers([], [("G2", 7), ("G1", 3)]) == {"G1": 1, "G2": 2}


@given(
    st.lists(
        st.tuples(
            st.floats(0, 1e9),
            st.floats(0, 1e9),
            st.sampled_from([0.0, 0.25, 1.0]),
            st.sampled_from(["KEEP", "REMOVE", "DERIVE"]),
        ),
        max_size=40,
    )
)
def test_totals_are_the_reduction_to_the_last_bit(
    rows: list[tuple[float, float, float, str]],
) -> None:
    from tests.helpers import make_field

    audits = [
        FieldAudit(
            field=make_field(id=f"f{n}"),
            usage=0.0,
            duplication=0.0,
            burden=Burden(Range(low, low + high), Range(low * 3.7, (low + high) * 3.7)),
            verdict=verdict,  # type: ignore[arg-type]
            reason=None,  # type: ignore[arg-type]
            results=(),
            remaining=remaining,
        )
        for n, (low, high, remaining, verdict) in enumerate(rows)
    ]
    columns: list[list[float]] = [[] for _ in range(8)]
    for item in audits:
        for column, value in zip(
            columns, incremental.field_columns(item.burden, item.remaining), strict=True
        ):
            column.append(value)
    kept = bytes(1 if a.remaining > 0 else 0 for a in audits)
    assert incremental.totals(columns, kept, [a.verdict for a in audits]) == reduction(audits)


_SET = """indberet: 1
id: {id}
name: Statistik {id}
reports_per_year: {reports}
fields:
  - id: {id}1
    name: Anbringelsesstedets kommunekode
    description: Kommunen hvor barnet er anbragt.
    aspect: substance
    type: text
    minutes: {minutes}
  - id: {id}2
    name: {other}
    aspect: substance
    type: text
    minutes: 3.0
    used_by:
      - consumer: VIVE
        kind: analysis
        last_used: 2026-01-01
"""


def test_a_set_audited_in_part_keeps_what_its_other_fields_say_of_its_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # sb.sb1 is a near-duplicate of sa.sa1 and has no use; sb.sb2 has one, so the uses of sb
    # were looked for. Audited again with sa, sb1 stands in its set alone: it must still be
    # taken as a field whose uses were looked for.
    folder = tmp_path / "catalogue"
    (folder / "sets").mkdir(parents=True)
    first = _SET.format(id="sa", reports=1000, minutes=2.0, other="Sagsbehandlerens vurdering")
    (folder / "sets" / "a.yaml").write_text(first, "utf-8")
    second = _SET.format(id="sb", reports=500, minutes=1.0, other="Antal samtaler med barnet")
    (folder / "sets" / "b.yaml").write_text(second, "utf-8")
    cache = tmp_path / "cache"
    assert audit(folder, cache).code == 0
    (folder / "sets" / "a.yaml").write_text(first.replace("minutes: 3.0", "minutes: 4.0"))
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "2 of 2 sets audited again" in warm.stderr


def _searched(catalogue_path: Path) -> tuple[list[Any], dict[str, int], list[Any]]:
    """A catalogue's fields, their positions by qualified id, and the search's candidates."""
    from indberet.core import pairing
    from indberet.core.profile import load_profile
    from indberet.read.loading import load

    catalogue = load([str(catalogue_path)]).catalogue
    assert catalogue is not None
    fields = [f for s in catalogue.sets for f in s.fields]
    positions = {f.qualified_id: n for n, f in enumerate(fields)}
    items = pairing.candidates(catalogue.sets, load_profile("default").language).items
    return fields, positions, items


@pytest.mark.parametrize("kind", ["benign", "dense"])
def test_the_token_index_finds_every_possible_near_duplicate(
    request: pytest.FixtureRequest, kind: str
) -> None:
    from indberet.core import similarity

    fields, positions, items = _searched(request.getfixturevalue(kind))
    index = closure.tokens(positions, len(fields), items, 0.75)
    sets = similarity.measure_sets(items)
    for a in range(0, len(items), 7):
        expected = {
            positions[items[b].key]
            for b in range(len(items))
            if items[b].part == items[a].part
            and any(similarity._jaccard(m[a], m[b]) >= 0.75 for m in sets)
        }
        found = index.partners(index.of(positions[items[a].key]), index.parts[items[a].part])
        assert found >= expected and positions[items[a].key] in found


@pytest.mark.parametrize("kind", ["benign", "dense"])
def test_tokens_numbered_beside_the_audit_equal_those_numbered_after_it(
    request: pytest.FixtureRequest, kind: str
) -> None:
    fields, positions, items = _searched(request.getfixturevalue(kind))
    if kind == "benign":  # it has identifiers, which are no candidates: numbered apart
        assert len(items) < len(fields)
    after = closure.tokens(positions, len(fields), items, 0.75)
    own = {item.key: index for index, item in enumerate(items)}
    beside = closure.tokens(own, len(items), items, 0.75)
    field_of = [positions[item.key] for item in items]
    assert closure.spread(beside, field_of, len(fields)) == after
    assert closure.spread(beside, field_of[::-1], len(fields)) is None  # not in their order
    names = similarity.name_sets(items)
    assert closure.tokens(own, len(items), items, 0.75, names) == beside  # names given
    shuffled = closure.tokens(positions, len(fields), items[::-1], 0.75, names[::-1])
    assert shuffled == after  # the names follow their items into the fields' order


def test_the_search_child_numbers_the_tokens_the_next_run_uses(
    dense: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the search in a child (as on a large catalogue), that child numbers the
    state's tokens once its search is done, from the token sets its search made, and,
    told which fields are candidates once the audit is done, by the fields' positions;
    the child that stores the state takes them from it as they are stored: no process
    numbers or renumbers them again."""
    log = tmp_path / "numbered"
    made, spread = closure.tokens, closure.spread

    def logged(
        positions: Any, count: int, items: Any, threshold: float, names: Any = None, **kw: Any
    ) -> closure.Tokens:
        with log.open("a", encoding="utf-8") as out:
            out.write(
                f"tokens {os.getpid()} {names is not None and 'name' in kw.get('sets', {})}\n"
            )
        return made(positions, count, items, threshold, names, **kw)

    def spread_logged(found: closure.Tokens, field_of: Any, count: int) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"spread {os.getpid()} {count}\n")
        return spread(found, field_of, count)

    monkeypatch.setattr(closure, "tokens", logged)
    monkeypatch.setattr(closure, "spread", spread_logged)
    monkeypatch.setattr(parallel, "processors", lambda: 2)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_CANDIDATES", 1)
    folder, cache = audited_copy(dense, tmp_path)
    numbered, renumbered = log.read_text(encoding="utf-8").splitlines()
    _, pid, with_names = numbered.split()
    assert int(pid) != os.getpid() and with_names == "True"
    assert renumbered.split()[:2] == ["spread", pid]  # in the search's child too
    edited(folder, 3, _twin_of_other, other=10)  # the search's inputs change
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "sets audited again" in warm.stderr
    assert not multiprocessing.active_children()


def test_a_report_with_warnings_leaves_no_state(
    dense: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "processors", lambda: 2)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_CANDIDATES", 1)  # the search's child numbers
    folder = copied(dense, tmp_path)
    (folder / "notes.yaml").write_text("title: not a set\n", encoding="utf-8")  # passed over
    cache = tmp_path / "cache"
    first = audit(folder, cache)
    assert first.code == 0 and "IND019" in first.stderr
    assert _state_entries(cache) == []
    assert not multiprocessing.active_children()  # the search's child stopped at once
    edited(folder, 3, _minutes)
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "no state: full audit" in warm.stderr


def test_a_set_that_cannot_be_written_so_is_audited_in_full(
    benign: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import orjson

    from indberet.render import jsonfmt

    def refuse(*args: Any) -> bytes:
        raise orjson.JSONEncodeError("str is not valid UTF-8: surrogates not allowed")

    folder, cache = audited_copy(benign, tmp_path)
    edited(folder, 3, _minutes)
    monkeypatch.setattr(jsonfmt, "set_text_of", refuse)
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "surrogates not allowed: full audit" in warm.stderr


def test_a_state_whose_output_is_no_longer_remembered_is_not_used(
    benign: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = audited_copy(benign, tmp_path)
    shutil.rmtree(cache / "v1" / "results")
    edited(folder, 3, _minutes)
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "no state" in warm.stderr


def test_what_the_search_was_given_is_kept_until_the_command_ends(
    benign: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search's candidates and pairs, recorded for the state, are retained with the
    report (freed one by one on return, they took a second of a national audit's end, in
    a process whose memory a child shares)."""
    from indberet.cli import main as cli_main

    kept: list[object] = []
    retain = cli_main.retain

    def logged(value: Any) -> Any:
        kept.append(value)
        return retain(value)

    monkeypatch.setattr(cli_main, "retain", logged)
    assert audit(copied(benign, tmp_path), tmp_path / "cache").code == 0
    (recorded,) = [v for v in kept if isinstance(v, cli_incremental.Recorded)]
    assert recorded.searched is not None and recorded.links() is not None


def test_a_search_child_not_told_the_fields_leaves_the_tokens_to_the_state(
    dense: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the search's child cannot be told which fields are candidates, it gives no
    tokens, and the child that stores the state numbers them: the next run is the same."""
    monkeypatch.setattr(parallel, "processors", lambda: 2)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_CANDIDATES", 1)
    monkeypatch.setattr(incremental, "candidate_flags", lambda report, items: None)
    folder, cache = audited_copy(dense, tmp_path)
    edited(folder, 3, _twin_of_other, other=10)  # the search's inputs change: tokens used
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert AGAIN in warm.stderr
    assert not multiprocessing.active_children()


def test_which_fields_are_candidates_follows_the_report(benign: Path) -> None:
    from types import SimpleNamespace

    from indberet.read.loading import load

    catalogue = load([str(benign)]).catalogue
    assert catalogue is not None
    report: Any = SimpleNamespace(sets=[SimpleNamespace(requirement_set=s) for s in catalogue.sets])
    fields, positions, searched = _searched(benign)
    items = list(searched)  # made here, as the audit's search makes or takes them
    flags = incremental.candidate_flags(report, items)
    assert flags is not None and len(flags) == len(fields)
    assert [at for at, flag in enumerate(flags) if flag] == [positions[i.key] for i in items]
    assert 0 < sum(flags) < len(fields)  # the identifiers are no candidates
    assert incremental.candidate_flags(report, items[::-1]) is None  # not in their order
    assert incremental.candidate_flags(report, [*items, items[0]]) is None  # not all there
    later = similarity.Candidates(lambda: list(items), len(items))
    assert incremental.candidate_flags(report, later) is None  # not made here: not made now
    assert not later.made
    later.listed()
    assert incremental.candidate_flags(report, later) == flags


def test_an_output_that_cannot_be_made_leaves_no_state_and_no_child(
    dense: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from indberet.render import jsonfmt

    def refuse(*args: Any) -> bytes:
        raise RuntimeError("cannot render")

    monkeypatch.setattr(parallel, "processors", lambda: 2)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_CANDIDATES", 1)  # the search's child numbers
    monkeypatch.setattr(jsonfmt, "audit_utf8", refuse)
    cache = tmp_path / "cache"
    failed = audit(copied(dense, tmp_path), cache)
    assert failed.code == 3 and "cannot render" in failed.stderr
    assert _state_entries(cache) == []
    assert not multiprocessing.active_children()  # told nothing, it is stopped, not waiting


def test_the_state_is_made_while_the_output_is_rendered(
    dense: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child that stores the state is forked once the audit is done, before the output
    is rendered, and takes each set's place in the output last: its state is the one the
    next run splices into."""
    from indberet.render import jsonfmt

    order: list[str] = []
    forked, render = parallel.in_background, jsonfmt.audit_utf8

    def in_background(work: Any) -> Any:
        order.append("state")
        return forked(work)

    def rendered(*args: Any) -> bytes:
        order.append("render")
        return render(*args)

    monkeypatch.setattr(parallel, "processors", lambda: 2)
    monkeypatch.setattr(parallel, "in_background", in_background)
    monkeypatch.setattr(jsonfmt, "audit_utf8", rendered)
    folder, cache = audited_copy(dense, tmp_path)
    assert order == ["state", "render"]
    edited(folder, 3, _minutes)
    warm, _ = incremental_and_cold(folder, cache, monkeypatch)
    assert "sets audited again" in warm.stderr
    assert not multiprocessing.active_children()
