"""Fail when domain or service code commits or rolls back: transactions belong to entrypoints."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "balise"
GUARDED = ("domain", "services")
FORBIDDEN_CALLS = {"commit", "rollback", "begin"}


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.relative_to(ROOT.parent.parent)}:{node.lineno}: .{node.func.attr}() "
        "— services receive an open unit of work and never end it"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in FORBIDDEN_CALLS
    ]


def main() -> int:
    found = [
        line
        for area in GUARDED
        for path in sorted((ROOT / area).rglob("*.py"))
        for line in offences(path)
    ]
    sys.stderr.writelines(f"{line}\n" for line in found)
    sys.stdout.write(f"transaction ownership: {len(found)} offence(s)\n")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
