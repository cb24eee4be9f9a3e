"""Build the offline copy for training rooms without internet: `python tools/offline.py [ZIP]`.

It builds from mkdocs-offline.yml (which inherits mkdocs.yml) into a scratch
folder and zips the result, so `site/` and the online URLs are never touched.
Unzip anywhere and open index.html: links and search work from file://.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = "mkdocs-offline.yml"
DEFAULT_ZIP = ROOT / "dist" / "client-breach-offline.zip"
# Everything sits under one folder in the zip, so unzipping never scatters files.
FOLDER = "client-breach-handbook"


def build_site(site_dir: Path, project: Path = ROOT) -> None:
    """A strict build of the offline configuration; any warning stops it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(project / CONFIG), "-d", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the offline build failed:\n{result.stdout}\n{result.stderr}")


def zip_site(site_dir: Path, zip_path: Path) -> Path:
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(site_dir.rglob("*")):
            if file.is_file():
                archive.write(file, f"{FOLDER}/{file.relative_to(site_dir).as_posix()}")
    partial.replace(zip_path)  # only a finished zip ever carries the real name
    return zip_path


def build_offline(zip_path: Path = DEFAULT_ZIP, project: Path = ROOT) -> Path:
    """Build the offline site and zip it; returns the zip's path."""
    with tempfile.TemporaryDirectory(prefix="offline-") as scratch:
        site_dir = Path(scratch) / "site"
        build_site(site_dir, project)
        return zip_site(site_dir, zip_path)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else DEFAULT_ZIP
    try:
        path = build_offline(target)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Offline copy: {path} ({path.stat().st_size // 1024} KiB). Unzip it and open {FOLDER}/index.html.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
