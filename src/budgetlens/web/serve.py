"""``budgetlens serve``: the web application under uvicorn."""

from __future__ import annotations

import ipaddress
import os

LOOPBACK_NAMES = ("localhost",)


class ServeError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_for(host: str) -> str | None:
    """The token the server needs: $BUDGETLENS_TOKEN; refused when bound beyond loopback without one."""
    token = os.environ.get("BUDGETLENS_TOKEN", "").strip() or None
    if token is None and not is_loopback(host):
        raise ServeError(f"{host}: serving on an address other than 127.0.0.1 needs a token; "
                         "set BUDGETLENS_TOKEN (the pages ask for it once, the API takes it as a bearer token)")
    if token is not None and len(token) < 16:
        raise ServeError("BUDGETLENS_TOKEN is too short: use at least 16 characters")
    return token


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


def serve(host: str = "127.0.0.1", port: int = 8000, db: str | None = None) -> None:
    import uvicorn

    from budgetlens.web.app import create_app

    token = token_for(host)
    app = create_app(db, token)
    print(f"budgetlens: serving the library at {url_of(host, port)}"
          + (" (token required)" if token else ""), flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
