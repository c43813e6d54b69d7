"""Per-document facts and caches in one typed place (after pytest's Stash).

Analysis and rules compute some facts about a document on first use and keep
them for the other rules: the raw cells in text order, the closing
signature, the prose claims, whether a table sum failed.  Each is stored in
``Document.stash`` under a :class:`StashKey` defined beside the code that
computes it, so a fact has one owner, one type and no string to mistype,
and ``Document.meta`` keeps only what the reader learned about the file.

    RAW_ENTRIES = StashKey[list]("raw_entries")
    cached = doc.stash.get(RAW_ENTRIES, None)
    doc.stash[RAW_ENTRIES] = entries
"""
from __future__ import annotations

from typing import Generic, TypeVar, Union

T = TypeVar("T")
D = TypeVar("D")


class StashKey(Generic[T]):
    """A key of :class:`Stash`; ``T`` is the type of its value.  Keys compare
    by identity: two keys with the same name are two facts."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<StashKey {self.name}>"


class Stash:
    """A mapping from :class:`StashKey` to values of the key's type."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[StashKey, object] = {}

    def __setitem__(self, key: StashKey[T], value: T) -> None:
        self._values[key] = value

    def __getitem__(self, key: StashKey[T]) -> T:
        return self._values[key]  # type: ignore[return-value]

    def get(self, key: StashKey[T], default: D) -> Union[T, D]:
        return self._values.get(key, default)  # type: ignore[return-value]

    def setdefault(self, key: StashKey[T], default: T) -> T:
        return self._values.setdefault(key, default)  # type: ignore[return-value]

    def __delitem__(self, key: StashKey[T]) -> None:
        del self._values[key]

    def __contains__(self, key: StashKey) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)
