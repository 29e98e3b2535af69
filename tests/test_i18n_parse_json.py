"""`parse --format json` renders its parse warnings (made once, kept with their ids) in the
reader's language, the document's and each table's alike; everything else is the same data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from budgetlens.cli import app

SEED = Path(__file__).resolve().parent / "data" / "seeds" / "001_c42624e4ee949ba4.txt"


def _parse(*extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["parse", str(SEED), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _warnings(d: dict[str, Any]) -> list[str]:
    return list(d["warnings"]) + [w for t in d["tables"] for w in t.get("warnings", [])]


def _without_warnings(d: dict[str, Any]) -> dict[str, Any]:
    out = dict(d, warnings=None)
    out["tables"] = [dict(t, warnings=None) for t in d["tables"]]
    out["performance"] = [dict(p, warnings=None) for p in d["performance"]]
    return out


def test_parse_json_warnings_follow_the_language(monkeypatch: Any) -> None:
    monkeypatch.delenv("BUDGETLENS_LANG", raising=False)
    zh, en = _parse(), _parse("--lang", "en")
    assert _without_warnings(zh) == _without_warnings(en)
    zh_w, en_w = _warnings(zh), _warnings(en)
    assert len(zh_w) == len(en_w) > 0
    assert any("第172行（总计）" in w for w in zh_w)
    assert any("line 172 (总计)" in w for w in en_w)
    for w in zh_w:
        assert not re.search(r"[A-Za-z]{4,}", w.replace("budgetlens", "")), w
