"""The PySide6 desktop client. The only package that imports Qt."""

from __future__ import annotations

import sys

if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
    import ctypes

    # PySide6 6.12 hands back None and True without taking a reference (Signal.emit, every
    # void method), which is harmless where they are immortal (CPython 3.12+) but on 3.11
    # frees them after a few thousand calls and aborts the app. Pin them as 3.12 does.
    for _singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40
    del _singleton
