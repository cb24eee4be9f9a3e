"""The checked data of one site: what every page is generated from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from . import model as m
from .source import Source
from .training_schedule import Training


@dataclass
class Site:
    """Everything the pages are generated from, already proven consistent."""

    root: Path
    tables: dict[str, m.DecisionModel] = field(default_factory=dict)
    # How many paths through each model the build verified, for the pages to quote.
    path_counts: dict[str, int] = field(default_factory=dict)
    scenarios: dict[str, m.Scenario] = field(default_factory=dict)
    perspectives: dict[str, m.Perspective] = field(default_factory=dict)
    standards: dict[str, m.Standard] = field(default_factory=dict)
    glossary: list[m.Term] = field(default_factory=list)
    training: Training | None = None
    # Registries and models ("tables/<id>") that failed to load or check; references into them are not
    # checked, to avoid a cascade of false errors.
    unreadable: set[str] = field(default_factory=set)
    # Every file that loaded, for checks that need the whole site first (links in data text).
    loaded: list[tuple[Source, BaseModel]] = field(default_factory=list, repr=False)

    def registry(self, name: str) -> dict | None:
        """A registry to check references against, or None when its own file is broken."""
        return None if name in self.unreadable else getattr(self, name)
