"""Many productions at once (issue #15 §5): a series is many project files in one folder tree.

``export_all`` writes one sheet per project under an output folder (its subfolders mirrored, so two
``Episode 1.cuesheet`` in different seasons never overwrite each other) and says, per project, how
many validation errors and warnings its sheet has, or why it could not be read; ``summarise`` adds
up, per production, its cues, music, uncleared uses and fees, and per work (by ISWC, else by title
and writers), the productions it is used in and for how long.

Projects are read one at a time, read only (no lock: a colleague may have one open), and only the
figures are kept, so memory follows the largest project, not the folder. The walk does not follow
links to folders (a link to a parent would never end), skips hidden folders and stops at
``PROJECTS_MAX`` projects.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cuesheet.domain.project import Project
from cuesheet.domain.rights import Work
from cuesheet.domain.sheet import Sheet
from cuesheet.errors import USER_ERRORS
from cuesheet.project_service import read_project, render
from cuesheet.store.errors import ProjectError
from cuesheet.store.files import write_atomically

PROJECTS_MAX = 10_000  # a long-running series' every episode and version, several times over
SUFFIX = ".cuesheet"
EXTENSIONS = {"pdf": ".pdf", "xlsx": ".xlsx", "json": ".json", "csv": ".csv"}
Progress = Callable[[int, int, str], None]  # (done, of, the project being read)


Refused = tuple[Path, str]  # a folder that could not be listed, and why (one line, naming it)


def find_projects(folder: Path, unreadable: list[Refused] | None = None) -> list[Path]:
    """The project files under ``folder``, in path order; each folder that cannot be listed is
    added to ``unreadable`` as a one-line reason (never skipped in silence)."""
    try:
        mode = os.stat(folder).st_mode
    except OSError as error:
        raise ProjectError(f"{folder}: cannot be read ({error.strerror or error})") from None
    if not stat.S_ISDIR(mode):
        raise ProjectError(f"{folder}: is not a folder")
    found = sorted(_walk(folder, unreadable if unreadable is not None else []))
    if len(found) > PROJECTS_MAX:
        raise ProjectError(f"{folder}: holds more than {PROJECTS_MAX:,} projects; choose a smaller folder")
    return found


def _walk(folder: Path, unreadable: list[Refused]) -> Iterator[Path]:
    count = 0

    def refused(error: OSError) -> None:
        where = Path(str(error.filename))
        unreadable.append((where, f"{where}: cannot be read ({error.strerror or error})"))

    for root, folders, files in os.walk(folder, onerror=refused, followlinks=False):
        folders[:] = sorted(f for f in folders if not f.startswith("."))  # backups, caches, .git
        for name in files:
            path = Path(root) / name
            if name.endswith(SUFFIX) and not name.startswith(".") and path.is_file():
                count += 1
                yield path
                if count > PROJECTS_MAX:
                    return


@dataclass(slots=True)
class Exported:
    project: Path
    output: Path | None = None
    title: str = ""
    errors: int = 0
    warnings: int = 0
    problem: str = ""  # why it could not be read or written; "" when exported

    def as_json(self) -> dict[str, Any]:
        return {"project": str(self.project), "output": str(self.output) if self.output else None,
                "title": self.title, "errors": self.errors, "warnings": self.warnings,
                "problem": self.problem}  # fmt: skip


def export_all(folder: Path, fmt: str, outdir: Path, progress: Progress | None = None) -> list[Exported]:
    """Every project under ``folder`` exported as ``fmt`` into ``outdir`` (made if missing)."""
    from cuesheet.domain.validation import validate

    if fmt not in EXTENSIONS:
        raise ProjectError(f"unknown format {fmt!r} (formats: {', '.join(EXTENSIONS)})")
    unreadable: list[Refused] = []
    projects = find_projects(folder, unreadable)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ProjectError(f"{outdir}: cannot be made ({error.strerror or error})") from None
    done = [Exported(where, problem=reason) for where, reason in unreadable]
    for number, path in enumerate(projects):
        if progress is not None:
            progress(number, len(projects), str(path.relative_to(folder)))
        result = Exported(path)
        try:
            project = read_project(path)
            result.title = project.production.title
            findings = validate(project)
            result.errors = sum(f.severity == "error" for f in findings)
            result.warnings = len(findings) - result.errors
            target = outdir / path.relative_to(folder).with_suffix(EXTENSIONS[fmt])
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, render(project, fmt))
            result.output = target
        except USER_ERRORS as error:
            text = str(error)  # named with its project, whatever failed (a read, a folder, a write)
            result.problem = text if text.startswith(str(path)) else f"{path}: {text}"
        done.append(result)
    if progress is not None:
        progress(len(projects), len(projects), "")
    return done


# -- the summary ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _WorkUse:
    title: str
    iswc: str
    productions: list[int] = field(default_factory=list)  # indexes into the productions
    cues: int = 0
    seconds: int = 0

    def as_json(self, labels: list[str]) -> dict[str, Any]:
        return {"title": self.title, "iswc": self.iswc, "productions": [labels[p] for p in self.productions],
                "cues": self.cues, "music_seconds": self.seconds, "music": _clock(self.seconds)}  # fmt: skip


def summarise(folder: Path, progress: Progress | None = None) -> dict[str, Any]:
    """``{"totals", "productions", "works", "unreadable"}`` for the projects under ``folder``."""
    from cuesheet.reports.licensing import build

    productions: list[dict[str, Any]] = []
    unreadable: list[dict[str, str]] = []
    works: WorkUses = {}
    fees: dict[str, Decimal] = {}  # all-in cost over the series, per currency as typed
    folders_refused: list[Refused] = []
    projects = find_projects(folder, folders_refused)
    unreadable += [{"project": str(where), "problem": reason} for where, reason in folders_refused]
    for number, path in enumerate(projects):
        if progress is not None:
            progress(number, len(projects), str(path.relative_to(folder)))
        try:
            project = read_project(path)
        except USER_ERRORS as error:
            unreadable.append({"project": str(path), "problem": str(error)})
            continue
        sheet = Sheet.of(project)
        report = build(project)
        productions.append({
            "project": str(path), "title": _production_title(project), "cues": len(sheet),
            "music_seconds": sheet.total, "music": sheet.total_text, "uncleared_cues": report.uncleared_uses,
            "fees": _money(report.totals), "shortfall": _money(report.shortfall),
        })  # fmt: skip
        _add_uses(works, project, sheet, len(productions) - 1)
        for currency, amount in report.totals.items():
            fees[currency] = fees.get(currency, Decimal(0)) + amount
    if progress is not None:
        progress(len(projects), len(projects), "")
    listed = sorted(works.values(), key=lambda w: (-w.seconds, w.title.casefold()))
    seconds = sum(p["music_seconds"] for p in productions)
    labels = _labels(productions, folder)
    for production, label in zip(productions, labels, strict=True):
        production["label"] = label
    return {
        "totals": {
            "productions": len(productions),
            "cues": sum(p["cues"] for p in productions),
            "music_seconds": seconds,
            "music": _clock(seconds),
            "uncleared_cues": sum(p["uncleared_cues"] for p in productions),
            "fees": _money(fees),
        },
        "productions": productions,
        "works": [w.as_json(labels) for w in listed],
        "unreadable": unreadable,
    }


def _production_title(project: Project) -> str:
    p = project.production
    episode = " ".join(x for x in (p.episode_number, p.episode_title) if x)
    return f"{p.title} — {episode}" if episode else p.title


WorkUses = dict[tuple[str, ...], _WorkUse]


def _labels(productions: list[dict[str, Any]], folder: Path) -> list[str]:
    """Each production by its title; by title and file where two share a title (a pilot and its
    recut, two seasons' "Episode 1")."""
    titles = [p["title"] for p in productions]
    counts = Counter(titles)
    return [t if counts[t] == 1 else f"{t} ({Path(p['project']).relative_to(folder)})"
            for t, p in zip(titles, productions, strict=True)]  # fmt: skip


def _add_uses(works: WorkUses, project: Project, sheet: Sheet, production: int) -> None:
    for line in sheet:
        work = project.works.get(line.cue.work_id)
        if work is None:
            continue
        use = works.get(key := _work_key(project, work))
        if use is None:
            use = works[key] = _WorkUse(line.printed_title, work.iswc)
        if production not in use.productions:
            use.productions.append(production)
        use.cues += 1
        use.seconds += line.seconds


def _work_key(project: Project, work: Work) -> tuple[str, ...]:
    """One work across productions: its ISWC, else its title and writers (two songs called "Home"
    by different writers stay apart; the same score theme in every episode is one work)."""
    if work.iswc:
        return ("iswc", work.iswc)
    writers = sorted(
        " ".join(party.name.casefold().split())
        for interest in work.interests
        if not interest.role.is_publisher and (party := project.parties.get(interest.party_id))
    )
    return ("title", " ".join(work.title.casefold().split()), *writers)


def _money(by_currency: dict[str, Decimal]) -> dict[str, str]:
    """Per currency code, as typed in any case ("usd" is USD)."""
    summed: dict[str, Decimal] = {}
    for currency, amount in by_currency.items():
        code = currency.strip().upper()
        summed[code] = summed.get(code, Decimal(0)) + amount
    return {currency: f"{amount:.2f}" for currency, amount in sorted(summed.items())}


def _clock(seconds: int) -> str:
    from cuesheet.domain.durations import format_seconds

    return format_seconds(seconds)
