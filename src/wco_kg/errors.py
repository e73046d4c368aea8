"""One error hierarchy. The library raises these; only the CLI turns them into exit codes.

Every message is one line that says what went wrong and where (a file:line:col, a URL
and its HTTP status, a query's position), so the CLI can print it as it is.

Exit codes (documented in README and ``wco-kg --help``):
0 success / conforms, 1 the data does not conform (a report, not an error),
2 an error: bad input, bad usage, an endpoint that failed.
"""

from __future__ import annotations


class WcoKgError(Exception):
    """Base class: an expected error, reported to the user in one line.

    >>> str(DataError("unexpected\\n  token", "data/x.trig", 3, 7)), DataError("x").exit_code
    ('data/x.trig:3:7: unexpected token', 2)
    """

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))  # one line, always

    @property
    def message(self) -> str:
        return str(self)


class UsageError(WcoKgError):
    """A bad option, name or parameter: unknown question, unknown format..."""


class DataError(WcoKgError):
    """Malformed RDF or CSV input: the message starts with ``file:line:col:``."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None):
        self.path, self.line, self.column = path, line, column
        where = ":".join(str(x) for x in (path, line, column) if x is not None)
        super().__init__(f"{where}: {message}" if where else message)


class QueryError(WcoKgError):
    """A malformed or failing SPARQL query: the parser's message and position."""


class QuerySyntaxError(QueryError):
    """A malformed query: ``source:line:col: what`` in words, and ``excerpt``, the line with a
    caret under the spot (``query_errors.SyntaxProblem``), which the CLI prints below it."""

    def __init__(self, message: str, excerpt: str = ""):
        super().__init__(message)
        self.excerpt = excerpt


class EndpointError(WcoKgError):
    """A remote endpoint or store that is unreachable or answered with an error status."""

    def __init__(self, url: str, message: str, status: int | None = None):
        self.url, self.status, self.detail = url, status, message
        code = f"HTTP {status}" if status else "no response"
        super().__init__(f"{url}: {code}: {message}")


class ServerError(WcoKgError):
    """The server cannot start: its address is taken or not ours, its workers fail..."""


class HttpError(Exception):
    """The server's expected refusal of a request: answered with ``status`` and a one-line
    plain-text message (not a ``WcoKgError``: the server answers it, the CLI never sees it)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, problem=None):
        super().__init__(message)
        self.status, self.message, self.headers = status, " ".join(message.split()), headers or {}
        self.problem = problem  # a malformed query's query_errors.SyntaxProblem (the page shows its caret)


class ValidationFailed(WcoKgError):
    """The graph fails validation (a violation; with --strict, a warning too); carries the report.

    >>> class Report:
    ...     def verdict(self, strict): return "2 violation(s)"
    >>> e = ValidationFailed(Report())
    >>> str(e), e.exit_code
    ('the graph fails validation: 2 violation(s)', 1)
    """

    exit_code = 1

    def __init__(self, report, strict: bool = False):
        self.report, self.strict = report, strict
        super().__init__(f"the graph fails validation: {report.verdict(strict)}")
