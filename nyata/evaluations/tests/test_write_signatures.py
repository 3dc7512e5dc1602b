"""Writes take typed values, never form data (issue 8): every write action is called with keyword-only,
annotated arguments, none of them a form's text, and no view opens a transaction of its own."""

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

from django.http import QueryDict

import nyata.evaluations.actions as actions_package
import nyata.evaluations.views as views_package

FORM_DATA = (dict[str, str], QueryDict)
# The timeline helper every action calls after its own checks: not a write anyone calls from outside.
HELPERS = {"timeline.record"}


def _write_actions() -> dict[str, object]:
    """Every public function with a `by` argument in nyata/evaluations/actions/."""
    found = {}
    for info in pkgutil.iter_modules(actions_package.__path__):
        module = importlib.import_module(f"{actions_package.__name__}.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            public = function.__module__ == module.__name__ and not name.startswith("_")
            if public and "by" in inspect.signature(function).parameters:
                found[f"{info.name}.{name}"] = function
    return {name: function for name, function in found.items() if name not in HELPERS}


def test_every_write_action_takes_keyword_only_typed_arguments_and_no_form_data():
    loose = {}
    for name, function in _write_actions().items():
        for parameter in inspect.signature(function).parameters.values():
            if (
                parameter.kind is not parameter.KEYWORD_ONLY
                or parameter.annotation is parameter.empty
                or parameter.annotation in FORM_DATA
            ):
                loose.setdefault(name, []).append(parameter.name)
    assert loose == {}


def test_no_view_opens_a_transaction():
    opening = []
    for path in sorted(Path(views_package.__path__[0]).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            imported = (
                [alias.name for alias in node.names if node.module == "django.db"]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if "transaction" in imported or "django.db.transaction" in imported:
                opening.append(path.name)
    assert opening == []
