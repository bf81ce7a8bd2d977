"""One exception family.

The CLI is the only place that prints ``Error:`` and sets the exit code.
"""

from __future__ import annotations

# Exit codes, documented in the README ("Exit codes").
EXIT_OK = 0
EXIT_SOURCE = 2  # a source text could not be read or parsed
EXIT_DATA = 3  # data/ failed validation (check)
EXIT_BUILD = 4  # the site build failed
EXIT_USAGE = 64  # bad command line


class PolicyError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = EXIT_SOURCE

    def one_line(self) -> str:
        return str(self)


class SourceError(PolicyError):
    """A source text that cannot become a document."""

    exit_code = EXIT_SOURCE

    def __init__(
        self, path: str, message: str, line: int | None = None, excerpt: str = "", hint: str = ""
    ):
        self.path = path
        self.line = line
        self.message = message
        self.excerpt = excerpt
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.excerpt:
            text += f" (found: {self.excerpt[:40]!r})"
        if self.hint:
            text += f"; {self.hint}"
        return text


class DataError(PolicyError):
    """A problem in ``data/``: YAML that does not parse or does not match the schema."""

    exit_code = EXIT_DATA

    def __init__(self, path: str, message: str, line: int | None = None, field: str = ""):
        self.path = path
        self.line = line
        self.field = field
        self.message = message
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        at = f" [{self.field}]" if self.field else ""
        return f"{where}{at}: {self.message}"


class DataErrors(PolicyError):
    """Several :class:`DataError` found by one ``check`` run."""

    exit_code = EXIT_DATA

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__(self.one_line())

    def one_line(self) -> str:
        first = self.errors[0].one_line() if self.errors else ""
        more = (
            f" (and {len(self.errors) - 1} more; run 'policysite check')"
            if len(self.errors) > 1
            else ""
        )
        return first + more


class BuildError(PolicyError):
    exit_code = EXIT_BUILD


class UsageError(PolicyError):
    """A bad argument or input file given on the command line (not a source text)."""

    exit_code = EXIT_USAGE
