"""What ``budgetlens check`` is given: files, folders (searched recursively) and zip archives.

Folders and archives are opened as ``library add`` opens them (``collect``: symbolic link loops,
zip-slip members, zip bombs and over-large members are refused with a message). Each file is read
on its own; one that cannot be read — or, found inside a folder or an archive, does not look like a
disclosure — becomes a one-line problem and the others are still read. A zip member is unpacked
into a temporary folder only while it is being read; the report names it ``archive.zip!path``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from budgetlens import i18n
from budgetlens.check.findings import Finding
from budgetlens.library.collect import Item, expand, on_disk
from budgetlens.model import Disclosure, Source


class Progress:
    """Callbacks while the inputs are read (the CLI draws a progress bar on a terminal)."""

    def total(self, n: int) -> None:
        """The number of files to read."""

    def done(self, display: str, ok: bool) -> None:
        """One file read (``ok``) or refused."""


@contextmanager
def stderr_progress() -> Iterator[Progress]:
    """A rich progress bar on stderr (files read, the one being read, ETA) when stderr is a
    terminal; nothing otherwise (a line per file in a log would bury the problems, which are
    printed once each at the end)."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield Progress()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    bar = Bar(TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TextColumn("ETA"), TimeRemainingColumn(),
              TextColumn("{task.fields[name]}"), console=console, transient=True)
    task = bar.add_task("reading", total=None, name="")

    class Drawn(Progress):
        def total(self, n: int) -> None:
            bar.update(task, total=n)

        def done(self, display: str, ok: bool) -> None:
            bar.update(task, advance=1, name=display if len(display) <= 60 else "…" + display[-59:])

    with bar:
        yield Drawn()


@dataclass
class Loaded:
    disclosures: list[Disclosure] = field(default_factory=list)
    sources: list[Source | None] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # a temporary path read → the name shown

    def rename(self, findings: Sequence[Finding]) -> None:
        """Name the zip members in the findings' text as the user knows them, not by the
        temporary file they were read from."""
        if not self.names:
            return
        for f in findings:
            for tmp, display in self.names.items():
                f.replace_in_text(tmp, display)  # the message's parameters, in every language
                f.evidence = f.evidence.replace(tmp, display)
                if f.location.file == tmp:
                    f.location.file = display


Reread = Callable[[], Source]


def load_inputs(paths: Sequence[str | Path], progress: Progress | None = None,
                each: Callable[[Disclosure, Source, Reread | None], None] | None = None) -> Loaded:
    """Read every file the paths name (see the module's docstring). With ``each``, every document
    read is handed to it as soon as it is read instead of being kept in ``disclosures`` /
    ``sources`` (a batch then holds one document at a time), with a function that reads its source
    again (``None`` for a zip member, whose unpacked file is gone by then)."""
    progress = progress or Progress()
    items, trouble = expand([Path(p) for p in paths])
    loaded = Loaded(problems=[t.message for t in trouble])
    progress.total(len(items) + len(trouble))
    for t in trouble:
        progress.done(t.display, False)
    for item in items:
        problem = _load(item, loaded)
        if problem:
            loaded.problems.append(problem)
        elif each is not None:
            source = loaded.sources.pop()
            assert source is not None
            each(loaded.disclosures.pop(), source, _reader(item))
        progress.done(item.display, problem is None)
    if not items and not trouble:
        loaded.problems.append(i18n.t("cli.no_files_found", paths=[str(p) for p in paths]))
    return loaded


def _reader(item: Item) -> Reread | None:
    """A function reading the item's source again, as ``_load`` read it; ``None`` for a zip member."""
    if item.member is not None:
        return None
    from budgetlens.read import read_source

    return partial(read_source, item.path)


def _load(item: Item, loaded: Loaded) -> str | None:
    from budgetlens.errors import InputError, os_reason
    from budgetlens.read import read_source
    from budgetlens.recognize import looks_like_disclosure, recognize

    try:
        with on_disk(item) as path:
            source = read_source(path)
            doc = recognize(source)
    except (OSError, zipfile.BadZipFile) as exc:  # a member whose bytes are damaged, a vanished file
        reason = (i18n.as_param(os_reason(exc)) if isinstance(exc, OSError) and exc.errno
                  else i18n.msg("read.zip_corrupt", detail=str(exc)) if isinstance(exc, zipfile.BadZipFile) else str(exc))
        return i18n.t("input.cannot_read", file=item.display, reason=reason)
    except InputError as exc:
        return exc.message if item.member is None else exc.render(path=item.display)
    except Exception as exc:  # a bug in reading one file must not stop the others
        return i18n.t("input.crashed", file=item.display, error=f"{type(exc).__name__}: {exc}")
    if item.found and not looks_like_disclosure(doc):
        return i18n.t("input.not_a_disclosure", file=item.display)
    if item.member is not None:
        loaded.names[str(path)] = item.display
        doc.source_path = item.display
        source.path = item.display
    loaded.disclosures.append(doc)
    loaded.sources.append(source)
    return None
