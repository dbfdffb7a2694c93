"""The Python API for getting a catalogue in: :func:`import_fields` and :func:`init_catalogue`.

Part of :mod:`indberet.api` (which re-exports both); kept apart because it reads and
writes other things than requirement definitions: spreadsheets, and a new folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from indberet.api_types import IndberetError, _Frozen

if TYPE_CHECKING:
    from indberet.core.importing import Imported

PathArg = str | os.PathLike[str]

__all__ = ["ImportResult", "InitResult", "import_fields", "init_catalogue"]

_HEADER_KEYS: Final = ("import.yaml.header", "import.yaml.assumed", "import.yaml.check")


class ImportResult(_Frozen):
    """A requirement set made from a spreadsheet by :func:`import_fields`.

    ``yaml``: the set, as ``indberet import`` writes it (it validates); ``data``: the same
    as plain values; ``notes``: what was not carried over as it stood, and every guess, in
    the result's language (``"row 7: ..."``); ``columns``: each header with the key it was
    read as (None: not recognised); ``header_row``: the row of the headers (1-based);
    ``fields``: how many fields the set has.
    """

    __slots__ = ("columns", "data", "header_row", "lang", "notes", "rows_read", "yaml")

    def __init__(self, imported: Imported, yaml_text: str, lang: str) -> None:
        from indberet.i18n import render

        self.yaml: Final = yaml_text
        self.data: Final[dict[str, Any]] = imported.data
        self.lang: Final = lang
        self.header_row: Final = imported.header_row
        self.rows_read: Final = imported.rows_read
        self.columns: Final[tuple[tuple[str, str | None], ...]] = tuple(
            (c.header, c.key) for c in imported.columns
        )
        self.notes: Final[tuple[str, ...]] = tuple(render(n.text, lang) for n in imported.notes)

    @property
    def fields(self) -> int:
        return len(self.data["fields"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "set": self.data,
            "header_row": self.header_row,
            "rows_read": self.rows_read,
            "columns": [{"header": h, "key": k} for h, k in self.columns],
            "notes": list(self.notes),
        }

    def __repr__(self) -> str:
        return (
            f"ImportResult(id={self.data['id']!r}, fields={self.fields}, notes={len(self.notes)})"
        )


def import_fields(
    path: PathArg,
    *,
    sheet: str | None = None,
    columns: Mapping[str, str] | Iterable[str] = (),
    set_id: str | None = None,
    name: str | None = None,
    reports_per_year: int | None = None,
    reporters: int | None = None,
    tariff: float | None = None,
    currency: str | None = None,
    receiver: str | None = None,
    legal_basis: str | None = None,
    minutes: float | None = None,
    lang: str = "en",
) -> ImportResult:
    """A requirement set from the field list in a spreadsheet (``.csv`` or ``.xlsx``).

    Columns are matched by their headers (Danish or English); ``columns`` names the rest,
    as ``{"Header": "key"}`` or ``["Header=key"]`` (keys: see ``indberet import --help``;
    ``ignore`` leaves a column out). ``sheet``: a workbook's sheet (name or number;
    default the first). The set's own values are given here; what is not given is guessed
    and marked ``assumed``: ``reports_per_year`` (0), ``minutes`` of a field the list
    gives none (``minutes``, default 1). The result validates; :class:`IndberetError`
    when the spreadsheet cannot be read (``spreadsheet``), an argument is wrong
    (``argument``) or the set would not be valid (``definitions``, with the diagnostics).
    """
    from indberet.core.importing import ImportOptions, ImportProblem, make_set, parse_mapping
    from indberet.read.spreadsheet import SpreadsheetError, read_table

    language = _language(lang)
    source = os.fspath(path)
    try:
        mapping = (
            dict(columns)
            if isinstance(columns, Mapping)
            else parse_mapping([columns] if isinstance(columns, str) else list(columns))
        )
        if isinstance(columns, Mapping):
            parse_mapping([f"{k}={v}" for k, v in mapping.items()])
    except ImportProblem as problem:
        raise IndberetError("argument", problem.key, problem.params, lang=language) from None
    _check_set_values(set_id, currency, tariff, reports_per_year, reporters, minutes, language)
    try:
        table = read_table(source, sheet)
    except SpreadsheetError as error:
        raise IndberetError("spreadsheet", error.key, error.params, lang=language) from None
    stem = os.path.splitext(os.path.basename(source))[0]
    options = ImportOptions(
        set_id=set_id,
        name=name,
        reports_per_year=reports_per_year,
        reporters=reporters,
        tariff=tariff,
        currency=currency,
        receiver=receiver,
        legal_basis=legal_basis,
        minutes=minutes,
        columns=mapping,
        file_stem=stem,
        source=os.path.basename(source) + (f" ({table.sheet})" if table.sheet else ""),
    )
    try:
        imported = make_set(table.rows, options, _known_registers())
    except ImportProblem as problem:
        params = {"path": source, **problem.params}
        raise IndberetError("spreadsheet", problem.key, params, lang=language) from None
    written = _yaml(imported, os.path.basename(source), table.sheet, language)
    _check_valid(written, imported.data, imported.data["id"], language)
    return ImportResult(imported, written, language)


def _check_set_values(
    set_id: str | None,
    currency: str | None,
    tariff: float | None,
    reports_per_year: int | None,
    reporters: int | None,
    minutes: float | None,
    lang: str,
) -> None:
    """Refuse set values the format cannot hold, naming the option."""
    import math
    import re

    problems: list[tuple[str, object]] = []
    if set_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,79}", set_id):
        problems.append(("id", set_id))
    if currency is not None and not re.fullmatch(r"[A-Z]{3}", currency):
        problems.append(("currency", currency))
    if tariff is not None and not (math.isfinite(tariff) and 0 < tariff <= 100_000):
        problems.append(("tariff", tariff))
    if reports_per_year is not None and not 0 <= reports_per_year <= 1_000_000_000:
        problems.append(("reports_per_year", reports_per_year))
    if reporters is not None and not 1 <= reporters <= 1_000_000:
        problems.append(("reporters", reporters))
    if minutes is not None and not (math.isfinite(minutes) and 0 <= minutes <= 600):
        problems.append(("minutes", minutes))
    if problems:
        key, value = problems[0]
        raise IndberetError("argument", f"import.error.bad_{key}", {"value": str(value)}, lang=lang)


def _known_registers() -> frozenset[str]:
    from indberet.read.loading import load_blobs

    loaded = load_blobs([])
    catalogue = loaded.catalogue
    return frozenset(r.id for r in catalogue.registers) if catalogue is not None else frozenset()


def _yaml(imported: Imported, file: str, sheet: str | None, lang: str) -> str:
    from indberet.i18n import message
    from indberet.render.requirement_yaml import requirement_set

    where = f"{file} ({sheet})" if sheet else file
    header = [message(key, lang, file=where) for key in _HEADER_KEYS]
    comments = {key: message(words, lang) for key, words in imported.comments.items()}
    return requirement_set(imported.data, header=header, comments=comments)


def _check_valid(written: str, data: Mapping[str, Any], set_id: str, lang: str) -> None:
    """The written set reads back as ``data`` and validates; else :class:`IndberetError`."""
    import yaml

    from indberet.diagnostics import Severity
    from indberet.read.loading import load_blobs

    display = f"{set_id}.yaml"
    result = load_blobs([(display, written.encode("utf-8"))])
    problems = [d for d in result.diagnostics if d.severity is not Severity.WARNING]
    if result.catalogue is None or problems:
        params = {"count": len(problems)}
        raise IndberetError("definitions", "import.error.invalid", params, problems, lang=lang)
    if yaml.safe_load(written) != data:  # pragma: no cover - a bug in the writer
        raise AssertionError("the YAML written does not read back as the set")


def _language(lang: str) -> str:
    from indberet.i18n import LANGUAGES

    if lang not in LANGUAGES:
        params = {"value": lang, "choices": ", ".join(LANGUAGES)}
        raise IndberetError("argument", "api.bad_lang", params)
    return lang


# --- init ---------------------------------------------------------------------------------


class InitResult(_Frozen):
    """What :func:`init_catalogue` did: ``written`` and ``kept`` (files that were there
    and were left as they were), as paths relative to ``folder``; ``source``, where the
    workflow installs indberet from (None: from the repository variable named
    ``source_variable``)."""

    __slots__ = ("folder", "kept", "source", "written")

    source_variable: Final = "INDBERET_SOURCE"

    def __init__(
        self, folder: str, written: tuple[str, ...], kept: tuple[str, ...], source: str | None
    ) -> None:
        self.folder: Final = folder
        self.written: Final = written
        self.kept: Final = kept
        self.source: Final = source

    def __repr__(self) -> str:
        counts = f"written={len(self.written)}, kept={len(self.kept)}"
        return f"InitResult(folder={self.folder!r}, {counts})"


def init_catalogue(
    folder: PathArg,
    *,
    force: bool = False,
    source: str | None = None,
    lang: str = "en",
) -> InitResult:
    """Scaffold a catalogue repository in ``folder`` (made when missing): an illustrative
    requirement set and register catalogue, a profile (a copy of the default), an
    ``indberet.toml``, a ``.pre-commit-config.yaml`` and a GitHub Actions workflow.

    A folder that holds anything is refused unless ``force``; even then, no file that is
    there is overwritten (it is named in ``kept``). ``source``: how CI installs indberet
    (a pip requirement such as ``git+https://github.com/ORG/indberet@COMMIT``); default:
    where this copy was installed from, when pip recorded it.
    """
    from indberet.core.scaffold import scaffold_files
    from indberet.run.output import write_new

    language = _language(lang)
    target = os.fspath(folder)
    if os.path.exists(target) and not os.path.isdir(target):
        raise IndberetError("argument", "init.error.not_folder", {"path": target}, lang=language)
    if os.path.isdir(target) and os.listdir(target) and not force:
        raise IndberetError(
            "argument",
            "init.error.not_empty",
            {"path": target},
            lang=language,
            hint="init.error.not_empty.hint",
        )
    chosen = source or installed_from()
    files = scaffold_files(_default_profile(), chosen, language)
    written: list[str] = []
    kept: list[str] = []
    try:
        for relative, content in files:
            path = os.path.join(target, relative)
            if os.path.lexists(path):
                kept.append(relative)
                continue
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            if write_new(path, content.encode("utf-8")):
                written.append(relative)
            else:
                kept.append(relative)
    except OSError as error:
        params = {"path": target, "reason": error.strerror or str(error)}
        raise IndberetError("argument", "init.error.write", params, lang=language) from None
    return InitResult(target, tuple(written), tuple(kept), chosen)


def _default_profile() -> str:
    from importlib import resources

    return resources.files("indberet.profiles").joinpath("default.yaml").read_text("utf-8")


def installed_from() -> str | None:
    """Where pip installed this copy of indberet from, as a pip requirement, when that
    can be installed elsewhere (a git repository at a commit, or an archive's address);
    None for a copy from a local folder."""
    import json
    from importlib import metadata

    try:
        recorded = metadata.distribution("indberet").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not recorded:
        return None
    try:
        direct = json.loads(recorded)
    except ValueError:
        return None
    url = direct.get("url") if isinstance(direct, dict) else None
    if not isinstance(url, str) or url.startswith("file:"):
        return None
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict):
        commit = vcs.get("commit_id")
        if vcs.get("vcs") == "git" and isinstance(commit, str):
            return f"git+{url}@{commit}"
        return None
    return url
