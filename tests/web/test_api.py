"""The HTTP API: every endpoint, in the shapes of the CLI's JSON contract."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi.testclient import TestClient

from .support import MakeClient, api_upload, files_of, seed


def test_upload_then_every_read_endpoint(client: TestClient) -> None:
    result = api_upload(client, seed(0), seed(1))
    assert result["counts"]["added"] == 2
    ids = [f["document"] for f in result["files"]]
    assert all(isinstance(i, int) for i in ids)
    assert [f["path"] for f in result["files"]] == [seed(0).name, seed(1).name]

    docs = client.get("/api/v1/documents").json()
    assert {d["id"] for d in docs} == set(ids)
    assert set(docs[0]["findings"]) == {"error", "warning", "info"}
    assert client.get("/api/v1/documents", params={"kind": "budget"}).json() == [
        d for d in docs if d["kind"] == "budget"]

    doc = client.get(f"/api/v1/documents/{ids[0]}").json()
    assert doc["unit"] and doc["year"] and doc["facts"]
    facts = client.get(f"/api/v1/documents/{ids[0]}/facts").json()
    assert facts == doc["facts"]
    tables = client.get(f"/api/v1/documents/{ids[1]}/tables").json()
    assert isinstance(tables, list)
    for t in tables:
        assert {"id", "title", "columns", "rows"} <= set(t)

    findings = client.get(f"/api/v1/documents/{ids[0]}/findings").json()
    total = sum(docs[0]["findings"].values())
    assert len([f for f in findings if f["document_id"] == ids[0]]) >= total - 0
    for f in findings:
        assert {"rule", "severity", "message", "document", "location", "expected", "actual", "evidence", "group",
                "title", "fingerprint", "review"} <= set(f)
    everything = client.get("/api/v1/findings").json()
    assert {f["fingerprint"] for f in findings} <= {f["fingerprint"] for f in everything}
    assert all(f["severity"] == "warning" for f in client.get("/api/v1/findings", params={"severity": "warning"}).json())

    rules = client.get("/api/v1/rules").json()
    assert any(r["code"] == "BL401" for r in rules)

    cmp = client.get("/api/v1/compare", params=[("documents", ids[0]), ("documents", ids[1])]).json()
    assert [d["id"] for d in cmp["documents"]] == ids
    assert cmp["rows"] and all(len(r["values"]) == 2 for r in cmp["rows"])
    assert client.get("/api/v1/compare", params=[("documents", ids[0])]).status_code == 422
    assert client.get("/api/v1/compare", params=[("documents", ids[0]), ("documents", 999)]).status_code == 404


def test_reviews_endpoint(client: TestClient) -> None:
    api_upload(client, seed(0))
    f = client.get("/api/v1/findings").json()[0]
    r = client.post("/api/v1/reviews", json={"fingerprint": f["fingerprint"], "verdict": "dismissed"})
    assert r.status_code == 422 and "note" in r.json()["error"]
    r = client.post("/api/v1/reviews", json={"fingerprint": f["fingerprint"], "verdict": "dismissed",
                                              "note": "rounded", "reviewer": "li"})
    assert r.status_code == 201 and r.json()["verdict"] == "dismissed"
    reviews = client.get("/api/v1/reviews").json()
    assert reviews == [{"fingerprint": f["fingerprint"], "document_id": f["document_id"], "verdict": "dismissed",
                        "note": "rounded", "reviewer": "li", "time": reviews[0]["time"]}]
    assert client.get("/api/v1/findings", params={"review": "dismissed"}).json()[0]["review"]["note"] == "rounded"
    assert client.post("/api/v1/reviews", json={"fingerprint": "ffffffffff", "verdict": "confirmed"}).status_code == 422


def test_unknown_documents_are_404_json(client: TestClient) -> None:
    for path in ("/api/v1/documents/999", "/api/v1/documents/999/findings", "/api/v1/documents/999/facts",
                 "/api/v1/documents/999/tables"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "error" in r.json()
    assert client.get("/api/v1/documents/..%2F..%2Fetc%2Fpasswd").status_code in (404, 422)


def test_same_file_twice_is_stored_once(client: TestClient, tmp_path: Path) -> None:
    first = api_upload(client, seed(0))
    second = api_upload(client, seed(0))
    assert first["counts"]["added"] == 1
    assert second["counts"] == {"added": 0, "already": 1, "unreadable": 0, "refused": 0}
    assert second["files"][0]["document"] == first["files"][0]["document"]
    both = api_upload(client, seed(1), seed(1))
    assert both["counts"]["added"] == 1 and both["counts"]["already"] == 1
    stored = [p for p in (tmp_path / "home" / "files").rglob("*") if p.is_file()]
    assert len(stored) == 2
    assert len(client.get("/api/v1/documents").json()) == 2
    assert not any((tmp_path / "home" / "uploads").iterdir())  # nothing left behind


def test_concurrent_uploads_of_the_same_file(client: TestClient, tmp_path: Path) -> None:
    results: list[dict] = []

    def send() -> None:
        r = client.post("/api/v1/upload", files=files_of(seed(2)))
        results.append(r.json())

    threads = [threading.Thread(target=send) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r["files"][0]["status"] for r in results)
    assert statuses == ["added", "already", "already"]
    assert len(client.get("/api/v1/documents").json()) == 1
    assert len([p for p in (tmp_path / "home" / "files").rglob("*") if p.is_file()]) == 1


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/upload", "/api/v1/documents", "/api/v1/documents/{doc_id}", "/api/v1/findings",
                 "/api/v1/documents/{doc_id}/facts", "/api/v1/documents/{doc_id}/tables", "/api/v1/rules",
                 "/api/v1/reviews", "/api/v1/compare"):
        assert path in spec["paths"], path
    assert not any(p.startswith("/documents") for p in spec["paths"])  # pages are not API
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/v1/upload" in page.text
    assert "cdn" not in page.text.lower()


def test_api_with_token(make_client: MakeClient) -> None:
    from .support import TOKEN

    client = make_client(token=TOKEN)
    assert client.get("/api/v1/documents").status_code == 401
    assert client.get("/openapi.json").status_code == 401
    assert client.get("/api/v1/documents", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/api/v1/upload", files=files_of(seed(0))).status_code == 401
    good = {"Authorization": f"Bearer {TOKEN}"}
    assert api_upload(client, seed(0), headers=good)["counts"]["added"] == 1
    assert len(client.get("/api/v1/documents", headers=good).json()) == 1
    # a page session does not open the API (it takes the bearer token only)
    client.get("/login")
    client.post("/login", data={"token": TOKEN, "csrf": client.cookies.get("budgetlens_csrf") or ""})
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/documents").status_code == 401
