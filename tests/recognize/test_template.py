"""Templates (placeholders where names and figures belong) are recognised as such, without failing;
published documents are not."""

from __future__ import annotations

from budgetlens.read import read_source
from budgetlens.recognize import recognize
from conftest import SHANGHAI_SAMPLE, TEMPLATE_SAMPLE, shared_sample


def test_national_template_pdf_is_a_template() -> None:
    doc = recognize(read_source(shared_sample(TEMPLATE_SAMPLE)))
    assert doc.is_template
    assert not any("internal error" in w for w in doc.warnings)
    assert all(n.strip("。.…") for n in doc.unit.sub_units)


def test_published_sample_is_not_a_template() -> None:
    doc = recognize(read_source(shared_sample(SHANGHAI_SAMPLE)))
    assert not doc.is_template
