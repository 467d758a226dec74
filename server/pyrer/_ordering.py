"""`reverse_sort_key`: a wrapper that reverses the ordering of versions and ranges (as in rez)."""

from __future__ import annotations

from typing import Any


class _ReversedComparable:
    """Compares as the reverse of the wrapped value."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _ReversedComparable):
            return NotImplemented
        return self.value == other.value

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __lt__(self, other: "_ReversedComparable") -> bool:
        return self.value > other.value

    def __gt__(self, other: "_ReversedComparable") -> bool:
        return not (self < other or self == other)

    def __le__(self, other: "_ReversedComparable") -> bool:
        return self < other or self == other

    def __ge__(self, other: "_ReversedComparable") -> bool:
        return not self < other

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return "reverse(%r)" % (self.value,)

    __str__ = __repr__


def reverse_sort_key(comparable: Any) -> _ReversedComparable:
    """Key that sorts versions (or ranges) in descending order."""
    return _ReversedComparable(comparable)
