"""Take a screenshot of the app as a user would see it: python tests/tools/screenshot.py OUT.png [PROJECT]

Run under a display (xvfb-run -a …). Opens the real window, waits for it to settle, grabs the screen.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cuesheet.ui.app import build_window


def main() -> int:
    out = Path(sys.argv[1])
    project = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    app = QApplication(sys.argv[:1])
    window = build_window(project)
    window.show()

    def grab() -> None:
        screen = window.screen()
        image = screen.grabWindow(0) if app.platformName() == "xcb" else window.grab()
        image.save(str(out))
        window.close()

    QTimer.singleShot(1500, grab)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
