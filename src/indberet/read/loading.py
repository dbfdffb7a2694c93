"""Load requirement definitions from files and directories into the model.

``load`` returns a :class:`LoadResult`: a :class:`Catalogue` when every file is valid,
and every diagnostic found in every file either way, so that one run reports all problems.
Nothing here prints.

This module reads, one file after another, and knows nothing of caches or processes:
:mod:`indberet.run.reading` loads the same way with the parse cache and a second process,
from the pieces here (:func:`found_files`, :func:`read_document`, :func:`parse_source`,
:func:`model_of`, :func:`load_documents`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from importlib import resources
from itertools import chain, repeat
from pathlib import Path
from typing import Any, Final, TypeVar

from indberet.diagnostics import Diagnostic, Location, Severity
from indberet.gcpause import no_cyclic_gc
from indberet.i18n import text
from indberet.model import (
    Catalogue,
    Code,
    CodeList,
    Condition,
    Exemption,
    Field,
    LoadResult,
    RecordKind,
    Register,
    RequirementSet,
    Source,
    Use,
)
from indberet.read import schema
from indberet.read.fastyaml import parse_fast
from indberet.read.yamlsource import MAX_FILE_BYTES, Document, decode, parse

YAML_SUFFIXES: Final = (".yaml", ".yml")
# The lists whose items' places a reading does not keep: the codes of a code list are most
# of a large catalogue's list items (the 98 municipalities in a field of every set), and
# building the model asks none of their places; one asked for is read again.
UNMARKED: Final = frozenset({"codes"})
# A folder holding this file is a catalogue of its own: searching a folder above it passes
# over it (with a note), so that, say, examples/ and examples/real/ are audited apart.
CATALOGUE_MARK: Final = "indberet.toml"
BUILTIN_REGISTERS: Final = "<indberet>/registers.yaml"

V = TypeVar("V")
W = TypeVar("W")


class Shared:
    """Equal immutable values met while loading one catalogue, kept once.

    A national catalogue repeats itself: the 98 municipalities stand in thousands of
    fields, and the reader makes new strings and lists for every one. The model keeps the
    first of equal code lists, codes and names (strings, tuples of strings and records
    without a place, all compared by value), so that 5,000 equal lists are one object. One
    table per load: it holds nothing after.
    """

    __slots__ = ("_made", "_values")

    def __init__(self) -> None:
        self._values: dict[object, object] = {}
        self._made: dict[tuple[object, ...], object] = {}

    def __call__(self, value: V) -> V:
        """``value``, or the equal value met before (of the same type)."""
        found = self._values.setdefault(value, value)
        return found if type(found) is type(value) else value

    def made(self, key: tuple[object, ...], make: Callable[[], W]) -> W:
        """What ``make()`` gives, made once for equal ``key`` (a tuple of texts and
        Nones, tagged by its first item: the keys of different makers never meet)."""
        found = self._made.get(key, self._made)
        if found is self._made:
            found = self._made[key] = make()
        return found  # type: ignore[return-value]

    def texts(self, items: Sequence[str]) -> tuple[str, ...]:
        """``self(tuple(self(item) for item in items))``: the items are kept one by one
        only when no equal list was met before (then they all were, with it)."""
        values = tuple(items)
        found = self._values.get(values)
        if type(found) is tuple:
            return found
        return self(tuple([self(item) for item in values]))


def collect_files(paths: Iterable[str]) -> tuple[list[str], list[Diagnostic]]:
    """The YAML files named by ``paths``: files as given, directories searched recursively."""
    files: list[str] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    folders: dict[str, str] = {}  # a folder as named -> its real path

    def add(candidate: str) -> None:
        # realpath(folder)/name is realpath(candidate) when the name is no symbolic link:
        # each folder resolved once, not each of its (thousands of) files component by
        # component (0.09 s for 1,000 files, most of listing them).
        folder, name = os.path.split(candidate)
        if name in ("", ".", "..") or os.path.islink(candidate):
            real = os.path.realpath(candidate)
        else:
            real_folder = folders.get(folder)
            if real_folder is None:
                real_folder = folders[folder] = os.path.realpath(folder or os.curdir)
            real = os.path.join(real_folder, name)
        if real not in seen:
            seen.add(real)
            files.append(candidate)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, passed_over = _walk(raw)
            problems.extend(
                Diagnostic(
                    "IND009",
                    "input.own_catalogue",
                    Location(folder),
                    {"mark": CATALOGUE_MARK, "folder": folder},
                    Severity.WARNING,
                )
                for folder in passed_over
            )
            if not found:
                problems.append(
                    Diagnostic("IND006", "input.no_files", Location(raw), {}, Severity.INPUT)
                )
            for item in found:
                add(item)
        elif path.exists():
            add(raw)
        else:
            problems.append(
                Diagnostic("IND001", "input.missing", Location(raw), {}, Severity.INPUT)
            )
    return files, problems


def _walk(top: str) -> tuple[list[str], list[str]]:
    """YAML files under ``top``, sorted, following symlinks but never around a loop; and
    the folders passed over because they are catalogues of their own (``CATALOGUE_MARK``).
    """
    visited: set[str] = set()
    found: list[str] = []
    passed_over: list[str] = []
    for root, dirs, names in os.walk(top, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            if os.path.isfile(os.path.join(root, name, CATALOGUE_MARK)):
                passed_over.append(os.path.join(root, name))
            else:
                kept.append(name)
        dirs[:] = kept
        found.extend(
            os.path.join(root, name)
            for name in sorted(names)
            if name.endswith(YAML_SUFFIXES) and not name.startswith(".")
        )
    return sorted(found), passed_over


Reading = tuple[Document | None, list[Diagnostic]]
"""What reading one file gave: its document if it could be parsed, and its problems."""


def found_files(paths: Sequence[str]) -> tuple[list[str], list[Diagnostic], frozenset[str]]:
    """The files to load (:func:`collect_files`), the problems finding them, and those of
    the files that were found by searching a folder rather than named."""
    files, diagnostics = collect_files(paths)
    named = {os.path.realpath(p) for p in paths if not os.path.isdir(p)}
    if not named:  # folders only: every file was found in one (no path resolved per file)
        return files, diagnostics, frozenset(files)
    walked = frozenset(f for f in files if os.path.realpath(f) not in named)
    return files, diagnostics, walked


def read_document(
    path: str,
    *,
    walked: frozenset[str] = frozenset(),
    parse: Callable[[str, bytes], Reading] | None = None,
) -> Reading:
    """Read, decode and parse one file; ``parse(path, raw)`` instead of :func:`parse_bytes`
    when given (the parse cache's).

    A file found by searching a folder (in ``walked``) that has no top-level ``indberet:``
    key is not an indberet file (a workflow, mkdocs.yml): it is passed over with a note.
    """
    raw, problem = read_bytes(path)
    if raw is None:
        return None, [problem] if problem else []
    if path in walked and is_other_file(raw):
        return None, [not_indberet(path)]
    return (parse or parse_bytes)(path, raw)


# Every indberet file starts its top level with the format version, ``indberet: 1``.
_MARK: Final = re.compile(rb"""^(?:\xef\xbb\xbf)?["']?indberet["']?[ \t]*:""", re.MULTILINE)
NOT_INDBERET: Final = "IND019"


def is_indberet_file(raw: bytes) -> bool:
    """Whether a file's bytes have the top-level ``indberet:`` key of every indberet file."""
    return _MARK.search(raw) is not None


def is_other_file(raw: bytes) -> bool:
    """Whether a file found by searching a folder is another tool's YAML, passed over with a
    note (IND019); an empty or binary file is not: it is reported as such."""
    return bool(raw.strip()) and b"\0" not in raw[:8192] and not is_indberet_file(raw)


def not_indberet(path: str) -> Diagnostic:
    """The note for a file, found by searching a folder, that is not an indberet file."""
    return Diagnostic(NOT_INDBERET, "input.not_indberet", Location(path), {}, Severity.WARNING)


def read_bytes(path: str) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of the file at ``path``, or why they cannot be read (IND007, IND002)."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            limits = {"size": size // 2**20, "limit": MAX_FILE_BYTES // 2**20}
            return None, Diagnostic(
                "IND007", "input.too_large", Location(path), limits, Severity.INPUT
            )
        with open(path, "rb") as handle:
            return handle.read(), None
    except OSError as error:
        reason = {"reason": error.strerror or str(error)}
        return None, Diagnostic(
            "IND002", "input.unreadable", Location(path), reason, Severity.INPUT
        )


Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each file is read."""


def load(
    paths: Sequence[str],
    *,
    builtin_registers: bool = True,
    progress: Progress | None = None,
) -> LoadResult:
    """Load every requirement set and register catalogue under ``paths``, one file after
    another (:func:`indberet.run.reading.load` gives the same result with the parse cache
    and a second process)."""
    files, diagnostics, walked = found_files(paths)
    parsed: list[Reading] = []
    with no_cyclic_gc():
        for path in files:
            parsed.append(read_document(path, walked=walked))
            if progress is not None:
                progress(len(parsed), len(files))
        return load_documents(files, parsed, diagnostics, builtin_registers=builtin_registers)


def load_blobs(
    blobs: Sequence[tuple[str, bytes]],
    *,
    builtin_registers: bool = True,
) -> LoadResult:
    """Load definitions given as (display path, content) pairs, e.g. read from git.

    As for files found in a folder, content without the top-level ``indberet:`` key is
    passed over with a note.
    """
    parsed = [
        parse_bytes(path, raw) if is_indberet_file(raw) else (None, [not_indberet(path)])
        for path, raw in blobs
    ]
    return load_documents(
        [path for path, _ in blobs], parsed, [], builtin_registers=builtin_registers
    )


def parse_bytes(path: str, raw: bytes) -> Reading:
    """Decode and parse the content of one file (:func:`parse_source`)."""
    source, problem = decode(path, raw)
    if problem is not None or source is None:
        return None, [problem] if problem else []
    return parse_source(path, source)


def parse_source(path: str, source: str) -> Reading:
    """Parse the decoded content of one file.

    The fast reader is tried first; it defers to the precise one for anything it cannot
    be sure of, and the document reads its source again with marks should a place be
    needed that the fast reader did not record, so the outcome is the precise reader's.
    A valid document is checked against the schema of its kind here already: its
    ``valid_as`` is set then (and only then may a cache keep it).
    """
    document = parse_fast(path, source, UNMARKED)
    if document is None:
        document, problems = parse(path, source)
        if document is None or problems:
            return document, problems
        document = document.thinned(source, UNMARKED)
    kind = schema.kind_of(document.data)
    if schema.is_valid_fast(document.data, kind):
        document.valid_as = kind
    return document, []


def load_documents(
    files: Sequence[str],
    parsed: Sequence[Reading],
    diagnostics: list[Diagnostic],
    *,
    builtin_registers: bool = True,
    built: Mapping[int, Built] | None = None,
    shared: Shared | None = None,
    check_references: bool = True,
) -> LoadResult:
    """Validate parsed documents, build the model and check references across them (not
    with ``check_references`` False: some documents of a catalogue known to be sound).

    ``built`` holds models already built from some of the clean readings, by position;
    ``shared`` is the table of equal values they were built with (:class:`Shared`).
    """
    shared = shared if shared is not None else Shared()
    sets: list[RequirementSet] = []
    documents: list[Document] = []
    registers: list[Register] = []
    mappings: list[str] = []
    ready = built or {}
    for position, (document, problems) in enumerate(parsed):
        diagnostics.extend(problems)
        if document is None:
            continue
        kind = schema.kind_of(document.data)
        if document.valid_as == kind and not problems:
            schema_problems: list[Diagnostic] = []
        else:
            reported = {d.location for d in problems}
            schema_problems = [
                d for d in schema.validate(document, kind) if d.location not in reported
            ]
        diagnostics.extend(schema_problems)
        if problems or schema_problems:
            continue
        if kind == "statbank-mapping":
            mappings.append(document.path)
        model = ready.get(position)
        if model is None:
            model = _build(document, kind, shared)
        if isinstance(model, list):
            registers.extend(model)
        else:
            new_set, set_problems = model
            sets.append(new_set)
            documents.append(document)
            diagnostics.extend(set_problems)
    diagnostics[:] = _one_note_for_files_passed_over(diagnostics)
    diagnostics.extend(_duplicate_ids(sets, "IND031", "ref.duplicate_set"))
    diagnostics.extend(_duplicate_ids(registers, "IND032", "ref.duplicate_register"))
    if builtin_registers:
        own = {r.id for r in registers}
        registers = [r for r in _builtin_registers() if r.id not in own] + registers
    if check_references:
        diagnostics.extend(_check_references(sets, documents, registers))
    diagnostics.sort(key=Diagnostic.sort_key)
    result = LoadResult(None, diagnostics, list(files), mappings)
    if not result.has_errors:
        result.catalogue = Catalogue(tuple(sets), tuple(registers), tuple(files))
    return result


def _one_note_for_files_passed_over(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics, with the notes of files that are not indberet files made one."""
    passed = [d for d in diagnostics if d.code == NOT_INDBERET]
    if len(passed) <= 1:
        return diagnostics
    names = [d.location.path for d in passed]
    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    note = Diagnostic(
        NOT_INDBERET,
        "input.not_indberet_many",
        passed[0].location,
        {"count": len(names), "files": shown},
        Severity.WARNING,
    )
    return [d for d in diagnostics if d.code != NOT_INDBERET] + [note]


# The model of one valid document: a register catalogue's registers, or a requirement set
# and the problems found building it.
Built = list[Register] | tuple[RequirementSet, list[Diagnostic]]


def model_of(reading: Reading, shared: Shared | None = None) -> Built | None:
    """The model of a clean reading whose document was found valid as its kind, else
    None: :func:`load_documents` builds the rest, after checking them (give it the same
    ``shared`` table, so that equal values of all files are kept once). The document
    lets its data go once built (:func:`_build`)."""
    document, problems = reading
    if document is None or problems:
        return None
    kind = schema.kind_of(document.data)
    if document.valid_as != kind:
        return None
    return _build(document, kind, shared if shared is not None else Shared())


def _build(document: Document, kind: str, shared: Shared) -> Built:
    """The model of a valid ``document`` of ``kind``; the document then lets its data go
    (:meth:`Document.let_go`): the model holds what it said, and while the rest of a
    catalogue is read only places are asked of it."""
    if kind == "statbank-mapping":
        built: Built = []  # usage evidence for --usage, found among the definitions
    elif kind == "registers":
        built = _registers(document)
    else:
        built = _requirement_set(document, shared)
    document.let_go()
    return built


def _builtin_registers() -> list[Register]:
    source = resources.files("indberet.data").joinpath("registers.yaml").read_text("utf-8")
    document, problems = parse(BUILTIN_REGISTERS, source)
    assert document is not None and not problems, problems
    return _registers(document)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _registers(document: Document) -> list[Register]:
    return [
        Register(
            id=item["id"],
            name=item["name"],
            owner=_text(item.get("owner")),
            description=_text(item.get("description")),
            url=_text(item.get("url")),
            holds=tuple(item.get("holds", ())),
            location=document.location(("registers", index)),
        )
        for index, item in enumerate(document.data["registers"])
    ]


def _minutes(value: Any) -> tuple[float, float]:
    if isinstance(value, list):
        return float(value[0]), float(value[1])
    return float(value), float(value)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _codes(items: Sequence[Any], shared: Shared) -> tuple[tuple[str, ...], tuple[Code, ...]]:
    """The code values, and the codes with labels and dates when any is given so; equal
    lists and codes kept once (``shared``)."""
    if not items:
        return (), ()
    if all(map(isinstance, items, repeat(str))):
        return shared.texts(items), ()
    # A list of codes with labels (the 98 municipalities) is made once per catalogue, by
    # what its entries say: the schema admits only text in an entry (code, label, dates),
    # so equal keys are equal entries (no 1 == 1.0 == True between types). A list of
    # mappings only, the common case, is keyed by how many keys each entry has, and all
    # their keys and values in order, without a tuple made for each entry.
    if all(map(isinstance, items, repeat(dict))):
        key: tuple[object, ...] = (
            "labelled",
            tuple(map(len, items)),
            tuple(chain.from_iterable(items)),
            tuple(chain.from_iterable(map(dict.values, items))),
        )
    else:
        key = ("codes", *[item if type(item) is str else tuple(item.items()) for item in items])
    return shared.made(key, lambda: _code_entries(items, shared))


def _code_entries(items: Sequence[Any], shared: Shared) -> tuple[tuple[str, ...], tuple[Code, ...]]:
    """The codes of a list not met before; each entry made once per catalogue too (lists
    that differ in a few entries, or a version's dates, share the rest)."""
    values = shared(
        tuple(shared(item if isinstance(item, str) else item["code"]) for item in items)
    )
    entries = tuple(
        shared.made(
            ("code", item if type(item) is str else tuple(item.items())),
            partial(_code_entry, item, shared),
        )
        for item in items
    )
    return values, shared(entries)


def _code_entry(item: Any, shared: Shared) -> Code:
    if isinstance(item, str):
        return shared(Code(shared(item)))
    return shared(
        Code(
            shared(item["code"]),
            _text(item.get("label")),
            _date(item.get("valid_from")),
            _date(item.get("valid_until")),
        )
    )


def _sources(items: Sequence[Any]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The references of ``derivable_from``, and their shares when any is given."""
    refs = tuple(item if isinstance(item, str) else item["source"] for item in items)
    if all(isinstance(item, str) or "share" not in item for item in items):
        return refs, ()
    shares = tuple(
        1.0 if isinstance(item, str) else float(item.get("share", 1.0)) for item in items
    )
    return refs, shares


def _condition(value: Any) -> Condition | None:
    if not isinstance(value, dict):
        return None
    return Condition(value["field"], tuple(value.get("values", ())))


def _code_list(value: Any) -> CodeList | None:
    if not isinstance(value, dict):
        return None
    version = value.get("version")
    return CodeList(_text(value.get("name")), _text(version), _date(value.get("valid_from")))


def _requirement_set(
    document: Document, shared: Shared | None = None
) -> tuple[RequirementSet, list[Diagnostic]]:
    shared = shared if shared is not None else Shared()
    data = document.data
    set_id: str = data["id"]
    set_mandate = _text(data.get("mandated_by"))
    assumed_for_all = tuple(data.get("assumed", ()))
    context = (set_id, set_mandate, assumed_for_all, tuple(dict.fromkeys(assumed_for_all)))
    fields: list[Field] = []
    problems: list[Diagnostic] = []
    first_index: dict[str, int] = {}
    marks = document.known_marks
    path = document.path
    for index, item in enumerate(data["fields"]):
        known = marks.get(("fields", index))  # the place, with no call when it is known
        place = (
            Location(path, known[0], known[1])
            if known is not None
            else document.location(("fields", index))
        )
        field_id: str = item["id"]
        if field_id in first_index:
            first_line = document.location(("fields", first_index[field_id], "id")).line
            problems.append(
                Diagnostic(
                    "IND030",
                    "ref.duplicate_field",
                    document.location(("fields", index, "id")),
                    {"id": field_id, "set": set_id, "first_line": first_line},
                )
            )
        else:
            first_index[field_id] = index
        low, high = _minutes(item["minutes"])
        if low > high:
            problems.append(
                Diagnostic(
                    "IND036",
                    "ref.minutes_order",
                    document.location(("fields", index, "minutes")),
                    {"low": item["minutes"][0], "high": item["minutes"][1]},
                )
            )
        fields.append(_field(item, index, document, place, (low, high), context, shared))
    records = tuple(
        RecordKind(
            id=entry["id"],
            name=entry["name"],
            per_report=float(entry["per_report"]) if "per_report" in entry else None,
            reports_per_year=(
                float(entry["reports_per_year"]) if "reports_per_year" in entry else None
            ),
            description=_text(entry.get("description")),
        )
        for entry in data.get("records", ())
    )
    currency: str = data.get("currency", "DKK")
    tariff = data.get("tariff", data.get("tariff_dkk"))
    requirement_set = RequirementSet(
        id=set_id,
        name=data["name"],
        reports_per_year=int(data["reports_per_year"]),
        fields=tuple(fields),
        description=_text(data.get("description")),
        receiver=_text(data.get("receiver")),
        legal_basis=_text(data.get("legal_basis")),
        reporters=data.get("reporters"),
        tariff_dkk=float(tariff) if tariff is not None else None,
        source=_text(data.get("source")),
        illustrative=bool(data.get("illustrative", False)),
        currency=currency,
        reporters_called=_text(data.get("reporters_called")),
        subject=_text(data.get("subject")),
        mandated_by=set_mandate,
        uses_researched=data.get("uses_researched"),
        sources=tuple(
            Source(e["id"], e["title"], _text(e.get("url")), _date(e.get("accessed")))
            for e in data.get("sources", ())
        ),
        assumed=tuple(data.get("assumed", ())),
        records=records,
        location=document.location(("id",)),
    )
    problems.extend(_set_consistency(requirement_set, document))
    return requirement_set, problems


# The keys of a field that _field reads, but for the few nearly every field gives.
_SELDOM_GIVEN: Final = frozenset(
    {
        "derivable_from",
        "exemptions",
        "assumed",
        "mandated_by",
        "record",
        "subject",
        "role",
        "source",
        "values_per_report",
        "registered_in",
        "asked_when",
        "multiple",
        "code_list",
        "uses_researched",
    }
)


def _field(
    item: Mapping[str, Any],
    index: int,
    document: Document,
    place: Location,
    minutes: tuple[float, float],
    context: tuple[str, str | None, tuple[str, ...], tuple[str, ...]],
    shared: Shared,
) -> Field:
    """The field of the set's ``fields[index]``; ``context`` is the set's id, the law that
    names all its fields and the keys assumed in all of them (as given, and each once). A
    key not given costs one look-up: most fields give few of the keys a field may have."""
    set_id, set_mandate, assumed_for_all, assumed_once = context
    get = item.get
    given_codes = get("codes")
    codes, code_entries = _codes(given_codes, shared) if given_codes else ((), ())
    if _SELDOM_GIVEN.isdisjoint(item):
        # The common field: none of the keys below but the few read here (the same Field).
        description = get("description")
        uses = get("used_by")
        return Field(
            id=item["id"],
            name=shared(item["name"]),
            set_id=set_id,
            minutes=minutes,
            description=description if isinstance(description, str) else None,
            aspect=get("aspect", "substance"),
            type=get("type") or ("code" if given_codes else None),
            codes=codes,
            applies_to=float(get("applies_to", 1.0)),
            mandated_by=set_mandate,
            used_by=_uses(uses, index, document) if uses else (),
            code_entries=code_entries,
            assumed=assumed_once,
            location=place,
        )
    sources = get("derivable_from")
    derivable_from, shares = _sources(sources) if sources else ((), ())
    uses = get("used_by")
    exemptions = get("exemptions")
    assumed = get("assumed")
    description = get("description")
    mandated_by = get("mandated_by")
    record = get("record")
    subject = get("subject")
    role = get("role")
    source = get("source")
    values_per_report = get("values_per_report")
    return Field(
        id=item["id"],
        name=shared(item["name"]),
        set_id=set_id,
        minutes=minutes,
        description=description if isinstance(description, str) else None,
        aspect=get("aspect", "substance"),
        type=get("type") or ("code" if given_codes else None),
        codes=codes,
        applies_to=float(get("applies_to", 1.0)),
        mandated_by=(mandated_by if isinstance(mandated_by, str) else None) or set_mandate,
        registered_in=tuple(get("registered_in", ())),
        derivable_from=derivable_from,
        derivable_shares=shares,
        used_by=_uses(uses, index, document) if uses else (),
        exemptions=(
            tuple(
                Exemption(
                    rule=entry["rule"],
                    reason=entry["reason"],
                    owner=entry["owner"],
                    expires=dt.date.fromisoformat(entry["expires"]),
                    location=document.location(("fields", index, "exemptions", n)),
                )
                for n, entry in enumerate(exemptions)
            )
            if exemptions
            else ()
        ),
        record=record if isinstance(record, str) else None,
        subject=subject if isinstance(subject, str) else None,
        role=role if isinstance(role, str) else None,
        asked_when=_condition(get("asked_when")),
        multiple=bool(get("multiple", False)),
        values_per_report=float(values_per_report) if values_per_report is not None else None,
        code_entries=code_entries,
        code_list=_code_list(get("code_list")),
        source=source if isinstance(source, str) else None,
        assumed=(tuple(dict.fromkeys((*assumed_for_all, *assumed))) if assumed else assumed_once),
        uses_researched=get("uses_researched"),
        location=place,
    )


def _uses(items: Sequence[Any], index: int, document: Document) -> tuple[Use, ...]:
    """The uses of ``fields[index]``, each with its place."""
    marks = document.known_marks
    path = document.path
    uses: list[Use] = []
    for n, use in enumerate(items):
        known = marks.get(("fields", index, "used_by", n))  # as for the field
        uses.append(
            _use(
                use,
                Location(path, known[0], known[1])
                if known is not None
                else document.location(("fields", index, "used_by", n)),
            )
        )
    return tuple(uses)


def _set_consistency(requirement_set: RequirementSet, document: Document) -> list[Diagnostic]:
    """Problems within one set the schema cannot see: records, conditions, money."""
    problems: list[Diagnostic] = []
    data = document.data
    set_id = requirement_set.id
    if requirement_set.currency != "DKK" and "tariff_dkk" in data:
        problems.append(
            Diagnostic(
                "IND039",
                "ref.tariff_dkk_currency",
                document.location(("tariff_dkk",)),
                {"currency": requirement_set.currency},
            )
        )
    if requirement_set.currency != "DKK" and requirement_set.tariff_dkk is None:
        problems.append(
            Diagnostic(
                "IND039",
                "ref.tariff_missing",
                document.location(("currency",)),
                {"currency": requirement_set.currency},
            )
        )
    record_ids = [r.id for r in requirement_set.records]
    for n, record_id in enumerate(record_ids):
        if record_id in record_ids[:n]:
            problems.append(
                Diagnostic(
                    "IND037",
                    "ref.duplicate_record",
                    document.location(("records", n, "id")),
                    {"id": record_id, "set": set_id},
                )
            )
    own = [f.id for f in requirement_set.fields]
    for index, item in enumerate(requirement_set.fields):
        if item.record is not None and item.record not in record_ids:
            problems.append(
                _unknown(
                    "IND037",
                    "ref.unknown_record",
                    document.location(("fields", index, "record")),
                    item.record,
                    record_ids,
                    set_id,
                )
            )
        gate = item.asked_when
        # Places are looked up only for problems: finding one may read the file again.
        if gate is not None and (gate.field == item.id or gate.field not in own):
            place = document.location(("fields", index, "asked_when", "field"))
            if gate.field == item.id:
                problems.append(Diagnostic("IND038", "ref.asked_when_self", place, {"id": item.id}))
            else:
                problems.append(
                    _unknown(
                        "IND038",
                        "ref.unknown_gate",
                        place,
                        gate.field,
                        [f for f in own if f != item.id],
                        set_id,
                    )
                )
    return problems


def _use(item: dict[str, Any], location: Location) -> Use:
    get = item.get
    last_used = get("last_used")
    product = get("product")
    return Use(  # by position (consumer, kind, product, last_used, uses_per_year, location)
        item["consumer"],
        item["kind"],
        product if isinstance(product, str) else None,
        dt.date.fromisoformat(last_used) if last_used else None,
        float(item["uses_per_year"]) if "uses_per_year" in item else None,
        location,
    )


def _duplicate_ids(
    items: Sequence[RequirementSet | Register], code: str, key: str
) -> list[Diagnostic]:
    """A diagnostic for every item whose id an earlier item already has."""
    first: dict[str, Location] = {}
    problems: list[Diagnostic] = []
    for item in items:
        assert item.location is not None
        if item.id in first:
            params = {"id": item.id, "first": str(first[item.id])}
            problems.append(Diagnostic(code, key, item.location, params))
        else:
            first[item.id] = item.location
    return problems


def _check_references(
    sets: list[RequirementSet], documents: list[Document], registers: list[Register]
) -> list[Diagnostic]:
    register_ids = sorted({r.id for r in registers})
    known_registers = frozenset(register_ids)
    qualified = {f.qualified_id for s in sets for f in s.fields}
    problems: list[Diagnostic] = []
    for requirement_set, document in zip(sets, documents, strict=True):
        own = {f.id for f in requirement_set.fields}
        for index, item in enumerate(requirement_set.fields):
            # Places are looked up only for problems: most documents never need them.
            for n, register_id in enumerate(item.registered_in):
                if register_id not in known_registers:
                    problems.append(
                        _unknown(
                            "IND034",
                            "ref.unknown_register",
                            document.location(("fields", index, "registered_in", n)),
                            register_id,
                            register_ids,
                            requirement_set.id,
                        )
                    )
            for n, source in enumerate(item.derivable_from):
                if source == item.id:
                    place = document.location(("fields", index, "derivable_from", n))
                    problems.append(Diagnostic("IND035", "ref.self", place, {"id": source}))
                elif not (source in own or source in known_registers or source in qualified):
                    candidates = sorted(own - {item.id}) + register_ids + sorted(qualified)
                    problems.append(
                        _unknown(
                            "IND033",
                            "ref.unknown_source",
                            document.location(("fields", index, "derivable_from", n)),
                            source,
                            candidates,
                            requirement_set.id,
                        )
                    )
    return problems


def _unknown(
    code: str, key: str, place: Location, name: str, candidates: list[str], set_id: str
) -> Diagnostic:
    suggestion = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    known = ", ".join(candidates[:12]) + (", ..." if len(candidates) > 12 else "")
    hint = (
        text(key + ".hint", suggestion=suggestion[0], known=known)
        if suggestion
        else text(key + ".hint_list", known=known)
    )
    return Diagnostic(code, key, place, {"id": name, "set": set_id, "known": known}, hint=hint)
