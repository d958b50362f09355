"""Layer rules that CI enforces: Qt only in the UI, SQLite and SQL only in the store."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cuesheet"
SQL = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|"
    r"SAVEPOINT|ATTACH|VACUUM)\b",
    re.IGNORECASE,
)
WIDGET_MODULES = ("PySide6", "shiboken6")


def _modules(outside: str) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if outside not in p.relative_to(PACKAGE).parts]


def _imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _is_sql(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return False
    return bool(SQL.match(node.value) and re.search(r"\b(FROM|INTO|TABLE|SET)\b|[=;]", node.value, re.I))


def sql_outside_store(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body and isinstance(node.body[0], ast.Expr)
        }  # fmt: skip
        for node in ast.walk(tree):
            if _is_sql(node) and id(node) not in docstrings:
                found.append(f"{path.name}:{node.lineno}: {node.value[:40]!r}")
        for name in _imports(tree):
            if name.split(".")[0] in ("sqlite3", "sqlite_utils"):
                found.append(f"{path.name}: imports {name}")
    return found


def test_no_sql_outside_the_store() -> None:
    assert sql_outside_store(_modules(outside="store")) == []


def test_the_sql_detector_finds_sql(tmp_path: Path) -> None:
    sample = tmp_path / "leaky.py"
    sample.write_text(
        'import sqlite3\nQUERY = "UPDATE cues SET title = ?"\n"""SELECT in a docstring is prose."""\n'
    )
    assert len(sql_outside_store([sample])) == 2


@pytest.mark.parametrize("layer", ["domain", "store", "media", "reports", "interchange"])
def test_no_qt_below_the_ui(layer: str) -> None:
    offenders = []
    for path in (PACKAGE / layer).rglob("*.py"):
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if name.split(".")[0] in WIDGET_MODULES:
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("skipped: import-linter not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [lint, "--no-cache"], capture_output=True, text=True, cwd=PACKAGE.parent, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
