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
from typing import Any

import httpx
import pytest
from PIL import Image

from conftest import shared_sample

from .support import seed

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--disable-dev-shm-usage",
         "--lang=zh-CN", "--accept-lang=zh-CN,zh"]  # a Chinese reviewer's browser (the pages follow Accept-Language)
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


def _driver(tmp_path: Path) -> Any:
    """A Selenium session on Debian's Chromium and chromium-driver (nothing downloaded)."""
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("Selenium is not installed (pip install selenium); the browser flow test is skipped")
    chromium = _chromium()
    driver_path = shutil.which("chromedriver")
    if driver_path is None:
        pytest.skip("chromedriver is not installed (Debian: apt-get install chromium-driver); the browser flow test is skipped")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*FLAGS, f"--user-data-dir={tmp_path / 'selenium-profile'}", f"--window-size={WIDTH},{HEIGHT}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    try:
        return webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    except WebDriverException as exc:
        pytest.skip(f"Chromium could not be started by chromedriver: {str(exc).strip().splitlines()[0]}")


def _save(driver: Any, tmp_path: Path, name: str) -> Image.Image:
    out = tmp_path / name
    driver.save_screenshot(str(out))
    keep = os.environ.get("BUDGETLENS_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(out, Path(keep) / name)
    print(f"screenshot: {Path(keep) / name if keep else out}")
    return Image.open(io.BytesIO(out.read_bytes())).convert("RGB")


def _upload(driver: Any, server: str, tmp_path: Path, *paths: Path) -> list[str]:
    """Upload files through the upload page (its script sends them as a job and shows each file's
    progress); the document links once every file is read and checked."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(server + "/upload")
    field = driver.find_element(By.CSS_SELECTOR, "input[type=file]")
    field.send_keys("\n".join(str(p) for p in paths))
    assert len(driver.find_elements(By.CSS_SELECTOR, "#chosen li")) == len(paths)  # app.js ran under the CSP
    driver.find_element(By.CSS_SELECTOR, "#upload-form button").click()
    # progress rows come at once, one per file, while the files are uploaded, read and checked
    WebDriverWait(driver, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == len(paths))
    assert driver.find_elements(By.CSS_SELECTOR, "#results progress")
    _save(driver, tmp_path, "flow-0-progress.png")
    WebDriverWait(driver, 300).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results[data-done='1']"))
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#results a")]
    assert len(links) == len(paths), driver.find_element(By.ID, "results").text
    return [str(href).rsplit("/", 1)[-1] for href in links]


def test_review_a_pdf_finding_on_its_page_and_compare_with_charts_in_a_browser(server: str, tmp_path: Path) -> None:
    """A reviewer's path: upload the Shanghai sample PDF and seeds 001 and 000 through the upload page,
    open a finding of the PDF and see its page image with the figure boxed, dismiss it with a note,
    reload and see it dismissed; then open the two seeds' comparison and see its charts drawn."""
    sample = shared_sample("上海市普陀区财政局2024年度部门决算.pdf")
    driver = _driver(tmp_path)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        pdf_id, budget_id, final_id = _upload(driver, server, tmp_path, sample, seed(1), seed(0))
        _save(driver, tmp_path, "flow-1-uploaded.png")
        driver.get(f"{server}/documents/{pdf_id}")
        assert driver.find_element(By.CSS_SELECTOR, "#downloads a[href$='annotated.pdf']")
        _save(driver, tmp_path, "flow-2-document.png")
        driver.find_element(By.CSS_SELECTOR, "a.open").click()
        # every click that loads a page is followed by a wait for that page, not by a read at once
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "input[value=dismissed]"))
        finding_url = driver.current_url
        img = driver.find_element(By.CSS_SELECTOR, "img.page")
        WebDriverWait(driver, 60).until(lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", img))
        driver.execute_script("arguments[0].scrollIntoView()", img)
        shot = _save(driver, tmp_path, "flow-3-finding-page-image.png")
        assert _count(shot, (220, 0, 0), tolerance=40) > 10  # the red box around the cited figure
        driver.execute_script("window.scrollTo(0, 0)")
        driver.find_element(By.CSS_SELECTOR, "input[value=dismissed]").click()
        driver.find_element(By.NAME, "note").clear()
        driver.find_element(By.NAME, "note").send_keys("文字说明与表格口径不同，不属问题")
        driver.find_element(By.CSS_SELECTOR, "#review button").click()
        WebDriverWait(driver, 60).until(lambda d: "复核已保存" in d.page_source)
        driver.get(finding_url)  # reload
        assert driver.find_element(By.CSS_SELECTOR, "input[value=dismissed]").is_selected()
        assert "文字说明与表格口径不同" in driver.find_element(By.CSS_SELECTOR, "#review").text
        _save(driver, tmp_path, "flow-4-dismissed.png")
        driver.get(f"{server}/documents/{pdf_id}")
        assert driver.find_elements(By.CSS_SELECTOR, ".verdict-dismissed")

        driver.get(f"{server}/compare?ids={budget_id},{final_id}")
        table = driver.find_element(By.ID, "comparison")
        assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) > 5
        WebDriverWait(driver, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".chart[data-drawn='1'] canvas")) == 4)
        shot = _save(driver, tmp_path, "flow-5-compare-charts.png")
        charts = driver.find_element(By.ID, "charts").rect
        area = shot.crop((int(charts["x"]), int(charts["y"]), int(charts["x"] + charts["width"]),
                          int(min(charts["y"] + charts["height"], HEIGHT))))
        assert _count(area, (0x1F, 0x3A, 0x5F), tolerance=10) > 200  # bars drawn in the first colour
        assert _count(area, (0xC0, 0x50, 0x4D), tolerance=10) > 100  # and in the second
        driver.get(f"{server}/dashboard")
        assert driver.find_elements(By.CSS_SELECTOR, "#by-rule tbody tr")
        _save(driver, tmp_path, "flow-6-dashboard.png")
        driver.get(f"{server}/lang/en")  # the switch: the same comparison in English
        driver.get(f"{server}/compare?ids={budget_id},{final_id}")
        WebDriverWait(driver, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".chart[data-drawn='1'] canvas")) == 4)
        assert driver.find_element(By.TAG_NAME, "h1").text == "Compare"
        _save(driver, tmp_path, "flow-7-compare-english.png")
        driver.get(f"{server}/lang/zh")
    finally:
        driver.quit()
