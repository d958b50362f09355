"""``cuesheet spot PROJECT AUDIO...``: where the recordings a user holds play in the project's film."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cuesheet.cli.options import add_break_stale_lock
from cuesheet.terminal import out, out_json

EXIT_OK = 0


def add_parser(commands: Any) -> None:
    spot = commands.add_parser(
        "spot",
        help="find where recordings (files or folders) play in the project's film, under dialogue too",
    )
    spot.add_argument("project", type=Path)
    spot.add_argument("audio", type=Path, nargs="+", metavar="AUDIO", help="recordings, or folders of them")
    spot.add_argument(
        "--min-length", type=float, default=3.0, metavar="S", help="drop findings shorter (default 3 s)"
    )
    spot.add_argument(
        "--origin",
        choices=("licensed", "library", "score", "public_domain"),
        default="licensed",
        help="the origin of the cues --apply makes (default licensed)",
    )
    spot.add_argument("--apply", action="store_true", help="add the findings as cues (one step)")
    spot.add_argument("--json", action="store_true", help="machine-readable output")
    add_break_stale_lock(spot)


def run(args: argparse.Namespace) -> int:
    from cuesheet.domain.usage import Origin
    from cuesheet.listen_service import spot_recordings, spotted_json
    from cuesheet.project_service import read_project

    if not 0.5 <= args.min_length <= 3600:
        from cuesheet.cli import UsageError

        raise UsageError("--min-length must be between 0.5 and 3600 seconds")
    rate = read_project(args.project, parts=()).production.rate
    spotted = spot_recordings(
        args.project, args.audio, args.min_length, args.apply, Origin(args.origin), args.break_stale_lock
    )
    rows = spotted_json(spotted, rate)
    if args.json:
        out_json(rows)
        return EXIT_OK
    for row in rows:
        out(f"{row['tc_in']} {row['tc_out']}  {row['confidence']:.2f}  {row['title']}")
    verb = f"added {spotted.added} as cues" if args.apply else "nothing changed (--apply adds them)"
    out(f"{len(rows)} found of {spotted.recordings} recording(s) listened for; {verb}")
    return EXIT_OK
