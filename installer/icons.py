"""Render the app icon (resources/icons/satchel.svg) into what each platform wants.

    python installer/icons.py OUT_DIR

writes ``satchel-<N>.png`` (16…1024 px, for the hicolor theme and the .desktop entry),
``satchel.ico`` (Windows; PNG-compressed entries) and ``satchel.icns`` (macOS; PNG
entries), plus the SVG itself. Uses QtSvg offscreen, so it runs on a headless build machine.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS PNG-capable entry types by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09",
              1024: b"ic10"}
SVG = Path(__file__).resolve().parent.parent / "resources" / "icons" / "satchel.svg"


def render(svg: Path, out_dir: Path) -> dict[int, bytes]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"icons: {svg} is not a valid SVG")
    pngs: dict[int, bytes] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        png = out_dir / f"satchel-{size}.png"
        if not image.save(str(png)):
            raise SystemExit(f"icons: could not write {png}")
        pngs[size] = png.read_bytes()
    del app
    return pngs


def write_ico(pngs: dict[int, bytes], path: Path) -> None:
    entries = [(s, pngs[s]) for s in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    directory = b""
    for size, data in entries:
        dim = 0 if size >= 256 else size  # 0 means 256
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    path.write_bytes(header + directory + b"".join(d for _, d in entries))


def write_icns(pngs: dict[int, bytes], path: Path) -> None:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for size, kind in ICNS_TYPES.items()
    )
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = render(SVG, out_dir)
    write_ico(pngs, out_dir / "satchel.ico")
    write_icns(pngs, out_dir / "satchel.icns")
    shutil.copyfile(SVG, out_dir / "satchel.svg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
