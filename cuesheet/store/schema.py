"""The project file's schema and its forward migrations.

``PRAGMA application_id`` marks a file as ours, ``PRAGMA user_version`` is the schema version. A file
with a newer version is refused (never "upgraded down"); an older one is migrated after a backup copy.
"""

from __future__ import annotations

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.fields import Codec, declared
from cuesheet.domain.filing import Filing
from cuesheet.domain.licences import Licence, StatusChange
from cuesheet.domain.limits import TEXT_MAX
from cuesheet.domain.project import MediaRef, Production
from cuesheet.domain.rights import Interest, Party, Recording, Work

APPLICATION_ID = 0x43554553  # "CUES"
SCHEMA_VERSION = 7

# What each table stores (the columns come from the fields' declarations, domain.fields):
# an entity's row is its id and its declared fields; a child row (a work's interests, a licence's
# history) is its parent's id, its position in the parent's list and its declared fields; the
# production and the film link are one row each, with id 1.
ENTITIES: dict[str, type] = {
    "parties": Party, "works": Work, "recordings": Recording, "cues": Cue, "licences": Licence,
    "agreements": ComposerAgreement, "filings": Filing,
}  # fmt: skip
CHILDREN: dict[str, tuple[type, str]] = {
    "interests": (Interest, "work_id"), "licence_history": (StatusChange, "licence_id"),
}  # fmt: skip
SINGLES: dict[str, type] = {"production": Production, "media": MediaRef}


def stored_columns(cls: type) -> tuple[str, ...]:
    """The columns of ``cls``'s declared fields, in declaration order."""
    return tuple(column for d in declared(cls) for column in d.columns)


# Every table and its columns in file order, as this version writes them; opening checks a file
# against this (the migrations below must make exactly these: a test runs them and compares).
TABLES: dict[str, tuple[str, ...]] = {
    "production": ("id", *stored_columns(Production)),
    "settings": ("key", "value"),  # a row per field of Settings, keyed by the field's name
    "media": ("id", *stored_columns(MediaRef)),
    "parties": ("id", *stored_columns(Party)),
    "works": ("id", *stored_columns(Work)),
    "interests": ("work_id", "position", *stored_columns(Interest)),
    "recordings": ("id", *stored_columns(Recording)),
    "cues": ("id", *stored_columns(Cue)),
    "motifs": ("position", "name"),
    "licences": ("id", *stored_columns(Licence)),
    "licence_history": ("licence_id", "position", *stored_columns(StatusChange)),
    "agreements": ("id", *stored_columns(ComposerAgreement)),
    "filings": ("id", *stored_columns(Filing)),
}


def text_bound(table: str, column: str) -> int:
    """The longest text ``column`` holds (its field's bound; ids, codes and numbers: TEXT_MAX)."""
    return _BOUNDS.get((table, column), TEXT_MAX)


_BOUNDS = {
    (table, d.column): d.bound
    for table, cls in [*ENTITIES.items(), *SINGLES.items(), *((t, c) for t, (c, _) in CHILDREN.items())]
    for d in declared(cls)
    if d.codec is Codec.TEXT
}

# The migrations are the file format's history and stay written out: version 1's DDL is what
# version 1 wrote, whatever the dataclasses say today.
_DDL_V1 = """
CREATE TABLE production (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    title TEXT NOT NULL,
    rate TEXT NOT NULL,
    drop_frame INTEGER NOT NULL DEFAULT 0,
    start_frame INTEGER NOT NULL DEFAULT 0,
    aka TEXT NOT NULL DEFAULT '',
    episode_title TEXT NOT NULL DEFAULT '',
    episode_number TEXT NOT NULL DEFAULT '',
    production_number TEXT NOT NULL DEFAULT '',
    production_type TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    running_time INTEGER NOT NULL DEFAULT 0,
    first_release TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT '',
    prepared_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE media (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    path TEXT NOT NULL,
    relative_path TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    duration_frames INTEGER NOT NULL DEFAULT 0,
    rate TEXT,
    drop_frame INTEGER NOT NULL DEFAULT 0,
    start_frame INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE parties (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    society TEXT NOT NULL DEFAULT '',
    ipi TEXT NOT NULL DEFAULT ''
);
CREATE TABLE works (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', iswc TEXT NOT NULL DEFAULT '');
CREATE TABLE interests (
    work_id TEXT NOT NULL REFERENCES works(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    position INTEGER NOT NULL,
    party_id TEXT NOT NULL REFERENCES parties(id) DEFERRABLE INITIALLY DEFERRED,
    role TEXT NOT NULL,
    share TEXT NOT NULL,
    PRIMARY KEY (work_id, position)
);
CREATE TABLE recordings (
    id TEXT PRIMARY KEY,
    artist TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    isrc TEXT NOT NULL DEFAULT '',
    library TEXT NOT NULL DEFAULT '',
    catalog_number TEXT NOT NULL DEFAULT '',
    track_number TEXT NOT NULL DEFAULT ''
);
CREATE TABLE cues (
    id TEXT PRIMARY KEY,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    work_id TEXT NOT NULL REFERENCES works(id) DEFERRABLE INITIALLY DEFERRED,
    number TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL,
    perception TEXT NOT NULL,
    vocals TEXT NOT NULL,
    theme_role TEXT NOT NULL,
    usage_override TEXT,
    recording_id TEXT REFERENCES recordings(id) DEFERRABLE INITIALLY DEFERRED,
    scene TEXT NOT NULL DEFAULT '',
    motif TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cues_by_start ON cues(start);
CREATE TABLE motifs (position INTEGER PRIMARY KEY, name TEXT NOT NULL);
"""

# Version 2: licences (sync, master, library all-in, composer agreement) with a dated status history.
_DDL_V2 = """
CREATE TABLE licences (
    id TEXT PRIMARY KEY,
    side TEXT NOT NULL,
    work_id TEXT REFERENCES works(id) DEFERRABLE INITIALLY DEFERRED,
    recording_id TEXT REFERENCES recordings(id) DEFERRABLE INITIALLY DEFERRED,
    party_id TEXT REFERENCES parties(id) DEFERRABLE INITIALLY DEFERRED,
    licensor TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    share TEXT NOT NULL DEFAULT '100',
    quoted_fee TEXT,
    approved_fee TEXT,
    paid_fee TEXT,
    currency TEXT NOT NULL DEFAULT 'USD',
    mfn INTEGER NOT NULL DEFAULT 0,
    mfn_scope TEXT NOT NULL DEFAULT '',
    term TEXT NOT NULL DEFAULT '',
    territory TEXT NOT NULL DEFAULT '',
    media TEXT NOT NULL DEFAULT '',
    exclusivity TEXT NOT NULL DEFAULT '',
    options TEXT NOT NULL DEFAULT '',
    term_end TEXT NOT NULL DEFAULT '',
    option_deadline TEXT NOT NULL DEFAULT '',
    credit TEXT NOT NULL DEFAULT '',
    agreement_ref TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL
);
CREATE TABLE licence_history (
    licence_id TEXT NOT NULL REFERENCES licences(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    position INTEGER NOT NULL,
    date TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (licence_id, position)
);
"""

# Version 3: the production's composer agreements; a score cue may name one. No foreign key on the
# cue's reference: a name that matches no agreement reads as naming none (domain.agreements).
_DDL_V3 = """
CREATE TABLE agreements (
    id TEXT PRIMARY KEY,
    composer TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    covers_all INTEGER NOT NULL DEFAULT 1,
    notes TEXT NOT NULL DEFAULT ''
);
ALTER TABLE cues ADD COLUMN agreement_id TEXT;
"""

# Version 4: a cue imported from an editor's timeline remembers its source, a conform to a new cut
# leaves a note on the cues it could not simply move (issue #12), and a cue found by listening
# remembers its recording's file (issue #13).
_DDL_V4 = """
ALTER TABLE cues ADD COLUMN source_file TEXT NOT NULL DEFAULT '';
ALTER TABLE cues ADD COLUMN source_clip TEXT NOT NULL DEFAULT '';
ALTER TABLE cues ADD COLUMN source_tracks TEXT NOT NULL DEFAULT '';
ALTER TABLE cues ADD COLUMN conform_note TEXT NOT NULL DEFAULT '';
ALTER TABLE cues ADD COLUMN recording_file TEXT NOT NULL DEFAULT '';
"""

# Version 5: the production header a society or broadcaster asks for (issue #15 §1).
_DDL_V5 = """
ALTER TABLE production ADD COLUMN series TEXT NOT NULL DEFAULT '';
ALTER TABLE production ADD COLUMN distributor TEXT NOT NULL DEFAULT '';
ALTER TABLE production ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE production ADD COLUMN year TEXT NOT NULL DEFAULT '';
ALTER TABLE production ADD COLUMN prepared_company TEXT NOT NULL DEFAULT '';
ALTER TABLE production ADD COLUMN prepared_email TEXT NOT NULL DEFAULT '';
ALTER TABLE production ADD COLUMN prepared_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE production ADD COLUMN prepared_date TEXT NOT NULL DEFAULT '';
ALTER TABLE production ADD COLUMN isan TEXT NOT NULL DEFAULT '';
ALTER TABLE production ADD COLUMN eidr TEXT NOT NULL DEFAULT '';
"""

# Version 6: each filing of the sheet, with a frozen copy of it (issue #15 §2), and the film's
# sound stream the project listens to (issue #18 §3; NULL: the default).
_DDL_V6 = """
ALTER TABLE media ADD COLUMN audio_stream INTEGER;
CREATE TABLE filings (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL DEFAULT 0,
    filed_on TEXT NOT NULL DEFAULT '',
    recipient TEXT NOT NULL DEFAULT '',
    filed_by TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT '',
    sheet TEXT NOT NULL DEFAULT ''
);
"""

# Version 7: the title of that sound stream, by which a relinked cut's streams are matched.
_DDL_V7 = """
ALTER TABLE media ADD COLUMN audio_title TEXT NOT NULL DEFAULT '';
"""

# MIGRATIONS[n] turns a version-n file into version n+1. Version 0 is an empty SQLite file.
MIGRATIONS: dict[int, str] = {
    0: _DDL_V1, 1: _DDL_V2, 2: _DDL_V3, 3: _DDL_V4, 4: _DDL_V5, 5: _DDL_V6, 6: _DDL_V7,
}  # fmt: skip
