"""``cuesheet import PROJECT FILE``: a cue-sheet CSV, or an editor's timeline (EDL, FCP 7 XML, AAF,
OpenTimelineIO, Pro Tools session text), recognised by its content whatever its name."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cuesheet import terminal
from cuesheet.cli.options import add_break_stale_lock
from cuesheet.terminal import out, out_json

EXIT_OK = 0


def add_parser(commands: Any) -> None:
    imp = commands.add_parser(
        "import",
        help="append cues from a cue-sheet CSV, an editor's timeline or a sheet exported as JSON (one step)",
        description="FILE is recognised by its content: a cue-sheet CSV, a CMX 3600 EDL, FCP 7 XML, FCPXML, "
        "AAF, OpenTimelineIO (.otio, .otioz), Pro Tools 'Session Info as Text', or a sheet exported "
        "with --format json. From a timeline, the clips of one source that touch or overlap on the "
        "music tracks become one cue. A JSON sheet makes PROJECT whole when it does not exist yet "
        "(header, settings, every cue, work, party and licence), else it is merged in as "
        "'cuesheet merge' does.",
    )
    imp.add_argument("project", type=Path)
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--tracks",
        metavar="A3,A4|NAME,…",
        help="the audio tracks to read, by label or name (default: the tracks named like music, else all)",
    )
    imp.add_argument(
        "--join-gap",
        type=int,
        default=0,
        metavar="N",
        help="clips of one source at most N frames apart are one cue (default 0: touching)",
    )
    imp.add_argument("--dry-run", action="store_true", help="show what would be added; change nothing")
    imp.add_argument("--json", action="store_true", help="machine-readable output")
    add_break_stale_lock(imp)


def add_conform_parser(commands: Any) -> None:
    conform = commands.add_parser(
        "conform",
        help="move the cues to a new cut: their picture traced from the old timeline to the new",
        description="Each cue comes out unchanged, moved, trimmed, split (one cue per place, flagged) "
        "or removed (kept and flagged); music of the new cut that no cue covers is added as cues.",
    )
    conform.add_argument("project", type=Path)
    conform.add_argument("--old", type=Path, metavar="OLD_TIMELINE", help="the cut spotted (its timeline)")
    conform.add_argument("--new", type=Path, metavar="NEW_TIMELINE", help="the new cut (its timeline)")
    conform.add_argument(
        "--film", type=Path, metavar="NEW_CUT", help="or: the new cut's film alone, matched by its sound"
    )
    conform.add_argument("--media", type=Path, metavar="FILM", help="the new cut's film, linked with --apply")
    conform.add_argument("--apply", action="store_true", help="make the changes (one step); else only show")
    conform.add_argument("--json", action="store_true", help="machine-readable output")
    add_break_stale_lock(conform)


def run_conform(args: argparse.Namespace) -> int:
    from cuesheet.cli import UsageError
    from cuesheet.domain.conform import Status
    from cuesheet.import_service import conform, conform_json
    from cuesheet.project_service import read_project

    rate = read_project(args.project, parts=()).production.rate
    if args.film is not None:
        if args.old or args.new or args.media:
            raise UsageError("--film conforms by sound alone: not with --old, --new or --media")
        from cuesheet.listen_service import conform_by_sound

        plan = conform_by_sound(args.project, args.film, args.apply, args.break_stale_lock)
    elif args.old is None or args.new is None:
        raise UsageError("give --old and --new (the two timelines), or --film (the new cut's film)")
    else:
        plan = conform(args.project, args.old, args.new, args.apply, args.media, args.break_stale_lock)
    rows = conform_json(plan, rate)
    if args.json:
        out_json(rows)
        return EXIT_OK
    for row in rows:
        if row["status"] != Status.UNCHANGED.value:
            new = f"{row['new_in']} {row['new_out']}" if row["new_in"] else "(kept where it was)"
            old = f"{row['old_in']} {row['old_out']}"
            out(f"{row['seq']:>4} {row['cue']:<8} {row['status']:<9} {old} -> {new}")
    counts = ", ".join(f"{plan.counts.get(s, 0)} {s.value}" for s in Status)
    verb = "Conformed" if args.apply else "Would conform"
    out(f"{verb} {_cues(len(plan.cues))}: {counts}; {_cues(len(plan.proposed.cues))} of new music "
        f"{'added' if args.apply else 'to add'}")  # fmt: skip
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from cuesheet.import_service import is_cue_sheet_csv, is_sheet_json
    from cuesheet.store.files import refuse_special_file

    refuse_special_file(args.file)
    if is_sheet_json(args.file):
        return _sheet(args)
    if is_cue_sheet_csv(args.file):
        return _csv(args)
    return _timeline(args)


def _csv(args: argparse.Namespace) -> int:
    from cuesheet.project_service import import_csv, read_project

    if args.tracks or args.join_gap:
        from cuesheet.cli import UsageError

        raise UsageError("--tracks and --join-gap are for timelines; FILE is a cue-sheet CSV")
    if args.dry_run:
        from cuesheet.project_service import csv_import_command

        command = csv_import_command(read_project(args.project), args.file)
        count = len(command.cues)
    else:
        progress = terminal.progress(f"Reading {args.file.name}") if sys.stderr.isatty() else None
        count = import_csv(args.project, args.file, args.break_stale_lock, progress)
    if args.json:
        out_json({"format": "cue-sheet CSV", "cues": count, "added": 0 if args.dry_run else count})
    else:
        verb = "Would import" if args.dry_run else "Imported"
        out(f"{verb} {_cues(count)} into {args.project}")
    return EXIT_OK


def _sheet(args: argparse.Namespace) -> int:
    from cuesheet.import_service import import_sheet

    if args.tracks or args.join_gap:
        from cuesheet.cli import UsageError

        raise UsageError("--tracks and --join-gap are for timelines; FILE is a sheet exported as JSON")
    done = import_sheet(args.project, args.file, args.dry_run, args.break_stale_lock)
    count = len(done.sheet.cues)
    if done.plan is None:
        verb = "Created" if done.done else "Would create"
        if args.json:
            out_json({"format": "sheet JSON", "created": done.done, "cues": count})
        else:
            out(f"{verb} {args.project} from {args.file.name}: {_cues(count)}, "
                f"{len(done.sheet.works)} works, {len(done.sheet.licences)} licences")  # fmt: skip
        return EXIT_OK
    if args.json:
        out_json({"format": "sheet JSON", "created": False, "cues": count, "merged": done.done,
                  "summary": done.plan.summary(), "conflicts": len(done.plan.conflicts)})  # fmt: skip
        return EXIT_OK
    for line in done.plan.summary():
        out(line)
    if done.plan.conflicts:
        out(f"  {len(done.plan.conflicts)} differing cues keep yours (cuesheet merge --theirs: take theirs)")
    if args.dry_run:
        out("Dry run: nothing changed")
    elif done.plan.is_empty():
        out(f"Nothing to import; {args.project} is unchanged")
    else:
        out(f"Imported into {args.project}; the project as it was is kept (cuesheet backups {args.project})")
    return EXIT_OK


def _timeline(args: argparse.Namespace) -> int:
    from cuesheet.import_service import import_timeline, plan_json, plan_summary

    tracks = [t for t in (args.tracks or "").split(",") if t.strip()]
    done = import_timeline(
        args.project, args.file, tracks, args.join_gap, args.dry_run, args.break_stale_lock
    )
    if args.json:
        out_json({**plan_json(done.plan), "added": done.added})
        return EXIT_OK
    count = len(done.plan.cues)
    if args.dry_run:
        out(f"Would import {_cues(count)} into {args.project}")
        for cue in plan_json(done.plan)["cues"]:
            out(f"  {cue['tc_in']}  {cue['tc_out']}  {' '.join(cue['tracks']):<8} {cue['title']}")
    else:
        out(f"Imported {_cues(done.added)} into {args.project}")
    for line in plan_summary(done.plan):
        out(f"  {line}")
    return EXIT_OK


def _cues(count: int) -> str:
    return f"{count} cue{'' if count == 1 else 's'}"
