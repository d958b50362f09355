"""Finding the film again after a project and its film were moved or sent to someone else."""

from __future__ import annotations

import os
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


def test_an_over_long_stored_name_is_not_found_rather_than_an_error(tmp_path: Path) -> None:
    project = tmp_path / "film.cuesheet"
    for stored in ["/x/" + "a" * 300 + ".mp4", "/" + "d/" * 3000 + "f.mp4", "a" * 5000, "bad\0name.mp4"]:
        ref = MediaRef(path=stored, relative_path=stored, size=4)
        assert locate_media(ref, project) is None


def test_a_stored_path_must_lead_to_a_regular_file_of_the_stored_size(tmp_path: Path) -> None:
    """A received project naming /proc/self/environ or ../../../../etc/passwd must not get it opened
    as the film: only a regular file of the recorded size is taken for the film."""
    project = tmp_path / "a" / "b" / "c" / "film.cuesheet"
    project.parent.mkdir(parents=True)
    passwd = Path("/etc/passwd")
    for stored, relative, size in [
        ("/proc/self/environ", "", 0),
        ("/proc/self/environ", "", 4096),
        ("/etc/passwd", "../../../../etc/passwd", 0),
        ("/etc/passwd", "../../../../etc/passwd", passwd.stat().st_size + 1),
        ("/dev/zero", "", 0),
        (str(tmp_path), "", 4096),  # a folder
    ]:
        assert locate_media(MediaRef(path=stored, relative_path=relative, size=size), project) is None
    fifo = tmp_path / "a" / "pipe.mov"
    os.mkfifo(fifo)
    assert locate_media(MediaRef(path=str(fifo), size=0), project) is None
    film = tmp_path / "a" / "film.mov"
    film.write_bytes(b"12345")
    link = tmp_path / "a" / "link.mov"
    link.symlink_to(film)
    assert locate_media(MediaRef(path=str(link), size=5), project) == link  # a link to a film is fine
    assert locate_media(MediaRef(path=str(film), size=4), project) is None  # another film now
    assert locate_media(MediaRef(path=str(film), size=5), project) == film
