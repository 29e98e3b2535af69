"""The compare page's charts, the dashboard, the page language, and the report downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from budgetlens.web.app import accepted_lang
from budgetlens.web.texts import texts
from conftest import shared_sample

from .support import api_upload, csrf_of, files_of, seed


def _two(client: TestClient) -> tuple[int, int]:
    out = api_upload(client, seed(1), seed(0))
    budget, final = (f["document"] for f in out["files"])
    return budget, final


def _chart_data(html: str) -> list[dict]:
    m = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)
    assert m, "no chart data on the page"
    return json.loads(m.group(1))


def test_compare_page_carries_its_four_charts_from_the_facts(client: TestClient) -> None:
    budget, final = _two(client)
    page = client.get(f"/compare?ids={budget},{final}")
    assert page.status_code == 200
    assert '<script src="/static/vendor/echarts.min.js" defer></script>' in page.text
    assert '<script src="/static/charts.js" defer></script>' in page.text
    charts = {c["id"]: c for c in _chart_data(page.text)}
    assert set(charts) == {"chart-sangong", "chart-rates", "chart-split", "chart-income"}
    for c in charts.values():
        assert f'id="{c["id"]}"' in page.text
        assert all(len(s["data"]) == len(c["categories"]) for s in c["series"])
    facts_b = client.get(f"/api/v1/documents/{budget}/facts").json()
    facts_f = client.get(f"/api/v1/documents/{final}/facts").json()
    split = {s["name"]: s["data"] for s in charts["chart-split"]["series"]}
    assert split["基本支出"] == [float(facts_b["budget.basic"]), float(facts_f["expense.basic"])]
    assert split["项目支出"] == [float(facts_b["budget.project"]), float(facts_f["expense.project"])]
    # the budget (2024年预算) comes before the final account of the same year
    assert charts["chart-split"]["categories"] == ["2024年预算", "2024年决算"]
    rates = {s["name"]: s["data"] for s in charts["chart-rates"]["series"]}
    gpb = Decimal(str(facts_f["gpb.expense"])) / Decimal(str(facts_f["gpb.initial_budget"])) * 100
    assert rates["一般公共预算财政拨款支出（决算数/年初预算数）"] == [round(float(gpb), 2)]
    total = Decimal(str(facts_f["expense.total"])) / Decimal(str(facts_b["budget.total"])) * 100
    assert rates["支出合计（决算/预算）"] == [round(float(total), 2)]
    # a source of income with no money in any document is left out; the 三公 parts are always shown
    assert all(any(v for v in s["data"] if v is not None) for s in charts["chart-income"]["series"])
    assert len(charts["chart-sangong"]["series"]) == 4
    assert charts["chart-split"]["heading"] == "基本支出与项目支出（万元）"
    # the comparison's table names the facts in Chinese
    assert "基本支出（expense.basic）" in page.text


def test_vendored_echarts_is_served_with_its_licence() -> None:
    vendor = Path(__file__).resolve().parents[2] / "src" / "budgetlens" / "web" / "static" / "vendor"
    assert (vendor / "echarts.min.js").stat().st_size > 500_000
    assert "Apache License" in (vendor / "echarts.LICENSE").read_text()


def test_echarts_is_a_static_file_under_the_strict_policy(client: TestClient) -> None:
    r = client.get("/static/vendor/echarts.min.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert "script-src 'self';" in r.headers["content-security-policy"]


def test_no_chart_without_a_comparison(client: TestClient) -> None:
    page = client.get("/compare")
    assert "chart-data" not in page.text and "echarts" not in page.text


def test_dashboard_counts_findings_by_rule_and_unit_and_lists_unreviewed(client: TestClient) -> None:
    _budget, final = _two(client)
    findings = client.get("/api/v1/findings").json()
    assert findings
    data = client.get("/api/v1/dashboard").json()
    assert sum(r["total"] for r in data["by_rule"]) == len(findings)
    for r in data["by_rule"]:
        assert r["total"] == sum(1 for f in findings if f["rule"] == r["rule"])
    assert sum(u["total"] for u in data["by_unit"]) == len(findings)
    assert len(data["by_unit"]) == 1  # both seeds are one unit
    pending = {d["document_id"] for d in data["not_reviewed"]}
    assert pending == {f["document_id"] for f in findings}
    scores = [p["stated_score"] for p in data["lowest_scores"]]
    assert scores and scores == sorted(scores)
    # every finding of the final account reviewed: it leaves the list of documents to review
    for f in findings:
        if f["document_id"] == final:
            r = client.post("/api/v1/reviews", json={"fingerprint": f["fingerprint"], "verdict": "confirmed"})
            assert r.status_code == 201
    after = client.get("/api/v1/dashboard").json()
    assert final not in {d["document_id"] for d in after["not_reviewed"]}
    page = client.get("/dashboard")
    assert page.status_code == 200
    for rid in ("by-rule", "by-unit", "lowest", "pending"):
        assert f'id="{rid}"' in page.text
    assert data["by_rule"][0]["rule"] in page.text


def test_dashboard_of_an_empty_library(client: TestClient) -> None:
    assert client.get("/api/v1/dashboard").json()["by_rule"] == []
    assert "文档库中还没有文档" in client.get("/dashboard").text


def test_language_from_accept_language_and_the_switch(client: TestClient) -> None:
    assert accepted_lang("") == "zh"
    assert accepted_lang("en-US,en;q=0.9") == "en"
    assert accepted_lang("fr-FR, en;q=0.5, zh-CN;q=0.8") == "zh"
    assert accepted_lang("de, en;q=0") == "zh"
    assert "文档库" in client.get("/").text
    assert "Library" in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    client.get("/lang/zh")  # the switch wins over the browser's language
    assert "文档库" in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    client.get("/lang/en")
    assert "Library" in client.get("/").text


def test_report_downloads_hold_every_finding(client: TestClient) -> None:
    _budget, final = _two(client)
    findings = [f for f in client.get(f"/api/v1/documents/{final}/findings").json() if f["document_id"] == final]
    assert findings
    page = client.get(f"/documents/{final}")
    for fmt in ("html", "xlsx", "csv", "json"):
        assert f"/documents/{final}/report.{fmt}" in page.text
    assert "annotated.pdf" not in page.text  # a text source has no PDF to annotate

    js = client.get(f"/documents/{final}/report.json")
    assert js.status_code == 200 and "attachment" in js.headers["content-disposition"]
    body = js.json()
    assert body["document"]["id"] == final and "stored_path" not in body["document"]
    assert [f["fingerprint"] for f in body["findings"]] == [f["fingerprint"] for f in findings]

    raw = client.get(f"/documents/{final}/report.csv").content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["fingerprint"] for r in rows] == [f["fingerprint"] for f in findings]
    assert rows[0]["message"] == findings[0]["message"]

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(client.get(f"/documents/{final}/report.xlsx").content))
    sheet = wb.worksheets[0]
    assert sheet.max_row == len(findings) + 1
    assert wb.worksheets[1].max_row == len(body["document"]["facts"]) + 1

    html = client.get(f"/documents/{final}/report.html").text
    assert all(f["message"].split("，")[0][:20] in html for f in findings)

    api = client.get(f"/api/v1/documents/{final}/report", params={"format": "csv"})
    assert api.status_code == 200 and api.content == raw
    assert client.get(f"/documents/{final}/report.exe").status_code == 404
    assert client.get("/documents/999/report.json").status_code == 404
    assert client.get(f"/documents/{final}/annotated.pdf").status_code == 404
    assert client.get(f"/api/v1/documents/{final}/annotated.pdf").status_code == 404


def test_the_report_carries_the_review(client: TestClient) -> None:
    _budget, final = _two(client)
    f = next(f for f in client.get(f"/api/v1/documents/{final}/findings").json() if f["document_id"] == final)
    csrf = csrf_of(client)
    client.post(f"/documents/{final}/findings/{f['fingerprint']}/review",
                data={"verdict": "dismissed", "note": "口径不同", "csrf": csrf})
    rows = list(csv.DictReader(io.StringIO(client.get(f"/documents/{final}/report.csv").content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["fingerprint"] == f["fingerprint"])
    assert (row["review"], row["review_note"]) == ("dismissed", "口径不同")


def test_annotated_pdf_boxes_each_finding_figure(client: TestClient) -> None:
    from pypdf import PdfReader

    sample = shared_sample("上海市普陀区财政局2024年度部门决算.pdf")
    doc_id = api_upload(client, sample)["files"][0]["document"]
    findings = [f for f in client.get(f"/api/v1/documents/{doc_id}/findings").json()
                if f["location"].get("page") and f["document_id"] == doc_id]
    assert findings
    assert f"/documents/{doc_id}/annotated.pdf" in client.get(f"/documents/{doc_id}").text
    r = client.get(f"/documents/{doc_id}/annotated.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(r.content))
    assert len(reader.pages) == len(PdfReader(str(sample)).pages)
    for f in findings:
        annots = [a.get_object() for a in reader.pages[f["location"]["page"] - 1].get("/Annots", [])]
        notes = [a for a in annots if a["/Subtype"] == "/Text"]
        assert any(f["message"] == str(a["/Contents"]).split("\n", 1)[1] for a in notes)
    boxes = [a.get_object() for p in reader.pages for a in p.get("/Annots", [])
             if a.get_object()["/Subtype"] == "/Square"]
    assert boxes  # at least one figure found and boxed
    for b in boxes:
        x0, y0, x1, y1 = (float(v) for v in b["/Rect"])
        assert 0 < x1 - x0 < 200 and 0 < y1 - y0 < 40  # a figure's box, not a page's


def test_library_groups_units_by_the_region_given_at_upload(client: TestClient) -> None:
    r = client.post("/api/v1/upload", data={"region": "新疆昌吉州"}, files=files_of(seed(0), seed(1)))
    assert r.status_code == 200
    r = client.post("/api/v1/upload", data={"region": " 乌鲁木齐市 "}, files=files_of(seed(4)))
    client.post("/api/v1/upload", files=files_of(seed(3)))
    docs = {d["id"]: d for d in client.get("/api/v1/documents").json()}
    assert sorted(str(d["region"]) for d in docs.values()) == ["None", "乌鲁木齐市", "新疆昌吉州", "新疆昌吉州"]
    page = client.get("/?group=region&sort=unit").text
    heads = re.findall(r'<tr class="region"><th colspan="10">(.*?)</th></tr>', page)
    assert heads == ["乌鲁木齐市", "新疆昌吉州", "地区未识别"]  # regions in name order, the unknown last
    only = client.get("/?region=新疆昌吉州").text
    assert only.count('<a href="/documents/') == 2
    assert 'option value="乌鲁木齐市"' in only


def test_library_search_sort_and_pages(client: TestClient) -> None:
    api_upload(client, seed(0), seed(1), seed(2), seed(3), seed(4))
    ids_by_unit = [d["id"] for d in sorted(client.get("/api/v1/documents").json(), key=lambda d: (d["unit"], d["id"]))]
    page = client.get("/?sort=unit").text
    assert [int(x) for x in re.findall(r'<a href="/documents/(\d+)">', page)] == ids_by_unit
    assert client.get("/?q=乌鲁木齐").text.count('<a href="/documents/') == 1
    assert client.get("/?kind=budget").text.count('<a href="/documents/') == 2


def test_finding_shows_the_cells_around_its_row_and_the_paragraphs_of_a_word_source(client: TestClient) -> None:
    doc_id = api_upload(client, seed(1))["files"][0]["document"]
    f = next(f for f in client.get(f"/api/v1/documents/{doc_id}/findings").json()
             if f["location"].get("table") and f["location"].get("row"))
    page = client.get(f"/documents/{doc_id}/findings/{f['fingerprint']}").text
    table = re.search(r'<table class="grid small" id="cells">(.*?)</table>', page, re.S)
    assert table, "no cells around the finding"
    rows = re.findall(r"<tr class=\"(cited)?\">(.*?)</tr>", table.group(1), re.S)
    cited = [body for mark, body in rows if mark]
    assert len(cited) == 1 and f["location"]["row"] in cited[0]
    assert 1 < len(rows) <= 7  # the cited row with up to three on each side

    word = Path(__file__).resolve().parents[1] / "data" / "formats" / "000_b61820042bea01b0.docx"
    wid = api_upload(client, word)["files"][0]["document"]
    g = next(g for g in client.get(f"/api/v1/documents/{wid}/findings").json()
             if g["document_id"] == wid and g["location"].get("line"))
    page = client.get(f"/documents/{wid}/findings/{g['fingerprint']}").text
    lines = re.search(r'<table class="lines" id="lines">(.*?)</table>', page, re.S)
    assert lines, "no paragraphs around the finding of a Word source"
    assert f'<tr class="cited"><td class="ln">{g["location"]["line"]}</td>' in lines.group(1)


def test_performance_page_shows_profile_rounding_and_each_formula(client: TestClient) -> None:
    doc_id = api_upload(client, seed(0))["files"][0]["document"]
    perf = client.get(f"/api/v1/documents/{doc_id}/performance").json()
    assert perf["profile"]["name"] and perf["tables"]
    page = client.get(f"/documents/{doc_id}/performance").text
    assert perf["profile"]["title"] in page
    formulas = [i["formula"] for t in perf["tables"] for i in t["indicators"] if i["formula"]]
    assert formulas and all(x.replace("×", "×") in page.replace("&lt;", "<").replace("&gt;", ">")
                            .replace("&#39;", "'").replace("&amp;", "&") for x in formulas[:10])
    rounding = {t["execution"]["rounding"] for t in perf["tables"] if t.get("execution")}
    assert all(texts("zh")["round_" + r] in page for r in rounding)
    assert f"/documents/{doc_id}/reading#performance" in client.get(f"/documents/{doc_id}").text
    reading = client.get(f"/api/v1/documents/{doc_id}/reading").json()
    assert reading["performance"] == perf
    for e in reading["toc"]:
        assert _escaped(e["title"]) in page
    budget = api_upload(client, seed(2))["files"][0]["document"]
    assert client.get("/api/v1/documents/999/performance").status_code == 404
    assert client.get(f"/documents/{budget}/performance").status_code == 200


def test_finding_messages_speak_the_page_language(client: TestClient) -> None:
    doc_id = api_upload(client, seed(0))["files"][0]["document"]
    zh = client.get(f"/api/v1/documents/{doc_id}/findings", headers={"Accept-Language": "zh-CN"}).json()
    en = client.get(f"/api/v1/documents/{doc_id}/findings", headers={"Accept-Language": "en"}).json()
    if not any(f.get("message_id") for f in zh):
        pytest.skip("the library does not keep the findings' message ids: messages stay as checked")
    from budgetlens.i18n import t

    f_zh, f_en = next((a, b) for a, b in zip(zh, en, strict=True) if a.get("message_id"))
    assert f_zh["message"] != f_en["message"]
    assert f_en["message"] == t(f_en["message_id"], "en", **_params(f_en["params"]))
    client.get("/lang/en")
    page = client.get(f"/documents/{doc_id}/findings/{f_en['fingerprint']}").text
    assert _escaped(f_en["message"]) in page
    client.get("/lang/zh")
    page = client.get(f"/documents/{doc_id}/findings/{f_zh['fingerprint']}").text
    assert _escaped(f_zh["message"]) in page


def _params(params: dict) -> dict:
    from budgetlens.library.records import decode_params

    return decode_params(params)


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_reading_page_lists_the_toc_against_what_was_found(client: TestClient) -> None:
    sample = shared_sample("上海市普陀区财政局2024年度部门决算.pdf")
    doc_id = api_upload(client, sample)["files"][0]["document"]
    reading = client.get(f"/api/v1/documents/{doc_id}/reading").json()
    assert reading["toc"] and reading["parts"]
    page = client.get(f"/documents/{doc_id}/reading").text
    section = re.search(r'<section id="toc">(.*?)</section>', page, re.S)
    assert section
    rows = re.findall(r"<tr><td class=\"lvl-\d\">(.*?)</td>\s*<td>(.*?)</td>", section.group(1), re.S)
    assert [_escaped(e["title"]) for e in reading["toc"]] == [title for title, _ in rows]
    for e, (_, found) in zip(reading["toc"], rows, strict=True):
        assert ("tag ok" in found) == bool(e["present"])
    for p in reading["parts"]:
        assert _escaped(p["title"]) in page


def test_a_rows_place_in_its_source_is_named_as_its_format_says() -> None:
    from budgetlens.web.service import _place

    assert _place({"sheet": "表3", "cell": "A12", "line": 12}) == "表3!A12"
    assert _place({"table": 2, "row": 5, "column": 0}) == "#3:6"  # the third Word table, its sixth row
    assert _place({"page": 10, "table": 5, "row": 3}) == "p.10"
    assert _place({"line": 94}) == "L94"
    assert _place({}) == ""
