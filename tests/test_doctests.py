"""The examples in the package's docstrings run, so they cannot go stale (STYLE.md §5)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import policysite

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(policysite.__path__, "policysite.")
    if info.name != "policysite.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) in {name} failed (see above)"


def test_the_modules_with_text_rules_have_examples() -> None:
    for name in ("policysite.chars", "policysite.text", "policysite.numerals"):
        tests = doctest.DocTestFinder().find(importlib.import_module(name))
        assert sum(len(t.examples) for t in tests) >= 2, name
