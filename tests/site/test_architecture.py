"""The layers hold, and the build fails when they do not: `make test` runs lint-imports on the
contracts of pyproject.toml before any test, and an upward import, even one hidden in a function,
breaks a contract. The wrong arrows are written in a copy of the sources, never in the tree."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

from tests.plugins import ROOT
from workshops.models import Campaign

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


# --- The ground's tables point at no domain ------------------------------------------------------

DOMAINS = ("accounts", "workshops")


def _module_of(model):
    return model.__module__.split(".")[0] if not model.__module__.startswith("portal.") else model.__module__


def _domain_relations(model):
    """The relations of `model` (its own fields, many-to-many included) to a model defined in
    accounts or workshops, as "Model.field -> module.Model". Judged by where a model is defined,
    not by its app label: the communes live in the ground under the workshops' label. The one
    exception is the user model named through settings.AUTH_USER_MODEL, the way Django's own
    contrib apps point at whatever user model a project swaps in."""
    found = []
    for field in [*model._meta.fields, *model._meta.many_to_many]:
        target = field.related_model
        if target is None or getattr(field, "swappable_setting", None) == "AUTH_USER_MODEL":
            continue
        if _module_of(target) in DOMAINS:
            found.append(f"{model.__name__}.{field.name} -> {target.__module__}.{target.__name__}")
    return found


def test_no_model_of_the_ground_has_a_relation_to_accounts_or_workshops():
    ground = [
        m for m in apps.get_models(include_auto_created=True) if m.__module__.startswith("portal.ground")
    ]
    assert {m.__name__ for m in ground} >= {"Outbox", "OutboxAttachment", "ReminderOptOut", "Commune"}
    assert [relation for model in ground for relation in _domain_relations(model)] == []


def test_the_relation_check_sees_a_key_to_the_workshops():
    # The campaign, once a ground model with a key to a workshop, would fail the check above.
    assert _domain_relations(Campaign) == ["Campaign.workshop -> workshops.models.workshop.Workshop"]
