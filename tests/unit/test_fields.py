"""Each stored field is declared once (domain.fields); the store's columns and codecs come from it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from cuesheet.domain.fields import CHOICE, FEE, SHARE, declared, labels, meta
from cuesheet.domain.licences import Licence, MfnScope, Side, Status
from cuesheet.domain.limits import TEXT_MAX
from cuesheet.domain.project import MediaRef, Production, Settings
from cuesheet.domain.timecode import FrameRate
from cuesheet.store import rows
from cuesheet.store.project_file import ProjectFile
from cuesheet.store.schema import MIGRATIONS, SCHEMA_VERSION, TABLES
from tests.factories import rich_project


def test_the_migrations_make_exactly_the_declared_columns() -> None:
    """The file format pins the declarations: reordering or renaming a stored field shows here."""
    conn = sqlite3.connect(":memory:")
    for version in range(SCHEMA_VERSION):
        conn.executescript(MIGRATIONS[version])
    for table, columns in TABLES.items():
        assert tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')) == columns, table


def test_a_stored_row_reads_back_as_the_same_entity() -> None:
    licence = Licence(Side.SYNC, "w", None, "p", "Licensor", share=Decimal("33.33"), quoted_fee=Decimal(12),
                      mfn=True, mfn_scope=MfnScope.ALL_SONGS, status=Status.PAID)  # fmt: skip
    reader = rows.Reader(FrameRate.parse("24"))
    assert reader.entity(Licence, [*rows.encode(licence), licence.id], history=[]) == licence
    production = Production("Film", FrameRate.parse("29.97df"), 108_000, running_time=900)
    assert Production(*reader.values(Production, rows.encode(production))) == production
    media = MediaRef("/film.mov", rate=None)
    assert rows.encode(media)[4:6] == [None, 0]
    assert MediaRef(*reader.values(MediaRef, rows.encode(media))) == media


def test_settings_are_a_row_per_field() -> None:
    settings = Settings()
    stored = rows.settings_rows(settings)
    assert [key for key, _ in stored] == ["rounding", "numbering", "share_convention", "profile", "roll_up"]
    assert rows.settings_from(stored) == settings
    assert rows.settings_from([]) == settings  # a setting without a row keeps its default
    # A value this version does not know (a newer Cuesheet's profile, a planted word) keeps it too.
    unknown = [("profile", "gema"), ("rounding", "sideways"), ("numbering", 7)]
    assert rows.settings_from(unknown) == settings


def test_each_codec_reads_received_values_within_bounds() -> None:
    reader = rows.Reader(FrameRate.parse("24"))
    row = rows.encode(Licence(Side.SYNC))
    row[:13] = [
        "sync",
        "",
        None,
        7,
        "x" * (TEXT_MAX + 9),
        b"\x00",
        "1e9",
        "150",
        None,
        "-1",
        "EUR",
        9,
        "other_side",
    ]
    values = reader.values(Licence, row)
    assert values[1:4] == [None, None, "7"]  # "" names nothing; a number stored as an id is text
    assert values[4] == "x" * TEXT_MAX and values[5] == "b'\\x00'"
    assert values[6] == 0 and values[7] == Decimal(150) and values[9] is None  # share 0, fee unknown
    assert values[11] is True and values[12] is MfnScope.OTHER_SIDE
    with pytest.raises(ValueError, match="is not a valid Side"):
        reader.values(Licence, ["nonsense", *row[1:]])


def test_text_after_a_nul_is_still_clipped(tmp_path: Path) -> None:
    """A text's length is measured in bytes before it is read (SQL's length() stops at a NUL, and
    the 100,000 characters after it would reach Python whole)."""
    path = tmp_path / "nul.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE works SET title = 'a' || char(0) || printf('%.100000c', 'x')")
    conn.commit()
    conn.close()
    sheet, project = ProjectFile.open(path, read_only=True)
    sheet.close()
    titles = [w.title for w in project.works.values()]
    assert all(t.startswith("a") and len(t) <= TEXT_MAX for t in titles)


def test_labels_are_declared_with_the_fields() -> None:
    assert labels(Licence)["quoted_fee"] == "Quoted" and labels(Licence)["agreement_ref"] == "Agreement ref."
    assert [d.codec for d in declared(Licence) if d.name in ("share", "paid_fee", "status")] == [
        SHARE,
        FEE,
        CHOICE,
    ]
    assert "id" not in labels(Licence) and "history" not in labels(Licence)  # structural


def test_a_choice_must_hold_an_enum() -> None:
    @dataclass
    class Wrong:
        kind: str = field(default="", metadata=meta("Kind", CHOICE))

    with pytest.raises(TypeError, match="must hold an Enum"):
        declared(Wrong)
