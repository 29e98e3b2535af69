"""Parsing on a Dask distributed cluster (``library add --cluster tcp://HOST:8786``).

The workers get each original's bytes (they need not see this machine's files), parse and check it
and send the result back; every database write stays in this process, one transaction per document,
as without a cluster. A worker that dies has its task run again elsewhere by the scheduler; a task
that keeps killing workers comes back as a failure and the document is recorded as unreadable.
Needs the ``cluster`` extra (``pip install 'budgetlens[cluster]'``).
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from budgetlens.i18n import Message
from budgetlens.library.store import LibraryError

CONNECT_TIMEOUT = 20.0  # seconds; $BUDGETLENS_CLUSTER_TIMEOUT overrides


def parse_bytes(data: bytes, suffix: str, display: str) -> Any:
    """On a worker: parse an original sent as bytes (written to a temporary file of the same suffix)."""
    from budgetlens.library.ingest import parse_stored

    fd, name = tempfile.mkstemp(prefix="budgetlens-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return parse_stored(name, display)
    finally:
        Path(name).unlink(missing_ok=True)


def run_on_cluster(jobs: list[tuple[str, str]], address: str, ahead: Any = None) -> Iterator[Any]:
    """Parse (stored path, display name) jobs on the cluster at ``address``; results in job order.
    At most twice as many documents as the cluster has threads are in flight at once. With
    ``ahead`` (ingest.Lookahead), the partners of each document back are parsed on the cluster too."""
    from budgetlens.library.ingest import Parsed

    try:
        from distributed import Client, KilledWorker
    except ImportError:
        raise LibraryError(Message("liberr.no_dask")) from None
    try:
        timeout = float(os.environ.get("BUDGETLENS_CLUSTER_TIMEOUT", CONNECT_TIMEOUT))
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise LibraryError(Message("liberr.scheduler_unreachable", address=address, error=str(exc))) from None
    try:
        threads = sum(client.nthreads().values()) or 1
        window = 2 * threads
        futures: deque[tuple[int, Any]] = deque()
        nxt = 0

        def submit(stored: str, display: str) -> Any:
            return client.submit(parse_bytes, Path(stored).read_bytes(), Path(stored).suffix, display,
                                 pure=False, retries=1)

        for i in range(len(jobs)):
            while nxt < len(jobs) and len(futures) < window:
                futures.append((nxt, submit(*jobs[nxt])))
                nxt += 1
            _, fut = futures.popleft()
            try:
                result = fut.result()
            except KilledWorker as exc:  # the document killed every worker that tried it
                result = Parsed(error=f"{jobs[i][1]}: the workers reading it died ({exc})")
            except Exception as exc:  # the cluster itself failed: stop; a rerun continues from here
                raise LibraryError(Message("liberr.cluster_failed", address=address, error=f"{type(exc).__name__}: {exc}")) from None
            if ahead is not None:
                ahead.look({i: result, **{k: f for k, f in futures if f.done() and f.status == "finished"}}, submit)
            yield result
    finally:
        for _, f in futures:
            f.cancel()
        if ahead is not None:
            ahead.cancel()
        client.close()
