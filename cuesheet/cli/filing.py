"""``cuesheet file PROJECT --with SOCIETY`` and ``cuesheet filings PROJECT``: filed and revised sheets."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cuesheet.cli.options import add_break_stale_lock
from cuesheet.terminal import out, out_json

EXIT_OK = 0


def add_parsers(commands: Any) -> None:
    file = commands.add_parser(
        "file",
        help="mark the sheet as filed: a frozen copy is kept in the project (one step)",
        description="Keeps the sheet as it is now, with the date, the recipient, who filed it and a "
        "note. While the sheet then differs from its last filing, every export is marked REVISED n "
        "with its changes; 'cuesheet export --filed N' exports a filed version again.",
    )
    file.add_argument("project", type=Path)
    file.add_argument("--with", dest="recipient", required=True, metavar="SOCIETY",
                      help="whom it is filed with: ASCAP, BMI, PRS, a broadcaster…")  # fmt: skip
    file.add_argument("--note", default="", help="a note kept with the filing")
    file.add_argument("--by", default="", help="who filed it (default: this computer's user name)")
    add_break_stale_lock(file)
    listing = commands.add_parser("filings", help="the sheet's filings, and whether it has changed since")
    listing.add_argument("project", type=Path)
    listing.add_argument("--json", action="store_true", help="machine-readable output")


def run_file(args: argparse.Namespace) -> int:
    from cuesheet.filing_service import file_sheet

    filing = file_sheet(args.project, args.recipient, args.note, args.by, args.break_stale_lock)
    out(f"Filed the sheet as {filing.version} with {filing.recipient} on {filing.filed_on} "
        f"(filing {filing.number}); the project as it was: cuesheet backups {args.project}")  # fmt: skip
    return EXIT_OK


def run_filings(args: argparse.Namespace) -> int:
    from cuesheet.filing_service import filings

    facts = filings(args.project)
    if args.json:
        out_json(facts)
        return EXIT_OK
    if not facts["filings"]:
        out(f"{args.project} has not been filed yet (cuesheet file {args.project} --with SOCIETY)")
        return EXIT_OK
    for f in facts["filings"]:
        note = f"  {f['note']}" if f["note"] else ""
        who = f"{f['recipient']:<14} {f['filed_by']}"
        out(f"{f['number']:>3}  {f['filed_on']}  {f['version']:<12} {who}{note}")
    now = facts["current"]
    if now is None:
        out("The last filing's copy cannot be read; the sheet is printed unmarked")
    elif now["revised"]:
        out(f"The sheet now: {now['label']}, {now['changes']} change(s) since the last filing")
    else:
        out("The sheet now: as last filed")
    return EXIT_OK
