"""End to end in a real headless Chromium (Debian's package): the server started as `budgetlens
serve`, a seed uploaded through the API, its document page (and, when the Shanghai sample is
present, a finding's page with its page image) loaded and saved as screenshots.

Skipped with the reason when Chromium is not installed or cannot start: the environment never
fails the tests. Set BUDGETLENS_SCREENSHOTS to a folder to keep the screenshots.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from conftest import shared_sample

from .helpers import seed

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--disable-dev-shm-usage"]
WIDTH, HEIGHT = 1280, 1600


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium); the browser test is skipped")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server for the module's tests, on a library of its own."""
    _chromium()
    tmp_path = tmp_path_factory.mktemp("browser")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BUDGETLENS_HOME": str(tmp_path / "home")}
    env.pop("BUDGETLENS_DB", None)
    env.pop("BUDGETLENS_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "budgetlens.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        assert proc.stdout is not None
        assert url in proc.stdout.readline()
        for _ in range(100):
            try:
                httpx.get(url + "/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _shot(url: str, out: Path, tmp_path: Path) -> Image.Image:
    chromium = _chromium()
    profile = tmp_path / f"profile-{out.stem}"
    cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}",
           f"--screenshot={out}", url]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"Chromium could not start or did not finish: {exc}")
    if run.returncode != 0 or not out.is_file():
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"Chromium could not take a screenshot (exit {run.returncode}): {last}")
    keep = os.environ.get("BUDGETLENS_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(out, Path(keep) / out.name)
    return Image.open(io.BytesIO(out.read_bytes())).convert("RGB")


def _pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    data = image.tobytes()
    return list(zip(data[0::3], data[1::3], data[2::3], strict=True))


def _count(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 12) -> int:
    return sum(1 for px in _pixels(image.reduce(2)) if all(abs(a - b) <= tolerance for a, b in zip(px, colour, strict=True)))


HEADER = (0x1F, 0x3A, 0x5F)  # the header bar of app.css: the style sheet was allowed by the CSP


def test_document_page_in_chromium(server: str, tmp_path: Path) -> None:
    _chromium()
    r = httpx.post(server + "/api/v1/upload", files=[("files", (seed(0).name, seed(0).read_bytes()))], timeout=60)
    doc_id = r.json()["files"][0]["document"]
    image = _shot(f"{server}/documents/{doc_id}", tmp_path / "document-page.png", tmp_path)
    assert image.size == (WIDTH, HEIGHT)
    assert _count(image.crop((0, 0, WIDTH, 30)), HEADER) > 1000
    assert len(set(_pixels(image.reduce(8)))) > 20  # not a blank page


def test_finding_page_with_its_boxed_figure_in_chromium(server: str, tmp_path: Path) -> None:
    _chromium()
    sample = shared_sample("上海市普陀区财政局2024年度部门决算.pdf")
    r = httpx.post(server + "/api/v1/upload", files=[("files", (sample.name, sample.read_bytes()))], timeout=120)
    doc_id = r.json()["files"][0]["document"]
    findings = httpx.get(f"{server}/api/v1/documents/{doc_id}/findings").json()
    f = next(f for f in findings if f["location"].get("page"))
    image = _shot(f"{server}/documents/{doc_id}/findings/{f['fingerprint']}", tmp_path / "finding-page.png", tmp_path)
    assert _count(image.crop((0, 0, WIDTH, 30)), HEADER) > 1000
    assert _count(image, (220, 0, 0), tolerance=30) > 20  # the red box on the page image
