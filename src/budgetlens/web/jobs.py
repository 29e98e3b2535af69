"""Upload jobs: the files of an upload read and checked one after another in the background, each
with its state (queued, working, done) that the upload page polls to show progress per file.

A job is known by a random id; it lives in this server's memory for an hour after it ends (the
outcome stays in the library: the documents, findings and reviews).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from budgetlens.library import LibraryError
from budgetlens.web.app import Settings
from budgetlens.web.service import ingest_one, region_of
from budgetlens.web.uploads import Body

KEEP_SECONDS = 3600.0
MAX_JOBS = 200
log = logging.getLogger("budgetlens.web")


@dataclass
class FileState:
    name: str
    size: int
    status: str = "queued"  # queued | working | done
    results: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Job:
    id: str
    files: list[FileState]
    started: float = field(default_factory=time.time)
    ended: float | None = None
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        results = [r for f in self.files for r in f.results]
        counts = {s: sum(1 for r in results if r["status"] == s) for s in ("added", "already", "unreadable", "refused")}
        return {"job": self.id, "done": self.ended is not None, "error": self.error or None, "counts": counts,
                "files": [{"name": f.name, "size": f.size, "status": f.status, "results": f.results}
                          for f in self.files]}


class Jobs:
    """The jobs of this server process."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, settings: Settings, body: Body) -> Job:
        job = Job(secrets.token_urlsafe(16), [FileState(r.name, r.size) for r in body.files])
        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(settings, body, job), daemon=True,
                         name=f"budgetlens-job-{job.id[:6]}").start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _forget_old(self) -> None:
        now = time.time()
        for jid, job in list(self._jobs.items()):
            if job.ended is not None and now - job.ended > KEEP_SECONDS:
                del self._jobs[jid]
        while len(self._jobs) >= MAX_JOBS:
            oldest = min(self._jobs.values(), key=lambda j: (j.ended is None, j.started))
            del self._jobs[oldest.id]

    @staticmethod
    def _run(settings: Settings, body: Body, job: Job) -> None:
        try:
            for rec, state in zip(body.files, job.files, strict=True):
                state.status = "working"
                try:
                    state.results = ingest_one(settings, rec, region_of(body))
                finally:
                    state.status = "done"
        except LibraryError as exc:
            job.error = exc.message
        except Exception as exc:  # logged on the server; the page says only that it failed
            log.error("upload job %s: %s: %s", job.id, type(exc).__name__, exc, exc_info=exc)
            job.error = "internal error"
        finally:
            for state in job.files:
                if state.status == "queued":  # not reached: the library stopped the job
                    state.status = "done"
                    state.results = [{"path": state.name, "status": "refused", "message": job.error,
                                      "document": None, "findings": 0}]
            body.cleanup()
            job.ended = time.time()
