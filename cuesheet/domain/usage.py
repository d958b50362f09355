"""A cue's use as orthogonal attributes, and the usage codes derived from them.

The PROs' codes mix several facts (on screen or not, sung or not, theme role); storing the facts and
deriving the code keeps the US and CISAC renderings consistent (domain guide §3).
"""

from __future__ import annotations

from cuesheet.domain.choice import Choice


class Origin(Choice):
    SCORE = "score"  # commissioned for this production
    LICENSED = "licensed"  # pre-existing commercial recording: sync + master licence
    LIBRARY = "library"  # production music: one all-in licence
    PUBLIC_DOMAIN = "public_domain"

    @property
    def label(self) -> str:
        return _ORIGIN_LABELS[self]

    @classmethod
    def from_label(cls, text: str) -> Origin:
        key = text.strip().lower().replace("-", " ").replace("_", " ")
        for origin, label in _ORIGIN_LABELS.items():
            if key in (label.lower(), origin.value.replace("_", " ")):
                return origin
        raise ValueError(
            f"unknown origin {text.strip()!r} (expected one of: {', '.join(_ORIGIN_LABELS.values())})"
        )


_ORIGIN_LABELS = {
    Origin.SCORE: "Score",
    Origin.LICENSED: "Licensed",
    Origin.LIBRARY: "Library",
    Origin.PUBLIC_DOMAIN: "Public Domain",
}


class Perception(Choice):
    BACKGROUND = "background"
    VISUAL = "visual"  # performer on screen, or heard by the characters


class Vocals(Choice):
    INSTRUMENTAL = "instrumental"
    VOCAL = "vocal"


class ThemeRole(Choice):
    NONE = "none"
    MAIN_TITLE = "main_title"
    END_TITLE = "end_title"
    LOGO = "logo"


class UsageCode(Choice):
    BI = "BI"
    BV = "BV"
    VI = "VI"
    VV = "VV"
    MT = "MT"
    ET = "ET"
    LOGO = "LOGO"

    @property
    def description(self) -> str:
        return _USAGE_DESCRIPTIONS[self]

    @classmethod
    def parse(cls, text: str) -> UsageCode:
        key = text.strip().upper()
        aliases = {"L": "LOGO", "EE": "LOGO"}
        try:
            return cls(aliases.get(key, key))
        except ValueError:
            codes = ", ".join(code.value for code in cls)
            raise ValueError(f"unknown usage code {text.strip()!r} (expected one of: {codes})") from None


_USAGE_DESCRIPTIONS = {
    UsageCode.BI: "Background instrumental",
    UsageCode.BV: "Background vocal",
    UsageCode.VI: "Visual instrumental",
    UsageCode.VV: "Visual vocal",
    UsageCode.MT: "Main title",
    UsageCode.ET: "End title",
    UsageCode.LOGO: "Logo",
}


def derive_usage(perception: Perception, vocals: Vocals, theme: ThemeRole) -> UsageCode:
    """The US (ASCAP/BMI) usage code for these attributes; a theme role outranks the rest."""
    return _BY_THEME.get(theme) or _BY_ATTRIBUTES[perception is Perception.VISUAL, vocals is Vocals.VOCAL]


# Made once: a sheet asks for every cue's code (50,000 at a time).
_BY_THEME = {
    ThemeRole.MAIN_TITLE: UsageCode.MT,
    ThemeRole.END_TITLE: UsageCode.ET,
    ThemeRole.LOGO: UsageCode.LOGO,
}
_BY_ATTRIBUTES = {
    (False, False): UsageCode.BI,
    (False, True): UsageCode.BV,
    (True, False): UsageCode.VI,
    (True, True): UsageCode.VV,
}


def attributes_for_usage(code: UsageCode) -> tuple[Perception, Vocals, ThemeRole]:
    """The attributes that derive ``code`` (used when a CSV names only the code)."""
    return {
        UsageCode.BI: (Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.NONE),
        UsageCode.BV: (Perception.BACKGROUND, Vocals.VOCAL, ThemeRole.NONE),
        UsageCode.VI: (Perception.VISUAL, Vocals.INSTRUMENTAL, ThemeRole.NONE),
        UsageCode.VV: (Perception.VISUAL, Vocals.VOCAL, ThemeRole.NONE),
        UsageCode.MT: (Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.MAIN_TITLE),
        UsageCode.ET: (Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.END_TITLE),
        UsageCode.LOGO: (Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.LOGO),
    }[code]
