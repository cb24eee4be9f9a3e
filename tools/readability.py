"""Reading-grade figures for the how-to pages (Flesch-Kincaid grade and Flesch reading ease). Prints only."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.markdown_scan import lines, split_front_matter, unlink

PAGES = sorted((ROOT / "docs" / "respond").glob("*.md")) + [ROOT / "docs" / "index.md", ROOT / "docs" / "is-it-a-breach.md"]


def prose(markdown: str) -> str:
    """The readable words of a page: no front matter, code, links' targets, markup or headings."""
    _, body = split_front_matter(markdown)
    text = "\n".join(unlink(line.text) for line in lines(body) if not line.code)
    text = re.sub(r"^(#+|!!!|\?\?\?|\s*[-*]\s\[[ x]\]|\s*[-*]|\s*\d+\.|>)\s*", "", text, flags=re.M)
    text = re.sub(r"[*_`{}|]", " ", text)
    return text


def syllables(word: str) -> int:
    word = word.lower().strip(".,;:!?\"'()")
    if not word:
        return 0
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and len(groups) > 1 and not word.endswith("le") else 0)
    return max(1, count)


def scores(text: str) -> tuple[float, float, int]:
    sentences = [s for s in re.split(r"[.!?:]+\s|\n\s*\n|\n", text) if re.search(r"[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if not words or not sentences:
        return 0.0, 0.0, 0
    wps = len(words) / len(sentences)
    spw = sum(syllables(w) for w in words) / len(words)
    grade = 0.39 * wps + 11.8 * spw - 15.59
    ease = 206.835 - 1.015 * wps - 84.6 * spw
    return grade, ease, len(words)


def main() -> int:
    print(f"{'page':<32} {'words':>6} {'FK grade':>9} {'ease':>6}")
    grades = []
    for page in PAGES:
        grade, ease, words = scores(prose(page.read_text(encoding="utf-8")))
        grades.append(grade)
        print(f"{str(page.relative_to(ROOT / 'docs')):<32} {words:>6} {grade:>9.1f} {ease:>6.1f}")
    print(f"{'mean':<32} {'':>6} {sum(grades) / len(grades):>9.1f}")
    print("Aim: grade 8-10 or lower (plain language a busy coach reads at a glance).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
