"""Errors that reach the user as one-line messages with exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """The input cannot be read: names the file, what is wrong and where."""

    def __init__(self, path: str, problem: str, where: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.where = where
        super().__init__(self.message)

    @property
    def message(self) -> str:
        at = f" ({self.where})" if self.where else ""
        return f"{self.path}: {self.problem}{at}"
