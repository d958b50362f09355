"""A film's picture as it is meant to be seen: display aspect, upright, one picture per frame.

Anamorphic films store pixels that are not square (NTSC 720×480 at 40:33 is shown 873 wide); a
phone stores its portrait picture sideways with a rotation matrix; interlaced films store two fields,
each a picture of its own moment, woven into one frame. Stills and the paused picture are drawn
from here so that they look as libVLC's playback does: stretched to the display aspect, turned
upright, and deinterlaced with ``yadif``, keeping the field shown first (``bwdif`` with its
default settings was measured to leave the fields woven).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy and PyAV load when a picture is first drawn: probe's facts are read at start-up
    import numpy as np
    from av import VideoFrame

MAX_SHOWN = 8192  # pixels on the longer side of a picture as shown (DCI 8K is 8192 wide)

# FFmpeg's AVFieldOrder: the coded order, then the order shown (TB: top coded, bottom shown first).
_FIELD_ORDERS = {1: "progressive", 2: "tff", 3: "bff", 4: "bff", 5: "tff"}


@dataclass(frozen=True)
class Shape:
    width: int  # as stored
    height: int
    sample_aspect: Fraction = Fraction(1)  # a pixel's width over its height
    rotation: int = 0  # degrees counterclockwise that turn the stored picture upright: 0, 90, 180, 270
    field_order: str = "progressive"  # progressive, tff, bff or unknown
    interlaced: bool = False  # pictures are woven fields (the field order, or the pictures, say so)

    @property
    def display_aspect(self) -> Fraction:
        """Width over height of the stored picture as shown (before turning it upright)."""
        return Fraction(self.width * self.sample_aspect, self.height) if self.height else Fraction(1)

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as shown: stretched to the display aspect (to an even width, as players
        do), then turned upright; at most ``MAX_SHOWN`` on its longer side (a file of a few KB can
        state 8000×3000 pixels ten times as wide as tall)."""
        width, height = self.width, self.height
        if self.sample_aspect != 1:
            width = max(2, math.floor(width * self.sample_aspect / 2 + Fraction(1, 2)) * 2)
        longest = max(width, height, 1)
        if longest > MAX_SHOWN:
            width, height = max(1, width * MAX_SHOWN // longest), max(1, height * MAX_SHOWN // longest)
        return (height, width) if self.rotation % 180 else (width, height)

    def as_json(self) -> dict[str, object]:
        aspect = self.display_aspect
        return {
            "sample_aspect_ratio": f"{self.sample_aspect.numerator}:{self.sample_aspect.denominator}",
            "display_aspect_ratio": f"{aspect.numerator}:{aspect.denominator}",
            "rotation": self.rotation,
            "display_width": self.display_size[0],
            "display_height": self.display_size[1],
            "field_order": self.field_order,
        }


def shape_of(stream: Any, first: VideoFrame | None) -> Shape:
    """The shape of ``stream``'s pictures, from its parameters and its first decoded picture (None:
    none decodes; then upright as stored)."""
    context = stream.codec_context
    sample = _ratio(context.sample_aspect_ratio) or _ratio(stream.sample_aspect_ratio) or Fraction(1)
    order = _FIELD_ORDERS.get(int(context.field_order or 0), "unknown")
    # A degenerate (hostile) matrix gives NaN or -2^31: shown as stored. -90.0000001 is -90.
    angle = float(first.rotation or 0) if first is not None else 0.0
    rotation = round(angle / 90) % 4 * 90 if math.isfinite(angle) and abs(angle) <= 360 else 0
    return Shape(
        width=context.width,
        height=context.height,
        sample_aspect=sample,
        rotation=rotation,
        field_order=order,
        interlaced=order in ("tff", "bff") or bool(first is not None and first.interlaced_frame),
    )


def _ratio(value: object) -> Fraction | None:
    """A usable sample aspect (FFmpeg gives 0 for unknown; a hostile file anything)."""
    if not isinstance(value, Fraction | int):
        return None
    ratio = Fraction(value)
    return ratio if Fraction(1, 10) <= ratio <= 10 else None


def upright_rgb(
    picture: VideoFrame, shape: Shape, stream: Any, size: tuple[int, int] | None = None
) -> np.ndarray:
    """``picture`` as an RGB array (H, W, 3) as shown: deinterlaced, at ``size`` (width, height as
    shown; default ``shape.display_size``), turned upright."""
    import numpy as np

    if shape.interlaced:
        picture = _deinterlaced(picture, shape, stream)
    width, height = size or shape.display_size
    if shape.rotation % 180:
        width, height = height, width  # scaled while still on its side
    if (width, height) == (picture.width, picture.height):
        rgb = picture.to_ndarray(format="rgb24")
    else:
        rgb = picture.reformat(width=width, height=height, format="rgb24").to_ndarray()
    if shape.rotation:
        rgb = np.rot90(rgb, k=shape.rotation // 90)  # counterclockwise, as the matrix says
    return np.ascontiguousarray(rgb)  # scaled and turned frames are views with strides


def _deinterlaced(picture: VideoFrame, shape: Shape, stream: Any) -> VideoFrame:
    """One picture from two fields: ``yadif`` keeps the field shown first and fills the other's lines
    from it. Only pictures flagged interlaced, as libVLC's automatic mode does: a progressive film
    labelled with a field order (PsF) stays whole. A graph per picture: a paused picture has no
    neighbours decoded, and a graph left waiting for the next picture would hold this one back."""
    import av

    parity = {"tff": "tff", "bff": "bff"}.get(shape.field_order, "auto")
    graph = av.filter.Graph()
    source = graph.add_buffer(template=stream)
    yadif = graph.add("yadif", f"mode=send_frame:parity={parity}:deint=interlaced")
    sink = graph.add("buffersink")
    source.link_to(yadif)
    yadif.link_to(sink)
    graph.configure()
    graph.push(picture)
    graph.push(None)
    try:
        result: VideoFrame = graph.pull()  # type: ignore[assignment]  # a video graph gives video frames
    except (av.error.BlockingIOError, av.error.EOFError):
        return picture  # nothing came out: show the frame as stored rather than none
    return result
