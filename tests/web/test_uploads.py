"""Uploads: limits, malformed and hostile bodies, files the library cannot read."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from budgetlens.web.uploads import UploadError, client_name, receive, sniff

from .support import MakeClient, csrf_of, seed


def _post(client: TestClient, name: str, data: bytes) -> dict:
    r = client.post("/api/v1/upload", files=[("files", (name, data, "application/octet-stream"))])
    assert r.status_code == 200, r.text
    return r.json()


def _leftovers(home: Path) -> list[Path]:
    return [p for p in (home / "uploads").rglob("*")] if (home / "uploads").exists() else []


def test_oversize_upload_is_refused_before_reading(make_client: MakeClient, tmp_path: Path) -> None:
    client = make_client(max_upload=4096)
    r = client.post("/api/v1/upload", files=[("files", ("big.txt", b"x" * 10_000, "text/plain"))])
    assert r.status_code == 413
    assert "limit" in r.json()["error"]
    page = client.post(f"/upload?csrf={csrf_of(client)}", files=[("files", ("big.txt", b"x" * 10_000, "text/plain"))])
    assert page.status_code == 413 and "上限" in page.text
    assert not _leftovers(tmp_path / "home")
    assert client.get("/api/v1/documents").json() == []


def test_oversize_stream_without_length_is_cut_off(tmp_path: Path) -> None:
    boundary = "b0und"

    async def body() -> AsyncIterator[bytes]:
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n").encode()
        for _ in range(100):
            yield b"y" * 1000

    with pytest.raises(UploadError) as err:
        asyncio.run(receive(f"multipart/form-data; boundary={boundary}", None, body(), tmp_path, 50_000))
    assert err.value.status == 413
    assert list(tmp_path.iterdir()) == []  # the partial file and its folder are gone


def test_malformed_bodies(client: TestClient, tmp_path: Path) -> None:
    r = client.post("/api/v1/upload", content=b"hello", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = client.post("/api/v1/upload", content=b"--zz\r\ngarbage without headers end",
                    headers={"Content-Type": "multipart/form-data; boundary=zz"})
    assert r.status_code == 400
    r = client.post("/api/v1/upload", content=b"--zz--\r\n", headers={"Content-Type": "multipart/form-data; boundary=zz"})
    assert r.status_code == 400 and "no file" in r.json()["error"]
    r = client.post("/api/v1/upload", content=b"x", headers={"Content-Type": "multipart/form-data; boundary=zz",
                                                              "Content-Length": "abc"})
    assert r.status_code == 400
    assert not _leftovers(tmp_path / "home")


def test_wrong_types_are_explained(client: TestClient, tmp_path: Path) -> None:
    out = _post(client, "tool.exe", b"MZ\x90\x00")
    assert out["files"][0]["status"] == "refused" and "不支持" in out["files"][0]["message"]
    out = _post(client, "fake.pdf", "这不是PDF".encode())
    assert out["files"][0]["status"] == "refused" and "不是 PDF" in out["files"][0]["message"]
    out = _post(client, "fake.docx", b"%PDF-1.4 pretending")
    assert "不是该格式" in out["files"][0]["message"]
    out = _post(client, "empty.txt", b"")
    assert "空" in out["files"][0]["message"]
    out = _post(client, "broken.pdf", b"%PDF-1.4\n%%EOF broken")
    assert out["files"][0]["status"] == "unreadable"
    assert out["files"][0]["message"].startswith("broken.pdf")
    out = _post(client, "notes.txt", "今天天气很好。".encode())
    assert out["files"][0]["status"] == "unreadable"
    assert "/" not in out["files"][0]["message"].split(":")[0]  # named by the client's name, not a server path
    assert not _leftovers(tmp_path / "home")


def test_hostile_file_names_never_reach_the_file_system(client: TestClient, tmp_path: Path) -> None:
    out = _post(client, "../../../../outside/evil\x00name.txt", seed(0).read_bytes())
    f = out["files"][0]
    assert f["status"] == "added"
    assert f["path"].startswith("evil") and f["path"].endswith("name.txt") and "/" not in f["path"]
    out = _post(client, "..\\..\\windows\\x.txt", seed(1).read_bytes())
    assert out["files"][0]["path"] == "x.txt"
    home = tmp_path / "home"
    assert not (tmp_path / "outside").exists()
    stored = sorted(p.name for p in (home / "files").rglob("*") if p.is_file())
    assert all(len(n.split(".")[0]) == 62 for n in stored)  # named by the hash (after the 2-digit folder)
    assert client_name("..") == "upload" and client_name("a/b/c.pdf") == "c.pdf"


def test_zip_slip_and_members(client: TestClient, tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../escape.txt", seed(0).read_bytes())
        zf.writestr("/abs.txt", seed(0).read_bytes())
        zf.writestr("inner/ok.txt", seed(1).read_bytes())
    out = _post(client, "batch.zip", buf.getvalue())
    by_status = {f["path"]: f["status"] for f in out["files"]}
    assert by_status["batch.zip!inner/ok.txt"] == "added"
    assert by_status["batch.zip!../../escape.txt"] == "refused"
    assert by_status["batch.zip!/abs.txt"] == "refused"
    assert all("zip-slip" in f["message"] for f in out["files"] if f["status"] == "refused")
    assert not list(tmp_path.rglob("escape.txt")) and not list(tmp_path.rglob("abs.txt"))
    out = _post(client, "bad.zip", b"PK\x03\x04 not really a zip")
    assert out["files"][0]["status"] == "refused" and "zip" in out["files"][0]["message"]


def test_sniff() -> None:
    assert sniff(".pdf", b"%PDF-1.7") is None
    assert sniff(".xlsx", b"PK\x03\x04") is None
    assert sniff(".txt", b"plain") is None
    assert sniff(".txt", b"\x00\x01") is not None
    assert sniff(".sh", b"#!/bin/sh") is not None


def test_folders_left_by_a_killed_server_are_swept(tmp_path: Path, make_client: MakeClient) -> None:
    import os

    uploads = tmp_path / "home" / "uploads"
    make_client()
    old = uploads / "req-old"
    new = uploads / "req-new"
    for folder in (old, new):
        folder.mkdir(parents=True)
        (folder / "x.pdf").write_bytes(b"%PDF-")
    os.utime(old, (1, 1))
    make_client()
    assert not old.exists() and new.exists()
