"""The picture: libVLC's native surface while playing, the exact decoded frame otherwise.

Qt cannot paint over a native video surface, so the two are pages of a stack, never layered.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QStackedWidget, QWidget


class FrameView(QWidget):
    """Paints the last decoded frame, letterboxed."""

    def __init__(self) -> None:
        super().__init__()
        self.image: QImage | None = None
        self.frame: int | None = None
        self.placeholder = "No film"
        self.setMinimumSize(320, 180)

    def show_picture(self, frame: int, image: QImage) -> None:
        self.frame, self.image = frame, image
        self.update()

    def target_rect(self) -> QRect:
        if self.image is None or self.image.isNull():
            return self.rect()
        scaled = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect(
            (self.width() - scaled.width()) // 2,
            (self.height() - scaled.height()) // 2,
            scaled.width(),
            scaled.height(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("black"))
        if self.image is None:
            painter.setPen(QColor("#888"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
        else:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.target_rect(), self.image)
        painter.end()


class PictureView(QStackedWidget):
    def __init__(self) -> None:
        super().__init__()
        self.frames = FrameView()
        self.video = QWidget()
        self.video.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.video.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        self.video.setStyleSheet("background: black")
        self.addWidget(self.frames)
        self.addWidget(self.video)

    def video_handle(self) -> int:
        return int(self.video.winId())

    def show_video(self) -> None:
        self.setCurrentWidget(self.video)

    def show_frames(self) -> None:
        self.setCurrentWidget(self.frames)
