"""The layers hold, and the build fails when they do not: `make test` runs lint-imports on the
contracts of pyproject.toml before any test, and an upward import, even one hidden in a function,
breaks a contract. The wrong arrows are written in a copy of the sources, never in the tree."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.plugins import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(cwd):
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_tree_keeps_its_layers():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_make_test_lints_the_imports_before_running_the_suite():
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    assert "lint-imports" in plan and "ruff check" in plan and "ruff format --check" in plan
    assert plan.index("lint-imports") < plan.index("pytest")


@pytest.mark.parametrize(
    "module, source, broken",
    [
        # accounts reaching up to the workshops from inside a function: still an arrow.
        (
            "accounts/scratch.py",
            "def seats():\n    from workshops.models import Workshop\n    return Workshop\n",
            "accounts is not allowed to import workshops",
        ),
        # the ground naming a party.
        (
            "portal/ground/scratch.py",
            "from accounts.parties.models import Party\n",
            "portal.ground is not allowed to import accounts",
        ),
        # a workshop module using Mon espace, which belongs to the top.
        ("workshops/scratch.py", "import portal.myspace\n", "workshops.scratch -> portal.myspace"),
        # the ground using the top's URLs from inside a function.
        (
            "portal/ground/scratch.py",
            "def prefix():\n    from portal import urls\n    return urls\n",
            "portal.ground.scratch -> portal.urls",
        ),
    ],
    ids=["accounts-to-workshops-in-a-function", "ground-to-accounts", "workshops-to-top", "ground-to-top"],
)
def test_an_upward_import_breaks_the_build(tmp_path, module, source, broken):
    copy = tmp_path / "src"
    copy.mkdir()
    for package in ("portal", "accounts", "workshops"):
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    (copy / module).write_text(source)
    result = _lint_imports(copy)
    assert result.returncode == 1, result.stdout
    assert "1 broken" in result.stdout
    assert broken in result.stdout
