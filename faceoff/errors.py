"""Problems found in data files, and the error raised when a file cannot be used at all."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding about one data file, located as precisely as possible."""

    file: str
    message: str
    row: str | None = None
    field: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field is not None:
            where += f", field {self.field}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


class DataFileError(Exception):
    """A data file is missing, unreadable or invalid; ``problems`` says where and why."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.path = str(path)
        self.problems = problems
        first = problems[0] if problems else Problem(str(path), "invalid")
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")


class SourceUnavailable(Exception):
    """A remote source could not be fetched or returned unusable data; the message names source and cause."""

    def __init__(self, source: str, cause: str):
        self.source = source
        self.cause = cause
        super().__init__(f"{source}: {cause}")
