"""Project-wide pytest options."""

from __future__ import annotations


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.yml from the current code (then review git diff tests/golden)",
    )
