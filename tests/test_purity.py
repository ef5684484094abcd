"""The core package must stay pure: no streamlit import anywhere in faceoff/."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_streamlit_import_in_core():
    files = (ROOT / "faceoff").rglob("*.py")
    offenders = [str(p.relative_to(ROOT)) for p in files if "streamlit" in imported_modules(p)]
    assert offenders == [], f"faceoff/ must not import streamlit: {offenders}"


def test_detector_sees_a_streamlit_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("def f():\n    from streamlit import session_state\n")
    assert "streamlit" in imported_modules(sample)


def test_cli_runs_without_loading_streamlit():
    code = "import sys, faceoff.cli; faceoff.cli.build_parser(); print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
