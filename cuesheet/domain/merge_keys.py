"""What makes two things from two project files the same thing, for a merge: one piece of music, one
recording, one licence, one party name (``domain.merge``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from cuesheet.domain.licences import Licence
from cuesheet.domain.rights import Interest, Recording, Work


def name_key(name: str) -> str:
    """Names compare without case, accents' encodings or repeated spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def licence_key(licence: Licence) -> tuple[Any, ...]:
    return (licence.side, licence.work_id, licence.recording_id, licence.party_id)


def same_work(theirs: Work, ours: Work) -> bool:
    """One piece of music: the same id (both files from one project), else the same ISWC when both
    have one, else the same title (case and spacing aside)."""
    if theirs.id == ours.id:
        return True
    if theirs.iswc and ours.iswc:
        return theirs.iswc == ours.iswc
    return name_key(theirs.title) == name_key(ours.title)


def same_recording(theirs: Recording, ours: Recording) -> bool:
    if theirs.id == ours.id:
        return True
    return not (theirs.isrc and ours.isrc) or theirs.isrc == ours.isrc


def recording_values(recording: Recording | None) -> tuple[str, ...] | None:
    if recording is None or recording.is_empty():
        return None
    return recording.values()


def interest_key(interests: Iterable[Interest]) -> list[tuple[str, str, Any]]:
    return sorted((i.party_id, i.role.value, i.share) for i in interests)
