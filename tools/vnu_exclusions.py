"""The one list of Nu HTML checker errors the site accepts, each tied to the exact markup and the reason it stays."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Exclusion:
    """An accepted error: both patterns must match, so a new error of the same kind elsewhere still fails."""

    message: str  # regular expression searched in the checker's message
    extract: str  # regular expression searched in the checker's extract of the offending markup
    reason: str

    def matches(self, finding: dict) -> bool:
        """Whether a finding from `vnu --format json` is this accepted error."""
        return bool(re.search(self.message, finding.get("message", "")) and re.search(self.extract, finding.get("extract", "")))


EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion(
        message=r"^Attribute “autocomplete” is only allowed when the input type is",
        extract=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">',
        reason=(
            'Material\'s base.html writes autocomplete="off" on its drawer and search toggle checkboxes, outside any '
            "template block. Firefox needs it so a page reached with Back does not reopen the menu or search. "
            "Removing it means copying all of base.html, which names Material's hashed CSS and JS files and would "
            "break the site silently on the next Material upgrade."
        ),
    ),
)


def accepted(finding: dict) -> Exclusion | None:
    """The exclusion that covers a finding, if any."""
    return next((e for e in EXCLUSIONS if e.matches(finding)), None)
