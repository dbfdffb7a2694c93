"""Reading usage logs: located problems, exact aggregates on every path, and input errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indberet.diagnostics import Diagnostic, Location, Severity
from indberet.i18n import message
from indberet.model import USE_KINDS, Use
from indberet.read import usagelog
from indberet.read.usagelog import UsageLog, UsageSummary, to_uses
from indberet.run import usagelog as usagelog_run
from indberet.run.usagelog import read_usage_log
from tests.conftest import EXAMPLES, FIXTURES, run_cli

AS_OF = dt.date(2024, 12, 31)
KNOWN: dict[str, set[str]] = {"bnp": {"alder", "koen", "kommune"}, "boern": {"cpr", "alder"}}
HEADER = "set,field,consumer,product,kind,date"
GOOD = "bnp,alder,DST,,analysis,2024-01-02\n"
MIXED = FIXTURES / "usagelog" / "mixed.csv"
CHUNK_SIZES = (1, 7, 64, usagelog.DEFAULT_CHUNK_SIZE)


def write(tmp_path: Path, content: str | bytes, name: str = "log.csv") -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return str(path)


def read(path: str, **options: Any) -> UsageLog:
    options.setdefault("workers", 1)
    known = options.pop("known", KNOWN)
    return read_usage_log(path, known, options.pop("as_of", AS_OF), **options)


def located(log: UsageLog) -> list[tuple[str, str, int, int]]:
    return [(d.code, d.key, d.location.line, d.location.column) for d in log.diagnostics]


def rendered(diagnostic: Diagnostic) -> list[str]:
    """The message and hint in both languages: every placeholder must be filled."""
    out = []
    for lang in ("en", "da"):
        out.append(message(diagnostic.key, lang, **diagnostic.params))
        hint = diagnostic.hint_text()
        if hint is not None:
            out.append(message(hint.key, lang, **hint.params))
    return out


# --- valid logs ----------------------------------------------------------------------------


def test_mixed_fixture_aggregates_exactly() -> None:
    for chunk_size in CHUNK_SIZES:
        log = read(str(MIXED), chunk_size=chunk_size)
        assert log.diagnostics == []
        assert log.rows == 6
        assert log.summaries == [
            UsageSummary(
                "bnp",
                "alder",
                "Danmarks Statistik",
                "NAT1",
                "publication",
                dt.date(2024, 6, 30),
                2,
                2,
            ),
            UsageSummary(
                "bnp",
                "alder",
                "Kontor for\r\nsærlige opgaver",
                None,
                "request",
                dt.date(2022, 5, 17),
                1,
                0,
            ),
            UsageSummary(
                "bnp",
                "koen",
                "Nationalbanken, analyse",
                None,
                "analysis",
                dt.date(2024, 2, 29),
                2,
                1,
            ),
            UsageSummary(
                "boern", "cpr", "Københavns Kommune", None, "legal", dt.date(2024, 12, 1), 1, 1
            ),
        ], chunk_size
        assert [s.line for s in log.summaries] == [2, 6, 4, 8]


def test_a_small_log_is_read_in_one_process() -> None:
    assert read(str(MIXED), workers=None) == read(str(MIXED))


def test_to_uses_keys_by_set_and_field() -> None:
    log = read(str(MIXED))
    uses = to_uses(log)
    assert sorted(uses) == [("bnp", "alder"), ("bnp", "koen"), ("boern", "cpr")]
    first = uses[("bnp", "alder")][0]
    assert first == Use(
        consumer="Danmarks Statistik",
        kind="publication",
        product="NAT1",
        last_used=dt.date(2024, 6, 30),
        uses_per_year=2.0,
    )
    assert first.location == Location(str(MIXED), 2, 1)
    assert [u.uses_per_year for u in uses[("bnp", "koen")]] == [1.0]


@pytest.mark.parametrize(
    "header",
    [
        HEADER,
        "date,set,field,consumer,product,kind",
        "set,field,date,consumer,product,kind",
        "kind,product,consumer,field,set,date",
        ' set , field ,consumer,"product",kind,date',
    ],
)
def test_column_order_does_not_matter(tmp_path: Path, header: str) -> None:
    rows = [
        ("boern", "cpr", "KL", "P1", "legal", "2024-06-01"),
        ("bnp", "alder", "DST", "", "publication", "2024-01-02"),
        ("bnp", "alder", "DST", "", "publication", "2024-06-01"),
        ("bnp", "alder", "DST", "", "publication", "2023-06-01"),
        ("bnp", "alder", "DST", "", "publication", "2024-06-01"),
    ]
    names = [name.strip().strip('"') for name in header.split(",")]
    lines = [header]
    for row in rows:
        value = dict(zip(usagelog.COLUMNS, row, strict=True))
        lines.append(",".join(value[name] for name in names))
    path = write(tmp_path, "\n".join(lines) + "\n")
    for chunk_size in CHUNK_SIZES:
        log = read(path, chunk_size=chunk_size)
        assert log.diagnostics == []
        assert log.summaries == [
            UsageSummary("bnp", "alder", "DST", None, "publication", dt.date(2024, 6, 1), 4, 3),
            UsageSummary("boern", "cpr", "KL", "P1", "legal", dt.date(2024, 6, 1), 1, 1),
        ]
        assert [s.line for s in log.summaries] == [3, 2]


def test_product_column_may_be_left_out(tmp_path: Path) -> None:
    path = write(tmp_path, "set,field,consumer,kind,date\nbnp,alder,DST,analysis,2024-05-05\n")
    (summary,) = read(path).summaries
    assert summary.product is None and summary.rows == 1


def test_bom_crlf_blank_lines_and_no_final_newline(tmp_path: Path) -> None:
    content = (
        "\ufeff" + HEADER + "\r\n\r\n"
        "bnp,alder,DST,,analysis,2024-05-05\r\n"
        "   \r\n"
        '""\r\n'
        "\r\n"
        "bnp,alder,DST,,analysis,2024-05-06"
    )
    path = write(tmp_path, content)
    for chunk_size in CHUNK_SIZES:
        log = read(path, chunk_size=chunk_size)
        assert log.diagnostics == [] and log.rows == 2
        (summary,) = log.summaries
        assert (summary.rows, summary.last_used, summary.line) == (2, dt.date(2024, 5, 6), 3)


def test_spaces_around_values_are_stripped(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\n bnp , alder , DST , , analysis , 2024-05-05 \n")
    (summary,) = read(path).summaries
    assert summary == UsageSummary(
        "bnp", "alder", "DST", None, "analysis", dt.date(2024, 5, 5), 1, 1
    )


def test_header_only_is_an_empty_log(tmp_path: Path) -> None:
    for content in (HEADER, HEADER + "\n", HEADER + "\r\n\n\n"):
        log = read(write(tmp_path, content))
        assert (log.summaries, log.diagnostics, log.rows) == ([], [], 0)


def test_last_year_window_is_open_below_and_closed_above(tmp_path: Path) -> None:
    dates = ["2023-12-31", "2024-01-01", "2024-01-02", "2024-12-31"]
    body = "".join(f"bnp,alder,DST,,analysis,{d}\n" for d in dates)
    (summary,) = read(write(tmp_path, HEADER + "\n" + body)).summaries
    # 2024-12-31 minus 365 days is 2024-01-01 (a leap year): that day is outside.
    assert (summary.rows, summary.rows_last_year) == (4, 2)


def test_unknown_fields_are_not_checked_without_a_catalogue(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\nzz,yy,DST,,analysis,2024-05-05\n")
    log = read(path, known=None)
    assert log.diagnostics == [] and len(log.summaries) == 1


# --- problems in rows ----------------------------------------------------------------------

E = "IND040"
W_UNKNOWN = "IND041"
W_FUTURE = "IND042"


@pytest.mark.parametrize(
    ("row", "code", "key", "column", "hint"),
    [
        ("bnp,alder,DST,,publication", E, "usagelog.columns", 1, None),
        ("bnp,alder,DST,,publication,2024-01-01,x", E, "usagelog.columns", 39, None),
        ("bnp,alder,DST,,publication,2024-01-01,", E, "usagelog.columns", 39, None),
        (",alder,DST,,publication,2024-01-01", E, "usagelog.empty", 1, None),
        ("  ,alder,DST,,publication,2024-01-01", E, "usagelog.empty", 1, None),
        ("bnp,,DST,,publication,2024-01-01", E, "usagelog.empty", 5, None),
        ("bnp,alder,,,publication,2024-01-01", E, "usagelog.empty", 11, None),
        ("bnp,alder,DST,,,2024-01-01", E, "usagelog.empty", 16, None),
        ("bnp,alder,DST,,publication,", E, "usagelog.empty", 28, None),
        ("bnp,Alder,DST,,publication,2024-01-01", E, "usagelog.identifier", 5, None),
        ("b np,alder,DST,,publication,2024-01-01", E, "usagelog.identifier", 1, None),
        ("bnp,alder,DST,,publikation,2024-01-01", E, "usagelog.kind", 16, "publication"),
        ("bnp,alder,DST,,xyz,2024-01-01", E, "usagelog.kind", 16, None),
        ("bnp,alder,DST,,publication,2024-13-01", E, "usagelog.date", 28, None),
        ("bnp,alder,DST,,publication,2024-02-30", E, "usagelog.date", 28, None),
        ("bnp,alder,DST,,publication,24-01-01", E, "usagelog.date", 28, None),
        ("bnp,alder,DST,,publication,20240101", E, "usagelog.date", 28, None),
        ("bnp,alder,DST,,publication,2024-W01-1", E, "usagelog.date", 28, None),
        ("bnp,alder,DST\r,,publication,2024-01-01", E, "usagelog.bare_cr", 14, None),
        ('bnp,"alder",DST\r,,publication,2024-01-01', E, "usagelog.bare_cr", 1, None),
        ('bnp,alder,"DST"x,,publication,2024-01-01', E, "usagelog.after_quote", 1, None),
        ('bnp,alder,"DST, kontor",,publikation,2024-01-01', E, "usagelog.kind", 26, None),
        ('bnp,alder,"DST ""x""",,publication,2024-13-01', E, "usagelog.date", 36, None),
        ("bnpp,alder,DST,,publication,2024-01-01", W_UNKNOWN, "usagelog.unknown_set", 1, "bnp"),
        ("xyz,qqq,DST,,publication,2024-01-01", W_UNKNOWN, "usagelog.unknown_set", 1, None),
        ("bnp,alde,DST,,publication,2024-01-01", W_UNKNOWN, "usagelog.unknown_field", 5, "alder"),
        ("boern,koen,DST,,publication,2024-01-01", W_UNKNOWN, "usagelog.unknown_field", 7, None),
        ("bnp,alder,DST,,publication,2025-01-01", W_FUTURE, "usagelog.future", 28, None),
        # One diagnostic per row: the first problem wins.
        ("bnpp,alder,DST,,publication,2024-13-01", E, "usagelog.date", 29, None),
        ("bnp,Alder,DST,,publication,2025-01-01", E, "usagelog.identifier", 5, None),
        ("bnpp,alder,DST,,publication,2025-01-01", W_UNKNOWN, "usagelog.unknown_set", 1, "bnp"),
    ],
)
def test_row_problem_is_located(
    tmp_path: Path, row: str, code: str, key: str, column: int, hint: str | None
) -> None:
    path = write(tmp_path, f"{HEADER}\n{row}\nbnp,alder,DST,,analysis,2024-01-02\n")
    for chunk_size in CHUNK_SIZES:
        log = read(path, chunk_size=chunk_size)
        assert located(log) == [(code, key, 2, column)], chunk_size
        (diagnostic,) = log.diagnostics
        expected = Severity.ERROR if code == E else Severity.WARNING
        assert diagnostic.severity is expected
        assert all(rendered(diagnostic))
        if hint is not None:
            given_hint = diagnostic.hint_text()
            assert given_hint is not None and given_hint.params["suggestion"] == hint
        assert log.rows == 2
        # The bad row is left out; the good row on line 3 is counted.
        assert [(s.kind, s.rows, s.line) for s in log.summaries] == [("analysis", 1, 3)]


def test_problems_keep_their_line_numbers_among_quoted_records(tmp_path: Path) -> None:
    content = (
        HEADER + "\n"
        "bnp,alder,DST,,analysis,2024-01-02\n"  # 2
        'bnp,alder,"two\nlines",,analysis,2024-01-02\n'  # 3-4
        "bnp,alde,DST,,analysis,2024-01-02\n"  # 5 unknown field
        "\n"  # 6
        'bnp,koen,"a, b",,analysis,2030-01-02\n'  # 7 after the audit date
        "bnp,alder,DST,,analysis,2024-13-02\n"  # 8 bad date
        'bnp,alder,"x\n\ny",,analysys,2024-01-02\n'  # 9-11, bad kind on line 11
        "bnpp,alder,DST,,analysis,2024-01-02\n"  # 12 unknown set
    )
    path = write(tmp_path, content)
    for chunk_size in CHUNK_SIZES:
        log = read(path, chunk_size=chunk_size)
        assert located(log) == [
            (W_UNKNOWN, "usagelog.unknown_field", 5, 5),
            (W_FUTURE, "usagelog.future", 7, 27),
            (E, "usagelog.date", 8, 25),
            (E, "usagelog.kind", 11, 5),
            (W_UNKNOWN, "usagelog.unknown_set", 12, 1),
        ], chunk_size
        assert log.rows == 7
        assert [(s.consumer, s.line) for s in log.summaries] == [("DST", 2), ("two\nlines", 3)]


@pytest.mark.parametrize("repeat", [True, False])
def test_row_problems_are_capped_per_code(tmp_path: Path, repeat: bool) -> None:
    bad = [
        f"bnpp,alder,DST,,analysis,2024-01-{1 if repeat else 1 + n % 28:02d}" for n in range(120)
    ]
    future = ["bnp,alder,DST,,analysis,2025-01-01"] * 3
    path = write(tmp_path, "\n".join([HEADER, *bad, *future, *bad[:5]]) + "\n")
    for chunk_size in (64, 1000, usagelog.DEFAULT_CHUNK_SIZE):
        log = read(path, chunk_size=chunk_size)
        unknown = [d for d in log.diagnostics if d.key == "usagelog.unknown_set"]
        assert [d.location.line for d in unknown] == list(range(2, 52))
        assert [d.location.line for d in log.diagnostics if d.key == "usagelog.future"] == [
            122,
            123,
            124,
        ]
        (summary,) = [d for d in log.diagnostics if d.key == "usagelog.suppressed"]
        assert summary.code == W_UNKNOWN and summary.severity is Severity.WARNING
        assert summary.params["count"] == 75 and summary.location.line == 52
        assert all(rendered(summary))
        assert log.rows == 128 and log.summaries == []


def test_an_overlong_line_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(usagelog, "MAX_LINE_BYTES", 64)
    content = (
        HEADER + "\n"
        "bnp,alder,DST,,analysis,2024-01-02\n" + "x" * 500 + "\n"
        "bnp,koen,DST,,analysis,2024-01-02\n" + "y" * 500
    )
    log = read(write(tmp_path, content), chunk_size=16)
    assert located(log) == [
        (E, "usagelog.line_too_long", 3, 1),
        (E, "usagelog.line_too_long", 5, 1),
    ]
    assert [(s.field_id, s.line) for s in log.summaries] == [("alder", 2), ("koen", 4)]
    assert log.rows == 4


# --- the header ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", [("usagelog.no_header", 1, 1)]),
        ("\ufeff", [("usagelog.no_header", 1, 1)]),
        ("\nbnp,alder,DST,,analysis,2024-01-02\n", [("usagelog.no_header", 1, 1)]),
        ("bnp,alder,DST,,analysis,2024-01-02\n", [("usagelog.no_header", 1, 1)]),
        ('"set,field,consumer,kind,date\n', [("usagelog.no_header", 1, 1)]),
        (HEADER + ",extra\n", [("usagelog.header_unknown", 1, 38)]),
        (
            "set,feld,consumer,kind,date\n",
            [("usagelog.header_unknown", 1, 5), ("usagelog.header_missing", 1, 1)],
        ),
        (
            "Set,field,consumer,kind,date\n",
            [("usagelog.header_unknown", 1, 1), ("usagelog.header_missing", 1, 1)],
        ),
        ("set,field,consumer,kind,date,kind\n", [("usagelog.header_duplicate", 1, 30)]),
        (
            "set,field,kind\n",
            [("usagelog.header_missing", 1, 1), ("usagelog.header_missing", 1, 1)],
        ),
    ],
)
def test_header_problems_stop_the_reading(
    tmp_path: Path, content: str, expected: list[tuple[str, int, int]]
) -> None:
    log = read(write(tmp_path, content + "bnp,alder,DST,,analysis,2024-01-02\n"))
    assert [(d.key, d.location.line, d.location.column) for d in log.diagnostics] == expected
    assert all(d.code == E and d.severity is Severity.ERROR for d in log.diagnostics)
    assert all(all(rendered(d)) for d in log.diagnostics)
    assert (log.summaries, log.rows) == ([], 0)


def test_header_hints_name_the_column(tmp_path: Path) -> None:
    log = read(write(tmp_path, "set,feld,consumer,kind,date\n"))
    unknown, missing = log.diagnostics
    hint = unknown.hint_text()
    assert hint is not None and hint.params["suggestion"] == "field"
    assert missing.params["column"] == "field"
    assert "field" in message(missing.key, "en", **missing.params)


# --- input problems ------------------------------------------------------------------------


def input_problem(log: UsageLog) -> tuple[str, int, int]:
    (diagnostic,) = log.diagnostics
    assert diagnostic.severity is Severity.INPUT
    assert all(rendered(diagnostic))
    assert (log.summaries, log.rows) == ([], 0) and log.has_input_errors
    return diagnostic.code, diagnostic.location.line, diagnostic.location.column


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert input_problem(read(str(tmp_path / "nope.csv"))) == ("IND001", 0, 0)
    assert read(str(tmp_path / "nope.csv")).diagnostics[0].key == "input.missing"
    log = read(str(tmp_path))
    assert input_problem(log) == ("IND002", 0, 0)
    assert log.diagnostics[0].key == "input.unreadable"


@pytest.mark.parametrize("chunk_size", CHUNK_SIZES)
def test_windows_1252_is_located_and_named(chunk_size: int) -> None:
    log = read(str(FIXTURES / "usagelog" / "cp1252.csv"), chunk_size=chunk_size)
    assert input_problem(log) == ("IND003", 3, 12)
    assert log.diagnostics[0].params["encoding"] == "WINDOWS-1252"
    assert log.diagnostics[0].params["byte"] == "0xf8"


@pytest.mark.parametrize(
    ("content", "expected", "encoding"),
    [
        ((HEADER + "\n").encode("utf-16"), ("IND003", 1, 1), "UTF-16"),
        ((HEADER + "\n").encode("utf-16-le"), ("IND003", 1, 1), "UTF-16"),
        ((HEADER + "\n").encode("utf-32"), ("IND003", 1, 1), "UTF-32"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ("IND004", 3, 1), None),
        (f"{HEADER}\nbnp,alder,D\x00ST,,analysis,2024-01-02\n".encode(), ("IND004", 2, 12), None),
        (
            (HEADER + "\n" + GOOD * 200 + "bnp,alder,D\x00ST\n").encode(),
            ("IND004", 202, 12),
            None,
        ),
        (f"{HEADER}\nbnp,alder,\xe6\n".encode("latin-1"), ("IND003", 2, 11), "WINDOWS-1252"),
        (f"{HEADER},\x81\n".encode("latin-1"), ("IND003", 1, 38), "ISO-8859-1"),
    ],
)
def test_text_that_is_not_utf8(
    tmp_path: Path, content: bytes, expected: tuple[str, int, int], encoding: str | None
) -> None:
    path = write(tmp_path, content)
    for chunk_size in CHUNK_SIZES:
        log = read(path, chunk_size=chunk_size)
        assert input_problem(log) == expected
        if encoding is not None:
            assert log.diagnostics[0].params["encoding"] == encoding


# --- the fast and the exact path agree ------------------------------------------------------

SETS = ("bnp", "boern", "xx")
FIELDS = ("alder", "cpr")
CONSUMERS = ("DST", "Nationalbanken, analyse", 'Kontor "Syd"', "to\nlinjer", "KL")
PRODUCTS = ("", "NAT1", "p, 2")
DATES = tuple(AS_OF - dt.timedelta(days=d) for d in (-3, 0, 1, 364, 365, 366, 1000))

Row = tuple[str, str, str, str, str, dt.date]


def csv_text(
    rows: Sequence[Row | None],
    order: Sequence[str],
    quoting: Literal[0, 1, 2, 3],
    terminator: str,
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting, lineterminator=terminator)
    writer.writerow(order)
    for row in rows:
        if row is None:
            out.write(terminator)
            continue
        value = dict(zip(usagelog.COLUMNS, (*row[:5], row[5].isoformat()), strict=True))
        writer.writerow([value[name] for name in order])
    return out.getvalue()


def reference(text: str) -> tuple[list[UsageSummary], int, int, int]:
    """Aggregate with the csv module, row by row: summaries, rows, unknown and future."""
    reader = csv.reader(io.StringIO(text, newline=""))
    names = [name.strip() for name in next(reader)]
    groups: dict[tuple[str, ...], list[Any]] = {}
    rows = unknown = future = 0
    low = AS_OF - dt.timedelta(days=365)
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        rows += 1
        value = {name: cell.strip() for name, cell in zip(names, cells, strict=True)}
        date = dt.date.fromisoformat(value["date"])
        if value["set"] not in KNOWN or value["field"] not in KNOWN[value["set"]]:
            unknown += 1
            continue
        if date > AS_OF:
            future += 1
            continue
        key = tuple(value.get(name, "") for name in ("set", "field", "consumer", "product", "kind"))
        group = groups.setdefault(key, [0, date, 0, line])
        group[0] += 1
        group[1] = max(group[1], date)
        group[2] += low < date
    summaries = [
        UsageSummary(k[0], k[1], k[2], k[3] or None, k[4], g[1], g[0], g[2], line=g[3])
        for k, g in sorted(groups.items())
    ]
    return summaries, rows, unknown, future


def check_against_reference(path: str, text: str, **options: Any) -> None:
    summaries, rows, unknown, future = reference(text)
    log = read(path, **options)
    assert log.summaries == summaries
    assert [s.line for s in log.summaries] == [s.line for s in summaries]
    assert log.rows == rows
    counts = {"usagelog.unknown_set": 0, "usagelog.unknown_field": 0, "usagelog.future": 0}
    for diagnostic in log.diagnostics:
        assert diagnostic.key in counts, located(log)
        counts[diagnostic.key] += 1
    assert counts["usagelog.unknown_set"] + counts["usagelog.unknown_field"] == unknown
    assert counts["usagelog.future"] == future


rows_strategy = st.lists(
    st.one_of(
        st.none(),
        st.tuples(
            st.sampled_from(SETS),
            st.sampled_from(FIELDS),
            st.sampled_from(CONSUMERS),
            st.sampled_from(PRODUCTS),
            st.sampled_from(USE_KINDS),
            st.sampled_from(DATES),
        ),
    ),
    max_size=30,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=rows_strategy,
    order=st.permutations(usagelog.COLUMNS),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    terminator=st.sampled_from(["\n", "\r\n"]),
    chunk_size=st.integers(1, 300),
)
def test_summaries_equal_a_row_by_row_reference(
    tmp_path: Path,
    rows: list[Row | None],
    order: list[str],
    quoting: Literal[0, 1, 2, 3],
    terminator: str,
    chunk_size: int,
) -> None:
    text = csv_text(rows, order, quoting, terminator)
    path = write(tmp_path, text)
    check_against_reference(path, text, chunk_size=chunk_size)


def big_log(rows: int, quoted_every: int, middle: str = "") -> str:
    """A log with distinct lines, some quoted, and optionally a long value in the middle."""
    lines = []
    for n in range(rows):
        consumer = f"consumer {n % 37}"
        if quoted_every and n % quoted_every == 0:
            consumer = f'"{consumer}, afd. {n % 5}"'
        date = AS_OF - dt.timedelta(days=n % 900)
        lines.append(f"{SETS[n % 2]},{FIELDS[n % 2]},{consumer},P{n % 3},analysis,{date}")
        if n == rows // 2 and middle:
            lines.append(middle)
    return "\n".join([HEADER, *lines]) + "\n"


@pytest.mark.parametrize("quoted_every", [0, 1, 7, 500])
def test_large_chunks_agree_with_the_reference(tmp_path: Path, quoted_every: int) -> None:
    text = big_log(3000, quoted_every)
    path = write(tmp_path, text)
    for chunk_size in (100, 4096, usagelog.DEFAULT_CHUNK_SIZE):
        check_against_reference(path, text, chunk_size=chunk_size)


@pytest.mark.parametrize(
    "middle",
    [
        "",
        'bnp,alder,"' + "lang\n" * 3000 + '",,analysis,2024-01-01',
        'bnp,alder,"' + "aaaa" * 30 + "\n" + "bbbb" * 30 + '",,analysis,2024-01-01',
    ],
)
def test_parallel_reading_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, middle: str
) -> None:
    text = big_log(4000, 13, middle)
    path = write(tmp_path, text)
    calls: list[int] = []
    original: Callable[..., None] = usagelog_run._read_parallel

    def spy(reader: Any, handle: Any, ranges: list[tuple[int, int]], size: int) -> None:
        calls.append(len(ranges))
        original(reader, handle, ranges, size)

    monkeypatch.setattr(usagelog_run, "_read_parallel", spy)
    monkeypatch.setattr(usagelog_run, "PARALLEL_MIN_BYTES", 0)
    for workers in (None, 2, 3):
        for chunk_size in (512, usagelog.DEFAULT_CHUNK_SIZE):
            check_against_reference(path, text, workers=workers, chunk_size=chunk_size)
    if usagelog_run._worker_count(2, len(text)) > 1:
        assert calls and all(n > 1 for n in calls)


def test_parallel_reading_keeps_the_cap_and_line_numbers(tmp_path: Path) -> None:
    bad = [f"bnpp,alder,DST {n},,analysis,2024-01-02" for n in range(200)]
    text = "\n".join([HEADER, *bad]) + "\n"
    path = write(tmp_path, text)
    one = read(path, workers=1)
    for workers in (2, 4):
        many = read(path, workers=workers, chunk_size=256)
        assert located(many) == located(one)
        assert [d.params for d in many.diagnostics] == [d.params for d in one.diagnostics]


def test_an_encoding_problem_in_a_later_range_is_located(tmp_path: Path) -> None:
    lines = [f"bnp,alder,DST {n},,analysis,2024-01-02" for n in range(2000)]
    lines[1500] = "bnp,alder,K\xf8benhavn,,analysis,2024-01-02"
    path = write(tmp_path, ("\n".join([HEADER, *lines]) + "\n").encode("latin-1"))
    for workers in (1, 2):
        log = read(path, workers=workers, chunk_size=1024)
        assert input_problem(log) == ("IND003", 1502, 12)


def test_an_unclosed_quote_runs_to_the_end_of_the_file(tmp_path: Path) -> None:
    content = (
        f'{HEADER}\nbnp,alder,DST,,analysis,2024-01-02\nbnp,alder,"DST,,analysis,2024-01-02\nx\n'
    )
    for chunk_size in CHUNK_SIZES:
        log = read(write(tmp_path, content), chunk_size=chunk_size)
        assert located(log) == [(E, "usagelog.unclosed_quote", 3, 1)]
        assert log.rows == 2 and len(log.summaries) == 1


def test_a_failed_worker_is_replaced_by_reading_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(send: Any, *args: Any) -> None:
        send.close()

    monkeypatch.setattr(usagelog_run, "_work", fail)
    text = big_log(2000, 11)
    check_against_reference(write(tmp_path, text), text, workers=3, chunk_size=700)


def test_a_long_header_line_is_read_and_an_endless_one_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header = "set" + " " * 70_000 + ",field,consumer,kind,date"
    path = write(tmp_path, header + "\nbnp,alder,DST,analysis,2024-01-02\n")
    log = read(path, chunk_size=100)
    assert log.diagnostics == [] and log.rows == 1
    monkeypatch.setattr(usagelog, "MAX_LINE_BYTES", 1000)
    endless = write(tmp_path, "set,field" + " " * 70_000, "endless.csv")
    assert located(read(endless, chunk_size=100)) == [(E, "usagelog.no_header", 1, 1)]


def test_an_overlong_line_ends_an_open_quote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(usagelog, "MAX_LINE_BYTES", 64)
    content = f'{HEADER}\nbnp,alder,"DST\n{"x" * 200}\nbnp,koen,DST,,analysis,2024-01-02\n'
    log = read(write(tmp_path, content), chunk_size=16)
    assert located(log) == [
        (E, "usagelog.unclosed_quote", 2, 1),
        (E, "usagelog.line_too_long", 3, 1),
    ]
    assert [(s.field_id, s.line) for s in log.summaries] == [("koen", 4)]


def test_a_value_beyond_the_csv_field_limit(tmp_path: Path) -> None:
    row = 'bnp,alder,"' + "x" * 140_000 + '",,analysis,2024-01-02'
    path = write(tmp_path, f"{HEADER}\n{row}\nbnp,koen,DST,,analysis,2024-01-02\n")
    for chunk_size in (4096, usagelog.DEFAULT_CHUNK_SIZE):
        log = read(path, chunk_size=chunk_size)
        assert located(log) == [(E, "usagelog.malformed", 2, 1)]
        assert "field limit" in log.diagnostics[0].params["detail"]
        assert [s.field_id for s in log.summaries] == ["koen"]


PIECES = (
    "bnp,alder,DST,,analysis,2024-01-02",
    "bnp,koen,DST,P,legal,2024-06-30",
    '"bnp","koen","DST, x","",legal,"2024-06-30"',
    '"bnp","alder","DST","P","analysis","2024-01-02"',
    "bnpp,alder,DST,,analysis,2024-01-02",
    "bnp,alder,DST,,analysis,2025-02-02",
    "bnp,alder,DST,,analysys,2024-01-02",
    "bnp,alder,DST,,analysis,2024-02-30",
    "bnp,alder,DST,analysis,2024-01-02",
    'bnp,alder,"open',
    'still open",,analysis,2024-01-02',
    'bnp,alder,"x"y,,analysis,2024-01-02',
    "bnp,alder,D\rST,,analysis,2024-01-02",
    'bnp,alder,5" disk,,analysis,2024-01-02',
    "",
    "  ",
    '""',
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(st.sampled_from(PIECES), max_size=25),
    terminator=st.sampled_from(["\n", "\r\n"]),
    chunk_size=st.integers(1, 200),
)
def test_chunk_size_never_changes_the_result(
    tmp_path: Path, lines: list[str], terminator: str, chunk_size: int
) -> None:
    path = write(tmp_path, terminator.join([HEADER, *lines]) + terminator)
    whole = read(path)
    chunked = read(path, chunk_size=chunk_size)
    assert chunked.summaries == whole.summaries
    assert [s.line for s in chunked.summaries] == [s.line for s in whole.summaries]
    assert located(chunked) == located(whole)
    assert chunked.rows == whole.rows


# --------------------------------------------------------------------------- clean lines

CLEAN_ROW = {
    "set": "bnp",
    "field": "k0en_x-1",
    "consumer": "Danmarks Statistik",
    "product": "Tabel 4",
    "kind": "analysis",
    "date": "2024-01-02",
}
SPACES = [" ", "\t", "\u00a0", "\u2003", "\x1c", "\u3000"]
CHANGES: dict[str, Callable[[str, str], str]] = {
    "none": lambda value, space: value,
    "before": lambda value, space: space + value,
    "after": lambda value, space: value + space,
    "inside": lambda value, space: value[:1] + space + value[1:],
    "empty": lambda value, space: "",
    "upper": lambda value, space: value.upper(),
    "letter": lambda value, space: value + "x",
}


@settings(max_examples=500, deadline=None)
@given(
    order=st.permutations(usagelog.COLUMNS),
    column=st.sampled_from(usagelog.COLUMNS),
    change=st.sampled_from(sorted(CHANGES)),
    space=st.sampled_from(SPACES),
)
def test_a_clean_line_is_one_whose_group_needs_no_checking(
    order: list[str], column: str, change: str, space: str
) -> None:
    # A line the clean pattern matches skips the group check: it must be exactly one the
    # check passes unchanged (nothing to strip, nothing wrong) with a date of the right
    # shape. One cell of a clean row is changed, or none.
    layout, problems = usagelog._parse_header("u.csv", ",".join(order))
    assert layout is not None and not problems
    values = {**CLEAN_ROW, column: CHANGES[change](CLEAN_ROW[column], space)}
    line = ",".join(values[name] for name in order)
    reader = usagelog._Reader("u.csv", layout, None, AS_OF, 1024)
    raw = tuple(values[name] for name in ("set", "field", "consumer", "product", "kind"))
    problem, key, _ = reader._check_group(raw)
    date = values["date"]
    passes = problem is None and key == raw and usagelog._DATE.fullmatch(date) is not None
    assert (usagelog._clean_line(layout).fullmatch(line) is not None) == passes


def test_an_ordinary_line_is_clean() -> None:
    layout, _ = usagelog._parse_header("u.csv", HEADER)
    assert layout is not None
    pattern = usagelog._clean_line(layout)
    assert pattern.fullmatch("bnp,alder,Danmarks Statistik,Tabel 4,publication,2024-01-02")
    assert pattern.fullmatch("bnp,alder,DST,,analysis,2024-01-02")  # no product
    for unclean in [
        "bnp ,alder,DST,T,analysis,2024-01-02",
        "bnp,Alder,DST,T,analysis,2024-01-02",
        "bnp,alder, DST,T,analysis,2024-01-02",
        "bnp,alder,DST,T ,analysis,2024-01-02",
        "bnp,alder,,T,analysis,2024-01-02",
        "bnp,alder,DST,T,Analysis,2024-01-02",
        'bnp,alder,"DST",T,analysis,2024-01-02',
        "bnp,alder,DST,T,analysis,2024-01-02,x",
    ]:
        assert not pattern.fullmatch(unclean), unclean


# --- every path reads a cell the same way ---------------------------------------------------
#
# A plain reader, written here with the csv module and nothing else, says what a log means:
# every cell stripped of surrounding whitespace, a CR only in CRLF or inside quotes, and
# the first problem of a row wins. Generated logs mix padding, quoting, column orders,
# repeated values, CRLF and good and bad dates; every path of the reader (the fast loops
# for a date first, in the middle or last, the collapsed and the line-by-line loop, the
# quoted fast path, the csv path, small chunks and forked workers) must agree with it.

PLAIN_VALUES: dict[str, tuple[str, ...]] = {
    "set": ("bnp", "boern", "bnpp", "Bnp", ""),
    "field": ("alder", "cpr", "koen", "a b"),
    "consumer": ("DST", "KL", "Nationalbanken, analyse", "Kontor; syd", '5" disk', "to\nlinjer"),
    "product": ("", "NAT1", "p, 2"),
    "kind": ("analysis", "legal", "publication", "analysys", ""),
    "date": (
        "2024-12-31",
        "2024-01-01",
        "2024-01-02",
        "2020-01-05",
        "2025-01-01",
        "2024-02-30",
        "2024-1-02",
        "31-12-2024",
        "",
    ),
}
PLAIN_PADS = (" ", "  ", "\t", "\u00a0")
PLAIN_JUNK = ("", "   ", '""', "bnp,alder", "bnp;alder", "x\ry")
IDENTIFIER_TEXT = "[a-z0-9][a-z0-9_-]*"


def _plain_csv_key(error: csv.Error) -> tuple[str, dict[str, Any]]:
    message = str(error)
    if "unexpected end of data" in message:
        return "usagelog.unclosed_quote", {}
    if "expected after" in message:
        return "usagelog.after_quote", {}
    if "new-line character" in message:
        return "usagelog.bare_cr", {}
    return "usagelog.malformed", {"detail": message}


class _LastLine:
    """The lines of a text split at LF only, remembering the last one given out."""

    def __init__(self, text: str) -> None:
        self.lines = iter(io.StringIO(text, newline="\n"))
        self.last = ""

    def __iter__(self) -> _LastLine:
        return self

    def __next__(self) -> str:
        self.last = next(self.lines)
        return self.last


class PlainProblem(NamedTuple):
    key: str
    params: dict[str, Any]
    cell: int = -1  # the position of the cell it is in; -1: the row's start


def _plain_check(
    names: list[str], cells: list[str], as_of: dt.date
) -> PlainProblem | tuple[tuple[str, ...], dt.date]:
    """The first problem of a row, or its group and date."""
    if len(cells) != len(names):
        params = {"found": len(cells), "expected": len(names)}
        return PlainProblem("usagelog.columns", params, len(names) if cells[len(names) :] else -1)
    value = {name: cell.strip() for name, cell in zip(names, cells, strict=True)}
    at = names.index
    for name in ("set", "field", "consumer", "kind"):
        if not value[name]:
            return PlainProblem("usagelog.empty", {"column": name}, at(name))
        if name in ("set", "field") and not re.fullmatch(IDENTIFIER_TEXT, value[name]):
            params = {"column": name, "value": value[name]}
            return PlainProblem("usagelog.identifier", params, at(name))
    if value["kind"] not in USE_KINDS:
        params = {"value": value["kind"], "allowed": ", ".join(USE_KINDS)}
        return PlainProblem("usagelog.kind", params, at("kind"))
    text = value["date"]
    if not text:
        return PlainProblem("usagelog.empty", {"column": "date"}, at("date"))
    try:
        if not re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        date = dt.date.fromisoformat(text)
    except ValueError:
        return PlainProblem("usagelog.date", {"value": text}, at("date"))
    set_id, field_id = value["set"], value["field"]
    if set_id not in KNOWN:
        return PlainProblem("usagelog.unknown_set", {"set": set_id}, at("set"))
    if field_id not in KNOWN[set_id]:
        params = {"set": set_id, "field": field_id}
        return PlainProblem("usagelog.unknown_field", params, at("field"))
    if date > as_of:
        params = {"date": text, "as_of": as_of.isoformat()}
        return PlainProblem("usagelog.future", params, at("date"))
    key = tuple(value.get(name, "") for name in ("set", "field", "consumer", "product", "kind"))
    return key, date


def plain_read(
    text: str, as_of: dt.date = AS_OF
) -> tuple[list[UsageSummary], int, list[tuple[int, str, dict[str, Any]]]]:
    """Summaries, rows and (line, key, params) of the row problems, by the csv module.

    A problem is on the line where its cell starts.
    """
    lines = _LastLine(text.removeprefix("\ufeff"))
    header = next(lines).removesuffix("\n").removesuffix("\r")
    separator = ";" if ";" in header and "," not in header else ","
    names = [name.strip() for name in next(csv.reader([header], delimiter=separator))]
    reader = csv.reader(lines, delimiter=separator, strict=True)
    groups: dict[tuple[str, ...], list[Any]] = {}
    problems: list[tuple[int, str, dict[str, Any]]] = []
    rows = 0
    low = as_of - dt.timedelta(days=365)
    while True:
        line = reader.line_num + 2  # the header is line 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rows += 1
            problems.append((line, *_plain_csv_key(error)))
            continue
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        rows += 1
        if lines.last.removesuffix("\n").removesuffix("\r").endswith("\r"):
            # CR CR LF: a CR outside CRLF, on the record's last line
            problems.append((reader.line_num + 1, "usagelog.bare_cr", {}))
            continue
        found = _plain_check(names, cells, as_of)
        if isinstance(found, PlainProblem):
            before = cells[: max(found.cell, 0)]
            problems.append((line + sum(c.count("\n") for c in before), found.key, found.params))
            continue
        key, date = found
        group = groups.setdefault(key, [0, date, 0, line])
        group[0] += 1
        group[1] = max(group[1], date)
        group[2] += low < date
    summaries = [
        UsageSummary(k[0], k[1], k[2], k[3] or None, k[4], g[1], g[0], g[2], line=g[3])
        for k, g in sorted(groups.items())
    ]
    return summaries, rows, problems


PLAIN_GOOD: dict[str, tuple[str, ...]] = {
    "set": ("bnp", "boern"),
    "field": ("alder",),
    "consumer": ("DST", "KL"),
    "product": ("", "NAT1"),
    "kind": ("analysis", "legal"),
    "date": ("2024-12-31", "2024-01-02", "2020-01-05"),
}


@st.composite
def plain_cells(draw: st.DrawFn, name: str, good: bool, pads: Sequence[str], quotes: bool) -> str:
    """A cell: a good value well written, or any value written in any way."""
    value = draw(st.sampled_from(PLAIN_GOOD[name] if good else PLAIN_VALUES[name]))
    before, after = draw(st.sampled_from(pads)), draw(st.sampled_from(pads))
    quoting = "none"
    if quotes:
        quoting = draw(st.sampled_from(["none", "none", "inside"] + ([] if good else ["outside"])))
    if quoting == "none":
        return before + value + after
    if quoting == "inside":
        return '"' + before + value.replace('"', '""') + after + '"'
    # Spaces outside the quotes: a quote after a space is a plain character, a space
    # after the closing quote is malformed CSV.
    return before + '"' + value.replace('"', '""') + '"' + after


@st.composite
def plain_logs(draw: st.DrawFn) -> str:
    order = draw(st.permutations(usagelog.COLUMNS))
    if draw(st.booleans()):
        order = [name for name in order if name != "product"]
    separator = draw(st.sampled_from([",", ";"]))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    header = separator.join(draw(st.sampled_from(["", " "])) + name for name in order)
    # A few cells per column, most of them good and some of the same padding, so that
    # rows repeat values exactly, as in real logs. Lines with quotes take other paths
    # than lines without: some logs have none.
    pads = ("", "", *draw(st.lists(st.sampled_from(PLAIN_PADS), min_size=1, max_size=2)))
    quotes = draw(st.booleans())
    cells: dict[str, list[str]] = {}
    for name in order:
        size = (2, 3) if name == "date" else (1, 2)
        good = draw(
            st.lists(plain_cells(name, True, pads, quotes), min_size=size[0], max_size=size[1])
        )
        bad = draw(st.lists(plain_cells(name, False, pads, quotes), max_size=1))
        cells[name] = good * 3 + bad
    distinct = []
    for _ in range(draw(st.integers(3, 10))):
        if draw(st.integers(0, 5)) == 5:
            distinct.append(draw(st.sampled_from(PLAIN_JUNK)))
        else:
            picked = (draw(st.sampled_from(cells[name])) for name in order)
            distinct.append(separator.join(picked))
    picks = draw(st.lists(st.integers(0, 9), min_size=3, max_size=40))
    lines = [header, *(distinct[pick % len(distinct)] for pick in picks)]
    text = end.join(lines) + draw(st.sampled_from([end, "", "\r" + end]))
    return ("\ufeff" if draw(st.booleans()) else "") + text


def read_every_way(path: str, chunk_size: int, workers: int) -> Iterator[tuple[str, UsageLog]]:
    """The log read whole, in small chunks, line by line (no collapsing) and in workers."""
    yield "whole", read(path)
    yield "chunks", read(path, chunk_size=chunk_size)
    with mock.patch.object(usagelog, "_SAMPLE", 2):
        yield "line by line", read(path, chunk_size=chunk_size)
    if workers > 1:
        yield "workers", read(path, chunk_size=chunk_size, workers=workers)


def assert_read_plainly(path: str, text: str, chunk_size: int, workers: int) -> None:
    summaries, rows, problems = plain_read(text)
    for way, log in read_every_way(path, chunk_size, workers):
        assert log.summaries == summaries, way
        assert [s.line for s in log.summaries] == [s.line for s in summaries], way
        assert log.rows == rows, way
        found = [(d.location.line, d.key, d.params) for d in log.diagnostics]
        assert found == problems, way


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=plain_logs(),
    chunk_size=st.integers(1, 200),
    workers=st.sampled_from([1, 1, 1, 1, 2]),
)
def test_every_path_reads_cells_as_the_plain_reader(
    tmp_path: Path, text: str, chunk_size: int, workers: int
) -> None:
    path = write(tmp_path, text)
    assert_read_plainly(path, text, chunk_size, workers)


@pytest.mark.parametrize("date", ["  2024-05-31 ", "2024-05-31 ", " 2024-05-31", "\t2024-05-31"])
def test_a_padded_date_met_before_counts_as_its_date(tmp_path: Path, date: str) -> None:
    # The date in the middle, its padded text first met in another group: the fast path
    # once took the text as it was, and the last use stayed in 2020 (or the run crashed).
    content = (
        "set,field,date,consumer,product,kind\n"
        f"bnp,koen,{date},DST,,analysis\n"
        "bnp,alder,2020-01-05,DST,,analysis\n"
        f"bnp,alder,{date},DST,,analysis\n"
        f"bnp,alder,{date},DST,,analysis\n"
    )
    path = write(tmp_path, content)
    for chunk_size in CHUNK_SIZES:
        log = read(path, chunk_size=chunk_size)
        assert log.diagnostics == []
        assert [(s.field_id, s.last_used, s.rows, s.rows_last_year) for s in log.summaries] == [
            ("alder", dt.date(2024, 5, 31), 3, 2),
            ("koen", dt.date(2024, 5, 31), 1, 1),
        ], chunk_size


def test_a_cr_before_the_line_end_is_refused_on_every_path(tmp_path: Path) -> None:
    # The csv module takes "x\r\r\n" as a line end; the fast path refuses the first CR,
    # and so must the csv path (lines with quotes).
    content = (
        f"{HEADER}\r\n"
        "bnp,alder,DST,,analysis,2024-01-02\r\r\n"
        '"bnp",alder,DST,,analysis,2024-01-02\r\r\n'
        'bnp,alder,"D\nST",,analysis,2024-01-02\r\r\n'
    )
    for chunk_size in CHUNK_SIZES:
        log = read(write(tmp_path, content), chunk_size=chunk_size)
        assert located(log) == [
            (E, "usagelog.bare_cr", 2, 35),
            (E, "usagelog.bare_cr", 3, 37),
            (E, "usagelog.bare_cr", 5, 25),
        ], chunk_size
        assert log.summaries == [] and log.rows == 3


def test_a_semicolon_header_makes_semicolons_the_separator(tmp_path: Path) -> None:
    content = (
        "\ufeffset;field;consumer;product;kind;date\r\n"
        "bnp;alder;Nationalbanken, analyse;;analysis;2024-01-02\r\n"
        'bnp;alder;"Kontor; syd";"P, 1";analysis;2024-02-03\r\n'
        "bnp;alder;Nationalbanken, analyse;;analysis; 2024-03-04 \r\n"
        "bnp,alder,DST,,analysis,2024-01-02\r\n"
        "bnp;alder;DST;;analysys;2024-01-02\r\n"
        'bnp;alder;"a\nb";;analysys;2024-01-02\r\n'
    )
    path = write(tmp_path, content)
    for chunk_size in CHUNK_SIZES:
        log = read(path, chunk_size=chunk_size)
        assert [(s.consumer, s.product, s.last_used, s.rows) for s in log.summaries] == [
            ("Kontor; syd", "P, 1", dt.date(2024, 2, 3), 1),
            ("Nationalbanken, analyse", None, dt.date(2024, 3, 4), 2),
        ], chunk_size
        assert located(log) == [
            (E, "usagelog.columns", 5, 1),
            (E, "usagelog.kind", 6, 16),
            (E, "usagelog.kind", 8, 5),
        ]
        hint = log.diagnostics[0].hint_text()
        assert hint is not None and hint.key == "usagelog.columns.hint_semicolon"
        assert all(rendered(log.diagnostics[0]))


def test_a_header_with_commas_keeps_commas_the_separator(tmp_path: Path) -> None:
    content = HEADER + "\nbnp,alder,Kontor; syd,,analysis,2024-01-02\nbnp;alder\n"
    log = read(write(tmp_path, content))
    assert [s.consumer for s in log.summaries] == ["Kontor; syd"]
    assert located(log) == [(E, "usagelog.columns", 3, 1)]
    mixed = write(tmp_path, "set;field;consumer,kind;date\n", "mixed.csv")
    assert located(read(mixed)) == [(E, "usagelog.no_header", 1, 1)]


def example_log(
    directory: Path, order: Sequence[str], separator: str, end: str, pad: str = ""
) -> Path:
    """examples/usage-log.csv written again: another column order, separator and line end,
    a use in 2020 before each group's first, and ``pad`` around every other date. A BOM
    when the separator is ';', as Excel writes."""
    with (EXAMPLES / "usage-log.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator=end)
    writer.writerow(order)
    groups = set()
    for row in rows:
        group = tuple(row[name] for name in usagelog.COLUMNS[:5])
        if group not in groups:
            writer.writerow([{**row, "date": "2020-01-05"}[name] for name in order])
        groups.add(group)
        row["date"] = pad + row["date"] + pad
        writer.writerow([row[name] for name in order])
    directory.mkdir()
    target = directory / "usage.csv"
    bom = "\ufeff" if separator == ";" else ""
    target.write_bytes((bom + out.getvalue()).encode("utf-8"))
    return target


def test_danish_excel_and_padded_logs_audit_as_the_plain_log(tmp_path: Path) -> None:
    # Danish Excel writes ';'-separated CSV with a BOM and CRLF; people pad cells. The
    # audit of examples/ must come out the same, byte for byte, with any of them.
    middle = ["set", "field", "date", "consumer", "product", "kind"]
    logs = {
        "plain": example_log(tmp_path / "plain", usagelog.COLUMNS, ",", "\n"),
        "excel": example_log(tmp_path / "excel", usagelog.COLUMNS, ";", "\r\n"),
        "padded": example_log(tmp_path / "padded", middle, ",", "\n", pad="  "),
        "excel padded": example_log(tmp_path / "excel padded", middle, ";", "\r\n", pad=" "),
    }
    runs = {}
    for name, log in logs.items():
        args = ("audit", str(EXAMPLES), "--usage", "usage.csv", "--as-of", "2026-11-26")
        runs[name] = run_cli(*args, "--format", "json", "--no-cache", cwd=log.parent)
    assert runs["plain"].code == 0, runs["plain"].stderr
    assert '"REMOVE"' in runs["plain"].stdout and '"KEEP"' in runs["plain"].stdout
    plain = runs["plain"]
    assert [name for name, run in runs.items() if run != plain] == []


# --- indberet validate LOG.csv ---------------------------------------------------------------

BAD_LOG = (
    "set;field;consumer;kind;date\r\n"
    "anbringelser;handlekommune;DST;analysis;2024-01-02\r\n"
    "anbringelser;handlekommune;DST;analysys;2024-01-02\r\n"
    "anbringelser;handlekomune;DST;analysis;2024-01-02\r\n"
    "anbringelser;handlekommune;DST;analysis; 2024-13-02\r\n"
)


def test_validate_checks_a_csv_file_as_a_usage_log(tmp_path: Path) -> None:
    # It was parsed as YAML ("IND010 YAML syntax error"); it is a usage log.
    path = write(tmp_path, BAD_LOG)
    alone = run_cli("validate", path)
    assert alone.code == 1, alone.stderr
    assert alone.stdout.splitlines() == [
        f"{path}: a CSV file, checked as a usage log (4 rows): header, rows, kinds and dates;"
        " its set and field names are checked when valid requirement definitions are given"
        f" with it (indberet validate DIR {path})",
        f"{path}:3:32: IND040 'kind' is 'analysys'; it must be one of publication, analysis,"
        " legal, operational, request",
        "    hint: did you mean 'analysis'?",
        f"{path}:5:41: IND040 'date' is '2024-13-02', which is not a date written YYYY-MM-DD",
        "    hint: write a real calendar date as YYYY-MM-DD, e.g. 2024-03-31",
        "2 problems in 1 of 1 file",
    ]
    both = run_cli("validate", str(EXAMPLES), path, "--lang", "da")
    assert both.code == 1, both.stderr
    lines = both.stdout.splitlines()
    assert lines[0].startswith(f"{path}: en CSV-fil, tjekket som anvendelseslog (4 rækker)")
    assert [line.split(": ", 1)[0] for line in lines if line.startswith(path + ":")] == [
        path,
        f"{path}:3:32",
        f"{path}:5:41",
        f"{path}:4:14",  # the unknown field, now that the catalogue is known: a note
    ]
    assert "IND041 kravsættet 'anbringelser' har intet felt 'handlekomune'" in both.stdout
    assert "YAML" not in alone.stdout + both.stdout


def test_validate_passes_a_good_usage_log_and_refuses_a_missing_one(tmp_path: Path) -> None:
    good = write(tmp_path, "set,field,consumer,kind,date\nbnp,alder,DST,analysis,2024-01-02\n")
    run = run_cli("validate", good)
    assert (run.code, run.stdout.splitlines()[-1]) == (0, "ok: no problems in 1 file")
    as_json = run_cli("validate", good, "--format", "json")
    assert as_json.code == 0 and '"valid": true' in as_json.stdout
    assert "checked as a usage log" not in as_json.stdout  # the JSON holds only the result
    missing = run_cli("validate", str(tmp_path / "nope.csv"))
    assert missing.code == 2
    assert "IND001" in missing.stdout and "usage-log CSV file with the header" in missing.stdout
    examples = run_cli("validate", str(EXAMPLES), str(EXAMPLES / "usage-log.csv"))
    assert examples.code == 0, examples.stdout
    assert any(line.startswith("ok: 4 requirement sets") for line in examples.stdout.splitlines())
    assert "IND04" not in examples.stdout
