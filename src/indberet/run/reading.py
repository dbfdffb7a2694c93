"""Loading with the parse cache and a second process: :func:`load`.

The same result as :func:`indberet.read.loading.load`, which reads one file after another
and knows nothing of either: here a file read (and found valid) before is taken from the
parse cache, and large inputs are read on two processors (:func:`indberet.run.parallel.
read_all`). The model of each clean reading is built as soon as it is here, while the
other process still reads.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from indberet.diagnostics import Diagnostic
from indberet.gcpause import no_cyclic_gc
from indberet.model import LoadResult
from indberet.read import loading
from indberet.read.known import Known
from indberet.read.loading import Built, Progress, Reading
from indberet.read.yamlsource import Document, decode
from indberet.run.cache import ParseCache
from indberet.run.parallel import read_all


def load(
    paths: Sequence[str],
    *,
    builtin_registers: bool = True,
    cache: ParseCache | None = None,
    progress: Progress | None = None,
    parallel: bool | None = None,
    known: Known | None = None,
    check_references: bool = True,
) -> LoadResult:
    """Load every requirement set and register catalogue under ``paths``.

    With a ``cache``, files read (and found valid) before are taken from it. Large inputs
    are read on two processors (:mod:`indberet.run.parallel`; ``parallel`` forces it on or
    off); the result is the same. Each clean reading and its model are kept in ``known``
    when given, for another reading of the same text to take. ``check_references``: as
    :func:`indberet.read.loading.load_documents` takes it.
    """
    files, diagnostics, walked = loading.found_files(paths)

    def report(done: int) -> None:
        if progress is not None:
            progress(done, len(files))

    built: dict[int, Built] = {}
    shared = loading.Shared()  # equal code lists and names of all files kept once

    def build_early(index: int, reading: Reading) -> None:
        # A clean reading's model is built as soon as it is read (while the other process
        # of a parallel read still reads); load_documents takes it from here.
        model = loading.model_of(reading, shared)
        if model is not None:
            built[index] = model
            if known is not None:
                known.remember(files[index], reading, model)

    parse = functools.partial(parse_bytes, cache=cache) if cache is not None else None
    with no_cyclic_gc():
        parsed = read_all(
            files,
            functools.partial(loading.read_document, walked=walked, parse=parse),
            known=(
                functools.partial(cached_document, cache=cache)
                if cache and cache.holds_entries()
                else None
            ),
            progress=report,
            parallel=parallel,
            early=build_early,
        )
        return loading.load_documents(
            files,
            parsed,
            diagnostics,
            builtin_registers=builtin_registers,
            built=built,
            shared=shared,
            check_references=check_references,
        )


def parse_bytes(path: str, raw: bytes, *, cache: ParseCache) -> Reading:
    """:func:`indberet.read.loading.parse_bytes`, from the cache when it holds the content;
    a valid reading is stored in it."""
    source, problem = decode(path, raw)
    if problem is not None or source is None:
        return None, [problem] if problem else []
    digest = cache.digest(raw)
    cached = cache.get(path, digest, source)
    if cached is not None:
        return cached, []
    document, problems = loading.parse_source(path, source)
    if document is not None and document.valid_as is not None:
        cache.put(digest, document)
    return document, problems


def cached_document(path: str, *, cache: ParseCache) -> tuple[Document, list[Diagnostic]] | None:
    """The parse cache's reading of the file at ``path``, if it holds one; else None."""
    raw, _ = loading.read_bytes(path)
    if raw is None:
        return None
    source, problem = decode(path, raw)
    if problem is not None or source is None:
        return None
    document = cache.get(path, cache.digest(raw), source)
    return (document, []) if document is not None else None
