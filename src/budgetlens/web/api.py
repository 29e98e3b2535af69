"""The HTTP API under /api/v1. Its JSON is the CLI's JSON contract: documents as
``budgetlens library show``, findings as ``Finding.to_dict`` plus document, fingerprint and review."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from budgetlens.library import LibraryError
from budgetlens.library.queries import add_review, compare, list_documents, list_findings
from budgetlens.serialize import jsonable
from budgetlens.web.app import Settings, lang_of, settings_of
from budgetlens.web.dashboard import dashboard
from budgetlens.web.service import (
    NotFound,
    annotated_response,
    findings_of,
    full_tables,
    get_document,
    ingest,
    performance_of,
    reading_of,
    report_response,
)
from budgetlens.web.texts import texts
from budgetlens.web.uploads import Body, UploadError, receive_request

router = APIRouter(prefix="/api/v1", tags=["api"])


class ReviewIn(BaseModel):
    fingerprint: str
    verdict: str
    note: str = ""
    reviewer: str = ""


def out(obj: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(jsonable(obj), status_code=status)


def _missing(what: str) -> HTTPException:
    return HTTPException(404, f"{what}: no such document")


async def _received(request: Request, settings: Settings) -> Body:
    """The request's files streamed to disk, or the HTTP error that says why not."""
    try:
        body = await receive_request(request, settings.uploads, settings.max_upload)
    except UploadError as exc:
        raise HTTPException(exc.status, exc.message) from None
    if not body.files:
        body.cleanup()
        raise HTTPException(400, "no file in the upload")
    return body


@router.post("/upload", summary="Upload files (multipart/form-data, any number of file fields, and an optional "
                                "field region); each is stored once by its content hash, read and checked")
async def upload(request: Request) -> JSONResponse:
    settings = settings_of(request)
    body = await _received(request, settings)
    try:
        files = await run_in_threadpool(ingest, settings, body)
    except LibraryError as exc:
        raise HTTPException(503, exc.message) from None
    counts = {s: sum(1 for f in files if f["status"] == s) for s in ("added", "already", "unreadable", "refused")}
    return out({"counts": counts, "files": files})


@router.post("/jobs", status_code=202, summary="Upload files as a job (multipart/form-data): answered at once with "
                                                 "the job's id; each file is then read and checked in turn")
async def start_job(request: Request) -> JSONResponse:
    settings = settings_of(request)
    body = await _received(request, settings)
    job = request.app.state.jobs.start(settings, body)
    return out(job.to_dict(), 202)


@router.get("/jobs/{job_id}", summary="An upload job: the state of each file (queued, working, done) and its outcome")
def job_status(request: Request, job_id: str) -> JSONResponse:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"{job_id}: no such job (jobs are kept an hour after they end)")
    return out(job.to_dict())


@router.get("/documents", summary="Documents, with counts of findings by severity")
def documents(request: Request, kind: str | None = None, year: int | None = None, unit: str | None = None,
              status: str | None = None) -> JSONResponse:
    return out(list_documents(settings_of(request).library, kind=kind, year=year, unit=unit, status=status))


@router.get("/documents/{doc_id}", summary="One document: facts, tables, projects, unit")
def document(request: Request, doc_id: int) -> JSONResponse:
    try:
        return out(get_document(settings_of(request), doc_id))
    except NotFound:
        raise _missing(str(doc_id)) from None


@router.get("/documents/{doc_id}/findings", summary="The findings of a document (its cross-document ones included)")
def document_findings(request: Request, doc_id: int) -> JSONResponse:
    try:
        return out(findings_of(settings_of(request), doc_id))
    except NotFound:
        raise _missing(str(doc_id)) from None


@router.get("/documents/{doc_id}/facts", summary="The facts of a document: {key: value}")
def document_facts(request: Request, doc_id: int) -> JSONResponse:
    try:
        return out(get_document(settings_of(request), doc_id)["facts"])
    except NotFound:
        raise _missing(str(doc_id)) from None


@router.get("/documents/{doc_id}/tables", summary="The recognised tables of a document with their rows")
def document_tables(request: Request, doc_id: int) -> JSONResponse:
    try:
        return out(full_tables(settings_of(request), doc_id))
    except NotFound:
        raise _missing(str(doc_id)) from None


@router.get("/documents/{doc_id}/report", summary="The report of a document: ?format=json|csv|xlsx|html")
def document_report(request: Request, doc_id: int, format: str = "json") -> Response:
    return report_response(settings_of(request), doc_id, format, texts(lang_of(request)))


@router.get("/documents/{doc_id}/annotated.pdf", summary="A copy of a PDF source with a box and a note at each finding")
def document_annotated(request: Request, doc_id: int) -> Response:
    return annotated_response(settings_of(request), doc_id, texts(lang_of(request)))


@router.get("/documents/{doc_id}/performance", summary="The performance tables recomputed: the scoring profile "
                                                      "assumed, stated and recomputed scores, each formula")
def document_performance(request: Request, doc_id: int) -> JSONResponse:
    try:
        return out(performance_of(settings_of(request), doc_id))
    except NotFound:
        raise _missing(str(doc_id)) from None


@router.get("/documents/{doc_id}/reading", summary="What was read beyond the library's records: the parts, the "
                                                  "目录 with whether each entry was found, the performance tables")
def document_reading(request: Request, doc_id: int) -> JSONResponse:
    try:
        return out(reading_of(settings_of(request), doc_id))
    except NotFound:
        raise _missing(str(doc_id)) from None


@router.get("/findings", summary="Findings across the library")
def findings(request: Request, rule: str | None = None, severity: str | None = None,
             review: str | None = None) -> JSONResponse:
    return out(list_findings(settings_of(request).library, rule=rule, severity=severity, review=review))


@router.get("/rules", summary="The rule catalogue (as `budgetlens rules --format json`)")
def rules() -> JSONResponse:
    from budgetlens.check.api import list_rules

    return out(json.loads(list_rules("json")))


@router.get("/reviews", summary="The current review of each reviewed finding")
def reviews(request: Request) -> JSONResponse:
    rows = list_findings(settings_of(request).library)
    return out([{"fingerprint": f["fingerprint"], "document_id": f["document_id"], **f["review"]}
                for f in rows if f["review"]])


@router.post("/reviews", summary="Review a finding: confirmed, dismissed (with a note) or fixed", status_code=201)
def post_review(request: Request, review: ReviewIn) -> JSONResponse:
    try:
        r = add_review(settings_of(request).library, review.fingerprint, review.verdict, review.note,
                       review.reviewer or "web")
    except LibraryError as exc:
        raise HTTPException(422, exc.message) from None
    return out(r, 201)


@router.get("/dashboard", summary="Findings by rule and by unit, the lowest self-evaluation scores, documents "
                                   "not yet reviewed")
def dashboard_data(request: Request) -> JSONResponse:
    return out(dashboard(settings_of(request).library))


@router.get("/compare", summary="The facts of two or more documents side by side (the first is the base)")
def compare_documents(request: Request, documents: Annotated[list[int], Query()],
                      differing: bool = False) -> JSONResponse:
    try:
        return out(compare(settings_of(request).library, [str(d) for d in documents], differing_only=differing))
    except LibraryError as exc:
        raise HTTPException(404 if "no such" in exc.message else 422, exc.message) from None
