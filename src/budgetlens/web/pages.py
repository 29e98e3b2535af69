"""The pages: library, document, finding (page image and review), upload, compare, login, API list."""

from __future__ import annotations

import hmac
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import select

from budgetlens.library import LibraryError
from budgetlens.library.models import FindingRow
from budgetlens.library.queries import add_review, compare, latest_reviews, list_documents
from budgetlens.report.highlight import highlight_html
from budgetlens.serialize import jsonable
from budgetlens.web.app import CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE, lang_of, page, settings_of
from budgetlens.web.charts import charts
from budgetlens.web.dashboard import dashboard
from budgetlens.web.explain import plain_reason
from budgetlens.web.pageimage import marks_of
from budgetlens.web.service import (
    SEVERITIES,
    NotFound,
    annotated_response,
    finding_by_fingerprint,
    findings_of,
    full_tables,
    get_document,
    ingest,
    page_png,
    reading_of,
    report_response,
    standard_tables,
    table_context,
    text_context,
)
from budgetlens.web.texts import LANGS, texts
from budgetlens.web.uploads import UploadError, receive_request

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
SORTS = {
    "id": lambda d: d["id"],
    "unit": lambda d: (d["unit"] or "", d["id"]),
    "year": lambda d: (d["year"] or 0, d["id"]),
    "errors": lambda d: (d["findings"]["error"], d["findings"]["warning"], d["id"]),
}


def check_csrf(request: Request, token: str | None) -> None:
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    if not cookie or not token or not hmac.compare_digest(cookie, token):
        raise HTTPException(403, texts(None).error_403)


def _reviewed_counts(request: Request, ids: list[int]) -> dict[int, int]:
    lib = settings_of(request).library
    out: dict[int, int] = dict.fromkeys(ids, 0)
    with lib.session() as s:
        rows = s.execute(select(FindingRow.document_id, FindingRow.fingerprint)
                         .where(FindingRow.document_id.in_(ids))).all()
        reviews = latest_reviews(s, sorted({fp for _, fp in rows}))
    for doc_id, fp in rows:
        if fp in reviews:
            out[doc_id] += 1
    return out


@router.get("/")
def library(request: Request, kind: str = "", year: str = "", q: str = "", sort: str = "id", desc: str = "",
            p: int = 1, region: str = "", group: str = "") -> Response:
    lib = settings_of(request).library
    year_n = int(year) if year.isdigit() else None
    everything = list_documents(lib)
    docs = list_documents(lib, kind=kind if kind in ("budget", "final") else None, year=year_n, unit=q.strip() or None)
    if region:
        docs = [d for d in docs if (d["region"] or "") == region]
    docs.sort(key=SORTS.get(sort, SORTS["id"]), reverse=bool(desc))
    if group:  # units grouped by region: regions in name order, the chosen order within each
        docs.sort(key=lambda d: (d["region"] is None or d["region"] == "", d["region"] or ""))
    total = len(docs)
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    p = min(max(1, p), pages)
    shown = docs[(p - 1) * PAGE_SIZE: p * PAGE_SIZE]
    reviewed = _reviewed_counts(request, [d["id"] for d in shown])
    years = sorted({d["year"] for d in everything if d["year"]}, reverse=True)
    regions = sorted({d["region"] for d in everything if d["region"]})
    params = {"kind": kind, "year": year, "q": q, "sort": sort, "desc": desc, "region": region, "group": group}

    def link(n: int) -> str:
        return "/?" + urlencode({**{k: v for k, v in params.items() if v}, "p": n})

    return page(request, "library.html", {"docs": shown, "reviewed": reviewed, "total": total, "p": p,
                                           "pages": pages, "link": link, "years": years, "regions": regions,
                                           "params": params})


def _grouped(findings: list[dict[str, Any]]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    out: dict[str, dict[str, list[dict[str, Any]]]] = {s: defaultdict(list) for s in SEVERITIES}
    for f in findings:
        out.setdefault(f["severity"], defaultdict(list))[f["group"] or ""].append(f)
    return out


def _evidence(f: dict[str, Any]) -> Any:
    return highlight_html(f["evidence"] or "", marks_of(f["actual"], f["expected"]))


@router.get("/documents/{doc_id}")
def document(request: Request, doc_id: int) -> Response:
    settings = settings_of(request)
    try:
        doc = get_document(settings, doc_id)
        findings = findings_of(settings, doc_id)
        tables = full_tables(settings, doc_id)
    except NotFound:
        raise HTTPException(404) from None
    return page(request, "document.html", {
        "doc": doc, "findings": findings, "grouped": _grouped(findings), "severities": SEVERITIES,
        "tables": tables, "standard": standard_tables(doc["kind"], tables) if doc["status"] == "ok" else [],
        "evidence": _evidence})


def _finding_page(request: Request, doc_id: int, fingerprint: str, message: str = "", status: int = 200) -> Response:
    settings = settings_of(request)
    try:
        doc = get_document(settings, doc_id)
        f = finding_by_fingerprint(settings, doc_id, fingerprint)
    except NotFound:
        raise HTTPException(404) from None
    page_no = (f["location"] or {}).get("page")
    image = None
    if doc["format"] == "pdf" and isinstance(page_no, int) and f["document_id"] == doc_id:
        image = f"/documents/{doc_id}/pages/{page_no}.png?" + urlencode({"finding": fingerprint})
    line_no = (f["location"] or {}).get("line")
    lines = text_context(settings, doc_id, line_no) if isinstance(line_no, int) and f["document_id"] == doc_id else []
    marks = marks_of(f["actual"], f["expected"])
    cells = table_context(settings, doc_id, f["location"] or {}) if f["document_id"] == doc_id else None
    return page(request, "finding.html", {"doc": doc, "f": f, "image": image, "message": message, "cells": cells,
                                          "evidence": _evidence, "lines": lines, "line_no": line_no,
                                          "mark": lambda text: highlight_html(text, marks)}, status=status)


@router.get("/documents/{doc_id}/findings/{fingerprint}")
def finding(request: Request, doc_id: int, fingerprint: str) -> Response:
    return _finding_page(request, doc_id, fingerprint)


@router.post("/documents/{doc_id}/findings/{fingerprint}/review")
def review(request: Request, doc_id: int, fingerprint: str, verdict: str = Form(""), note: str = Form(""),
           reviewer: str = Form(""), csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    settings = settings_of(request)
    try:
        finding_by_fingerprint(settings, doc_id, fingerprint)
    except NotFound:
        raise HTTPException(404) from None
    try:
        add_review(settings.library, fingerprint, verdict, note.strip(), reviewer.strip() or "web")
    except LibraryError as exc:
        return _finding_page(request, doc_id, fingerprint, message=exc.message, status=400)
    return RedirectResponse(f"/documents/{doc_id}/findings/{fingerprint}?saved=1", status_code=303)


@router.get("/documents/{doc_id}/reading")
def reading_page(request: Request, doc_id: int) -> Response:
    """What was read: the parts, the 目录 listed against what was found, the performance tables recomputed."""
    settings = settings_of(request)
    try:
        doc = get_document(settings, doc_id)
        reading = reading_of(settings, doc_id) or {}
    except NotFound:
        raise HTTPException(404) from None
    perf = reading.get("performance")
    roundings = sorted({t["execution"]["rounding"] for t in (perf or {}).get("tables", []) if t.get("execution")})
    return page(request, "reading.html", {"doc": doc, "perf": perf, "roundings": roundings,
                                              "parts": reading.get("parts") or [], "toc": reading.get("toc") or []})


@router.get("/documents/{doc_id}/performance")
def performance_page(doc_id: int) -> Response:
    return RedirectResponse(f"/documents/{doc_id}/reading#performance", status_code=303)


@router.get("/documents/{doc_id}/report.{fmt}")
def download_report(request: Request, doc_id: int, fmt: str) -> Response:
    return report_response(settings_of(request), doc_id, fmt, texts(lang_of(request)))


@router.get("/documents/{doc_id}/annotated.pdf")
def download_annotated(request: Request, doc_id: int) -> Response:
    return annotated_response(settings_of(request), doc_id, texts(lang_of(request)))


@router.get("/documents/{doc_id}/pages/{page_no}.png")
def page_image(request: Request, doc_id: int, page_no: int, finding: str = "") -> Response:
    try:
        png = page_png(settings_of(request), doc_id, page_no, finding or None)
    except NotFound:
        raise HTTPException(404) from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


def _refusal(request: Request, exc: UploadError) -> str:
    """Why an upload was refused, in the page's language (the size cap in MB)."""
    if exc.status == 413:
        return texts(lang_of(request)).error_413.format(limit=settings_of(request).max_upload // (1024 * 1024))
    return exc.message


@router.get("/upload")
def upload_form(request: Request) -> Response:
    return page(request, "upload.html", {"results": None})


@router.post("/upload")
async def upload(request: Request, csrf: str = "") -> Response:
    check_csrf(request, csrf)  # in the query string: checked before a byte of the body is read
    settings = settings_of(request)
    try:
        body = await receive_request(request, settings.uploads, settings.max_upload)
    except UploadError as exc:
        return page(request, "upload.html", {"results": None, "error": _refusal(request, exc)}, status=exc.status)
    try:
        results = await run_in_threadpool(ingest, settings, body)
    except LibraryError as exc:
        return page(request, "upload.html", {"results": None, "error": exc.message}, status=503)
    T = texts(lang_of(request))
    for r in results:
        r["explained"] = plain_reason(str(r.get("message") or ""), T) if _unread(r) else ""
    return page(request, "upload.html", {"results": results})


@router.post("/upload/jobs")
async def upload_job(request: Request, csrf: str = "") -> Response:
    """The upload page's script: the files as a job, answered at once (JSON) and then polled."""
    check_csrf(request, csrf)  # in the query string: checked before a byte of the body is read
    settings = settings_of(request)
    try:
        body = await receive_request(request, settings.uploads, settings.max_upload)
    except UploadError as exc:
        return JSONResponse({"error": _refusal(request, exc), "status": exc.status}, status_code=exc.status)
    if not body.files:
        body.cleanup()
        return JSONResponse({"error": texts(lang_of(request)).error_400, "status": 400}, status_code=400)
    job = request.app.state.jobs.start(settings, body)
    return JSONResponse(_job_view(request, job.to_dict()), status_code=202)


@router.get("/upload/jobs/{job_id}")
def upload_job_status(request: Request, job_id: str) -> Response:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404)
    return JSONResponse(_job_view(request, job.to_dict()))


def _unread(outcome: dict[str, Any]) -> bool:
    """An outcome whose file could not be read: unreadable, refused, or already stored unreadable."""
    return outcome["status"] in ("unreadable", "refused") or bool(outcome.get("unreadable"))


def _job_view(request: Request, job: dict[str, Any]) -> dict[str, Any]:
    """A job as the upload page shows it: each outcome with its words in the page's language."""
    T = texts(lang_of(request))
    for f in job["files"]:
        f["label"] = T["st_" + f["status"]] if f["status"] != "done" else ""
        for r in f["results"]:
            r["label"] = T.get("st_" + r["status"], r["status"])
            r["explained"] = plain_reason(r.get("message") or "", T) if _unread(r) else ""
    return jsonable(job)


@router.get("/compare")
def compare_page(request: Request, ids: str = "", differing: str = "") -> Response:
    refs = [x for x in ids.replace("，", ",").replace(" ", ",").split(",") if x.strip().isdigit()]
    result = None
    message = ""
    if refs:
        try:
            result = compare(settings_of(request).library, refs, differing_only=bool(differing))
        except LibraryError as exc:
            message = exc.message
    drawn = charts(settings_of(request).library, result, texts(lang_of(request))) if result else []
    return page(request, "compare.html", {"result": result, "ids": ",".join(refs), "differing": differing,
                                          "message": message, "charts": drawn})


@router.get("/dashboard")
def dashboard_page(request: Request) -> Response:
    return page(request, "dashboard.html", {"data": dashboard(settings_of(request).library)})


@router.get("/login")
def login_form(request: Request) -> Response:
    if settings_of(request).token is None:
        return RedirectResponse("/", status_code=303)
    return page(request, "login.html", {"bad": False})


@router.post("/login")
def login(request: Request, token: str = Form(""), csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    settings = settings_of(request)
    if settings.token is None:
        return RedirectResponse("/", status_code=303)
    if not hmac.compare_digest(token.strip().encode(), settings.token.encode()):
        return page(request, "login.html", {"bad": True}, status=401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, settings.session_value(), httponly=True, samesite="strict")
    return response


@router.get("/lang/{code}")
def set_lang(code: str) -> Response:
    response = RedirectResponse("/", status_code=303)
    if code in LANGS:
        response.set_cookie(LANG_COOKIE, code, samesite="strict")
    return response


@router.get("/docs")
def api_docs(request: Request) -> Response:
    """The API's endpoints, rendered from its OpenAPI description (no script from elsewhere)."""
    spec = request.app.openapi()
    endpoints = [(m.upper(), path, op.get("summary", "")) for path, ops in spec["paths"].items()
                 for m, op in ops.items()]
    return page(request, "docs.html", {"endpoints": endpoints})
