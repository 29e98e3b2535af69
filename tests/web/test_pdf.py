"""PDF sources: each finding opens its page as an image with the cited figure boxed."""

from __future__ import annotations

import io
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image

from budgetlens.web.pageimage import SCALE, find_boxes, marks_of, render_png
from conftest import shared_sample

from .support import api_upload


def _red_pixels(png: bytes) -> list[tuple[int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    w, h = image.size
    px = image.load()
    assert px is not None
    return [(x, y) for y in range(0, h, 2) for x in range(0, w, 2) if px[x, y] == (220, 0, 0)]


def _pdf(tmp_path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "figures.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "total 12,345.67 and 99")
    c.drawString(72, 600, "other 112,345.67 here")
    c.showPage()
    c.drawString(72, 700, "page two 5")
    c.save()
    return path


def test_figure_is_found_and_boxed(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path)
    boxes = find_boxes(pdf, 1, marks_of("12345.67"))
    assert len(boxes) == 1  # not inside 112,345.67
    x0, top, x1, bottom = boxes[0]
    top_of_line = 842 - 700 - 12
    assert abs(top - top_of_line) < 6 and x0 > 72 and x1 - x0 > 30
    assert find_boxes(pdf, 1, marks_of("5")) == []
    assert find_boxes(pdf, 9, marks_of("5")) == []
    png = render_png(pdf, 1, boxes)
    red = _red_pixels(png)
    assert red
    xs = [x for x, _ in red]
    ys = [y for _, y in red]
    assert min(xs) >= x0 * SCALE - 6 and max(xs) <= x1 * SCALE + 6
    assert min(ys) >= top * SCALE - 6 and max(ys) <= bottom * SCALE + 6
    assert _red_pixels(render_png(pdf, 2, [])) == []


def test_sample_pdf_finding_opens_its_page_with_the_box(client: TestClient) -> None:
    sample = shared_sample("上海市普陀区财政局2024年度部门决算.pdf")
    out = api_upload(client, sample)
    assert out["counts"]["added"] == 1
    doc_id = out["files"][0]["document"]
    findings = [f for f in client.get(f"/api/v1/documents/{doc_id}/findings").json() if f["location"].get("page")]
    assert findings
    boxed = 0
    for f in findings:
        page = client.get(f"/documents/{doc_id}/findings/{f['fingerprint']}")
        image = f"/documents/{doc_id}/pages/{f['location']['page']}.png?finding={f['fingerprint']}"
        assert image.replace("?", "?") in page.text.replace("&amp;", "&")
        png = client.get(image)
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        boxed += bool(_red_pixels(png.content))
    assert boxed >= 1
    assert client.get(f"/documents/{doc_id}/pages/0.png").status_code == 404
    assert client.get(f"/documents/{doc_id}/pages/9999.png").status_code == 404
    plain = client.get(f"/documents/{doc_id}/pages/1.png")
    assert plain.status_code == 200 and not _red_pixels(plain.content)
