"""Test media made with ffmpeg, whose pictures say which frame they are.

The top of every frame holds ``bits`` vertical stripes, white for a 1 bit, black for a 0, that
spell the frame number (bit 0 on the left). They survive lossy compression and scaling, so a
snapshot or a screen grab of the player tells exactly which frame is shown. A burnt-in
"frame N  00:00:02.480" text helps a human looking at a screenshot.

By default the only key frame is the first, so every seek decodes forward from frame 0:
landing between key frames is what is tested.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QImage

STRIPE_ROWS = 0.4  # the stripes fill the top 40 % of the picture


@dataclass(frozen=True)
class FramedVideo:
    path: Path
    fps: int
    frames: int
    width: int
    height: int
    bits: int

    @property
    def frame_ms(self) -> float:
        return 1000 / self.fps

    @property
    def duration_ms(self) -> int:
        return round(self.frames * 1000 / self.fps)

    def frame_at(self, ms: int) -> int:
        """The frame shown at ``ms`` (the frame whose display interval contains it)."""
        return min(self.frames - 1, int(ms * self.fps // 1000))


def ffmpeg() -> str | None:
    return shutil.which("ffmpeg")


def _has_filter(exe: str, name: str) -> bool:
    out = subprocess.run(
        [exe, "-hide_banner", "-filters"], capture_output=True, text=True, check=False
    ).stdout
    return any(line.split()[1:2] == [name] for line in out.splitlines() if line.strip())


def make_video(
    path: Path,
    *,
    seconds: int = 6,
    fps: int = 25,
    width: int = 320,
    height: int = 240,
    bits: int = 8,
    audio: bool = True,
    key_frame_every: int | None = None,
) -> FramedVideo:
    """VP8 (+ Vorbis) WebM; frame numbers as stripes (see module doc).

    One key frame for the whole clip unless ``key_frame_every`` (frames) says otherwise.
    """
    gop = key_frame_every or seconds * fps + 1
    exe = ffmpeg()
    assert exe is not None
    stripe = width // bits
    rows = int(height * STRIPE_ROWS)
    lum = f"if(lt(Y\\,{rows})\\,255*mod(floor(N/pow(2\\,floor(X/{stripe})))\\,2)\\,lum(X\\,Y))"
    chain = f"geq=lum='{lum}':cb='cb(X,Y)':cr='cr(X,Y)'"
    if _has_filter(exe, "drawtext"):
        size = max(12, height // 10)
        chain += (
            f",drawtext=text='frame %{{frame_num}}  %{{pts\\:hms}}':fontsize={size}"
            f":x=8:y={rows + size}:fontcolor=yellow"
        )
    cmd = [exe, "-hide_banner", "-loglevel", "error", "-y"]
    cmd += ["-f", "lavfi", "-i", f"color=c=0x305080:s={width}x{height}:r={fps}:d={seconds}"]
    if audio:
        cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}:sample_rate=48000"]
    cmd += ["-vf", chain, "-c:v", "libvpx", "-b:v", "600k", "-g", str(gop), "-keyint_min", str(gop)]
    cmd += ["-auto-alt-ref", "0"]
    if audio:
        cmd += ["-c:a", "libvorbis", "-shortest"]
    cmd += [str(path)]
    subprocess.run(cmd, check=True)
    return FramedVideo(path, fps, seconds * fps, width, height, bits)


def make_audio(path: Path, *, seconds: int = 4) -> Path:
    """A sine tone (Ogg Vorbis, or WAV for a ``.wav`` path)."""
    exe = ffmpeg()
    assert exe is not None
    cmd = [exe, "-hide_banner", "-loglevel", "error", "-y"]
    cmd += ["-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}:sample_rate=44100"]
    if path.suffix != ".wav":
        cmd += ["-c:a", "libvorbis"]
    subprocess.run([*cmd, str(path)], check=True)
    return path


def frame_number(
    image: QImage, bits: int, *, x: int = 0, y: int = 0, w: int = 0, h: int = 0
) -> int:
    """The frame number spelled by the stripes of the picture at (x, y, w, h) in ``image``."""
    w = w or image.width()
    h = h or image.height()
    row = y + int(h * STRIPE_ROWS / 2)
    value = 0
    for bit in range(bits):
        col = x + int((bit + 0.5) * w / bits)
        if image.pixelColor(col, row).lightness() > 128:
            value |= 1 << bit
    return value


def fitted_rect(area_w: int, area_h: int, video_w: int, video_h: int) -> tuple[int, int, int, int]:
    """Where a ``video_w`` x ``video_h`` picture sits, letterboxed, in an area."""
    scale = min(area_w / video_w, area_h / video_h)
    w, h = round(video_w * scale), round(video_h * scale)
    return (area_w - w) // 2, (area_h - h) // 2, w, h
