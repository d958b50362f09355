"""What is wrong with a cue sheet before a PRO or a broadcaster says so (domain guide §2, §4).

Each finding names its cue (sequence and number), a stable code, what is wrong and how to fix it.
Errors stop a sheet from being final (the PDF says DRAFT); warnings are worth a look.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cuesheet.domain.durations import format_duration
from cuesheet.domain.header_checks import header_problems
from cuesheet.domain.profiles import missing_header
from cuesheet.domain.project import Project
from cuesheet.domain.sheet import Sheet
from cuesheet.domain.validation_rules import (
    ERROR,
    SHARE_TOLERANCE,
    WARNING,
    Rules,
    iswc_check_digit,
)

__all__ = ["ERROR", "SHARE_TOLERANCE", "WARNING", "Finding", "has_errors", "iswc_check_digit", "validate"]


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning"
    code: str
    message: str
    fix: str = ""
    seq: int | None = None  # the cue's sequence number on the sheet (1-based)
    cue: str = ""  # the cue's number, e.g. 1M03
    cue_id: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "severity": self.severity, "seq": self.seq, "cue": self.cue, "code": self.code,
            "message": self.message, "fix": self.fix,
        }  # fmt: skip


def validate(project: Project, sheet: Sheet | None = None) -> list[Finding]:
    """Every finding, in sheet order; ``sheet``: the project's printed sheet when the caller has it.

    One pass over the sheet's lines, each cue checked with the next in sheet order (an overlap is
    with the cue that follows: no sort, no pairwise comparison); what is about a work, a party or a
    recording is checked once for all the cues that share it (``validation_rules``)."""
    sheet = Sheet.of(project) if sheet is None else sheet
    findings = list(_sheet_findings(project, sheet))
    rules = Rules(project)
    lines = sheet.lines
    last = len(lines) - 1
    for row, line in enumerate(lines):
        cue = line.cue
        problems = rules.of(cue, lines[row + 1].cue if row < last else None)
        if problems:
            seq, number, cue_id = row + 1, cue.number, cue.id
            findings += [Finding(*problem, seq, number, cue_id) for problem in problems]
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def _sheet_findings(project: Project, sheet: Sheet) -> Iterator[Finding]:
    production = project.production
    running = production.running_time
    music = sheet.frames
    if running and music > running:
        rate, rounding = production.rate, project.settings.rounding
        yield Finding(
            ERROR, "MUSIC_LONGER_THAN_FILM",
            f"total music {format_duration(music, rate, rounding)} is longer than the running time "
            f"{format_duration(running, rate, rounding)}",
            "check the running time and cues that overlap or run past the end",
        )  # fmt: skip
    if not production.title.strip():
        yield Finding(ERROR, "NO_PRODUCTION_TITLE", "the production has no title", "enter the title")
    for code, message, fix in header_problems(production):
        yield Finding(WARNING, code, message, fix)
    profile = project.settings.profile
    if profile is not None:
        for label in missing_header(production, profile):
            message = f"the {profile.label} profile asks for the {label}"
            yield Finding(WARNING, "MISSING_HEADER_FIELD", message, "enter it in Edit ▸ Production…")
