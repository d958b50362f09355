"""The timeline's lane (cue bands and waveform) composed as one opaque image with numpy.

Blending translucent rectangles with QPainter costs ~0.1 ms each in Qt's software raster engine;
5,000 cues and a waveform then take hundreds of milliseconds. Composing the pixels here and drawing
one opaque image keeps a full repaint within a few milliseconds at any zoom.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

# Colours as B, G, R, A (the byte order of QImage.Format_RGB32 on little-endian machines).
BACKGROUND = (0x22, 0x1F, 0x1E, 0xFF)
WAVE = (0x70, 0x63, 0x5C, 0xFF)
OPEN = (0x5C, 0x54, 0x50, 0xFF)


def bgra(hex_colour: str) -> tuple[int, int, int, int]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return (b, g, r, 0xFF)


def column_origins(width: int, spans: np.ndarray) -> np.ndarray:
    """For each pixel column, the index of the origin drawn there (-1: none). ``spans`` rows are
    (x0, x1, origin index) in pixels; later spans win, as later-drawn rectangles would."""
    columns = np.full(width, -1, np.int16)
    if not len(spans):
        return columns
    # Far cues map to huge (or, past float range, infinite) pixels: bound them before any int cast.
    data = np.nan_to_num(np.asarray(spans, dtype=np.float64).reshape(-1, 3), posinf=1e18, neginf=-1e18)
    first = np.clip(np.floor(data[:, 0]), 0, width).astype(np.int64)
    last = np.clip(np.maximum(np.ceil(data[:, 1]), first + 1), 0, width).astype(np.int64)
    origins = data[:, 2].astype(np.int16)
    if len(spans) <= 4 * width:  # few: paint them in order (exact "last wins")
        for a, b, origin in zip(first, last, origins, strict=True):
            columns[a:b] = origin
        return columns
    for origin in np.unique(origins):  # very many (zoomed out): coverage per origin, in origin order
        chosen = origins == origin
        edges = np.zeros(width + 1, np.int32)
        np.add.at(edges, first[chosen], 1)
        np.add.at(edges, last[chosen], -1)
        columns[np.cumsum(edges[:width]) > 0] = origin
    return columns


def lane_image(
    width: int,
    height: int,
    band: tuple[int, int],
    columns: np.ndarray,
    palette: list[tuple[int, int, int, int]],
    buckets: np.ndarray | None,
    open_span: tuple[float, float] | None,
) -> QImage:
    """The lane: background, the open cue, cue bands (rows ``band``), the waveform on top.
    ``buckets`` are (min, max) per column in -1…1 (``Peaks.span``)."""
    pixels = np.empty((height, width, 4), np.uint8)
    pixels[:] = BACKGROUND
    top, bottom = max(0, band[0]), min(height, band[1])
    if open_span is not None:
        a, b = (int(np.clip(np.nan_to_num(v, posinf=width, neginf=0), 0, width)) for v in open_span)
        pixels[top:bottom, a : max(a + 1, b)] = OPEN
    covered = columns >= 0
    if covered.any():
        colours = np.asarray(palette, np.uint8)[np.where(covered, columns, 0)]
        band_pixels = pixels[top:bottom]
        band_pixels[:, covered] = colours[covered][None, :, :]
    if buckets is not None and len(buckets) == width:
        middle, half = height / 2, height / 2 - 4
        upper = np.round(middle - buckets[:, 1] * half).astype(np.int32)
        lower = np.round(middle - buckets[:, 0] * half).astype(np.int32)
        rows = np.arange(height, dtype=np.int32)[:, None]
        wave = (rows >= upper[None, :]) & (rows <= lower[None, :]) & (buckets[:, 1] > buckets[:, 0])[None, :]
        on_cue = wave & covered[None, :] & (rows >= top) & (rows < bottom)
        pixels[wave & ~on_cue] = WAVE
        if on_cue.any():  # over a cue, the waveform is the cue's colour, darker
            darker = (np.asarray(palette, np.float32) * 0.55).astype(np.uint8)
            darker[:, 3] = 0xFF
            pixels[on_cue] = darker[np.broadcast_to(columns, on_cue.shape)[on_cue]]
    image = QImage(pixels.data, width, height, width * 4, QImage.Format.Format_RGB32)
    return image.copy()  # the numpy buffer is about to go away
