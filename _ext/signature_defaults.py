"""API signatures show a default that is a named constant by its value as written.

With ``autodoc_preserve_defaults`` a signature shows its defaults as the code
writes them: ``gamma_g=GAMMA_GAS`` rather than ``gamma_g=1.6666666666666667``.
The reader wants the number: this replaces a default that names a module-level
crlib constant defined by a literal fraction or number (``GAMMA_GAS = 5.0 /
3.0``) by that literal, tidied (``gamma_g=5/3``).  Constants defined any other
way keep their name.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path


def _literal(node) -> str | None:
    """'5/3' for ``5.0 / 3.0``, '2' for ``2.0``; None for anything else."""
    def number(n):
        if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)) and not isinstance(n.value, bool):
            return f"{n.value:g}"
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        a, b = number(node.left), number(node.right)
        return f"{a}/{b}" if a and b else None
    return number(node)


def constants(package: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    ambiguous: set[str] = set()
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                name, text = stmt.targets[0].id, _literal(stmt.value)
                if name.isupper() and text is not None:
                    if found.get(name, text) != text:
                        ambiguous.add(name)   # one name, two values: keep the name
                    found.setdefault(name, text)
    return {name: text for name, text in found.items() if name not in ambiguous}


def setup(app):
    table = constants(Path(app.confdir) / "crlib")
    pattern = re.compile(r"=\s*(?:[\w.]+\.)?(" + "|".join(map(re.escape, sorted(table, key=len, reverse=True))) + r")\b") if table else None

    def substitute(app, what, name, obj, options, signature, return_annotation):
        if signature and pattern is not None:
            signature = pattern.sub(lambda m: "=" + table[m.group(1)], signature)
        return signature, return_annotation

    app.connect("autodoc-process-signature", substitute)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
