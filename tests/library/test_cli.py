"""`budgetlens library …`: add, list, show, findings, review, recheck, compare, and bad input."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import update
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.library import open_library
from budgetlens.library.models import Document
from budgetlens.read import read_source
from budgetlens.recognize import recognize
from library.seeds import BUDGET_SEED, FINAL_SEED, SEEDS

runner = CliRunner()


def run(db: str | None, *args: str, code: int = 0) -> Any:
    argv = ["library", *args] + (["--db", db] if db else [])
    result = runner.invoke(app, argv)
    assert result.exit_code == code, (result.output, result.exception)
    return result


def as_json(db: str | None, *args: str) -> Any:
    return json.loads(run(db, *args, "--format", "json").stdout, parse_float=Decimal)


def test_add_list_show_findings(db_url: str | None, home: Path) -> None:
    out = as_json(db_url, "add", str(FINAL_SEED), str(BUDGET_SEED), "--workers", "1")
    assert out["counts"]["added"] == 2 and out["stopped"] is None
    again = run(db_url, "add", str(FINAL_SEED))
    assert "already in the library" in again.stdout
    docs = as_json(db_url, "list")
    assert [(d["kind"], d["year"], d["path"]) for d in docs] == [("final", 2024, str(FINAL_SEED)), ("budget", 2024, str(BUDGET_SEED))]
    assert docs[0]["unit_id"] == docs[1]["unit_id"]
    shown = as_json(db_url, "show", str(docs[1]["id"]))
    want = recognize(read_source(BUDGET_SEED)).facts
    assert {k: Decimal(str(v)) for k, v in shown["facts"].items()} == want
    assert shown["unit_record"]["names"] == [shown["unit"]] and shown["unit_record"]["documents"] == [docs[0]["id"]]
    assert as_json(db_url, "show", shown["sha256"][:10])["id"] == shown["id"]
    findings = as_json(db_url, "findings")
    assert len(findings) == out["findings"]
    assert {"rule", "severity", "message", "document", "location", "expected", "actual", "evidence", "fingerprint",
            "review"} <= set(findings[0])
    cross = as_json(db_url, "findings", "--rule", "BL8")
    assert cross and all(f["other_document_id"] for f in cross)
    table = run(db_url, "list").stdout
    # the table for people folds long paths to its width: it shows both documents by kind and year
    assert "final" in table and "budget" in table and table.count("2024") >= 2


def test_reviews_survive_a_recheck(db_url: str | None, home: Path) -> None:
    run(db_url, "add", str(FINAL_SEED), str(BUDGET_SEED), "--workers", "1")
    findings = as_json(db_url, "findings")
    own = next(f for f in findings if not f["other_document_id"])
    cross = next(f for f in findings if f["other_document_id"])
    run(db_url, "review", own["fingerprint"][:12], "--verdict", "confirmed", "--reviewer", "auditor")
    run(db_url, "review", cross["fingerprint"], "--verdict", "dismissed", "--note", "budget adjusted in June")
    run(db_url, "review", cross["fingerprint"], "--verdict", "fixed", code=0)
    assert "needs a note" in run(db_url, "review", own["fingerprint"], "--verdict", "dismissed", code=2).stderr
    nothing = as_json(db_url, "recheck")
    assert nothing["counts"]["rechecked"] == 0
    lib = open_library(db_url)
    with lib.transaction() as s:
        s.execute(update(Document).values(rules_version="0.0.0+old"))
    lib.close()
    again = as_json(db_url, "recheck", "--workers", "1")
    assert again["counts"]["rechecked"] == 2
    after = as_json(db_url, "findings")
    assert sorted(f["fingerprint"] for f in after) == sorted(f["fingerprint"] for f in findings)
    by = {f["fingerprint"]: f for f in after}
    assert by[own["fingerprint"]]["review"]["verdict"] == "confirmed"
    assert by[own["fingerprint"]]["review"]["reviewer"] == "auditor"
    assert by[cross["fingerprint"]]["review"]["verdict"] == "fixed"
    assert [f["fingerprint"] for f in as_json(db_url, "findings", "--review", "confirmed")] == [own["fingerprint"]]
    assert len(as_json(db_url, "findings", "--review", "unreviewed")) == len(findings) - 2
    assert all(d["rules_version"] != "0.0.0+old" for d in as_json(db_url, "list"))


def test_compare_figure_by_figure(home: Path) -> None:
    third = SEEDS / "002_57e93c320c776aff.txt"
    run(None, "add", str(FINAL_SEED), str(BUDGET_SEED), str(third), "--workers", "1")
    facts = [recognize(read_source(p)).facts for p in (BUDGET_SEED, FINAL_SEED, third)]
    c = as_json(None, "compare", str(BUDGET_SEED), str(FINAL_SEED), str(third))
    assert [d["path"] for d in c["documents"]] == [str(BUDGET_SEED), str(FINAL_SEED), str(third)]
    assert c["relation"] == "unit ↔ unit"
    keys = sorted(set().union(*facts))
    assert [r["key"] for r in c["rows"]] == keys
    checked = 0
    for row in c["rows"]:
        values = [f.get(row["key"]) for f in facts]
        assert [None if v is None else Decimal(str(v)) for v in row["values"]] == values
        for i, v in enumerate(values[1:]):
            base = values[0]
            diff, rate = row["differences"][i], row["rates"][i]
            if base is None or v is None:
                assert diff is None and rate is None
                continue
            assert Decimal(str(diff)) == v - base
            checked += 1
            if base == 0:
                assert rate is None
            else:
                assert Decimal(str(rate)) == ((v - base) / base * 100).quantize(Decimal("0.01"))
    assert checked > 10
    pair = as_json(None, "compare", str(BUDGET_SEED), str(FINAL_SEED))
    assert pair["relation"] == "budget ↔ final of one unit and year"
    differing = as_json(None, "compare", str(BUDGET_SEED), str(FINAL_SEED), "--differing")
    assert all(r["values"].count(None) or r["differences"][0] != 0 for r in differing["rows"])
    assert len(differing["rows"]) < len(pair["rows"]) or all(r["differences"][0] != 0 for r in pair["rows"])
    text = run(None, "compare", str(BUDGET_SEED), str(FINAL_SEED)).stdout
    assert "rate %" in text
    assert "compare needs two" in run(None, "compare", str(BUDGET_SEED), code=2).stderr


def test_bad_input_is_one_line_and_writes_nothing(home: Path, tmp_path: Path) -> None:
    r = run(None, "add", str(tmp_path / "missing.pdf"), code=2)
    assert r.stderr.count("\n") == 1 and "no such file or folder" in r.stderr
    assert run(None, "show", "42", code=2).stderr.startswith("budgetlens: error: 42: no such document")
    assert "no such folder" in run(None, "export", str(tmp_path / "nope" / "x.xlsx"), code=2).stderr
    assert "not a database URL" in runner.invoke(app, ["library", "list", "--db", "bogus"]).stderr
    # a database locked by another process: the batch stops with one line, nothing of it written
    open_library().close()
    locker = sqlite3.connect(home / "library.sqlite3")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        r = run(None, "add", str(FINAL_SEED), code=2)
    finally:
        locker.rollback()
        locker.close()
    assert r.stderr.count("\n") == 1 and "locked" in r.stderr
    assert as_json(None, "list") == []


def test_compare_budget_with_final_lines_up_plan_and_execution(home: Path) -> None:
    """A budget's 预算数 and its final account's 决算数 carry different keys; the pairs put them
    side by side with the difference, the 预决算差异率 and the 执行率, figure by figure."""
    from budgetlens.library.queries import PLAN_EXECUTION

    run(None, "add", str(FINAL_SEED), str(BUDGET_SEED), "--workers", "1")
    budget, final = (recognize(read_source(p)).facts for p in (BUDGET_SEED, FINAL_SEED))
    c = as_json(None, "compare", str(BUDGET_SEED), str(FINAL_SEED))
    pairs = c["plan_execution"]
    want = [(b, f) for b, f in PLAN_EXECUTION if budget.get(b) is not None and final.get(f) is not None]
    assert [(p["plan_key"], p["final_key"]) for p in pairs][: len(want)] == want
    assert len(want) >= 6
    for p in pairs:
        planned, spent = budget.get(p["plan_key"]), final.get(p["final_key"])
        assert planned is not None and spent is not None
        assert Decimal(str(p["plan"])) == planned and Decimal(str(p["final"])) == spent
        assert Decimal(str(p["difference"])) == spent - planned
        assert Decimal(str(p["execution"])) == (spent / planned * 100).quantize(Decimal("0.01"))
    basic = next(p for p in pairs if p["plan_key"] == "budget.basic")
    assert (Decimal(str(basic["plan"])), Decimal(str(basic["final"]))) == (Decimal("364.13"), Decimal("343.56"))
    assert "execution %" in run(None, "compare", str(BUDGET_SEED), str(FINAL_SEED)).stdout
    third = SEEDS / "002_57e93c320c776aff.txt"
    run(None, "add", str(third), "--workers", "1")
    assert "plan_execution" not in as_json(None, "compare", str(BUDGET_SEED), str(third))
