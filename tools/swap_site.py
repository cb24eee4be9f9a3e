"""Put a freshly built site in place of the old one by rename, so site/ is never half-written or missing.

On Linux the two folders are exchanged in one step (renameat2 with RENAME_EXCHANGE): at every
moment site/ is either the whole old site or the whole new one. Elsewhere the fallback is two
renames, leaving site/ absent for an instant but never half-deleted.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def swap(new: Path, dest: Path) -> None:
    """Make `new` the content of `dest`; the old content is removed only after the swap."""
    new, dest = Path(new), Path(dest)
    if not (new / "index.html").is_file():
        raise SystemExit(f"{new} holds no index.html; not swapping an incomplete build in")
    old = dest.with_name(dest.name + ".old")
    shutil.rmtree(old, ignore_errors=True)  # left over from an interrupted earlier swap
    if dest.exists() and _exchange(new, dest):
        shutil.rmtree(new)  # now holds the old site
        return
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":
    swap(Path(sys.argv[1]), Path(sys.argv[2]))
