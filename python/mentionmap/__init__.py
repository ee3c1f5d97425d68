"""Find place and person names in news, reconcile their spellings, count mentions for maps.

The scanner, the counts and the resolver of the ``mentionmap`` command-line tool, compiled
from its Rust library, with the same results. The gazetteer is embedded.

>>> import mentionmap
>>> scanner = mentionmap.Scanner()
>>> [(m.surface, m.name) for m in scanner.scan("Talks in Xankəndi, then Stepanakert.")]
[('Xankəndi', 'Stepanakert'), ('Stepanakert', 'Stepanakert')]
>>> mentionmap.resolve("Mnatskanyan")["name"]
'Zohrab Mnatsakanyan'

- ``Scanner``: ``scan(text)`` gives a list of ``Mention``; ``scan_many(documents,
  threads=None)`` streams ``(doc_id, mentions)`` in input order on every core;
  ``count(documents)`` gives ``Counts``.
- ``Counts``: ``+`` merges (as ``mentionmap merge``), ``places()``, ``to_geojson()``,
  ``to_pandas()``, ``to_geopandas()``, ``to_json()`` and ``Counts.load(path)``;
  ``spellings()`` and ``contested()``, the rows of ``audit --spellings`` (who writes which
  name of a place, by outlet and period).
- ``resolve(names)`` and ``Resolver``: bare names (a column) to entities, as
  ``mentionmap resolve``.
- ``MentionmapError``: a bad gazetteer, counts file or input, with its file and line.
"""

import threading

from ._mentionmap import (
    Counts,
    Mention,
    MentionmapError,
    Resolver,
    ScanIterator,
    Scanner,
    __version__,
)

__all__ = [
    "Counts",
    "Mention",
    "MentionmapError",
    "Resolver",
    "ScanIterator",
    "Scanner",
    "__version__",
    "resolve",
    "shared_scanner",
]

_lock = threading.Lock()
_default_resolver = None
_scanners = {}


def resolve(names, kind=None, country=None, bbox=None, min_score=0.0):
    """Resolves a name (a str: one dict) or many (an iterable: a list of dicts) with the
    embedded gazetteer, as ``mentionmap resolve`` does; see ``Resolver.resolve`` for the keys.
    The resolver is built on the first call (under a second) and kept.

    >>> import mentionmap
    >>> row = mentionmap.resolve("Xankəndi", kind="place")
    >>> row["name"], row["country_code"], row["longitude"], row["latitude"]
    ('Stepanakert', 'AZ', 46.7528, 39.8177)

    On a pandas column, pass the whole column (each distinct name is resolved once):

    >>> [r["entity_id"] for r in mentionmap.resolve(["Baku", "Baku", "Gyumri"])]
    ['gn:587084', 'gn:587084', 'gn:616635']
    """
    global _default_resolver
    with _lock:
        if _default_resolver is None:
            _default_resolver = Resolver()
        resolver = _default_resolver
    return resolver.resolve(names, kind=kind, country=country, bbox=bbox, min_score=min_score)


def _frozen(value):
    """A hashable form of an option value (lists become tuples)."""
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def shared_scanner(**options):
    """The one ``Scanner`` of this process for these options (those of ``Scanner``), built on
    the first call and returned by every later one: for code that runs many times in one
    process, such as a Spark ``mapPartitions`` function or a multiprocessing worker, so the
    gazetteer is loaded once per process, not once per task.

    >>> import mentionmap
    >>> mentionmap.shared_scanner(country="AZ") is mentionmap.shared_scanner(country="AZ")
    True
    """
    key = tuple(sorted((name, _frozen(value)) for name, value in options.items()))
    with _lock:
        scanner = _scanners.get(key)
        if scanner is None:
            scanner = _scanners[key] = Scanner(**options)
        return scanner
