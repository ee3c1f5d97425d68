"""Type stubs of mentionmap: what editors complete and type checkers check."""

import datetime
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union, overload

__version__: str

_Path = Union[str, "os.PathLike[str]"]
_Paths = Union[_Path, Sequence[_Path], None]
_Codes = Union[str, Sequence[str], None]
_Bbox = Union[str, Tuple[float, float, float, float], Sequence[float], None]
_Date = Union[str, datetime.date, None]
Document = Union[
    str,
    Tuple[Any, str],
    Tuple[Any, str, _Date],
    Tuple[Any, str, _Date, Optional[str]],
]

class MentionmapError(ValueError):
    """A gazetteer, counts or input that mentionmap cannot use, with its file and line."""

    path: Optional[str]
    line: Optional[int]

class Mention:
    """One occurrence of a name in one document (a line of mentions.jsonl)."""

    @property
    def doc(self) -> str: ...
    @property
    def start_byte(self) -> int: ...
    @property
    def end_byte(self) -> int: ...
    @property
    def start_char(self) -> int: ...
    @property
    def end_char(self) -> int: ...
    @property
    def surface(self) -> str: ...
    @property
    def entity_id(self) -> Optional[str]: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def lon(self) -> Optional[float]: ...
    @property
    def lat(self) -> Optional[float]: ...
    @property
    def country_code(self) -> Optional[str]: ...
    @property
    def feature_code(self) -> Optional[str]: ...
    @property
    def alias(self) -> Optional[str]: ...
    @property
    def confidence(self) -> float: ...
    @property
    def method(self) -> str: ...
    @property
    def ambiguous(self) -> bool: ...
    @property
    def evidence(self) -> str: ...
    @property
    def candidates(self) -> List[Dict[str, Any]]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

class ScanIterator(Iterator[Tuple[str, List[Mention]]]):
    """What Scanner.scan_many returns: (doc_id, mentions) per document, in input order."""

    def __iter__(self) -> "ScanIterator": ...
    def __next__(self) -> Tuple[str, List[Mention]]: ...

class Counts:
    """Mentions, documents and spellings per entity; `+` merges exactly."""

    def __init__(self) -> None: ...
    @staticmethod
    def load(path: _Path) -> "Counts": ...
    @staticmethod
    def from_json(text: str) -> "Counts": ...
    def to_json(self) -> str: ...
    @property
    def documents(self) -> int: ...
    @property
    def gazetteer(self) -> str: ...
    def entities(self, kind: Optional[str] = None) -> List[Dict[str, Any]]: ...
    def places(self) -> List[Dict[str, Any]]: ...
    def spellings(self, by: str = "month", country: _Codes = None) -> List[Dict[str, Any]]: ...
    def contested(
        self, by: str = "month", country: _Codes = None, min_outlet_mentions: int = 5
    ) -> List[Dict[str, Any]]: ...
    def to_geojson(self, layer_name: str = "mentionmap places") -> Dict[str, Any]: ...
    def to_pandas(self) -> Any: ...
    def to_geopandas(self) -> Any: ...
    def __add__(self, other: "Counts") -> "Counts": ...
    def __radd__(self, other: int) -> "Counts": ...
    def __iadd__(self, other: "Counts") -> "Counts": ...
    def __eq__(self, other: object) -> bool: ...
    def __len__(self) -> int: ...

class Scanner:
    """Finds and resolves names in text: the scanner of `mentionmap scan`."""

    def __init__(
        self,
        gazetteer: _Paths = None,
        extend: _Paths = None,
        country: _Codes = None,
        bbox: _Bbox = None,
        fuzzy: bool = True,
        variants: bool = True,
        skip_bad_rows: bool = False,
    ) -> None: ...
    def scan(self, text: str, doc_id: Optional[str] = None) -> List[Mention]: ...
    def scan_many(self, documents: Iterable[Document], threads: Optional[int] = None) -> ScanIterator: ...
    def count(self, documents: Iterable[Document], threads: Optional[int] = None) -> Counts: ...
    @property
    def checksum(self) -> str: ...

class Resolver:
    """Resolves bare names to entities, as `mentionmap resolve`."""

    def __init__(
        self,
        gazetteer: _Paths = None,
        extend: _Paths = None,
        fuzzy: bool = True,
        variants: bool = True,
        skip_bad_rows: bool = False,
    ) -> None: ...
    @overload
    def resolve(
        self,
        names: str,
        kind: _Codes = None,
        country: _Codes = None,
        bbox: _Bbox = None,
        min_score: float = 0.0,
    ) -> Dict[str, Any]: ...
    @overload
    def resolve(
        self,
        names: Iterable[Optional[str]],
        kind: _Codes = None,
        country: _Codes = None,
        bbox: _Bbox = None,
        min_score: float = 0.0,
    ) -> List[Dict[str, Any]]: ...

@overload
def resolve(
    names: str,
    kind: _Codes = None,
    country: _Codes = None,
    bbox: _Bbox = None,
    min_score: float = 0.0,
) -> Dict[str, Any]: ...
@overload
def resolve(
    names: Iterable[Optional[str]],
    kind: _Codes = None,
    country: _Codes = None,
    bbox: _Bbox = None,
    min_score: float = 0.0,
) -> List[Dict[str, Any]]: ...
def shared_scanner(
    *,
    gazetteer: _Paths = None,
    extend: _Paths = None,
    country: _Codes = None,
    bbox: _Bbox = None,
    fuzzy: bool = True,
    variants: bool = True,
    skip_bad_rows: bool = False,
) -> Scanner: ...
