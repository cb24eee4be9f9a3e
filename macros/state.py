"""The checked site data of the build in progress, shared by the macros and the MkDocs hooks."""

from __future__ import annotations

from .load import Site
from .swap import Stash

_current: Site | None = None
stash = Stash()
# Messages from macros called with an unknown id, raised by the hooks without a traceback.
macro_errors: list[str] = []


def remember(site: Site) -> None:
    global _current
    _current = site


def current() -> Site:
    """The data loaded for this build; the macros plugin loads it in on_config, before any page."""
    if _current is None:
        raise RuntimeError("site data is not loaded yet: the macros plugin must run before the hooks")
    return _current
