"""What to add: files as named, folders searched recursively, members of zip archives.

Nothing here parses a document. Folder walks follow symbolic links but never enter a folder twice
(a link loop is reported, not followed); zip members whose names leave the archive (zip-slip) are
refused, and so is an archive whose members would unpack to more than a limit or at a ratio no
real document reaches (a zip bomb).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath

from budgetlens.errors import os_reason
from budgetlens.i18n import Message, as_param
from budgetlens.read import MAX_INPUT_BYTES

SUFFIXES = (".pdf", ".docx", ".xlsx", ".html", ".htm", ".txt")
# An archive of disclosures unpacks to at most a few GB; more than this, or a member that unpacks
# at a ratio real PDFs, DOCX or text never reach, is treated as a zip bomb and refused whole.
MAX_ZIP_TOTAL = 4 * 1024**3
MAX_ZIP_RATIO = 200
RATIO_MIN_SIZE = 1024**2  # the ratio is judged only for members larger than this


@dataclass(frozen=True)
class Item:
    """One document to add: a file on disk, or a member of a zip archive."""

    display: str  # how it is named to the user and recorded as the document's path
    path: Path  # the file, or the archive holding the member
    member: str | None = None
    found: bool = False  # found inside a folder or an archive (not named by the user)

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.member).suffix.lower() if self.member else self.path.suffix.lower()


@dataclass(frozen=True)
class Problem:
    display: str
    message: str


@dataclass
class Limits:
    max_zip_total: int = MAX_ZIP_TOTAL
    max_zip_ratio: float = MAX_ZIP_RATIO


def collect(paths: list[Path], limits: Limits | None = None) -> tuple[list[Item], list[Problem]]:
    """The documents the paths name, in a stable order, and the problems met finding them."""
    limits = limits or Limits()
    items: list[Item] = []
    problems: list[Problem] = []
    for p in paths:
        if p.is_symlink() and not p.exists():
            problems.append(Problem(str(p), Message("collect.broken_link", path=str(p))))
        elif not p.exists():
            problems.append(Problem(str(p), Message("collect.no_such_path", path=str(p))))
        elif p.is_dir():
            _walk(p, items, problems, limits)
        elif is_archive(p):
            _zip(p, items, problems, limits)
        else:
            items.append(Item(str(p), p))
    return items, problems


def expand(paths: list[Path], limits: Limits | None = None) -> tuple[list[Item], list[Problem]]:
    """What ``budgetlens check`` reads: folders and zip archives opened as ``collect`` does, every
    other path kept as given (the reader says what is wrong with a missing or unreadable file).
    Items found inside a folder or an archive have ``found`` set."""
    items: list[Item] = []
    problems: list[Problem] = []
    for p in paths:
        if p.is_dir() or (p.is_file() and is_archive(p)):
            inner, trouble = collect([p], limits)
            items += [Item(i.display, i.path, i.member, found=True) for i in inner]
            problems += trouble
        else:
            items.append(Item(str(p), p))
    return _once(items), problems


def _once(items: list[Item]) -> list[Item]:
    """Each file (or member) once, however many ways it was reached: named and inside a folder
    named too, or through a symbolic link (it would otherwise be checked against itself)."""
    seen: set[tuple[str, str | None]] = set()
    out = []
    for i in items:
        try:
            key = (str(i.path.resolve(strict=True)), i.member)
        except OSError:  # missing: the reader says so
            key = (str(i.path), i.member)
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def is_archive(path: Path) -> bool:
    """A ``.zip`` file that is an archive of files, not a .docx/.xlsx saved under that name."""
    if path.suffix.lower() != ".zip":
        return False
    from budgetlens.read.office import office_kind

    try:
        with zipfile.ZipFile(path) as zf:
            return office_kind(zf) not in ("docx", "xlsx")
    except (zipfile.BadZipFile, OSError):
        return True  # reported as an unreadable archive


@contextmanager
def on_disk(item: Item) -> Iterator[Path]:
    """The item as a file on disk: the file itself, or a zip member unpacked (in chunks, never
    more than its declared size) into a temporary folder removed afterwards, under its own name."""
    if item.member is None:
        yield item.path
        return
    folder = Path(tempfile.mkdtemp(prefix="budgetlens-member-"))
    try:
        with zipfile.ZipFile(item.path) as zf:
            name = PurePosixPath(member_name(zf.getinfo(item.member)).replace("\\", "/")).name
            target = folder / (name if name not in ("", ".", "..") else "member")
            with zf.open(item.member) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _walk(root: Path, items: list[Item], problems: list[Problem], limits: Limits) -> None:
    seen: dict[tuple[int, int], Path] = {}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError as exc:
            problems.append(Problem(str(folder), Message("collect.cannot_open_folder", path=str(folder), reason=_reason(exc))))
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            problems.append(Problem(str(folder), Message("collect.link_loop", path=str(folder), same=str(seen[ident]))))
            continue
        seen[ident] = folder
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(str(folder), Message("collect.cannot_list_folder", path=str(folder), reason=_reason(exc))))
            continue
        subfolders = []
        for e in entries:
            p = Path(e.path)
            try:
                is_dir = e.is_dir()  # follows links
                is_file = e.is_file()
            except OSError as exc:  # ELOOP: a link that points to itself
                problems.append(Problem(str(p), Message("collect.os_error", path=str(p), reason=_reason(exc))))
                continue
            if e.is_symlink() and not is_dir and not is_file:
                if p.suffix.lower() in SUFFIXES:
                    problems.append(Problem(str(p), Message("collect.broken_link", path=str(p))))
                continue
            if is_dir:
                subfolders.append(p)
            elif is_file and is_archive(p):
                _zip(p, items, problems, limits)
            elif is_file and p.suffix.lower() in (*SUFFIXES, ".zip"):  # .zip here: a .docx/.xlsx so named
                items.append(Item(str(p), p))
        stack.extend(reversed(subfolders))


def _reason(exc: OSError) -> object:
    """Why the system refused, as a message parameter (its English as the system says it)."""
    return as_param(os_reason(exc)) if exc.errno else str(exc)


def member_problem(name: str) -> str | None:
    """Why a member name is refused: absolute, a drive, or climbing out with '..' (zip-slip)."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return Message("collect.why.absolute")
    if ".." in norm.split("/"):
        return Message("collect.why.climbing")
    return None


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its author wrote it. Without the UTF-8 flag, Python reads the name as
    code page 437; archives made on Chinese Windows write it in GBK (and some tools write UTF-8
    without the flag), so such a name is decoded again: UTF-8 when it is valid UTF-8, else GB18030
    (a superset of GBK), else it is left as read."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    if raw.isascii():
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _zip(path: Path, items: list[Item], problems: list[Problem], limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        problems.append(Problem(str(path), Message("collect.bad_zip", path=str(path), detail=str(exc))))
        return
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > limits.max_zip_total:
        problems.append(Problem(str(path), Message("collect.zip_bomb_total", path=str(path), total=Decimal(total),
                                                   limit=Decimal(limits.max_zip_total))))
        return
    for i in infos:
        if i.file_size > RATIO_MIN_SIZE and i.file_size / max(i.compress_size, 1) > limits.max_zip_ratio:
            problems.append(Problem(str(path), Message(
                "collect.zip_bomb_member", path=str(path), member=i.filename, size=Decimal(i.file_size),
                packed=Decimal(i.compress_size), ratio=f"{i.file_size / max(i.compress_size, 1):.0f}",
                limit=f"{limits.max_zip_ratio:.0f}", archive_total=Decimal(total), archive_packed=Decimal(packed))))
            return
    for i in sorted(infos, key=lambda i: i.filename):
        if i.is_dir():
            continue
        display = f"{path}!{member_name(i)}"
        why = member_problem(i.filename) or member_problem(member_name(i))
        if why:
            problems.append(Problem(display, Message("collect.member_zip_slip", path=display, why=as_param(why))))
            continue
        if (i.external_attr >> 16) & 0o170000 == 0o120000:
            problems.append(Problem(display, Message("collect.member_link", path=display)))
            continue
        if PurePosixPath(i.filename).suffix.lower() not in SUFFIXES:
            continue
        if i.file_size > MAX_INPUT_BYTES:
            problems.append(Problem(display, Message("collect.member_too_large", path=display, size=Decimal(i.file_size),
                                                     limit=Decimal(MAX_INPUT_BYTES))))
            continue
        items.append(Item(display, path, i.filename))
