"""Shares and fees print in bounded time and size whatever Decimal reaches a writer (issue #11).

Loading and import refuse or clamp values outside domain.limits, but a writer must not hang on one:
``1e999999`` written out in plain notation is a million digits (the PDF hung, the workbook failed)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from cuesheet.domain.decimal_text import format_decimal
from cuesheet.domain.project import Project
from cuesheet.domain.usage import Origin
from cuesheet.reports.cue_sheet_csv import cue_sheet_csv, unneutralise
from cuesheet.reports.cue_sheet_pdf import cue_sheet_pdf
from cuesheet.reports.cue_sheet_xlsx import cue_sheet_xlsx
from tests.unit.test_cue_sheet_pdf import hang_limit, pdf_text
from tests.unit.test_cue_sheet_xlsx import _cells
from tests.unit.test_validation import clean_project

HOSTILE = ["1e999999", "-1e999999", "1e-999999", "9" * 5000, "1e50000000", "NaN", "-Infinity", "sNaN",
           "1E+30", "0.1234567890123456789012345678901234567890"]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "text"),
    [("50", "50"), ("100.00", "100"), ("33.3333", "33.3333"), ("0", "0"), ("-0", "0"), ("1E+2", "100"),
     ("0.5", "0.5"), ("12.50", "12.5"), ("1e999999", "1E+999999"), ("-1.5e-999999", "-1.5E-999999"),
     ("123456789012345678901234567890123", "1.234567E+32"), ("NaN", "invalid"), ("Infinity", "invalid"),
     ("0.12345678901234567890", "0.123456789"), ("1e-15", "1E-15"), ("1000000000000", "1000000000000"),
     ("-0.00", "0"), ("12345678901234567.5", "1.234567E+16")],
)  # fmt: skip
def test_decimals_print_plain_when_short_and_scientific_when_not(value: str, text: str) -> None:
    assert format_decimal(Decimal(value)) == text


def test_every_decimal_prints_in_a_few_characters() -> None:
    with hang_limit(30):
        for value in HOSTILE:
            assert len(format_decimal(Decimal(value))) <= 28, value


def hostile_project(share: str) -> Project:
    project, _, _ = clean_project()
    work = next(iter(project.works.values()))
    work.interests[0].share = Decimal(share)
    return project


@pytest.mark.parametrize("share", HOSTILE)
def test_a_hostile_share_prints_on_every_report(share: str, tmp_path: Path) -> None:
    project = hostile_project(share)
    shown = format_decimal(Decimal(share))
    with hang_limit(30):
        pdf, data, book = cue_sheet_pdf(project), cue_sheet_csv(project), cue_sheet_xlsx(project)
    text = pdf_text(pdf, tmp_path)
    assert f"{shown} %" in text and "DRAFT" in text  # no share like these adds up to 100 %
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert unneutralise(rows[0]["Share %"]) == shown and all(len(r["Share %"]) <= 28 for r in rows)
    cells = _cells(book)
    column = [cells[0][i][1] for i in sorted(cells[0])].index("Share %")
    kind, text = cells[1][column]
    number = Decimal(text) if kind == "n" else None
    assert (kind, text) == ("s", shown) or number == Decimal(shown)


# What arithmetic can hold (Decimal's default context): loading and import refuse the rest.
ARITHMETIC = [v for v in HOSTILE if Decimal(v).is_finite() and Decimal(v).adjusted() < 999_999]


@pytest.mark.parametrize("value", ARITHMETIC)
def test_a_hostile_fee_or_licence_share_prints_on_the_licensing_report(value: str) -> None:
    from cuesheet.domain.licences import Licence, Side
    from cuesheet.reports.licensing import licensing_rows

    project, _, _ = clean_project()
    cue = project.cues_in_order()[0]
    cue.origin = Origin.LICENSED
    work = project.works[cue.work_id]
    licence = Licence(side=Side.SYNC, work_id=work.id, share=Decimal(value), quoted_fee=Decimal(value))
    project.licences[licence.id] = licence
    with hang_limit(30):
        cells = [cell for row in licensing_rows(project) for cell in row]
    assert max(len(cell) for cell in cells) < 1000
    assert format_decimal(Decimal(value)) in cells


@pytest.mark.parametrize("share", ARITHMETIC)
def test_validation_names_a_hostile_share_total_in_a_few_characters(share: str) -> None:
    from cuesheet.domain.rights import format_share
    from cuesheet.domain.validation import validate

    with hang_limit(30):
        findings = validate(hostile_project(share))
    assert all(len(f.message) < 200 for f in findings)
    assert len(format_share(Decimal(share))) <= 28
