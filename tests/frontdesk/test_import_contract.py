"""The layer contract (pyproject's [tool.importlinter]) holds, and would catch a violation."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "frontdesk",
    "owners",
    "fees",
    "workorders",
    "reception",
    "checkin",
    "complaints",
    "revisits",
    "releases",
    "surveys",
    "renovation",
    "leasing",
    "services",
    "imports",
    "inspections",
    "activities",
)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_of_the_project(tmp_path: Path) -> Path:
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_it_keeps_every_contract_today(tmp_path):
    result = _lint(_copy_of_the_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_breaks_when_fees_reads_a_workflow_apps_table(tmp_path):
    tree = _copy_of_the_project(tmp_path)
    (tree / "fees" / "probe.py").write_text("from checkin.models import Custody  # noqa\n")
    result = _lint(tree)
    assert result.returncode == 1
    assert "fees is not allowed to import checkin.models" in result.stdout
    assert "Layers: workflow apps > workorders > fees > owners > kernel BROKEN" in result.stdout


def test_it_breaks_when_the_kernel_imports_an_app(tmp_path):
    tree = _copy_of_the_project(tmp_path)
    (tree / "frontdesk" / "probe.py").write_text("from fees import services  # noqa\n")
    result = _lint(tree)
    assert result.returncode == 1
    assert "frontdesk.probe -> fees.services" in result.stdout
