"""Uploads: a multipart body streamed to disk part by part, each file named by its content hash.

Nothing the client sends names a path: a file part is written to a fresh temporary folder of the
server's own (``uploads/`` in the data directory) under a random name while it is hashed, then
renamed to ``<sha256><suffix>`` — the suffix one of the readable kinds, taken from the client's
name only after the content agrees with it. The body is cut off, and everything written so far
removed, as soon as it passes the size cap. The client's file name is kept only as text: the name
the document is listed under.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from python_multipart.multipart import MultipartParser, parse_options_header

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks
    from starlette.requests import Request

ACCEPTED = (".pdf", ".docx", ".xlsx", ".html", ".htm", ".txt", ".zip")
MAX_PARTS = 200
MAX_FIELD = 64 * 1024
NAME_LIMIT = 200


class UploadError(Exception):
    """The request cannot be taken (not multipart, malformed, too large); ``status`` is its HTTP code."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


@dataclass
class Received:
    """One file part: its client name (text only), and where it was stored or why it was not."""

    name: str
    path: Path | None = None
    size: int = 0
    sha256: str = ""
    problem: str | None = None


@dataclass
class Body:
    files: list[Received] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None

    def cleanup(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def client_name(raw: bytes | str | None) -> str:
    """The client's file name as plain text: its last path component, no control characters."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else (raw or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C").strip()
    if text in ("", ".", ".."):
        text = "upload"
    return text[:NAME_LIMIT]


def sniff(suffix: str, head: bytes) -> str | None:
    """Why the content does not match the suffix, or None when it does."""
    if suffix not in ACCEPTED:
        return "不支持的文件类型（可上传 PDF、DOCX、XLSX、HTML、TXT 或 ZIP）"
    if not head:
        return "文件是空的"
    if suffix == ".pdf":
        return None if b"%PDF-" in head[:1024] else "扩展名是 .pdf，但内容不是 PDF"
    if suffix in (".docx", ".xlsx", ".zip"):
        return None if head.startswith((b"PK\x03\x04", b"PK\x05\x06")) else f"扩展名是 {suffix}，但内容不是该格式（不是 ZIP 容器）"
    if b"\x00" in head[:4096] or head.startswith((b"%PDF-", b"PK\x03\x04")):
        return f"扩展名是 {suffix}，但内容不是文本"
    return None


class _Sink:
    def __init__(self, body: Body, folder: Path) -> None:
        self.body = body
        self.folder = folder
        self.headers: dict[bytes, bytes] = {}
        self.hfield = b""
        self.hvalue = b""
        self.out: IO[bytes] | None = None
        self.tmp = ""
        self.digest = hashlib.sha256()
        self.head = b""
        self.size = 0
        self.current: Received | None = None
        self.field_name: str | None = None
        self.field_value = bytearray()
        self.parts = 0

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": lambda d, s, e: self._add("hfield", d[s:e]),
            "on_header_value": lambda d, s, e: self._add("hvalue", d[s:e]),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def _add(self, attr: str, data: bytes) -> None:
        setattr(self, attr, getattr(self, attr) + data)

    def part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise UploadError(400, f"too many parts (at most {MAX_PARTS})")
        self.headers = {}
        self.current = None
        self.field_name = None
        self.field_value = bytearray()

    def header_end(self) -> None:
        self.headers[self.hfield.lower()] = self.hvalue
        self.hfield = self.hvalue = b""

    def headers_finished(self) -> None:
        kind, params = parse_options_header(self.headers.get(b"content-disposition", b""))
        if kind != b"form-data" or b"name" not in params:
            raise UploadError(400, "a part without a form-data name")
        if b"filename" in params:
            self.current = Received(client_name(params[b"filename"]))
            fd, self.tmp = tempfile.mkstemp(dir=self.folder, prefix=".incoming-")
            self.out = os.fdopen(fd, "wb")
            self.digest = hashlib.sha256()
            self.head = b""
            self.size = 0
        else:
            self.field_name = params[b"name"].decode("utf-8", "replace")

    def part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.current is not None and self.out is not None:
            self.out.write(chunk)
            self.digest.update(chunk)
            self.size += len(chunk)
            if len(self.head) < 4096:
                self.head += chunk[: 4096 - len(self.head)]
        elif self.field_name is not None:
            self.field_value += chunk
            if len(self.field_value) > MAX_FIELD:
                raise UploadError(400, "a form field is too long")

    def part_end(self) -> None:
        if self.current is not None and self.out is not None:
            self.out.close()
            self.out = None
            rec = self.current
            rec.size = self.size
            rec.sha256 = self.digest.hexdigest()
            suffix = PurePosixPath(rec.name).suffix.lower()
            why = sniff(suffix, self.head)
            if why:
                rec.problem = why
                os.unlink(self.tmp)
            else:
                target = self.folder / f"{rec.sha256}{suffix}"
                os.replace(self.tmp, target)
                rec.path = target
            self.body.files.append(rec)
            self.current = None
        elif self.field_name is not None:
            self.body.fields[self.field_name] = bytes(self.field_value).decode("utf-8", "replace")
            self.field_name = None

    def abort(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None


async def receive_request(request: Request, uploads: Path, max_bytes: int) -> Body:
    """:func:`receive` of a request's body, by its own content type and length."""
    return await receive(request.headers.get("content-type", ""), request.headers.get("content-length"),
                         request.stream(), uploads, max_bytes)


async def receive(content_type: str, length: str | None, stream: AsyncIterator[bytes], uploads: Path,
                  max_bytes: int) -> Body:
    """Stream a multipart/form-data body to a new folder under ``uploads``."""
    kind, params = parse_options_header(content_type or "")
    if kind != b"multipart/form-data" or not params.get(b"boundary"):
        raise UploadError(415, "the upload must be multipart/form-data")
    if length is not None:
        try:
            declared = int(length)
        except ValueError:
            raise UploadError(400, "a bad Content-Length") from None
        if declared > max_bytes:
            raise UploadError(413, f"the upload is {declared:,} bytes, over the limit of {max_bytes:,}")
    uploads.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=uploads, prefix="req-"))
    body = Body(folder=folder)
    sink = _Sink(body, folder)
    parser = MultipartParser(params[b"boundary"], sink.callbacks())
    total = 0
    try:
        async for chunk in stream:
            total += len(chunk)
            if total > max_bytes:
                raise UploadError(413, f"the upload is over the limit of {max_bytes:,} bytes")
            parser.write(chunk)
        parser.finalize()
    except UploadError:
        sink.abort()
        body.cleanup()
        raise
    except Exception as exc:  # the parser's own errors: a malformed body
        sink.abort()
        body.cleanup()
        raise UploadError(400, f"a malformed multipart body: {type(exc).__name__}") from None
    if sink.out is not None:  # a body that ended inside a file part
        sink.abort()
        body.cleanup()
        raise UploadError(400, "the multipart body ended inside a part")
    return body
