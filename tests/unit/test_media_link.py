"""Finding the film again after a project and its film were moved or sent to someone else."""

from __future__ import annotations

from pathlib import Path

from cuesheet.domain.project import MediaRef
from cuesheet.store.media_link import locate_media


def _ref(film: Path, relative: str) -> MediaRef:
    return MediaRef(path=str(film), relative_path=relative, size=4)


def test_stored_path_then_relative_path_then_same_name_next_to_the_project(tmp_path: Path) -> None:
    original = tmp_path / "editorial" / "reels" / "cut v3.mp4"
    project = tmp_path / "editorial" / "music" / "film.cuesheet"
    ref = _ref(original, "../reels/cut v3.mp4")
    assert locate_media(ref, project) is None  # nowhere yet
    original.parent.mkdir(parents=True)
    original.write_bytes(b"film")
    assert locate_media(ref, project) == original

    # The whole tree copied to another machine: the stored absolute path is gone, the relative works.
    moved_project = tmp_path / "elsewhere" / "music" / "film.cuesheet"
    moved_film = tmp_path / "elsewhere" / "reels" / "cut v3.mp4"
    moved_film.parent.mkdir(parents=True)
    moved_project.parent.mkdir(parents=True)
    moved_film.write_bytes(b"film")
    original.unlink()
    assert locate_media(ref, moved_project) == moved_film.resolve()  # normalised, no '..'

    # Project and film sent together in one folder; a Windows path stored by a colleague.
    sent = tmp_path / "inbox"
    sent.mkdir()
    (sent / "cut v3.mp4").write_bytes(b"film")
    windows_ref = _ref(Path("D:\\Editorial\\cut v3.mp4"), "")
    assert locate_media(windows_ref, sent / "film.cuesheet") == (sent / "cut v3.mp4").resolve()
    assert locate_media(None, sent / "film.cuesheet") is None
