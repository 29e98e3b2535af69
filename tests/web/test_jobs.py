"""Upload jobs: answered at once, then each file's state polled until it is read and checked;
unreadable files explained in plain words."""

from __future__ import annotations

import io
import time
from typing import Any

from fastapi.testclient import TestClient

from budgetlens.web.explain import REASONS, plain_reason
from budgetlens.web.texts import texts

from .support import TOKEN, MakeClient, csrf_of, files_of, seed


def _wait(client: TestClient, url: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    seen: set[str] = set()
    for _ in range(600):
        r = client.get(url, headers=headers or {})
        assert r.status_code == 200, r.text
        job = r.json()
        seen.update(f["status"] for f in job["files"])
        if job["done"]:
            job["seen"] = seen
            return job
        time.sleep(0.05)
    raise AssertionError("the job did not end")


def _scan_pdf(x: int = 100) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(x, 100, 200, 200, fill=1)  # a page with a picture and no text, like a scan
    c.showPage()
    c.save()
    return buf.getvalue()


def test_api_job_reads_and_checks_each_file(client: TestClient) -> None:
    r = client.post("/api/v1/jobs", files=files_of(seed(1), seed(0)))
    assert r.status_code == 202, r.text
    started = r.json()
    assert [f["name"] for f in started["files"]] == [seed(1).name, seed(0).name]
    assert all(f["status"] in ("queued", "working", "done") for f in started["files"])
    job = _wait(client, f"/api/v1/jobs/{started['job']}")
    assert job["counts"] == {"added": 2, "already": 0, "unreadable": 0, "refused": 0}
    assert all(f["status"] == "done" and len(f["results"]) == 1 for f in job["files"])
    docs = client.get("/api/v1/documents").json()
    assert {d["id"] for d in docs} == {f["results"][0]["document"] for f in job["files"]}
    assert all(isinstance(f["results"][0]["findings"], int) for f in job["files"])
    again = _wait(client, f"/api/v1/jobs/{client.post('/api/v1/jobs', files=files_of(seed(0))).json()['job']}")
    assert again["counts"]["already"] == 1


def test_api_job_errors(make_client: MakeClient) -> None:
    client = make_client(token=TOKEN)
    assert client.post("/api/v1/jobs", files=files_of(seed(0))).status_code == 401
    assert client.get("/api/v1/jobs/abc").status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.get("/api/v1/jobs/no-such-job", headers=auth).status_code == 404
    assert client.post("/api/v1/jobs", content=b"x", headers={**auth, "Content-Type": "text/plain"}).status_code == 415
    assert client.post("/api/v1/jobs", data={"a": "b"}, files=[("x", ("", b""))], headers=auth).status_code in (400, 200, 202)
    small = make_client(max_upload=1024)
    big = [("files", ("big.txt", b"a" * 4096, "text/plain"))]
    assert small.post("/api/v1/jobs", files=big).status_code == 413


def test_page_job_needs_the_form_token_and_explains_unreadable_files(client: TestClient) -> None:
    bad = [("files", ("scan.pdf", _scan_pdf(), "application/pdf")),
           ("files", ("broken.pdf", b"%PDF-1.4\nnot really a pdf", "application/pdf")),
           ("files", ("virus.exe", b"MZ", "application/octet-stream"))]
    assert client.post("/upload/jobs", files=bad).status_code == 403
    assert client.post("/upload/jobs?csrf=wrong", files=bad).status_code == 403
    csrf = csrf_of(client)
    r = client.post(f"/upload/jobs?csrf={csrf}", files=bad)
    assert r.status_code == 202, r.text
    job = _wait(client, f"/upload/jobs/{r.json()['job']}")
    results = {x["path"]: x for f in job["files"] for x in f["results"]}
    T = texts("zh")
    assert results["scan.pdf"]["status"] == "unreadable"
    assert results["scan.pdf"]["explained"] == T.why_no_text
    assert results["broken.pdf"]["explained"] == T.why_corrupt_pdf
    assert results["virus.exe"]["status"] == "refused" and results["virus.exe"]["label"] == T.st_refused
    assert client.get("/upload/jobs/nope").status_code == 404
    # the same explanations on the page answered without the script
    page = client.post(f"/upload?csrf={csrf}", files=[("files", ("scan2.pdf", _scan_pdf(150), "application/pdf"))])
    assert T.why_no_text in page.text


def test_upload_page_offers_drop_and_job_progress(client: TestClient) -> None:
    page = client.get("/upload").text
    assert 'id="drop"' in page and "data-jobs=\"/upload/jobs?csrf=" in page
    assert "将文件或 ZIP 压缩包拖放到这里" in page


def test_every_reason_is_worded_in_both_languages() -> None:
    for _, key in REASONS:
        assert key in texts("zh") and texts("en")[key] != texts("zh")[key]
    T = texts("en")
    assert plain_reason("a.doc: legacy Word/Excel binary format (.doc/.xls) is not supported", T) == T.why_legacy
    assert plain_reason("x.pdf: the PDF is encrypted (password required)", T) == T.why_encrypted
    assert plain_reason("something else", T) == ""


def test_a_file_stored_unreadable_before_is_explained_again(client: TestClient) -> None:
    scan = [("files", ("scan.pdf", _scan_pdf(120), "application/pdf"))]
    first = client.post("/api/v1/upload", files=scan).json()["files"][0]
    assert first["status"] == "unreadable"
    csrf = csrf_of(client)
    page = client.post(f"/upload?csrf={csrf}", files=scan).text
    assert texts("zh").why_no_text in page  # already in the library, and still unreadable: said again
    job = _wait(client, f"/upload/jobs/{client.post(f'/upload/jobs?csrf={csrf}', files=scan).json()['job']}")
    r = job["files"][0]["results"][0]
    assert r["status"] == "already" and r["unreadable"] and r["explained"] == texts("zh").why_no_text


def test_the_same_file_in_jobs_at_once_is_stored_once(client: TestClient) -> None:
    started = [client.post("/api/v1/jobs", files=files_of(seed(2))).json()["job"] for _ in range(3)]
    jobs = [_wait(client, f"/api/v1/jobs/{j}") for j in started]
    statuses = sorted(j["files"][0]["results"][0]["status"] for j in jobs)
    assert statuses == ["added", "already", "already"]
    assert len(client.get("/api/v1/documents").json()) == 1


def test_a_zip_slip_member_in_a_job_is_refused_and_explained(client: TestClient) -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../outside.txt", seed(0).read_text(encoding="utf-8"))
        z.writestr("ok.txt", seed(1).read_text(encoding="utf-8"))
    csrf = csrf_of(client)
    r = client.post(f"/upload/jobs?csrf={csrf}", files=[("files", ("bundle.zip", buf.getvalue(), "application/zip"))])
    job = _wait(client, f"/upload/jobs/{r.json()['job']}")
    results = {x["path"]: x for x in job["files"][0]["results"]}
    bad = next(x for p, x in results.items() if "outside" in p)
    assert bad["status"] == "refused" and bad["explained"] == texts("zh").why_zip_member
    assert any(x["status"] == "added" for x in results.values())


NEW_API = ["/api/v1/dashboard", "/api/v1/documents/1/report?format=csv", "/api/v1/documents/1/annotated.pdf",
           "/api/v1/documents/1/reading", "/api/v1/documents/1/performance", "/api/v1/jobs/x"]


def test_new_endpoints_need_the_bearer_token_when_one_is_set(make_client: MakeClient) -> None:
    client = make_client(token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    client.post("/api/v1/upload", files=files_of(seed(0)), headers=auth)
    for url in NEW_API:
        assert client.get(url).status_code == 401, url
        assert client.get(url, headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code == 401, url
        expected = 404 if url.endswith(("annotated.pdf", "/jobs/x")) else 200  # a text source; no such job
        assert client.get(url, headers=auth).status_code == expected, url
    for url in ("/dashboard", "/documents/1/reading", "/documents/1/report.json"):
        r = client.get(url, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", url
