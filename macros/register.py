"""`make register`: add every address the current build publishes to data/registry.yml.

Run it after adding pages, scenarios, short links or sections, and after merging a branch
that does. It builds the site into a scratch folder (the same strict build as `make build`),
reads what that build published, and adds what is new; existing entries are never dropped.

`make register PRUNE=1` (`--prune`) also drops registered addresses the build no longer
publishes. Only for addresses that were never public (e.g. a heading renamed before the
site first went live); once an address has been in an email, declare a redirect instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import DataError
from .publish import MANIFEST_ENV
from .registry import REGISTRY_FILE, load_links, registry_text

ROOT = Path(__file__).resolve().parent.parent


def build_manifest(root: Path) -> tuple[dict | None, str]:
    """Build the site into a scratch folder and return what it published, with the build's output."""
    with tempfile.TemporaryDirectory(prefix="register-") as scratch:
        manifest = Path(scratch) / "published.json"
        env = {**os.environ, MANIFEST_ENV: str(manifest), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(root / "mkdocs.yml"), "-d", str(Path(scratch) / "site")],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )
        output = result.stdout + result.stderr
        if not manifest.is_file():
            return None, output
        return json.loads(manifest.read_text(encoding="utf-8")), output


def register(root: Path = ROOT, prune: bool = False) -> int:
    try:
        registry, links, _ = load_links(root)
    except DataError as error:  # a broken registry or links file: say where, as the build would
        print(error, file=sys.stderr)
        return 1
    found, output = build_manifest(root)
    if found is None:
        print(output, file=sys.stderr)
        print("The build failed before it could list its addresses; fix the problem above and run `make register` again.", file=sys.stderr)
        return 1
    pages, sections = set(registry.pages), set(registry.sections)
    redirected = {r.from_ for r in links.redirects}
    dropped: list[str] = []
    if prune:
        keep = set(found["pages"]) | set(found["sections"]) | redirected
        dropped = sorted((pages | sections) - keep)
        pages, sections = pages & keep, sections & keep
    added = sorted((set(found["pages"]) - pages) | (set(found["sections"]) - sections))
    pages |= set(found["pages"])
    sections |= set(found["sections"])
    (root / REGISTRY_FILE).write_text(registry_text(sorted(pages), sorted(sections)), encoding="utf-8")
    for address in added:
        print(f"added   {address}")
    for address in dropped:
        print(f"dropped {address}")
    print(f"{REGISTRY_FILE.as_posix()}: {len(pages)} pages, {len(sections)} sections ({len(added)} added, {len(dropped)} dropped)")
    if found["broken"] and not prune:
        print(output, file=sys.stderr)
        print(
            "Some registered addresses no longer resolve (above): add the redirects it names, or run `make register PRUNE=1` "
            "if those addresses were never published.",
            file=sys.stderr,
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    unknown = [a for a in args if a != "--prune"]
    if unknown:
        print(f"unknown option {unknown[0]}; usage: python -m macros.register [--prune]", file=sys.stderr)
        return 2
    return register(ROOT, prune="--prune" in args)


if __name__ == "__main__":
    sys.exit(main())
