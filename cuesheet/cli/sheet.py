"""The commands that read a sheet and print it or a summary: ``info``, ``export`` and ``check``.

Each is one read of the project, then exit: what they load is kept to what they print (see
``project_service``), and ``cli`` runs them without the cyclic collector.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cuesheet import terminal
from cuesheet.terminal import out, out_json

EXIT_OK, EXIT_PROBLEMS = 0, 1


def info(args: argparse.Namespace) -> int:
    from cuesheet.project_service import summary

    facts = summary(args.project)
    if args.json:
        out_json(facts)
        return EXIT_OK
    media = facts["media"]
    found = "found" if media["found"] else "NOT FOUND"
    lines = [
        ("Title", facts["title"]),
        ("Rate", f"{facts['rate_label']} ({facts['rate']})"),
        ("Start timecode", facts["start_timecode"]),
        ("Film", f"{media['path']} ({found})" if media["path"] else "none linked"),
        ("Cues", str(facts["cues"])),
        ("Music duration", f"{facts['music_duration']} as printed ({facts['music_duration_frames']} frames)"),
        ("By usage", facts["music_by_usage"]),
        ("Agreements", str(len(facts["agreements"]))),  # composer agreements: --json lists them
    ]
    for label, value in lines:
        out(f"{label + ':':<16}{value}")
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    from cuesheet.project_service import export as render
    from cuesheet.store.files import write_atomically

    if getattr(args, "filed", None) is not None:
        from cuesheet.filing_service import export_filed

        data = export_filed(args.project, args.filed, args.format, getattr(args, "profile", None))
    else:
        data = render(
            args.project, args.format, getattr(args, "profile", None), getattr(args, "roll_up", False)
        )
    if args.output == "-":
        terminal.write_stdout(data)
    else:
        write_atomically(Path(args.output), data)
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    from cuesheet.domain.validation import has_errors
    from cuesheet.project_service import check as validated

    findings = validated(args.project, getattr(args, "profile", None))
    if getattr(args, "listen", False):
        from cuesheet.listen_service import check_by_ear

        findings = sorted([*findings, *check_by_ear(args.project)], key=lambda f: (f.seq or 0, f.code))
    if args.json:
        out_json([f.as_json() for f in findings])
    else:
        for f in findings:
            where = f"#{f.seq} {f.cue}".strip() if f.seq else "sheet"
            out(f"{f.severity:<8}{where:<12}{f.code:<24}{f.message}" + (f" — {f.fix}" if f.fix else ""))
        errors = sum(f.severity == "error" for f in findings)
        out(f"{errors} error(s), {len(findings) - errors} warning(s)")
    return EXIT_PROBLEMS if has_errors(findings) else EXIT_OK
