"""Near-duplicate pairs remembered in the parse cache: the costliest step of an audit.

An entry is named by a hash of the hash of every candidate's text and the threshold, and
of the measures searched, and holds the pairs as plain (first, second, score, basis) rows;
it is written and read by :class:`~indberet.run.cache.ParseCache` like any other entry
(sealed, checked, atomic). The parse cache itself knows nothing of pairs: this module
brings the two together, above both.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any, Final

from indberet import __version__
from indberet.core import similarity
from indberet.core.similarity import Candidate, Pair
from indberet.run.cache import FORMAT, ParseCache

_MARSHAL_VERSION: Final = 4
# For data that is only hashed: version 2 shares no repeated objects, which for 100,000
# candidates of distinct texts costs half the time (0.2 s) and saves nothing.
_HASHED_MARSHAL_VERSION: Final = 2


def searcher_in(
    cache: ParseCache,
) -> Callable[[Sequence[Candidate], float], similarity.Search]:
    """:func:`similarity.searcher`, each search remembered in ``cache`` for the same
    candidates.

    An entry is named by a hash of every candidate's key, set, name, description, codes,
    block, part and core, the threshold, the measures searched, and the source of the similarity
    module: the pairs are a function of exactly these. The candidates are hashed
    once, when first searched (or the hash is handed over with them from the process that
    made them, :meth:`similarity.Search.handover`); each search adds its measures.
    """

    def searcher(items: Sequence[Candidate], threshold: float) -> similarity.Search:
        return _RememberedSearch(cache, items, threshold)

    return searcher


def remembered_pairs(
    cache: ParseCache,
    items: Sequence[Candidate],
    threshold: float,
    *,
    measures: Sequence[str] = similarity.MEASURES,
) -> list[Pair]:
    """The search's links (:func:`similarity.links`), remembered in ``cache`` for the same
    candidates."""
    return searcher_in(cache)(items, threshold)(measures)


class _RememberedSearch(similarity.Search):
    """A :class:`similarity.Search` whose pairs are remembered in a parse cache."""

    def __init__(self, cache: ParseCache, items: Sequence[Candidate], threshold: float) -> None:
        super().__init__(items, threshold)
        self.cache = cache
        self._hashed: bytes | None = None  # of the candidates: made when first searched

    def _candidates(self) -> bytes:
        """The hash of the threshold and every candidate (made once, or handed over)."""
        if self._hashed is None:
            content = marshal.dumps(
                (
                    self.threshold,
                    [
                        (
                            i.key,
                            i.group,
                            i.name,
                            i.description,
                            i.codes,
                            i.block,
                            i.part,
                            _core(i),
                            i.opposing,
                        )
                        for i in similarity.listed(self.items)
                    ],
                ),
                _HASHED_MARSHAL_VERSION,
            )
            self._hashed = hashlib.sha256(content).digest()
        return self._hashed

    def handover(self) -> Any:
        """The candidates' rows and their hash (see :meth:`similarity.Search.handover`)."""
        return (super().handover(), self._candidates())

    def take_over(self, made: object) -> bool:
        if not (isinstance(made, tuple) and len(made) == 2 and type(made[1]) is bytes):
            return False
        rows, hashed = made
        if not super().take_over(rows):
            return False
        if self._hashed is None:
            self._hashed = hashed
        return True

    def __call__(self, measures: Sequence[str], only: Sequence[int] | None = None) -> list[Pair]:
        named = hashlib.sha256(self._candidates())
        searched = tuple(measures) if only is None else (tuple(measures), tuple(only))
        named.update(marshal.dumps(searched, _MARSHAL_VERSION))
        digest = named.hexdigest()
        entry = self.cache._entry(digest, purpose="near-duplicates", salt=_pairs_fingerprint())
        stored = self.cache.read_entry(entry, digest, similarity.pairs_from_rows)
        if stored is not None:
            return stored
        pairs = super().__call__(measures, only)
        self.cache.write_entry(entry, digest, similarity.as_rows(pairs))
        return pairs


_cores: dict[frozenset[str], tuple[str, ...]] = {}


def _core(item: Candidate) -> tuple[str, ...] | None:
    """The candidate's core in an order that does not change between processes (a set's
    does); the cores of one name are one set, sorted once."""
    core = item.core
    if core is None:
        return None
    found = _cores.get(core)
    if found is None:
        if len(_cores) > 1 << 16:
            _cores.clear()
        found = _cores[core] = tuple(sorted(core))
    return found


@functools.cache
def _pairs_fingerprint() -> str:
    """A hash of what decides the near-duplicate pairs besides the candidates."""
    digest = hashlib.sha256(f"indberet {__version__} pairs format {FORMAT}\n".encode())
    source = resources.files("indberet").joinpath("core/similarity.py")
    if source.is_file():
        digest.update(source.read_bytes())
    return digest.hexdigest()
