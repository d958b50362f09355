"""Playback ▸ Sound stream: which of the film's sound streams the project listens to (issue #18 §3).

The streams are the film's as probed when it opened; choosing one is one undoable step (the film's
link with another stream), after which the film is opened again: the waveform is drawn, playback
plays and listening reads that stream.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QMenu, QWidget

from cuesheet.domain.commands import Command, SetMedia
from cuesheet.media.probe import AudioStreamInfo
from cuesheet.ui.session import Session


def stream_label(stream: AudioStreamInfo) -> str:
    facts = ", ".join(x for x in (stream.layout, stream.language if stream.language != "und" else "") if x)
    return f"{stream.index}: {stream.title or 'untitled'}" + (f" ({facts})" if facts else "")


class SoundStreamMenu(QMenu):
    def __init__(
        self, parent: QWidget, session: Session, streams: Callable[[], list[AudioStreamInfo]],
        run: Callable[[Command], bool],
    ) -> None:  # fmt: skip
        super().__init__("Sound &stream", parent)
        self.session, self.streams, self.run = session, streams, run
        self.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        self.clear()
        project = self.session.project
        media = project.media if project is not None else None
        streams = self.streams() if media is not None else []
        if not streams:
            self.addAction("(no film with sound open)").setEnabled(False)
            return
        chosen = media.audio_stream if media is not None else None
        for number, stream in enumerate(streams):
            action = self.addAction(stream_label(stream))
            action.setCheckable(True)
            action.setChecked(stream.index == chosen or (chosen is None and number == 0))
            action.setEnabled(not self.session.read_only)
            action.triggered.connect(lambda _=False, index=stream.index: self.choose(index))

    def choose(self, index: int) -> None:
        project = self.session.project
        if project is None or project.media is None or project.media.audio_stream == index:
            return
        title = next((s.title for s in self.streams() if s.index == index), "")
        command = SetMedia(replace(project.media, audio_stream=index, audio_title=title))
        command.text = f"Listen to sound stream {index}"
        self.run(command)
