"""The production's header as every report prints it (issue #15 §1): what the production is, and
the sheet's own facts (totals, version, who prepared it and how to reach them). The PDF prints the
two as columns above the cues, the workbook as its "Production" sheet; a field left empty is left
out."""

from __future__ import annotations

import datetime as dt

from cuesheet.domain.durations import format_duration
from cuesheet.domain.profiles import vocabulary
from cuesheet.domain.project import Project, ShareConvention
from cuesheet.domain.rollup import printed_by_usage
from cuesheet.domain.sheet import Sheet

Fields = list[tuple[str, str]]  # (label, value) in print order


def production_fields(project: Project) -> Fields:
    p = project.production
    episode = " ".join(x for x in (p.episode_number, p.episode_title) if x)
    running = format_duration(p.running_time, p.rate, project.settings.rounding) if p.running_time else ""
    fields = [
        ("Also known as", p.aka), ("Series", p.series), ("Episode", episode),
        ("Production no.", p.production_number), ("Type", p.production_type), ("Company", p.company),
        ("Distributor", p.distributor), ("Country", p.country), ("Year", p.year),
        ("First release", p.first_release), ("Running time", running), ("ISAN", p.isan), ("EIDR", p.eidr),
    ]  # fmt: skip
    return [(label, value) for label, value in fields if value]


def sheet_fields(project: Project, totals: Sheet, prepared_on: dt.date, version: str = "") -> Fields:
    """``prepared_on``: the day printed when the production names none (the export's);
    ``version``: the sheet's version as its filings decide it ("Revised 2"), else the header's."""
    p = project.production
    convention = "per side (writers 100 %, publishers 100 %)"
    if project.settings.share_convention is ShareConvention.WHOLE_WORK:
        convention = "whole work (writers + publishers 100 %)"
    prepared = (p.prepared_by, p.prepared_company, p.prepared_date or prepared_on.isoformat())
    printed = printed_by_usage(project, totals)
    total, by_usage = vocabulary(project.settings.profile).summary(totals, printed)  # in the profile's words
    fields = [
        ("Total music", total), ("By usage", by_usage),
        ("Version", version or p.version),
        ("Frame rate", f"{p.rate} fps, picture starts {p.timecode(p.start_frame)}"),
        ("Prepared", ", ".join(x for x in prepared if x)),
        ("Contact", ", ".join(x for x in (p.prepared_email, p.prepared_phone) if x)),
        ("Shares", convention),
    ]  # fmt: skip
    return [(label, value) for label, value in fields if value]


def header_rows(project: Project, totals: Sheet, prepared_on: dt.date, version: str = "") -> Fields:
    """Both, the title first: the workbook's "Production" sheet."""
    return [("Title", project.production.title), *production_fields(project),
            *sheet_fields(project, totals, prepared_on, version)]  # fmt: skip
