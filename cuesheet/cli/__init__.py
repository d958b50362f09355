"""The ``cuesheet`` command line.

Exit status: 0 success, 1 validation found problems, 2 bad input or usage. Every failure is one line
on stderr (``cuesheet: …``) and never a traceback (set ``CUESHEET_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from cuesheet import __version__, terminal
from cuesheet.cli import filing, importing, listening, series, sheet
from cuesheet.cli.options import PROFILE_CODES, add_break_stale_lock
from cuesheet.reports.formats import FORMATS
from cuesheet.terminal import out, out_json

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments; the message is printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cuesheet",
        description="Music cue sheets: spot the music in a cut, export the PRO cue sheet. "
        "Without a command, opens the app (on PROJECT when given).",
    )
    parser.add_argument("--version", action="version", version=f"cuesheet {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", help="open the built-in demo (a generated film with cues)")
    demo.add_argument("--no-gui", action="store_true", help="only generate it and print its path")

    new = commands.add_parser("new", help="create a project file")
    new.add_argument("project", type=Path)
    new.add_argument("--title", required=True)
    new.add_argument("--rate", help="frame rate, e.g. 23.976, 25, 29.97df (default: the film's, else 24)")
    new.add_argument("--start-tc", help="timecode of the first frame (default: the film's, else 01:00:00:00)")
    new.add_argument("--media", type=Path, help="the film (QuickTime/MP4 export of the cut)")
    new.add_argument("--audio-stream", type=int, metavar="N",
                     help="the film's sound stream to listen to, by its index in 'cuesheet probe' "
                     "(default: one titled Music or MX, else the first)")  # fmt: skip

    info = commands.add_parser("info", help="summarise a project")
    info.add_argument("project", type=Path)
    info.add_argument("--json", action="store_true", help="machine-readable output")

    importing.add_parser(commands)
    importing.add_conform_parser(commands)
    listening.add_parser(commands)
    series.add_parsers(commands)
    filing.add_parsers(commands)

    merge = commands.add_parser(
        "merge", help="bring in the cues, works, parties and licences of another project (one step)"
    )
    merge.add_argument("project", type=Path)
    merge.add_argument("other", type=Path, help="the project file to take cues from (left unchanged)")
    merge.add_argument(
        "--theirs", action="store_true", help="where a cue differs, take theirs (default: yours)"
    )
    merge.add_argument("--dry-run", action="store_true", help="only show what would happen")
    add_break_stale_lock(merge)

    diff = commands.add_parser(
        "diff", help="what changed between two versions of a sheet (exit 1 when they differ)"
    )
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)

    export = commands.add_parser("export", help="write the cue sheet")
    export.add_argument("project", type=Path)
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("-o", "--output", required=True, help="output file, or - for standard output")
    export.add_argument("--filed", type=int, metavar="N", help="the sheet as filed the Nth time")
    export.add_argument(
        "--profile",
        choices=PROFILE_CODES,
        help="in the words, durations and columns of this society profile (default: the project's)",
    )
    export.add_argument(
        "--roll-up",
        action="store_true",
        help="commissioned cues of one ownership as one line (UK broadcasters)",
    )
    check = commands.add_parser("check", help="validate the cue sheet (exit 1 when there are errors)")
    check.add_argument("project", type=Path)
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument(
        "--listen", action="store_true", help="also check by ear the cues whose recording file is on disk"
    )
    check.add_argument(
        "--profile",
        choices=PROFILE_CODES,
        help="check against this society profile (default: the project's)",
    )

    listing = commands.add_parser("backups", help="list a project's rolling backups, newest first")
    listing.add_argument("project", type=Path)
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    restore = commands.add_parser("restore", help="copy one of a project's backups to a new file")
    restore.add_argument("project", type=Path)
    restore.add_argument("number", type=int, help="the backup's number in 'cuesheet backups' (1 = newest)")
    restore.add_argument("-o", "--output", required=True, type=Path, help="the new project file")

    probe = commands.add_parser("probe", help="describe a film: rate, start timecode, length, streams")
    probe.add_argument("film", type=Path)
    probe.add_argument("--json", action="store_true", help="machine-readable output")

    still = commands.add_parser("still", help="write the exact frame at a timecode as PNG")
    still.add_argument("film", type=Path)
    still.add_argument("--at", required=True, metavar="TIMECODE", help="in the film's own timecode")
    still.add_argument("-o", "--output", required=True, type=Path)
    doctor = commands.add_parser("doctor", help="versions, and where libVLC and the PDF fonts come from")
    doctor.add_argument("--play", type=Path, metavar="FILM", help="also play FILM for a second, headless")
    doctor.add_argument("--json", action="store_true", help="machine-readable output")

    shot = commands.add_parser("screenshot", help="open the window on a project and save it as PNG")
    shot.add_argument("project", type=Path)
    shot.add_argument("-o", "--output", required=True, type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        status = _dispatch(args)
        sys.stdout.flush()  # a reader that left shows here, not in the interpreter's last flush
        return status
    except BrokenPipeError:  # `cuesheet … | head -1`: the reader has what it wanted
        return terminal.pipe_closed()
    except KeyboardInterrupt:
        terminal.error("interrupted")
        return 130
    except Exception as error:  # one line for the user; the traceback only on request
        if os.environ.get("CUESHEET_DEBUG"):
            raise
        terminal.error(_message(error))
        return EXIT_USAGE


def _message(error: Exception) -> str:
    from cuesheet.errors import USER_ERRORS

    if isinstance(error, OSError) and error.strerror:  # not "[Errno 13] …": the file, then the reason
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    if isinstance(error, (UsageError, *USER_ERRORS)):
        return str(error)
    return f"unexpected error: {type(error).__name__}: {error}"


def _dispatch(args: list[str]) -> int:
    if not args or (args[0] not in _HANDLERS and not args[0].startswith("-")):
        if len(args) > 1:
            raise UsageError(f"unknown command {args[0]!r} (commands: {', '.join(_HANDLERS)})")
        return _open_gui(Path(args[0]) if args else None)
    parsed = build_parser().parse_args(args)
    if parsed.command in ("info", "check", "export"):  # one read, then exit: the cyclic collector
        gc.disable()  # would only rescan the project's objects (a tenth of an export at 50k cues)
    handler: Callable[[argparse.Namespace], int] = _HANDLERS[parsed.command]
    return handler(parsed)


def _open_gui(project: Path | None) -> int:
    if project is not None and not project.exists():
        raise UsageError(f"{project}: no such file (to create a project: cuesheet new {project} --title …)")
    from cuesheet.ui.app import NoDisplayError, run

    try:
        return run(project)
    except NoDisplayError as error:
        raise UsageError(str(error)) from None


def _demo(args: argparse.Namespace) -> int:
    from cuesheet.demo import ensure_demo

    path = ensure_demo(terminal.progress("Generating the demo film") if sys.stderr.isatty() else None)
    if args.no_gui:
        out(path)
        return EXIT_OK
    return _open_gui(path)


def _new(args: argparse.Namespace) -> int:
    from cuesheet.project_service import create_project
    from cuesheet.store.files import refuse_special_file

    path = args.project if args.project.suffix else args.project.with_suffix(".cuesheet")
    film = refuse_special_file(args.media)
    project = create_project(path, args.title, args.rate, args.start_tc, film, args.audio_stream)
    out(f"Created {path} ({project.production.rate} fps, starts at "
          f"{project.production.timecode(project.production.start_frame)})")  # fmt: skip
    return EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    from cuesheet.project_service import merge

    plan = merge(args.project, args.other, args.theirs, args.dry_run, args.break_stale_lock)
    for line in plan.summary():
        out(line)
    for conflict in plan.conflicts:
        keep = "take theirs" if conflict.take_theirs else "keep yours"
        label = f"{conflict.mine.number or '(no number)'}"
        out(f"  conflict {label:<12} differs in {', '.join(conflict.differences)} ({keep})")
    if args.dry_run:
        out("Dry run: nothing changed")
    elif plan.is_empty():
        out(f"Nothing to merge; {args.project} is unchanged")
    else:
        out(f"Merged into {args.project}; the project as it was is kept (cuesheet backups {args.project})")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from cuesheet.domain.cue import Cue
    from cuesheet.domain.project import Project
    from cuesheet.project_service import compare

    before, after, plan = compare(args.old, args.new)

    def label(project: Project, cue: Cue) -> str:
        span = f"{before.production.timecode(cue.start)}–{before.production.timecode(cue.end)}"
        return f"{cue.number or '(no number)':<8} {project.title_of(cue)!r} {span}"

    for conflict in plan.conflicts:
        shown = [f"{what} {old!r} → {new!r}" if what == "title" else f"{what} {old} → {new}" if old or new
                 else f"{what} changed" for what, old, new in conflict.changes(before)]  # fmt: skip
        out(f"changed  {label(before, conflict.mine)}: {'; '.join(shown)}")
    for cue in plan.added:
        out(f"added    {label(after, cue)}")
    for cue in plan.only_ours:
        out(f"removed  {label(before, cue)}")
    changes = len(plan.conflicts) + len(plan.added) + len(plan.only_ours)
    out(f"{changes} change(s), {len(plan.duplicates)} cue(s) unchanged")
    return EXIT_PROBLEMS if changes else EXIT_OK


def _backups(args: argparse.Namespace) -> int:
    from cuesheet.project_service import project_backups

    found = project_backups(args.project)
    if args.json:
        out_json(found)
    elif not found:
        out(f"No backups of {args.project} yet (one is taken each time it is opened for writing)")
    for backup in [] if args.json else found:
        cues = "unreadable" if backup["cues"] is None else f"{backup['cues']} cues"
        note = f" ({backup['note']})" if backup["note"] else ""
        out(f"{backup['number']:>3}  {backup['taken']:<20} {cues:<11} {backup['path']}{note}")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from cuesheet.project_service import restore_backup

    target = args.output if args.output.suffix else args.output.with_suffix(".cuesheet")
    restore_backup(args.project, args.number, target)
    out(f"Restored backup {args.number} of {args.project} to {target}")
    return EXIT_OK


def _probe(args: argparse.Namespace) -> int:
    from cuesheet.media.probe import probe
    from cuesheet.store.files import refuse_special_file

    info = probe(refuse_special_file(args.film))
    facts = info.as_json()
    if args.json:
        out_json(facts)
        return EXIT_OK
    audio = ", ".join(f"#{a.index} {a.channels} ch {a.sample_rate} Hz" for a in info.audio_streams) or "none"
    rate = f"{info.rate} fps ({facts['rate']}){', variable frame rate' if info.variable_frame_rate else ''}"
    tc = f"{facts['start_timecode']}{'' if info.start_timecode else ' (no timecode track)'}"
    for label, value in [
        ("Rate", rate),
        ("Start timecode", tc),
        ("Length", f"{info.duration_frames} frames"),
        ("Picture", f"{info.width}x{info.height} {info.video_codec}{_shown(facts)}"),
        ("Audio", audio),
    ]:
        out(f"{label + ':':<16}{value}")
    return EXIT_OK


def _shown(facts: dict[str, Any]) -> str:
    """How the picture is shown when not as stored: ``, shown 872x480 (sample aspect 40:33)``."""
    notes = []
    if facts["sample_aspect_ratio"] != "1:1":
        notes.append(f"sample aspect {facts['sample_aspect_ratio']}")
    if facts["rotation"]:
        notes.append(f"turned {facts['rotation']}° to be upright")
    resized = bool(notes)
    if facts["field_order"] in ("tff", "bff"):
        notes.append(f"interlaced, {'top' if facts['field_order'] == 'tff' else 'bottom'} field first")
    shown = f", shown {facts['display_width']}x{facts['display_height']}" if resized else ""
    return f"{shown} ({'; '.join(notes)})" if notes else ""


def _still(args: argparse.Namespace) -> int:
    from cuesheet.media.still import still
    from cuesheet.store.files import refuse_special_file, write_atomically

    data, frame = still(refuse_special_file(args.film), args.at)
    write_atomically(args.output, data)
    out(f"Wrote frame {frame} ({args.at.strip()}) to {args.output}")
    return EXIT_OK


def _doctor(args: argparse.Namespace) -> int:
    from cuesheet.doctor import facts, play, vlc_folders
    from cuesheet.ui.app import qt_versions

    report = {**facts(), **qt_versions()}
    if args.play is not None:
        report["playback"] = play(args.play)
    report["vlc_folders"] = vlc_folders()  # where the library and the plugins used were loaded from
    if args.json:
        out_json(report)
        return EXIT_OK
    for key, value in report.items():
        if isinstance(value, dict):
            value = "; ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(value)
        out(f"{key + ':':<13}{value}")
    return EXIT_OK


def _screenshot(args: argparse.Namespace) -> int:
    if not args.project.exists():
        raise UsageError(f"{args.project}: no such file")
    from cuesheet.ui.app import NoDisplayError, screenshot

    try:
        shown, families = screenshot(args.project, args.output)
    except NoDisplayError as error:
        raise UsageError(str(error)) from None
    out(f"Window shown {shown:.2f} s after start; {families} font families; saved {args.output}")
    return EXIT_OK


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": _demo,
    "new": _new,
    "info": sheet.info,
    "import": importing.run,
    "conform": importing.run_conform,
    "spot": listening.run,
    "merge": _merge,
    "diff": _diff,
    "export": sheet.export,
    "export-all": series.run_export_all,
    "summary": series.run_summary,
    "file": filing.run_file,
    "filings": filing.run_filings,
    "check": sheet.check,
    "backups": _backups,
    "restore": _restore,
    "probe": _probe,
    "still": _still,
    "doctor": _doctor,
    "screenshot": _screenshot,
}
