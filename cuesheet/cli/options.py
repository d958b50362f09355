"""Options that several commands take alike, declared once."""

from __future__ import annotations

import argparse


def add_break_stale_lock(parser: argparse.ArgumentParser) -> None:
    """For the commands that write a project: a lock left by a process that is gone may be broken."""
    parser.add_argument(
        "--break-stale-lock", action="store_true", help="break a lock left by a process that is gone"
    )
