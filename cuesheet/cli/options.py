"""Options that several commands take alike, declared once."""

from __future__ import annotations

import argparse

# The society profiles' names (domain.profiles.Profile's values, a test keeps them equal), written
# out: importing the domain for the choices cost every command ~25 ms of start-up.
PROFILE_CODES = ("us", "cisac", "uk")


def add_break_stale_lock(parser: argparse.ArgumentParser) -> None:
    """For the commands that write a project: a lock left by a process that is gone may be broken."""
    parser.add_argument(
        "--break-stale-lock", action="store_true", help="break a lock left by a process that is gone"
    )
