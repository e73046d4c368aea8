"""Run one function on a thread of its own while the caller goes on, and collect what it gave.

For work that mostly waits outside Python (opening an on-disk store: pyoxigraph lets other
threads run meanwhile), started before imports the caller needs anyway.

>>> job = Background(lambda: 6 * 7)
>>> job.result()
42
>>> Background(lambda: 1 / 0).result()
Traceback (most recent call last):
...
ZeroDivisionError: division by zero
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Background:
    """``fn()`` on a daemon thread; ``result()`` waits for it and returns (or raises) what it did."""

    def __init__(self, fn: Callable[[], object]):
        self._value: object = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn,), daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[[], object]) -> None:
        try:
            self._value = fn()
        except BaseException as e:  # handed to the caller by result()
            self._error = e

    def wait(self) -> None:
        """Wait for it, whatever it did."""
        self._thread.join()

    def result(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value
