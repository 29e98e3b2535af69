"""Shared fixtures and functions of the web tests."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

with warnings.catch_warnings():  # starlette's notice that it prefers another HTTP client for tests
    warnings.filterwarnings("ignore", message="Using `httpx`")
    from fastapi.testclient import TestClient

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
TOKEN = "s3cret-token-for-the-tests-0123456789"
MakeClient = Callable[..., TestClient]


def seed(n: int) -> Path:
    return next(SEEDS.glob(f"{n:03d}_*.txt"))


def files_of(*paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


def csrf_of(client: TestClient) -> str:
    if not client.cookies.get("budgetlens_csrf"):
        client.get("/upload")
    token = client.cookies.get("budgetlens_csrf")
    assert token
    return token


def api_upload(client: TestClient, *paths: Path, headers: dict[str, str] | None = None) -> dict:
    r = client.post("/api/v1/upload", files=files_of(*paths), headers=headers or {})
    assert r.status_code == 200, r.text
    return r.json()
