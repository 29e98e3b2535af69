"""Office Open XML containers (.docx/.xlsx are zip files): sniffing and zip-bomb guards.

A zip is checked before any part of it is decompressed: the declared uncompressed sizes (total and
per member) and the compression ratio must be plausible for a disclosure. A .docx/.xlsx saved under
another name is recognised by its parts (``word/document.xml``, ``xl/workbook.xml``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from budgetlens.errors import InputError, os_reason
from budgetlens.i18n import Message, as_param
from budgetlens.model import Source

MAX_MEMBERS = 5_000
MAX_UNCOMPRESSED = 400 * 1024 * 1024  # all members together
MAX_MEMBER = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per member of meaningful size


def check_zip(path: Path) -> zipfile.ZipFile:
    """Open ``path`` as a zip after checking it is not corrupt and not a zip bomb."""
    name = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InputError(name, Message("read.zip_corrupt", detail=str(exc))) from None
    except OSError as exc:
        raise InputError(name, Message("read.cannot_read", reason=as_param(os_reason(exc)))) from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        zf.close()
        raise InputError(name, Message("read.zip_members", count=len(infos), limit=MAX_MEMBERS))
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER:
            zf.close()
            raise InputError(
                name, Message("read.zip_member_size", size=info.file_size // (1024 * 1024)),
                Message("read.where.member", member=info.filename),
            )
        if info.file_size > 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            zf.close()
            raise InputError(
                name, Message("read.zip_member_ratio", ratio=info.file_size // info.compress_size),
                Message("read.where.member", member=info.filename),
            )
    if total > MAX_UNCOMPRESSED:
        zf.close()
        raise InputError(name, Message("read.zip_total", size=total // (1024 * 1024)))
    bad = zf.testzip() if total < 50 * 1024 * 1024 else None
    if bad is not None:
        zf.close()
        raise InputError(name, Message("read.zip_crc"), Message("read.where.member", member=bad))
    return zf


def office_kind(zf: zipfile.ZipFile) -> str:
    """``docx``, ``xlsx``, ``pptx``, ``odf`` or ``zip`` from the container's parts."""
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "mimetype" in names and "content.xml" in names:
        return "odf"
    return "zip"


def read_office_zip(path: Path) -> Source:
    """Read a zip whose extension does not say what it is: a .docx/.xlsx under another name."""
    name = str(path)
    with check_zip(path) as zf:
        kind = office_kind(zf)
        members = len(zf.namelist())
    if kind == "docx":
        from budgetlens.read.docx import read_docx

        return read_docx(path)
    if kind == "xlsx":
        from budgetlens.read.xlsx import read_xlsx

        return read_xlsx(path)
    if kind == "pptx":
        raise InputError(name, Message("read.pptx"))
    if kind == "odf":
        raise InputError(name, Message("read.odf"))
    raise InputError(name, Message("read.zip_not_office", members=members))
