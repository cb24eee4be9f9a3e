"""Prove a restructure changed no output: build a git ref and the working tree, then diff the sites page by page.

    python tools/site_diff.py                 # main against the working tree
    python tools/site_diff.py --ref HEAD~1     # any ref
    python tools/site_diff.py OLD_SITE NEW_SITE  # two folders already built

Build dates are ignored: sitemap <lastmod> values (pages with no review date get the build day)
and the gzip header of sitemap.xml.gz. Everything else, search index included, must match byte for byte.
Exits 1 and lists every differing file when the sites differ.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)  # the gzip header carries the build time
    if path.name.startswith("sitemap.xml"):
        data = _LASTMOD.sub(b"<lastmod>-</lastmod>", data)
    return data


def diff_sites(old: Path, new: Path) -> list[str]:
    """Every difference between two built sites, one line per file (with a short text diff for text files)."""
    old_files = {p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_file()}
    new_files = {p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file()}
    problems = [f"only in old: {name}" for name in sorted(old_files - new_files)]
    problems += [f"only in new: {name}" for name in sorted(new_files - old_files)]
    for name in sorted(old_files & new_files):
        a, b = normalised(old / name), normalised(new / name)
        if a == b:
            continue
        problems.append(f"differs: {name}")
        if name.endswith((".html", ".xml", ".json", ".css", ".js", ".txt")):
            lines = difflib.unified_diff(
                a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines(), "old/" + name, "new/" + name, n=1, lineterm=""
            )
            problems += ["    " + line[:300] for line in list(lines)[:20]]
    return problems


def build(project: Path, site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q", "-d", str(site)], cwd=project, env=ENV, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def export(ref: str, where: Path) -> Path:
    """The committed tree at `ref`, unpacked into a scratch folder (no .git, no local files)."""
    archive = where / "ref.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), ref], cwd=ROOT, check=True)
    project = where / "ref"
    with tarfile.open(archive) as tar:
        tar.extractall(project, filter="data")
    return project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sites", nargs="*", type=Path, help="two built sites to compare instead of building")
    parser.add_argument("--ref", default="main", help="git ref to compare the working tree against (default: main)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.sites:
            if len(args.sites) != 2:
                parser.error("give two site folders, or none")
            old, new = args.sites
        else:
            old, new = Path(tmp) / "old-site", Path(tmp) / "new-site"
            build(export(args.ref, Path(tmp)), old)
            build(ROOT, new)
        problems = diff_sites(old, new)
        count = sum(1 for p in new.rglob("*") if p.is_file())
    if problems:
        print("\n".join(problems))
        print(f"sites differ: {sum(1 for p in problems if not p.startswith('    '))} of {count} files")
        return 1
    print(f"sites identical: {count} files (sitemap dates ignored)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
