"""Writer details: the model alone (no source paragraphs) is enough, PDF without LibreOffice is a
clear error, the CLI writes the file, merged header cells are real merges."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.i18n import use_lang
from budgetlens.model import Disclosure
from budgetlens.read import read_source
from budgetlens.recognize import recognize
from budgetlens.write import RenderError, render
from budgetlens.write import pdf as pdf_writer
from budgetlens.write.standard import standard_block

SEED = Path(__file__).resolve().parents[1] / "data" / "seeds" / "001_c42624e4ee949ba4.txt"


@pytest.fixture(scope="module")
def doc() -> Disclosure:
    return recognize(read_source(SEED))


def test_model_without_paragraphs_round_trips_tables_and_facts(doc: Disclosure, tmp_path: Path) -> None:
    bare = dataclasses.replace(doc, paragraphs=[])
    path = tmp_path / "bare.html"
    path.write_bytes(render(bare, "html"))
    again = recognize(read_source(path))
    assert (again.kind, again.year, again.unit.name) == (doc.kind, doc.year, doc.unit.name)
    assert [(t.id, len(t.rows)) for t in again.tables] == [(t.id, len(t.rows)) for t in doc.tables]
    assert len(again.performance) == len(doc.performance)
    table_facts = {o.key for o in doc.fact_occurrences if o.origin == "table"}
    assert table_facts and all(again.facts.get(k) == doc.facts[k] for k in table_facts)


def test_pdf_without_libreoffice_is_a_clear_error(doc: Disclosure, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_writer.shutil, "which", lambda name: None)
    with pytest.raises(RenderError, match="soffice"):
        render(doc, "pdf")


def test_unknown_format(doc: Disclosure) -> None:
    with use_lang("en"), pytest.raises(RenderError, match="unknown output format 'odt'"):
        render(doc, "odt")
    with use_lang("zh"), pytest.raises(RenderError, match="未知的输出格式'odt'"):
        render(doc, "odt")


def test_header_merges_follow_the_spec(doc: Disclosure) -> None:
    b02 = doc.table("B02")
    assert b02 is not None
    block = standard_block(doc, b02)
    top = [c for c in block.rows[0] if c is not None]
    group = next(c for c in top if c.text == "财政拨款（补助）")
    assert group.colspan == 7 and group.rowspan == 1
    codes = next(c for c in top if c.text == "科目编码")
    assert codes.colspan == 3
    total = next(c for c in top if c.text == "总计")
    assert total.rowspan == block.header_rows == 2
    assert [c.text for c in block.rows[1][:3] if c is not None] == ["类", "款", "项"]


def test_cli_render_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(app, ["render", str(SEED), "--to", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = recognize(read_source(out))
    assert again.table("B01") is not None and again.facts


def test_cli_render_unreadable_input_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(tmp_path / "missing.txt"), "--to", "html", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2
