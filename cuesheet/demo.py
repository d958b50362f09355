"""The built-in demo: a generated one-minute film with music, and a project spotting it.

Both are made once and kept in the user data folder; the project keeps the user's edits across runs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TypedDict

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.licences import Licence, MfnScope, Side, Status, StatusChange
from cuesheet.domain.project import Production, Project
from cuesheet.domain.rights import Interest, Party, Recording, Role, Work
from cuesheet.domain.timecode import FrameRate, parse_timecode
from cuesheet.domain.usage import Origin, Perception, ThemeRole, Vocals
from cuesheet.media.probe import probe
from cuesheet.media.synth import Segment, write_film
from cuesheet.paths import user_data_dir
from cuesheet.store.media_link import media_ref
from cuesheet.store.project_file import ProjectFile

FILM_SECONDS = 60
RATE = FrameRate(Fraction(24000, 1001))
START_TC = "01:00:00:00"
FILM_NAME = "Harbour Lights (demo).mp4"
PROJECT_NAME = "Harbour Lights (demo).cuesheet"

# Where the film has music, in timecode seconds from its start, with a style and a root note.
SPOTS = [(2, 14, "pad", 220.0), (16, 30, "beat", 330.0), (31, 40, "arp", 440.0),
         (41, 52, "pad", 196.0), (53, 59.5, "pad", 261.6)]  # fmt: skip


def _frames(tc_seconds: float) -> int:
    return round(Fraction(tc_seconds) * RATE.nominal)


# The same places in real seconds, for the audio: frame n is heard at n ÷ rate.
MUSIC = [Segment(float(_frames(a) / RATE.rate), float(_frames(b) / RATE.rate), style, root)
         for a, b, style, root in SPOTS]  # fmt: skip


def demo_folder() -> Path:
    folder = user_data_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def ensure_demo(progress: Callable[[float], None] | None = None) -> Path:
    """The demo project's path, generating the film and the project when they are not there yet."""
    folder = demo_folder()
    film = folder / FILM_NAME
    if not film.exists():
        partial = folder / f".{FILM_NAME}.{os.getpid()}.part.mp4"
        write_film(partial, FILM_SECONDS, RATE, (640, 360), START_TC, MUSIC, progress=progress)
        os.replace(partial, film)
    project_path = folder / PROJECT_NAME
    if not project_path.exists():
        ProjectFile.create(project_path, demo_project(film, project_path)).close()
    return project_path


class _Terms(TypedDict):
    term: str
    territory: str
    media: str


def _demo_licences(
    project: Project, works: list[Work], parties: dict[str, Party], song: Recording, library: Recording
) -> None:
    """A clearance log in progress: one publisher still quoting, the master approved, the library paid."""
    today = dt.date.today()
    history = [StatusChange((today - dt.timedelta(days=20)).isoformat(), Status.QUOTE_REQUESTED, "emailed")]
    terms: _Terms = {"term": "perpetuity", "territory": "world", "media": "all media"}
    licences = [
        Licence(Side.SYNC, work_id=works[1].id, party_id=parties["owl"].id, licensor="Night Owl Songs",
                share=Decimal(50), approved_fee=Decimal(6000), mfn=True, mfn_scope=MfnScope.OTHER_SIDE,
                status=Status.LICENSED, history=[*history, StatusChange(today.isoformat(), Status.LICENSED)],
                **terms),
        Licence(Side.SYNC, work_id=works[1].id, party_id=parties["nord"].id, licensor="Nordljus Musikförlag",
                share=Decimal(50), quoted_fee=Decimal(5000), currency="USD", status=Status.QUOTED,
                option_deadline=(today + dt.timedelta(days=45)).isoformat(), history=list(history), **terms),
        Licence(Side.MASTER, recording_id=song.id, licensor="Lantern Records", contact="sync@lantern.test",
                quoted_fee=Decimal(9000), mfn=True, mfn_scope=MfnScope.OTHER_SIDE, status=Status.APPROVED,
                history=list(history), **terms),
        Licence(Side.ALL_IN, recording_id=library.id, licensor="Atlas Production Music",
                paid_fee=Decimal(750), approved_fee=Decimal(750), status=Status.PAID, **terms),
    ]  # fmt: skip
    # The score is covered once, by the production's composer agreement (domain.agreements).
    agreement = ComposerAgreement("Marlow, Ada", "HL-2026-01", (today - dt.timedelta(days=90)).isoformat())
    project.agreements = {agreement.id: agreement}
    project.licences = {lic.id: lic for lic in licences}


def demo_project(film: Path, project_path: Path) -> Project:
    info = probe(film)
    start = parse_timecode(START_TC, RATE)
    project = Project(
        Production(
            title="Harbour Lights",
            rate=info.rate,
            start_frame=info.start_frame,
            episode_title="Demo cut",
            production_number="CS-DEMO-001",
            production_type="Feature film",
            company="Cuesheet Demo Films",
            running_time=info.duration_frames,
            version="Original",
            prepared_by="Cuesheet demo",
            distributor="Harbour Pictures",
            country="GB",
            year="2026",
            prepared_company="Cuesheet Demo Films",
            prepared_email="music@example.com",
        ),
        media=media_ref(info, project_path),
        motifs=["Harbour Theme", "Night Drive"],
    )
    parties = {
        "ada": Party("Marlow, Ada", "PRS", "00523456781"),
        "hlm": Party("Harbour Lights Music Ltd", "PRS", "00612345670"),
        "ngozi": Party("Okafor, Ngozi", "ASCAP", "00498765432"),
        "jonas": Party("Lindqvist, Jonas", "STIM", "00387654321"),
        "owl": Party("Night Owl Songs", "ASCAP", "00276543210"),
        "nord": Party("Nordljus Musikförlag AB", "STIM", "00165432109"),
        "atlas_w": Party("Brennan, Siobhán", "IMRO", "00554433221"),
        "atlas_p": Party("Atlas Production Music", "PRS", "00443322110"),
    }
    project.parties = {p.id: p for p in parties.values()}

    def share(key: str, role: Role, percent: int) -> Interest:
        return Interest(parties[key].id, role, Decimal(percent))

    score = [share("ada", Role.C, 100), share("hlm", Role.E, 100)]
    works = [
        Work("Harbour Lights (Main Title)", "", list(score)),
        Work(
            "Midnight Drive",
            "T0701234561",
            [
                share("ngozi", Role.CA, 50),
                share("jonas", Role.CA, 50),
                share("owl", Role.E, 50),
                share("nord", Role.E, 50),
            ],
        ),
        Work("Undertow", "", [share("atlas_w", Role.C, 100), share("atlas_p", Role.E, 100)]),
        Work("Harbour Lights (Reprise)", "", list(score)),
        Work("End Credits", "", list(score)),
    ]
    project.works = {w.id: w for w in works}
    song = Recording(artist="The Velvet Static", label="Lantern Records", isrc="USLR12600001")
    library = Recording(library="Atlas Production Music", catalog_number="APM-0412", track_number="7")
    project.recordings = {song.id: song, library.id: library}
    details = [
        ("1M01", Origin.SCORE, Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.MAIN_TITLE, None,
         "Opening titles over the harbour at dusk", "Harbour Theme"),
        ("1M02", Origin.LICENSED, Perception.VISUAL, Vocals.VOCAL, ThemeRole.NONE, song.id,
         "Car radio as Mara drives along the quay", "Night Drive"),
        ("1M03", Origin.LIBRARY, Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.NONE, library.id,
         "Warehouse search", ""),
        ("1M04", Origin.SCORE, Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.NONE, None,
         "Mara finds the letter", "Harbour Theme"),
        ("1M05", Origin.SCORE, Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.END_TITLE, None,
         "End credits", "Harbour Theme"),
    ]  # fmt: skip
    _demo_licences(project, works, parties, song, library)
    for spot, work, row in zip(SPOTS, works, details, strict=True):
        number, origin, perception, vocals, theme, recording_id, scene, motif = row
        cue = Cue(
            start + _frames(spot[0]),
            start + _frames(spot[1]),
            work.id, number, origin, perception, vocals, theme,
            recording_id=recording_id, scene=scene, motif=motif,
        )  # fmt: skip
        project.cues[cue.id] = cue
    return project
