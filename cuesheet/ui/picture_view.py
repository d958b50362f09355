"""The picture: libVLC's native surface while playing, the exact decoded frame otherwise.

Qt cannot paint over a native video surface, so the two are pages of a stack, never layered.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QStackedWidget, QWidget


class FrameView(QWidget):
    """Paints the last decoded frame, letterboxed: every pixel of it (opaque, so that a repaint
    of the picture, after each step or a layout change, does not paint the window behind it), from
    the frame scaled once per picture and size (smooth scaling was a millisecond of each paint)."""

    def __init__(self) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.image: QImage | None = None
        self._scaled: QImage | None = None
        self.frame: int | None = None
        self.placeholder = "No film"
        self.notice = ""  # one line under the picture: how to read this film (variable rate)
        self.setMinimumSize(320, 180)

    def show_picture(self, frame: int, image: QImage) -> None:
        self.frame, self.image, self._scaled = frame, image, None
        self.update()

    def show_notice(self, text: str, more: str = "") -> None:
        """``text`` under the picture, ``more`` its tooltip; "" for none."""
        self.notice = text
        self.setToolTip(more or text)
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
            target = self.target_rect()
            ratio = self.devicePixelRatioF()  # scaled to the screen's pixels: sharp on a HiDPI screen
            size = target.size() * ratio
            if self._scaled is None or self._scaled.size() != size:
                smooth = Qt.TransformationMode.SmoothTransformation
                self._scaled = self.image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, smooth)
                self._scaled.setDevicePixelRatio(ratio)
            painter.drawImage(target.topLeft(), self._scaled)
        if self.notice:
            self._paint_notice(painter)
        painter.end()

    def _paint_notice(self, painter: QPainter) -> None:
        """The notice on a dark strip along the bottom, elided to the width."""
        metrics = painter.fontMetrics()
        strip = QRect(0, self.height() - metrics.height() - 6, self.width(), metrics.height() + 6)
        painter.fillRect(strip, QColor(0, 0, 0, 170))
        painter.setPen(QColor("#e8e8e8"))
        text = metrics.elidedText(self.notice, Qt.TextElideMode.ElideRight, max(0, strip.width() - 12))
        painter.drawText(strip.adjusted(6, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter, text)


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
