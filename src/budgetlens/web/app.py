"""The web application: pages for people and an HTTP API (/api/v1) over the library.

``create_app`` opens the library once. With a token every page needs the session cookie set by
/login (asked once) and every API call the header ``Authorization: Bearer TOKEN``; without one
(the server on 127.0.0.1) nothing is asked. Every response carries a strict Content-Security-Policy;
no traceback ever reaches a client (the 500 handler answers with a plain message).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from budgetlens.i18n import use_lang
from budgetlens.library import Library, open_library
from budgetlens.web.texts import DEFAULT_LANG, LANGS, fact_name, texts

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD_MB = 50
SESSION_COOKIE = "budgetlens_session"
CSRF_COOKIE = "budgetlens_csrf"
LANG_COOKIE = "budgetlens_lang"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
log = logging.getLogger("budgetlens.web")


@dataclass
class Settings:
    library: Library
    token: str | None
    max_upload: int  # bytes per request
    lock: threading.Lock = field(default_factory=threading.Lock)  # one ingest at a time in this process

    @property
    def uploads(self) -> Path:
        return self.library.home / "uploads"

    def session_value(self) -> str:
        """The session cookie: derived from the token, never the token itself."""
        return hashlib.sha256(f"budgetlens-session:{self.token}".encode()).hexdigest()

    def is_session(self, value: str | None) -> bool:
        return self.token is None or (value is not None and hmac.compare_digest(value, self.session_value()))

    def is_bearer(self, header: str | None) -> bool:
        if self.token is None:
            return True
        if not header or not header.lower().startswith("bearer "):
            return False
        return hmac.compare_digest(header[7:].strip().encode(), self.token.encode())


def max_upload_from_env() -> int:
    raw = os.environ.get("BUDGETLENS_MAX_UPLOAD_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        mb = DEFAULT_MAX_UPLOAD_MB
    return max(1, int(mb * 1024 * 1024))


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def lang_of(request: Request) -> str:
    """The page's language: the switch (a cookie), else the browser's Accept-Language, else Chinese."""
    lang = request.cookies.get(LANG_COOKIE, "")
    if lang in LANGS:
        return lang
    return accepted_lang(request.headers.get("accept-language", ""))


def accepted_lang(header: str) -> str:
    """The first language of an Accept-Language header that the pages speak (by its q weight)."""
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        base = tag.strip().lower().split("-")[0]
        if base in LANGS and q > 0:
            choices.append((-q, i, base))
    return min(choices)[2] if choices else DEFAULT_LANG


def templates() -> Jinja2Templates:
    made = Jinja2Templates(directory=str(HERE / "templates"))
    made.env.filters["amount"] = amount
    return made


def column_name(column: Any, lang: str) -> str:
    """A table column as its header prints it: its label, else its key by the catalogue's name (合计)."""
    from budgetlens.check.findings import column_label

    if isinstance(column, dict):
        if column.get("label"):
            return str(column["label"])
        return column_label(str(column.get("key") or ""), lang)
    return str(column)


def amount(value: Any) -> str:
    """A figure as the documents print it: thousands separators, its own decimals (2,961.68)."""
    from decimal import Decimal, InvalidOperation

    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not d.is_finite():
        return str(value)
    return f"{d:,f}"


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page rendered with the language's texts, the CSRF token and the upload limit."""
    lang = lang_of(request)
    csrf = request.state.csrf if hasattr(request.state, "csrf") else ""
    settings = settings_of(request)
    ctx = {"T": texts(lang), "lang": lang, "csrf": csrf, "limit_mb": settings.max_upload // (1024 * 1024),
           "auth": settings.token is not None, "fact_name": lambda key: fact_name(key, lang),
           "column_name": lambda c: column_name(c, lang), **context}
    response: HTMLResponse = request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)
    return response


def error_page(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return page(request, "error.html", {"status": status, "message": message}, status=status)


class Guard(BaseHTTPMiddleware):
    """Authentication (when a token is set), the CSRF cookie, and the security headers."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        settings = settings_of(request)
        path = request.url.path
        csrf = request.cookies.get(CSRF_COOKIE) or ""
        fresh = not csrf or len(csrf) != 43
        if fresh:
            csrf = secrets.token_urlsafe(32)
        request.state.csrf = csrf
        try:
            # everything rendered for this request (finding messages and titles included) speaks its language
            api = path.startswith("/api/") or path == "/openapi.json"
            asked = not api or "accept-language" in request.headers  # the API: else the server's language
            with use_lang(lang_of(request) if asked else None):
                response = await self._route(request, settings, path, call_next)
        except Exception as exc:  # never a traceback to the client
            log.error("error on %s %s: %s: %s", request.method, path, type(exc).__name__, exc, exc_info=exc)
            response = error_page(request, 500, texts(lang_of(request)).error_500)
        if fresh and not path.startswith("/api/"):
            response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def _route(self, request: Request, settings: Settings, path: str,
                     call_next: RequestResponseEndpoint) -> Response:
        response: Response
        if path.startswith("/static/") or path in ("/login", "/favicon.ico") or path.startswith("/lang/"):
            response = await call_next(request)
        elif path.startswith("/api/") or path == "/openapi.json":
            if settings.is_bearer(request.headers.get("authorization")):
                response = await call_next(request)
            else:
                response = JSONResponse({"error": "a bearer token is required (Authorization: Bearer TOKEN)",
                                         "status": 401}, status_code=401,
                                        headers={"WWW-Authenticate": "Bearer"})
        elif settings.is_session(request.cookies.get(SESSION_COOKIE)):
            response = await call_next(request)
        else:
            response = RedirectResponse("/login", status_code=303)
        return response


def create_app(library_url: str | None = None, token: str | None = None, *, home: Path | None = None,
               max_upload: int | None = None) -> FastAPI:
    """The application over the library at ``library_url`` (default: the user's library).

    ``token``: when given, pages and API need it. ``max_upload``: bytes per upload request
    (default ``$BUDGETLENS_MAX_UPLOAD_MB`` MB, else 50 MB)."""
    from budgetlens.web.api import router as api_router
    from budgetlens.web.pages import router as pages_router

    library = open_library(library_url, home)
    app = FastAPI(title="budgetlens", version=_version(), docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", debug=False)
    app.state.settings = Settings(library=library, token=token or None,
                                  max_upload=max_upload if max_upload is not None else max_upload_from_env())
    app.state.templates = templates()
    from budgetlens.web.jobs import Jobs

    app.state.jobs = Jobs()
    _sweep(app.state.settings.uploads)
    app.add_middleware(Guard)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api_router)
    app.include_router(pages_router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        T = texts(lang_of(request))
        message = exc.detail if isinstance(exc.detail, str) and exc.detail else T.get(f"error_{exc.status_code}", T.error_400)
        if exc.status_code == 404 and not request.url.path.startswith("/api/"):
            message = T.error_404
        return error_page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            problems = [f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()]
            return JSONResponse({"error": "; ".join(problems) or "bad request", "status": 422}, status_code=422)
        T = texts(lang_of(request))
        in_path = any(e.get("loc", ("",))[0] == "path" for e in exc.errors())  # /documents/abc: no such page
        return error_page(request, 404 if in_path else 400, T.error_404 if in_path else T.error_400)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("error on %s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc, exc_info=exc)
        return error_page(request, 500, texts(lang_of(request)).error_500)

    return app


def _sweep(uploads: Path, older_than: float = 86400.0) -> None:
    """Remove upload folders a killed server left behind (a day old: no request takes that long)."""
    import shutil
    import time

    if not uploads.is_dir():
        return
    for folder in uploads.glob("req-*"):
        try:
            if time.time() - folder.stat().st_mtime > older_than:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _version() -> str:
    from budgetlens import __version__

    return str(__version__)
