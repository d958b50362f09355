"""What the command line writes: every line through ``escaped``, progress on stderr, bytes on stdout,
and a quiet end when the reader of a pipe goes away (``cuesheet … | head -1``).

Standard library only (the command line's helpers; no Qt, no SQLite)."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Callable

# Exit status when stdout's reader has gone: that of a process ended by SIGPIPE (128 + 13), as
# ``yes | head -1`` reports it, so ``set -o pipefail`` scripts see the same as with other tools.
EXIT_PIPE_CLOSED = 141

# C0 (escape sequences, line breaks), DEL and C1 (0x9b is a one-byte CSI on many terminals).
_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]} | {
    0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t",
}  # fmt: skip
_JSON_CONTROLS = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}  # json leaves DEL and C1 raw
# Whether a text holds one: most lines hold none, and translate looks every character up in the
# dict (8 µs a line: 0.13 s of `cuesheet check`'s 15,000 lines at 50,000 cues; this, 1 µs).
_ANY_CONTROL = re.compile("[" + "".join(re.escape(chr(code)) for code in _CONTROLS) + "]")


def escaped(text: str) -> str:
    """``text`` safe to print: control characters as escapes, so stored text (a received project's
    titles, names, paths) can neither drive the terminal nor break a line. Every line the command
    line prints goes through here."""
    return text.translate(_CONTROLS) if _ANY_CONTROL.search(text) else text


def out(text: object = "") -> None:
    print(escaped(str(text)))


def out_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2).translate(_JSON_CONTROLS))


def error(message: str) -> None:
    print(f"cuesheet: {escaped(message)}", file=sys.stderr)


def progress(label: str) -> Callable[[float], None]:
    """A ``report(fraction)`` that redraws one stderr line: ``label… 42%``."""

    def report(fraction: float) -> None:
        end = "\n" if fraction >= 1 else ""
        print(f"\r{escaped(label)}… {fraction:4.0%}", end=end, file=sys.stderr, flush=True)

    return report


def write_stdout(data: bytes) -> None:
    """All of ``data`` on stdout. A pipe whose reader left part-way takes a short write without an
    error, so the rest is written in a loop until it goes through or EPIPE (BrokenPipeError)."""
    sys.stdout.flush()
    try:
        descriptor = sys.stdout.buffer.fileno()
    except (AttributeError, io.UnsupportedOperation):  # stdout replaced (an embedding, a test)
        sys.stdout.buffer.write(data)
        return
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view[: 1 << 20]) :]


def pipe_closed() -> int:
    """stdout's reader has gone: point stdout at /dev/null so the interpreter's final flush cannot
    fail again, and end quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
    finally:
        os.close(devnull)
    return EXIT_PIPE_CLOSED
