"""The export formats, by name: one table for the command line's choices and for rendering.

Each writer is imported only when used (reportlab and XlsxWriter take ~0.1 s to load), and this
module imports nothing, so the command line can list the names without loading them.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cuesheet.domain.project import Project
    from cuesheet.domain.revisions import Revision

WRITERS = {  # name: (module, function taking the project, returning the file's bytes)
    "csv": ("cuesheet.reports.cue_sheet_csv", "cue_sheet_csv"),
    "xlsx": ("cuesheet.reports.cue_sheet_xlsx", "cue_sheet_xlsx"),
    "pdf": ("cuesheet.reports.cue_sheet_pdf", "cue_sheet_pdf"),
    "json": ("cuesheet.reports.cue_sheet_json", "cue_sheet_json"),
    "licensing-csv": ("cuesheet.reports.licensing", "licensing_csv"),
    "licensing-xlsx": ("cuesheet.reports.licensing", "licensing_xlsx"),
    "licensing-pdf": ("cuesheet.reports.licensing_pdf", "licensing_pdf"),
}
FORMATS = tuple(WRITERS)
# The collections of the project each writer reads (besides the production, settings and film), so
# that an export reads no more of the file than it prints; a writer not named reads everything
# (the PDF validates, and validation may look at anything).
READS: dict[str, tuple[str, ...]] = {
    "csv": ("cues", "works", "recordings", "parties"),
    "xlsx": ("cues", "works", "recordings", "parties", "filings"),
}
# The writers that mark a sheet which differs from its last filing as a revision, with its changes.
REVISED = ("pdf", "xlsx", "json")


def reads(fmt: str) -> tuple[str, ...] | None:
    """What ``fmt``'s writer reads of a project (see READS); None: all of it."""
    return READS.get(fmt)


def render(project: Project, fmt: str, revision: Revision | None = None) -> bytes:
    """The report ``fmt`` of ``project``; KeyError for an unknown name. ``revision``: the sheet
    against its last filing, for the writers that print it (``REVISED``)."""
    module, function = WRITERS[fmt]
    writer: Callable[..., bytes] = getattr(import_module(module), function)
    return writer(project, revision=revision) if revision is not None and fmt in REVISED else writer(project)
