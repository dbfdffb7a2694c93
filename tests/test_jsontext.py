"""jsontext.dumps: the stdlib's layout, read back equal, and a fallback where orjson can't."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from indberet.render import jsontext

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(documents)
def test_reads_back_equal_to_the_standard_library(document: Any) -> None:
    written = jsontext.dumps(document)
    assert written.endswith("\n")
    assert json.loads(written) == json.loads(json.dumps(document))


def test_same_layout_as_the_standard_library() -> None:
    document = {"a": [1, 2.5, {"b": None, "c": []}], "d": {}, "æ": 'ø\n"x"'}
    assert jsontext.dumps(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def test_falls_back_for_integers_wider_than_64_bits() -> None:
    document = {"big": 2**70}
    assert jsontext.dumps(document) == json.dumps(document, indent=2) + "\n"


@given(documents | st.just({"big": 2**70, "key": "æ"}))
def test_the_utf8_form_is_the_text_encoded(document: Any) -> None:
    assert jsontext.dumps_utf8(document) == jsontext.dumps(document).encode("utf-8")


def test_the_audit_as_utf8_is_the_audit_as_text_encoded() -> None:
    import datetime as dt

    from indberet.core.audit import audit
    from indberet.core.profile import load_profile
    from indberet.read.loading import load
    from indberet.render import jsonfmt
    from tests.conftest import EXAMPLES

    catalogue = load([str(EXAMPLES)]).catalogue
    assert catalogue is not None
    report = audit(catalogue, load_profile(None), dt.date(2026, 11, 26))
    assert jsonfmt.audit_utf8(report, "da") == jsonfmt.audit(report, "da").encode("utf-8")


@given(
    st.dictionaries(st.text(), documents, max_size=3),
    st.text(),
    st.lists(documents, max_size=4),
)
def test_a_listing_is_the_bytes_of_the_whole_document(
    document: dict[str, Any], key: str, items: list[Any]
) -> None:
    whole = {**document, key: items}
    listed = jsontext.dumps_utf8_listing(document, key, items, lambda item: item)
    assert listed == jsontext.dumps_utf8(whole)


def test_a_listing_falls_back_where_orjson_cannot() -> None:
    document = {"files": ["a\udcff.yaml"], "sets": [], "warnings": []}
    items = [{"big": 2**70}, {"id": "x\n", "fields": []}]
    listed = jsontext.dumps_utf8_listing(document, "sets", items, lambda item: item)
    assert listed == jsontext.dumps_utf8({**document, "sets": items})
