"""The pages: library, document, finding with its page image and review form, login, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from budgetlens.library.ingest import recheck

from .support import TOKEN, MakeClient, api_upload, csrf_of, seed


def _doc_ids(client: TestClient) -> list[int]:
    return [d["id"] for d in client.get("/api/v1/documents").json()]


def test_library_page_lists_filters_sorts_and_paginates(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = client.get("/")
    assert empty.status_code == 200 and "文档库中还没有文档" in empty.text
    assert 'lang="zh-CN"' in empty.text
    api_upload(client, seed(0), seed(1), seed(2))
    docs = client.get("/api/v1/documents").json()
    page = client.get("/")
    for d in docs:
        assert f'href="/documents/{d["id"]}"' in page.text
        assert d["unit"] in page.text
    budget = client.get("/", params={"kind": "budget"})
    rows = re.findall(r'href="/documents/(\d+)"', budget.text)
    assert sorted(int(r) for r in rows) == sorted(d["id"] for d in docs if d["kind"] == "budget")
    word = docs[2]["unit"][-6:]
    found = re.findall(r'href="/documents/(\d+)"', client.get("/", params={"q": word}).text)
    assert str(docs[2]["id"]) in found
    assert re.findall(r'href="/documents/(\d+)"', client.get("/", params={"q": "没有这个单位"}).text) == []
    desc = re.findall(r'href="/documents/(\d+)"', client.get("/", params={"sort": "id", "desc": "1"}).text)
    assert desc == sorted(desc, key=int, reverse=True)
    monkeypatch.setattr("budgetlens.web.pages.PAGE_SIZE", 2)
    first = client.get("/")
    assert len(re.findall(r'href="/documents/(\d+)"', first.text)) == 2 and "第 1 / 2 页" in first.text
    second = client.get("/", params={"p": 2})
    assert len(re.findall(r'href="/documents/(\d+)"', second.text)) == 1
    assert client.get("/", params={"p": 99}).status_code == 200  # clamped to the last page


def test_document_page_and_finding_review(client: TestClient) -> None:
    api_upload(client, seed(0))
    doc_id = _doc_ids(client)[0]
    findings = client.get(f"/api/v1/documents/{doc_id}/findings").json()
    assert findings
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    assert "问题" in page.text and "数据要点" in page.text and "标准表" in page.text
    f = next((x for x in findings if x["location"].get("line")), findings[0])
    assert f["fingerprint"] in page.text and f["rule"] in page.text
    from budgetlens.web.texts import ZH

    assert all(ZH[f"grp:{x['group']}"] in page.text for x in findings)
    link = f"/documents/{doc_id}/findings/{f['fingerprint']}"
    finding = client.get(link)
    assert finding.status_code == 200 and "复核" in finding.text
    assert ".png" not in finding.text  # a text source has no page image: the lines around the cited one
    line = f["location"].get("line")
    if line:
        assert f'<tr class="cited"><td class="ln">{line}</td>' in finding.text and 'id="lines"' in finding.text
    else:
        assert "没有可显示的原文位置" in finding.text
    csrf = csrf_of(client)
    # no CSRF token: refused, nothing recorded
    r = client.post(f"{link}/review", data={"verdict": "confirmed"})
    assert r.status_code == 403
    r = client.post(f"{link}/review", data={"verdict": "confirmed", "csrf": "forged"})
    assert r.status_code == 403
    assert client.get("/api/v1/reviews").json() == []
    # a dismissal without a note is explained
    r = client.post(f"{link}/review", data={"verdict": "dismissed", "note": " ", "csrf": csrf})
    assert r.status_code == 400 and "note" in r.text
    r = client.post(f"{link}/review", data={"verdict": "dismissed", "note": "文字部分四舍五入", "reviewer": "王", "csrf": csrf},
                    follow_redirects=False)
    assert r.status_code == 303
    shown = client.get(r.headers["location"])
    assert "复核已保存" in shown.text and "文字部分四舍五入" in shown.text
    assert "排除" in client.get(f"/documents/{doc_id}").text
    assert "1 / " in client.get("/").text  # one finding reviewed


def test_review_is_kept_across_a_recheck(make_client: MakeClient) -> None:
    client = make_client()
    api_upload(client, seed(0))
    doc_id = _doc_ids(client)[0]
    f = client.get(f"/api/v1/documents/{doc_id}/findings").json()[0]
    csrf = csrf_of(client)
    link = f"/documents/{doc_id}/findings/{f['fingerprint']}"
    client.post(f"{link}/review", data={"verdict": "confirmed", "note": "核对原文属实", "csrf": csrf})
    library = client.app.state.settings.library
    summary = recheck(library, workers=1, everything=True)
    assert summary.count("rechecked") == 1
    page = client.get(link)
    assert page.status_code == 200 and "核对原文属实" in page.text


def test_unknown_and_bad_paths_are_plain_error_pages(client: TestClient) -> None:
    for path in ("/documents/999", "/documents/999/findings/abcdef", "/documents/abc", "/nowhere",
                 "/documents/1/pages/1.png", "/static/../../etc/passwd", "/documents/..%2f..%2fetc%2fpasswd"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "Traceback" not in r.text and "root:" not in r.text
        if not path.endswith(".png"):
            assert "没有找到" in r.text, path
        assert r.headers["content-security-policy"].startswith("default-src 'none'")


def test_bad_query_values_are_explained(client: TestClient) -> None:
    page = client.get("/", params={"p": "x"})
    assert page.status_code == 400 and "请求有误" in page.text and "<html" in page.text
    api = client.get("/api/v1/documents", params={"year": "x"})
    assert api.status_code == 422 and "year" in api.json()["error"]


def test_no_traceback_reaches_a_page(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail /srv/x.py line 3")

    monkeypatch.setattr("budgetlens.web.pages.list_documents", boom)
    monkeypatch.setattr("budgetlens.web.api.list_documents", boom)
    r = client.get("/")
    assert r.status_code == 500
    assert "服务器内部出错" in r.text
    assert "secret" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text
    assert "content-security-policy" in r.headers
    r = client.get("/api/v1/documents")
    assert r.status_code == 500 and "secret" not in r.text


def test_security_headers_and_no_outside_assets(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "http://" not in r.text and "https://" not in r.text
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_pages_with_token_ask_once(make_client: MakeClient) -> None:
    client = make_client(token=TOKEN)
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert client.get("/upload", follow_redirects=False).status_code == 303
    login = client.get("/login")
    assert login.status_code == 200 and "访问令牌" in login.text
    csrf = client.cookies.get("budgetlens_csrf")
    assert client.post("/login", data={"token": TOKEN}).status_code == 403  # no CSRF token
    bad = client.post("/login", data={"token": "wrong", "csrf": csrf})
    assert bad.status_code == 401 and "令牌不正确" in bad.text
    assert client.get("/", follow_redirects=False).status_code == 303
    ok = client.post("/login", data={"token": TOKEN, "csrf": csrf}, follow_redirects=False)
    assert ok.status_code == 303
    session = client.cookies.get("budgetlens_session")
    assert session and TOKEN not in session
    assert client.get("/").status_code == 200
    assert client.get("/upload").status_code == 200


def test_upload_page(client: TestClient) -> None:
    form = client.get("/upload")
    assert 'enctype="multipart/form-data"' in form.text and "multiple" in form.text
    csrf = csrf_of(client)
    files = [("files", (seed(0).name, seed(0).read_bytes(), "text/plain")),
             ("files", ("坏文件.pdf", b"not a pdf", "application/pdf"))]
    assert client.post("/upload", files=files).status_code == 403  # no CSRF token: the body is not read
    assert client.get("/api/v1/documents").json() == []
    r = client.post(f"/upload?csrf={csrf}", files=files)
    assert r.status_code == 200
    assert "已加入并检查" in r.text and "已拒收" in r.text and "不是 PDF" in r.text
    assert 'href="/documents/1"' in r.text


def test_language_switch(client: TestClient) -> None:
    client.get("/lang/en")
    page = client.get("/")
    assert 'lang="en"' in page.text and "Library" in page.text
    client.get("/lang/zh")
    assert "文档库" in client.get("/").text


def test_compare_page(client: TestClient) -> None:
    api_upload(client, seed(0), seed(1))
    page = client.get("/compare", params={"ids": "1,2"})
    assert page.status_code == 200 and 'id="comparison"' in page.text
    assert "同一单位同一年度的预算与决算" in page.text
    plan = page.text.split('id="plan-execution"')[1].split("</table>")[0]
    assert "执行率" in plan and "343.56" in plan and "364.13" in plan and "94.35" in plan
    assert "no such document" in client.get("/compare", params={"ids": "1,99"}).text


def test_serve_refuses_other_addresses_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from budgetlens.cli import app
    from budgetlens.web.serve import ServeError, is_loopback, token_for, url_of

    monkeypatch.delenv("BUDGETLENS_TOKEN", raising=False)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert token_for("127.0.0.1") is None
    with pytest.raises(ServeError):
        token_for("0.0.0.0")
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8765"])
    assert result.exit_code == 2 and "BUDGETLENS_TOKEN" in result.output
    monkeypatch.setenv("BUDGETLENS_TOKEN", "short")
    with pytest.raises(ServeError):
        token_for("0.0.0.0")
    monkeypatch.setenv("BUDGETLENS_TOKEN", TOKEN)
    assert token_for("0.0.0.0") == TOKEN
    assert url_of("::1", 8000) == "http://[::1]:8000/"


def test_serve_prints_the_url_and_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"BUDGETLENS_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([sys.executable, "-m", "budgetlens.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.1)
        assert "文档库" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_every_rule_group_has_a_chinese_name() -> None:
    from budgetlens.check.registry import GROUPS
    from budgetlens.web.texts import EN, ZH

    for group in GROUPS:
        assert f"grp:{group}" in ZH and f"grp:{group}" in EN, group
    assert set(ZH) == set(EN)  # every text in both languages
