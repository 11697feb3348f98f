"""Count what a reader of each chapter sees of its code: folded and visible cells.

Usage: ``python scripts/count_code.py [NOTEBOOK ...]`` (default: every
``notebooks/*.ipynb``); ``--json`` for machine-readable output.

For every notebook: code cells, how many are folded (tag ``hide-input``,
``hide-cell`` or ``remove-input``/``remove-cell``), the code lines a reader sees
unfolded, the longest visible line, the image outputs without alt text
(``mystnb.image.alt`` or ``mystnb.figure.alt`` — a caption is not alt text; a
plain ``plt.show()`` figure has none), and the ``proved: …`` lines printed by
the cells with their longest length.  A total row follows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDED = {"hide-input", "hide-cell", "remove-input", "remove-cell"}
IMAGE_MIMES = ("image/png", "image/svg+xml", "image/jpeg")


def count(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    row = {"notebook": path.name, "code_cells": 0, "folded_cells": 0, "visible_cells": 0,
           "visible_lines": 0, "longest_visible_line": 0, "images": 0,
           "images_without_alt": 0, "proved_lines": 0, "longest_proved_line": 0}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        row["code_cells"] += 1
        tags = set(cell.get("metadata", {}).get("tags", []))
        source = "".join(cell["source"])
        lines = [line for line in source.splitlines() if line.strip()]
        if tags & FOLDED:
            row["folded_cells"] += 1
        else:
            row["visible_cells"] += 1
            row["visible_lines"] += len(lines)
            row["longest_visible_line"] = max([row["longest_visible_line"], *map(len, lines)])
        mystnb = cell.get("metadata", {}).get("mystnb", {})
        alt = (mystnb.get("image", {}) or {}).get("alt") or (mystnb.get("figure", {}) or {}).get("alt")
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if any(m in data for m in IMAGE_MIMES):
                row["images"] += 1
                if not alt:
                    row["images_without_alt"] += 1
            text = "".join(output.get("text", "")) if output.get("output_type") == "stream" else ""
            for line in text.splitlines():
                if line.startswith("proved:"):
                    row["proved_lines"] += 1
                    row["longest_proved_line"] = max(row["longest_proved_line"], len(line))
    return row


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    paths = [Path(a) for a in argv if a != "--json"] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows = [count(p) for p in paths]
    total = {"notebook": "total"}
    for key in rows[0]:
        if key == "notebook":
            continue
        values = [r[key] for r in rows]
        total[key] = max(values) if key.startswith("longest") else sum(values)
    rows.append(total)
    if as_json:
        print(json.dumps(rows, indent=1))
        return 0
    header = ["notebook", "code_cells", "folded_cells", "visible_cells", "visible_lines",
              "longest_visible_line", "images", "images_without_alt", "proved_lines",
              "longest_proved_line"]
    short = ["notebook", "cells", "folded", "visible", "vis.lines", "longest", "images",
             "no alt", "proved", "longest"]
    width = max(len(r["notebook"]) for r in rows)
    print(f"{short[0]:<{width}} " + " ".join(f"{h:>9}" for h in short[1:]))
    for r in rows:
        print(f"{r['notebook']:<{width}} " + " ".join(f"{r[h]:>9}" for h in header[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
