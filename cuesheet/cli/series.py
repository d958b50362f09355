"""``cuesheet export-all FOLDER`` and ``cuesheet summary FOLDER``: a series' many project files."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from cuesheet import terminal
from cuesheet.terminal import out, out_json

EXIT_OK, EXIT_PROBLEMS = 0, 1


def add_parsers(commands: Any) -> None:
    export_all = commands.add_parser(
        "export-all",
        help="export the sheet of every project under a folder (exit 1 if any has errors)",
        description="Every *.cuesheet under FOLDER (subfolders too, hidden ones skipped) is validated and "
        "exported into OUTDIR, its subfolders mirrored. Prints one line per project: its errors and "
        "warnings, or why it could not be read.",
    )
    export_all.add_argument("folder", type=Path)
    export_all.add_argument("--format", required=True, choices=("pdf", "xlsx", "json", "csv"))
    export_all.add_argument("-o", "--output", required=True, type=Path, metavar="OUTDIR")
    export_all.add_argument("--json", action="store_true", help="machine-readable output")
    summary = commands.add_parser(
        "summary",
        help="per production: cues, music, uncleared cues, fees; per work: where it is used",
    )
    summary.add_argument("folder", type=Path)
    summary.add_argument("--json", action="store_true", help="machine-readable output")


def _progress(args: argparse.Namespace) -> Any:
    if args.json or not sys.stderr.isatty():
        return None
    bar = terminal.progress("Reading the projects")
    return lambda done, of, _name: bar(done / of if of else 1.0)


def run_export_all(args: argparse.Namespace) -> int:
    from cuesheet.series_service import export_all

    done = export_all(args.folder, args.format, args.output, _progress(args))
    failed = [d for d in done if d.problem or d.errors]
    if args.json:
        out_json([d.as_json() for d in done])
    else:
        for d in done:
            name = d.project.relative_to(args.folder)
            if d.problem:
                out(f"FAILED  {d.problem}")  # it names the file
            else:
                state = "ERRORS" if d.errors else "ok"
                out(f"{state:<7} {name} -> {d.output}  ({d.errors} errors, {d.warnings} warnings)")
        written = sum(1 for d in done if d.output)
        out(f"Exported {written} of {len(done)} projects to {args.output}; "
            f"{len(failed)} with errors or unreadable")  # fmt: skip
    return EXIT_PROBLEMS if failed else EXIT_OK


def run_summary(args: argparse.Namespace) -> int:
    from cuesheet.series_service import summarise

    facts = summarise(args.folder, _progress(args))
    if args.json:
        out_json(facts)
        return EXIT_PROBLEMS if facts["unreadable"] else EXIT_OK
    totals = facts["totals"]
    out(f"{totals['productions']} productions, {totals['cues']} cues, {totals['music']} of music, "
        f"{totals['uncleared_cues']} uncleared cues{_fees(totals['fees'])}")  # fmt: skip
    out("")
    out("Production                                        Cues   Music  Uncleared  Fees (shortfall)")
    for p in facts["productions"]:
        shortfall = f" ({_fees(p['shortfall'], '') or '0'})" if p["fees"] else ""
        out(f"{p['label'][:48]:<48} {p['cues']:>5} {p['music']:>7} {p['uncleared_cues']:>10}  "
            f"{_fees(p['fees'], '') or '-'}{shortfall}")  # fmt: skip
    out("")
    out("Work                                        Used in  Cues   Music")
    for w in facts["works"]:
        out(f"{w['title'][:42]:<42} {len(w['productions']):>8} {w['cues']:>5} {w['music']:>7}  "
            f"{'; '.join(w['productions'])[:80]}")  # fmt: skip
    for u in facts["unreadable"]:
        out(f"UNREADABLE {u['problem']}")  # it names the file
    return EXIT_PROBLEMS if facts["unreadable"] else EXIT_OK


def _fees(fees: dict[str, str], lead: str = ", fees ") -> str:
    listed = ", ".join(f"{currency} {Decimal(amount):,.2f}" for currency, amount in fees.items())
    return lead + listed if fees else ""
