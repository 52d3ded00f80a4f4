#!/usr/bin/env python3
"""Writes N different briefs into a directory, for timing batch builds.

    python3 bench/make-briefs.py 1000 /tmp/briefs
    brief build /tmp/briefs -o /tmp/out

Each brief is one of the example briefs with its own title, its sections in
a different order and its first section's text cut at a different place,
so that no two are alike. The logos the examples use are copied beside.
"""

import pathlib
import random
import shutil
import sys


def main() -> None:
    count, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    here = pathlib.Path(__file__).resolve().parent.parent / "briefs"
    out.mkdir(parents=True, exist_ok=True)
    for asset in here.iterdir():
        if asset.suffix in (".png", ".jpg", ".svg"):
            shutil.copy(asset, out / asset.name)
    examples = sorted(p.read_text() for p in here.glob("*.toml"))
    rng = random.Random(2026)
    for i in range(count):
        src = examples[i % len(examples)]
        start, end = src.index("[[section]]"), src.index("[contact]")
        sections = ["[[section]]" + s for s in src[start:end].split("[[section]]") if s.strip()]
        rng.shuffle(sections)
        src = src[:start] + "".join(sections) + src[end:]
        src = src.replace('title = "', f'title = "{i + 1}. ', 1)
        (out / f"brief-{i + 1:04}.toml").write_text(src)


if __name__ == "__main__":
    main()
