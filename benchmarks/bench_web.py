"""Web speed: how long the server takes to answer the document page of a document with a hundred
findings (and its finding page, the dashboard and the library list), measured in-process through the
application (FastAPI's test client: no network, the whole request — routing, the guard, the library
queries, the template — is counted).

    python benchmarks/bench_web.py [--findings N] [--repeat N]

A fresh library in a temporary folder gets seed 000 (a final account with its tables, facts and
performance tables); its findings are then multiplied to N (each a copy of a real one with its own
fingerprint, spread over the rules and severities), as a document with many findings would have.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from sqlalchemy import select

from budgetlens.library import open_library
from budgetlens.library.models import FindingRow

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx`")
    from fastapi.testclient import TestClient

from budgetlens.web import create_app

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds"
SEVERITIES = ("error", "warning", "info")


def grow(home: Path, doc_id: int, n: int) -> int:
    """Make the document's findings number ``n``: copies of its real ones, each its own."""
    lib = open_library(home=home)
    try:
        with lib.transaction() as s:
            real = s.scalars(select(FindingRow).where(FindingRow.document_id == doc_id)).all()
            if not real:
                raise SystemExit("the seed has no finding to copy")
            have = len(real)
            for i in range(have, n):
                f = real[i % have]
                s.add(FindingRow(document_id=doc_id, other_document_id=None, rule=f.rule,
                                 severity=SEVERITIES[i % 3], grp=f.grp, title=f.title,
                                 message=f"{f.message}（{i}）", location=dict(f.location or {}),
                                 expected=f.expected, actual=f.actual, evidence=f.evidence,
                                 fingerprint=hashlib.sha256(f"bench-{i}".encode()).hexdigest()))
            s.flush()
            return len(s.scalars(select(FindingRow.id).where(FindingRow.document_id == doc_id)).all())
    finally:
        lib.close()


def timed(client: TestClient, url: str, repeat: int) -> list[float]:
    client.get(url)  # warm: templates compiled, caches filled
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        r = client.get(url)
        out.append(time.perf_counter() - start)
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--findings", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        seed = next(SEEDS.glob("000_*.txt"))
        app = create_app(home=home)
        client = TestClient(app)
        doc_id = client.post("/api/v1/upload", files=[("files", (seed.name, seed.read_bytes()))]).json()["files"][0]["document"]
        count = grow(home, doc_id, args.findings)
        page = client.get(f"/documents/{doc_id}")
        finding = client.get(f"/api/v1/documents/{doc_id}/findings").json()[0]["fingerprint"]
        print(f"document #{doc_id}: {count} findings, page {len(page.content):,} bytes; best / median of {args.repeat}")
        for name, url in (("document page", f"/documents/{doc_id}"),
                          ("finding page", f"/documents/{doc_id}/findings/{finding}"),
                          ("findings (API)", f"/api/v1/documents/{doc_id}/findings"),
                          ("library list", "/"), ("dashboard", "/dashboard")):
            times = timed(client, url, args.repeat)
            print(f"  {name:16} {min(times) * 1000:7.1f} ms  {statistics.median(times) * 1000:7.1f} ms")
        client.close()
        app.state.settings.library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
