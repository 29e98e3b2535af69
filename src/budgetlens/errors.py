"""Errors that reach the user as one-line messages with exit code 2."""

from __future__ import annotations

from typing import Any

from budgetlens.i18n import Message, as_param, has


class InputError(Exception):
    """The input cannot be read: names the file, what is wrong and where.

    ``problem`` and ``where`` are :class:`budgetlens.i18n.Message` (or plain text such as an archive
    member's name): the error is shown in the reader's language when it is shown (``message``,
    ``str()``), its English in ``args`` as for any exception."""

    def __init__(self, path: str, problem: str, where: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.where = where
        super().__init__(self.render("en"))

    def render(self, lang: str | None = None, path: str | None = None) -> str:
        """The one line in ``lang`` (default: the current language), naming the file as ``path``
        (default: the path read)."""
        return self.as_message(path).render(lang)

    def as_message(self, path: str | None = None) -> Message:
        """The one line as a message, to be shown later in the reader's language (its text is the English)."""
        params: dict[str, Any] = {"path": self.path if path is None else path, "problem": as_param(self.problem)}
        if self.where:
            return Message("read.error.at", where=as_param(self.where), **params)
        return Message("read.error", **params)

    @property
    def message(self) -> str:
        return self.render()

    def __str__(self) -> str:
        return self.render()

    def __reduce__(self) -> tuple[Any, ...]:  # across processes with its parts (a worker's error)
        return (InputError, (self.path, self.problem, self.where))


def os_reason(exc: OSError) -> Message:
    """Why the operating system refused a file, as a message (its English as the system says it)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    msg_id = f"read.os.{name}"
    if has(msg_id):
        return Message(msg_id)
    return Message("read.os.other", errno=name or str(exc.errno), reason=exc.strerror or str(exc))
