"""Equal code lists and names of a catalogue are one object after loading, whichever way
it was read: one file after another, on two processes, or from the parse cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from indberet.model import Catalogue, Code, Field
from indberet.read import loading
from indberet.run import reading
from indberet.run.cache import ParseCache

MUNICIPALITIES = [f"{101 + 4 * n} Kommune {n}" for n in range(98)]


def _set(set_id: str) -> str:
    codes = ", ".join(MUNICIPALITIES)
    labelled = "\n".join(f"      - {{code: '{n}', label: Kommune {n}}}" for n in range(3))
    return f"""indberet: 1
id: {set_id}
name: Statistik {set_id}
reports_per_year: 100
fields:
  - id: kommune
    name: Handlekommune
    minutes: 0.2
    codes: [{codes}]
  - id: bopael
    name: Bopælskommune
    minutes: 0.2
    codes: [{codes}]
  - id: tidligere
    name: Tidligere kommune
    minutes: 0.2
    codes:
{labelled}
"""


def _catalogue(folder: Path) -> Path:
    folder.mkdir()
    for set_id in ("a", "b", "c"):
        (folder / f"{set_id}.yaml").write_text(_set(set_id), encoding="utf-8")
    return folder


def _fields(catalogue: Catalogue | None) -> list[Field]:
    assert catalogue is not None
    return [item for s in catalogue.sets for item in s.fields]


def _assert_shared(fields: list[Field]) -> None:
    lists = [f for f in fields if f.id in ("kommune", "bopael")]
    labelled = [f for f in fields if f.id == "tidligere"]
    assert len(lists) == 6 and len(labelled) == 3
    assert lists[0].codes == tuple(MUNICIPALITIES)
    assert all(f.codes is lists[0].codes for f in lists)
    assert all(f.code_entries is labelled[0].code_entries for f in labelled)
    assert all(f.codes is labelled[0].codes for f in labelled)
    assert labelled[0].code_entries[1].label == "Kommune 1"
    names = [f.name for f in fields if f.id == "kommune"]
    assert all(name is names[0] for name in names)


def test_equal_code_lists_are_one_object_read_one_file_after_another(tmp_path: Path) -> None:
    result = loading.load([str(_catalogue(tmp_path / "sets"))])
    _assert_shared(_fields(result.catalogue))


@pytest.mark.parametrize("parallel", [False, True])
def test_equal_code_lists_are_one_object_read_with_the_cache_and_a_second_process(
    tmp_path: Path, parallel: bool
) -> None:
    folder = str(_catalogue(tmp_path / "sets"))
    cold = reading.load([folder], parallel=parallel, cache=ParseCache(tmp_path / "cache"))
    warm = reading.load([folder], parallel=parallel, cache=ParseCache(tmp_path / "cache"))
    _assert_shared(_fields(cold.catalogue))
    _assert_shared(_fields(warm.catalogue))
    assert cold.catalogue == warm.catalogue


def test_equal_values_are_shared_only_within_one_load(tmp_path: Path) -> None:
    folder = str(_catalogue(tmp_path / "sets"))
    first, second = (
        _fields(loading.load([folder]).catalogue),
        _fields(loading.load([folder]).catalogue),
    )
    assert first[0].codes == second[0].codes
    assert first[0].codes is not second[0].codes


def test_a_labelled_code_list_is_made_once_and_only_for_equal_lists() -> None:
    shared = loading.Shared()
    one = [{"code": "E11", "label": "Adopted"}, {"code": "E4A", "valid_until": "2024-03-31"}]
    same = [{"code": "E11", "label": "Adopted"}, {"code": "E4A", "valid_until": "2024-03-31"}]
    relabelled = [{"code": "E11", "label": "Adopted!"}, one[1]]
    redated = [one[0], {"code": "E4A", "valid_until": "2024-04-01"}]
    first = loading._codes(one, shared)
    assert loading._codes(same, shared) is first
    assert first[0] == ("E11", "E4A")
    assert first[1][1].valid_until is not None and first[1][1].valid_until.day == 31
    assert loading._codes(relabelled, shared)[1][0].label == "Adopted!"
    assert loading._codes(redated, shared)[1][1].valid_until.isoformat() == "2024-04-01"
    assert loading._codes(one, loading.Shared()) is not first  # one table per load
    # The same entries written in another order of keys, or a code as text: equal codes.
    swapped = [{"label": "Adopted", "code": "E11"}, {"valid_until": "2024-03-31", "code": "E4A"}]
    assert loading._codes(swapped, shared) == first
    assert loading._codes(["E11", one[1]], shared)[1] == (Code("E11"), first[1][1])
    assert loading._codes(["E11", "E4A"], shared) == (("E11", "E4A"), ())
    # The same keys and values in all, split otherwise between the entries: other codes.
    a = [{"code": "1", "label": "x", "valid_from": "2020-01-01"}, {"code": "2"}]
    b = [{"code": "1", "label": "x"}, {"valid_from": "2020-01-01", "code": "2"}]
    assert loading._codes(a, shared)[1][0].valid_from is not None
    assert loading._codes(b, shared)[1][0].valid_from is None


def test_the_codes_to_compare_are_made_once_for_each_list(tmp_path: Path) -> None:
    from indberet.core import pairing
    from indberet.core.profile import load_profile

    loaded = loading.load([str(_catalogue(tmp_path / "sets"))])
    assert loaded.catalogue is not None
    compared = pairing.candidates(loaded.catalogue.sets, load_profile(None).words)
    fields = _fields(loaded.catalogue)
    labelled = [f for f in fields if f.id == "tidligere"]
    made = [compared.codes(f) for f in labelled]
    assert made[0] == ("0 Kommune 0", "1 Kommune 1", "2 Kommune 2") == pairing._codes(labelled[0])
    assert all(codes is made[0] for codes in made)  # one list: made into codes once
    plain = [f for f in fields if f.id == "kommune"]
    assert compared.codes(plain[0]) == pairing._codes(plain[0]) == tuple(MUNICIPALITIES)
    assert [c.codes for c in compared.items if c.key.endswith(".tidligere")] == made
