"""Reading usage logs: located problems, exact aggregates on every path, and input errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indberet import usagelog
from indberet.diagnostics import Diagnostic, Location, Severity
from indberet.i18n import message
from indberet.model import USE_KINDS, Use
from indberet.usagelog import UsageLog, UsageSummary, read_usage_log, to_uses
from tests.conftest import FIXTURES

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
    original: Callable[..., None] = usagelog._read_parallel

    def spy(reader: Any, handle: Any, ranges: list[tuple[int, int]], size: int) -> None:
        calls.append(len(ranges))
        original(reader, handle, ranges, size)

    monkeypatch.setattr(usagelog, "_read_parallel", spy)
    monkeypatch.setattr(usagelog, "PARALLEL_MIN_BYTES", 0)
    for workers in (None, 2, 3):
        for chunk_size in (512, usagelog.DEFAULT_CHUNK_SIZE):
            check_against_reference(path, text, workers=workers, chunk_size=chunk_size)
    if usagelog._worker_count(2, len(text)) > 1:
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

    monkeypatch.setattr(usagelog, "_work", fail)
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
