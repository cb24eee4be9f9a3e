"""Keep generated HTML away from the Markdown parser: hide it behind markers, swap it back after conversion.

Python-Markdown re-parses every raw HTML block (and MkDocs parses it again for anchors), which
made generated pages several times slower to build than plain ones. The HTML is already final.
"""

from __future__ import annotations

import re
import secrets

from .errors import DataError, Problem

_HTML_CHUNK = re.compile(r"\s*(<!--|<[A-Za-z][A-Za-z0-9-]*[\s/>])")
_ID = re.compile(r'\sid="([^"]+)"')


class MisplacedBlock(DataError):
    about = "with where a page calls its macros"


class Stash:
    """Generated HTML blocks per page, between the macro call and the converted page."""

    def __init__(self) -> None:
        self._blocks: dict[str, list[str]] = {}
        # A key per build, so a page cannot write a marker that pulls a block in where it likes.
        self._key = secrets.token_hex(8)
        # A marker is swapped back only where it stands alone on its line: inside an attribute or
        # a sentence, generated HTML would change the meaning of the markup around it.
        self._marker = re.compile(rf"^([ \t]*)<!--generated-block-{self._key}-(\d+)-->[ \t]*$", re.MULTILINE)
        self._anywhere = f"<!--generated-block-{self._key}-"

    def hide(self, page: str, text: str) -> str:
        """Replace each blank-line-separated HTML chunk with a marker; Markdown chunks stay."""
        blocks = self._blocks.setdefault(page, [])
        out = []
        for chunk in str(text).split("\n\n"):
            if _HTML_CHUNK.match(chunk):
                blocks.append(chunk)
                out.append(f"<!--generated-block-{self._key}-{len(blocks) - 1}-->")
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
            if not self._marker.search(restored):
                break
            restored = self._marker.sub(lambda m: m.group(1) + blocks[int(m.group(2))], restored)
        else:
            raise MisplacedBlock([Problem(f"docs/{page}", 0, "", "generated blocks nest too deeply to restore")])
        if self._anywhere in restored:
            raise MisplacedBlock(
                [
                    Problem(
                        f"docs/{page}",
                        0,
                        "",
                        "a macro's output would land inside an HTML tag or a sentence; put each macro call on a line of its own, with blank lines around it",
                    )
                ]
            )
        return restored, {i for block in blocks for i in _ID.findall(block)}
