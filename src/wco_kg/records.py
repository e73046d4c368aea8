"""A record class: fields in ``__slots__``, compared and shown by them, as ``@dataclass`` makes them.

Without ``dataclasses``: with the ``inspect`` it imports, it took about 8 ms of a cold
``wco-kg query``, whose engine path builds ``Result``, ``Token`` and ``QueryText`` records.

>>> class Point(Record):
...     __slots__ = ("x", "y")
...     def __init__(self, x, y):
...         self.x, self.y = x, y
>>> Point(1, 2), Point(1, 2) == Point(1, 2), Point(1, 2) == Point(1, 3)
(Point(x=1, y=2), True, False)
"""

from __future__ import annotations


class Record:
    """Equal to a record of the same class with equal fields (``_fields``: every slot); shown
    with every slot but those in ``_unshown``; no hash (records are mutable)."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]
    #: Slots left out of the ``repr``.
    _unshown: tuple[str, ...] = ()

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__ if n not in self._unshown)
        return f"{type(self).__name__}({shown})"
