"""Draws the program's icon (app.png, app.ico). Run once when the design changes:
    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make_icon.py
Needs a CJK font on the machine that draws it; the outputs are committed."""

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    margin = size * 0.04
    path.addRoundedRect(QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.18, size * 0.18)
    p.fillPath(path, QColor("#1f5fa8"))
    p.setPen(QPen(QColor("#ffffff")))
    font = QFont(["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei"])
    font.setPixelSize(int(size * 0.62))
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(0, -size * 0.03, size, size), Qt.AlignmentFlag.AlignCenter, "助")
    p.fillRect(QRectF(size * 0.22, size * 0.80, size * 0.56, size * 0.05), QColor("#f2b630"))
    p.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication(sys.argv)
    draw(256).save(str(HERE / "app.png"))
    draw(256).save(str(HERE / "app.ico"))
    print("wrote", HERE / "app.png", HERE / "app.ico")
