"""Near-duplicates as groups: a field repeated in many sets is one group, not all its pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.generate_dense import generate_dense

from indberet.audit_model import AuditReport
from indberet.core import pairing
from indberet.core.audit import audit
from indberet.core.profile import load_profile
from indberet.core.similarity import fold_words
from indberet.read.loading import load
from indberet.run import parallel
from tests.conftest import forget_results, run_cli
from tests.helpers import AS_OF

SETS = 300


def _catalogue(folder: Path, sets: int = SETS) -> Path:
    """``sets`` requirement sets that each ask "Handlekommune"; set 7's is used most."""
    for number in range(sets):
        kind = "publication" if number == 7 else "request"
        text = f"""indberet: 1
id: s{number:03d}
name: Statistik {number}
receiver: Danmarks Statistik
reporters: 98
reports_per_year: 1000
fields:
  - id: kommune
    name: Handlekommune
    description: Den kommune, der handler
    type: code
    minutes: 0.5
    used_by:
      - consumer: Danmarks Statistik
        kind: {kind}
  - id: andet_{number}
    name: Noget helt andet nummer {number}
    type: text
    minutes: 1
    used_by:
      - consumer: Danmarks Statistik
        kind: publication
"""
        (folder / f"s{number:03d}.yaml").write_text(text, encoding="utf-8")
    return folder


def _audit(folder: Path) -> AuditReport:
    loaded = load([str(folder)])
    assert loaded.catalogue is not None and not loaded.has_errors, loaded.diagnostics[:3]
    return audit(loaded.catalogue, load_profile("default"), AS_OF)


def test_a_field_repeated_in_many_sets_is_one_group_that_merges_into_its_strongest(
    tmp_path: Path,
) -> None:
    report = _audit(_catalogue(tmp_path))
    repeated = [a for s in report.sets for a in s.fields if a.field.id == "kommune"]
    groups = {a.group for a in repeated}
    assert len(groups) == 1
    (group,) = groups
    assert group is not None
    assert (group.size, group.sets, group.kept) == (SETS, SETS, "s007.kommune")
    assert [a.verdict for a in repeated].count("MERGE") == SETS - 1
    assert {a.twin for a in repeated if a.verdict == "MERGE"} == {"s007.kommune"}
    # every field lists a handful of twins, not the other 299
    for item in repeated:
        twins = next(r for r in item.results if r.code == "IND105").inputs["twins"]
        assert 1 <= len(twins) <= 3
    others = [a for s in report.sets for a in s.fields if a.field.id != "kommune"]
    assert all(a.group is None and a.verdict != "MERGE" for a in others)


@pytest.mark.parametrize("described", [True, False])
def test_fields_whose_names_differ_by_an_opposing_stop_word_group_apart(
    tmp_path: Path, described: bool
) -> None:
    # "fra" and "til" are stop words (the search compares "periode" with "periode") and
    # opposites: the end dates are one group, the start dates another, each set wording
    # them its own way or not at all.
    for number in range(4):
        fields = ""
        for field_id, side, first in (("fra", "fra", "Første"), ("til", "til", "Sidste")):
            text = f"{first} dag i perioden for ydelsen efter afgørelse nummer {number}"
            description = f"    description: {text}\n" if described else ""
            fields += f"""  - id: {field_id}
    name: Periode {side}
{description}    type: date
    minutes: 1
"""
        (tmp_path / f"s{number}.yaml").write_text(
            f"indberet: 1\nid: s{number}\nname: Statistik {number}\nreporters: 98\n"
            f"reports_per_year: 1000\nfields:\n{fields}",
            encoding="utf-8",
        )
    report = _audit(tmp_path)
    grouped = {a.field.qualified_id: a.group for s in report.sets for a in s.fields}
    for side in ("fra", "til"):
        groups = {grouped[f"s{n}.{side}"] for n in range(4)}
        assert len(groups) == 1 and None not in groups, (side, groups)
    assert grouped["s0.fra"] != grouped["s0.til"]


def test_alike_only_by_description_names_must_share_two_thirds_of_their_words(
    tmp_path: Path,
) -> None:
    # One description for all (a template a statistic words every question with): names
    # that each have a word the other lacks ask about different things; a name with one
    # word more than another may ask the same.
    described = "Oplyses af sagsbehandleren i kommunen ud fra sagens akter ved indberetningen"
    names = {
        "bopael": "Barnets bopælskommune",
        "ophold": "Barnets opholdskommune",
        "kode": "Barnets kode",
        "kode_sag": "Barnets kode sag",
    }
    for number, (field_id, name) in enumerate(names.items()):
        (tmp_path / f"s{number}.yaml").write_text(
            f"indberet: 1\nid: s{number}\nname: Statistik {number}\nreporters: 98\n"
            f"reports_per_year: 1000\nfields:\n  - id: {field_id}\n    name: {name}\n"
            f"    description: {described}\n    type: text\n    minutes: 1\n",
            encoding="utf-8",
        )
    report = _audit(tmp_path)
    grouped = {a.field.id: a.group for s in report.sets for a in s.fields}
    assert grouped["bopael"] is None and grouped["ophold"] is None
    assert grouped["kode"] is not None and grouped["kode"] == grouped["kode_sag"]


def test_a_candidate_knows_the_opposing_stop_words_of_its_name() -> None:
    words = load_profile("default").language
    assert pairing._opposing(frozenset({"fra", "i"}), words) == "fra"
    assert pairing._opposing(frozenset({"til", "fra", "og"}), words) == "fra til"
    assert pairing._opposing(frozenset({"i", "og"}), words) == ""


def test_the_json_and_the_text_show_the_group(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    folder = _catalogue(tmp_path / "c", sets=4)
    args = ["audit", str(folder), "--as-of", AS_OF.isoformat(), "--no-cache"]
    done = run_cli(*args, "--format", "json")
    assert done.code == 0, done.stderr
    fields = {f["qualified_id"]: f for s in json.loads(done.stdout)["sets"] for f in s["fields"]}
    assert fields["s001.kommune"]["group"] == {
        "id": "G1",
        "size": 4,
        "sets": 4,
        "kept": "s000.kommune",
    }
    assert "group" not in fields["s001.andet_1"]
    text = run_cli(*args, "--format", "table", "--lang", "en")
    assert "one of 4 fields asking the same, in 4 sets; s000.kommune stays" in text.stdout
    # the member that stays says so of itself, not by its own name
    assert "one of 4 fields asking the same, in 4 sets; this one stays" in text.stdout
    assert text.stdout.count("s000.kommune stays") == 3


def test_a_dense_catalogue_gives_one_audit_with_and_without_cache_and_helper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_dense(tmp_path / "dense", fields=2000, max_group=400, per_set=100)
    args = ("audit", str(tmp_path / "dense"), "--as-of", "2026-11-26", "--format", "json")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 10**12)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_CANDIDATES", 10**9)
    alone = run_cli(*args, "--no-cache")
    monkeypatch.setattr(parallel, "processors", lambda: 2)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_CANDIDATES", 1)
    helped = run_cli(*args, "--no-cache")
    cold = run_cli(*args, "--cache-dir", str(tmp_path / "cache"))
    forget_results(tmp_path / "cache")  # the second run reads the parse cache, not a result
    warm = run_cli(*args, "--cache-dir", str(tmp_path / "cache"))
    assert alone.code in (0, 1), alone.stderr
    groups = {
        f["group"]["id"]: f["group"]["size"]
        for s in json.loads(alone.stdout)["sets"]
        for f in s["fields"]
        if "group" in f
    }
    assert max(groups.values()) >= 100  # a question asked in a hundred sets and more
    assert helped.stdout == alone.stdout
    assert cold.stdout == alone.stdout
    assert warm.stdout == alone.stdout


def test_the_traits_of_a_candidate_are_those_traits_gives() -> None:
    loaded = load(["examples/real", "examples"])
    assert loaded.catalogue is not None
    words = load_profile("default").language
    compared = pairing.candidates(loaded.catalogue.sets, words)
    by_key = {f.qualified_id: (f, s) for s in loaded.catalogue.sets for f in s.fields}
    assert len(compared.items) > 200
    for item in compared.items:
        assert compared.traits(item.key) == pairing.traits(*by_key[item.key], words)


def test_on_a_dense_catalogue_every_merge_is_a_real_near_duplicate(tmp_path: Path) -> None:
    """Members of one group merge only into a field they are themselves alike with, at
    the threshold; a shared code list (the municipalities) does not make the acting and
    the paying municipality one question."""
    generate_dense(tmp_path / "dense", fields=3000, max_group=400, per_set=100)
    report = _audit(tmp_path / "dense")
    threshold = load_profile("default").rule_param("IND105", "similarity", 0.75)
    merging = [a for s in report.sets for a in s.fields if a.verdict == "MERGE"]
    assert merging
    for item in merging:
        (found,) = [r for r in item.results if r.code == "IND105"]
        (twin,) = [t for t in found.inputs["twins"] if t["field"] == item.twin]
        assert twin["similarity"] >= threshold, (item.field.qualified_id, twin)
    names: dict[str, set[str]] = {}
    for item in (a for s in report.sets for a in s.fields if a.group is not None):
        names.setdefault(item.group.id, set()).add(item.field.name)
    for members in names.values():
        assert not {"Handlekommune", "Betalingskommune"} <= members, members
        assert not {"Handlekommune", "Bopælskommune"} <= members, members


def test_identifiers_and_traits_are_known_before_any_candidate_is_made() -> None:
    loaded = load(["examples/real", "examples"])
    assert loaded.catalogue is not None
    words = load_profile("default").language
    sets = loaded.catalogue.sets
    compared = pairing.candidates(sets, words)
    fields = [(f, s) for s in sets for f in s.fields]
    expected = {
        f.qualified_id
        for f, _ in fields
        if pairing.is_identifier(f, frozenset(fold_words(f.name)), words)
    }
    assert expected and compared.identifiers == expected
    others = [(f, s) for f, s in fields if f.qualified_id not in expected]
    assert len(compared.items) == len(others)
    for item, requirement_set in others[::7]:
        assert compared.traits(item.qualified_id) == pairing.traits(item, requirement_set, words)
    assert not compared.items.made  # neither the count nor the traits made them
    assert [c.key for c in compared.items] == [f.qualified_id for f, _ in others]
