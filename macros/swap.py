"""Keep generated HTML away from the Markdown parser: hide it behind markers, swap it back after conversion.

Python-Markdown re-parses every raw HTML block (and MkDocs parses it again for anchors), which
made generated pages several times slower to build than plain ones. The HTML is already final.
"""

from __future__ import annotations

import re

_HTML_CHUNK = re.compile(r"\s*(<!--|<[A-Za-z][A-Za-z0-9-]*[\s/>])")
_MARKER = re.compile(r"<!--generated-block-(\d+)-->")
_ID = re.compile(r'\sid="([^"]+)"')


class Stash:
    """Generated HTML blocks per page, between the macro call and the converted page."""

    def __init__(self) -> None:
        self._blocks: dict[str, list[str]] = {}

    def hide(self, page: str, text: str) -> str:
        """Replace each blank-line-separated HTML chunk with a marker; Markdown chunks stay."""
        blocks = self._blocks.setdefault(page, [])
        out = []
        for chunk in str(text).split("\n\n"):
            if _HTML_CHUNK.match(chunk):
                blocks.append(chunk)
                out.append(f"<!--generated-block-{len(blocks) - 1}-->")
            else:
                out.append(chunk)
        return "\n\n".join(out)

    def restore(self, page: str, html: str) -> tuple[str, set[str]]:
        """Put the hidden HTML back; also return its element ids, for MkDocs' anchor validation."""
        blocks = self._blocks.pop(page, [])
        if not blocks:
            return html, set()
        restored = html
        # A macro that renders other pages (the handbook) hides blocks that hold markers themselves.
        for _ in range(4):
            if not _MARKER.search(restored):
                break
            restored = _MARKER.sub(lambda m: blocks[int(m.group(1))], restored)
        else:
            raise ValueError(f"{page}: generated blocks nest too deeply to restore")
        return restored, {i for block in blocks for i in _ID.findall(block)}
