"""Renders the SVG icon for each platform's packaging.

  python render_icons.py ICON.svg --hicolor DIR ID   Linux: DIR/SIZExSIZE/apps/ID.png
  python render_icons.py ICON.svg --iconset DIR      macOS: DIR/icon_16x16.png … (then iconutil -c icns)
  python render_icons.py ICON.svg --ico FILE         Windows: one .ico with 16 to 256 px (Pillow)

Run with QT_QPA_PLATFORM=offscreen on a machine without a display.
"""

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def save(image: QImage, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target)):
        raise SystemExit(f"{target}: cannot be written")


def main() -> int:
    svg, mode, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    if mode == "--hicolor":
        for size in HICOLOR_SIZES:
            save(render(renderer, size), out / f"{size}x{size}" / "apps" / f"{sys.argv[4]}.png")
    elif mode == "--iconset":
        for size in (16, 32, 128, 256, 512):
            save(render(renderer, size), out / f"icon_{size}x{size}.png")
            save(render(renderer, size * 2), out / f"icon_{size}x{size}@2x.png")
    elif mode == "--ico":
        from PIL import Image  # comes with reportlab

        largest = out.with_suffix(".png")
        save(render(renderer, 256), largest)
        Image.open(largest).save(out, sizes=[(s, s) for s in ICO_SIZES])
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
