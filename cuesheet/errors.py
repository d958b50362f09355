"""The errors that mean "bad input": shown to the user as one line, never as a traceback."""

from __future__ import annotations

from cuesheet.domain.edit import TimelineError
from cuesheet.domain.merge import MergeError
from cuesheet.domain.timecode import TimecodeError
from cuesheet.interchange.cue_sheet_csv import CsvImportError
from cuesheet.media.playback import PlaybackUnavailable
from cuesheet.media.probe import MediaError
from cuesheet.reports.errors import FontError
from cuesheet.store.errors import ProjectError

USER_ERRORS: tuple[type[Exception], ...] = (
    ProjectError,
    MediaError,
    PlaybackUnavailable,
    CsvImportError,
    TimecodeError,
    MergeError,
    TimelineError,
    FontError,
    OSError,
)
