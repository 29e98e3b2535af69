"""PDF disclosures: the DOCX converted by LibreOffice headless (``soffice``), when installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from budgetlens.i18n import Message, localized

TIMEOUT_SECONDS = 300


class RenderError(Exception):
    """A disclosure cannot be written (a missing converter, a converter failure); its text a
    message shown in the reader's language."""

    def __str__(self) -> str:
        return localized(self.args[0]) if self.args else ""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(docx: bytes) -> bytes:
    soffice = find_soffice()
    if soffice is None:
        raise RenderError(Message("render.no_soffice"))
    with tempfile.TemporaryDirectory(prefix="budgetlens-pdf-") as tmp:
        src = Path(tmp) / "disclosure.docx"
        src.write_bytes(docx)
        # A private profile directory: a user's running LibreOffice would otherwise take the job.
        profile = Path(tmp) / "profile"
        env = dict(os.environ, HOME=tmp)
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", tmp, str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_SECONDS, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise RenderError(Message("render.timeout", seconds=TIMEOUT_SECONDS)) from None
        out = Path(tmp) / "disclosure.pdf"
        if proc.returncode != 0 or not out.exists():
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            raise RenderError(Message("render.convert_failed", detail=f": {detail[-1]}" if detail else ""))
        return out.read_bytes()
