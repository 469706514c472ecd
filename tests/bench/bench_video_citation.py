"""How long from "show this citation" to the cited frame on screen, against bare libVLC.

Run with::

    uv run pytest tests/bench/bench_video_citation.py -s --override-ini addopts=""

The video (640 x 360, 25 fps, a key frame every 10 s) spells each frame's number in stripes,
so "on screen" means: the frame read back from the X server is the cited one. For the viewer,
the clock starts when ``show_citation`` is called and stops when that frame is on screen (and,
separately, when ``citation_shown`` is emitted). The baseline is a bare libVLC player in a
plain native window, paused, given ``set_time`` directly: libVLC's own "done" (its end-of-
buffering event; a paused player sends no time-changed event) and, with the same screen
check, when the frame actually appears (or not: a bare paused seek sometimes never shows it).
"""

from __future__ import annotations

import random
import statistics
import threading
import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from support.media_files import FramedVideo, ffmpeg, fitted_rect, frame_number, make_video

from assessor_app.ui.viewers.media_controller import PlayerState
from assessor_app.ui.viewers.video_view import MediaViewer
from assessor_app.ui.viewers.vlc_runtime import VlcRuntime, load_vlc_runtime

CITATIONS = 20
SCREEN_LIMIT_S = 2.0
POLL_S = 0.005  # grabbing the screen much faster than this slows the X server for libVLC

pytestmark = [pytest.mark.bench, pytest.mark.gui]


def read_frame(widget: QWidget, video: FramedVideo) -> int:
    corner = widget.mapToGlobal(QPoint(0, 0))
    grab = QGuiApplication.primaryScreen().grabWindow(
        0, corner.x(), corner.y(), widget.width(), widget.height()
    )
    image = grab.toImage()
    x, y, w, h = fitted_rect(image.width(), image.height(), video.width, video.height)
    return frame_number(image, video.bits, x=x, y=y, w=w, h=h)


def wait_for_frame(
    app: QApplication, widget: QWidget, video: FramedVideo, frame: int, started: float
) -> float | None:
    """Seconds from ``started`` until ``frame`` is on screen, or None."""
    while time.monotonic() - started < SCREEN_LIMIT_S:
        app.processEvents()
        if read_frame(widget, video) == frame:
            return time.monotonic() - started
        time.sleep(POLL_S)
    return None


def summary(name: str, seconds: list[float | None]) -> float | None:
    found = [s * 1000 for s in seconds if s is not None]
    missed = len(seconds) - len(found)
    if not found:
        print(f"  {name:<44} no sample ({missed} missed)")
        return None
    found.sort()
    median = statistics.median(found)
    p90 = found[min(len(found) - 1, int(len(found) * 0.9))]
    print(
        f"  {name:<44} median {median:6.1f} ms   p90 {p90:6.1f} ms   "
        f"max {found[-1]:6.1f} ms   missed {missed}/{len(seconds)}"
    )
    return median


@pytest.fixture(scope="module")
def bench_video(tmp_path_factory: pytest.TempPathFactory) -> FramedVideo:
    if ffmpeg() is None:
        pytest.skip("ffmpeg is needed to make the benchmark video")
    path = tmp_path_factory.mktemp("bench") / "bench.webm"
    return make_video(path, seconds=20, fps=25, width=640, height=360, bits=9, key_frame_every=250)


@pytest.fixture(scope="module")
def runtime(qapp: QApplication) -> VlcRuntime:
    loaded = load_vlc_runtime()
    if not isinstance(loaded, VlcRuntime):
        pytest.skip(loaded.message)
    return loaded


def citation_times(video: FramedVideo) -> list[int]:
    rng = random.Random(20240601)
    return [rng.randrange(0, video.duration_ms - 600) for _ in range(CITATIONS)]


def test_citation_to_frame_on_screen(
    qtbot: QtBot, qapp: QApplication, runtime: VlcRuntime, bench_video: FramedVideo
) -> None:
    video = bench_video
    targets = citation_times(video)

    # --- the viewer ----------------------------------------------------------------------
    viewer = MediaViewer(None, runtime)
    qtbot.addWidget(viewer)
    viewer.resize(720, 520)
    viewer.move(0, 0)
    viewer.show()
    qtbot.waitExposed(viewer)
    assert viewer.controller is not None
    with qtbot.waitSignal(viewer.controller.landed, timeout=5000):
        viewer.open(video.path, "Benchmark", video.duration_ms)
    assert viewer.controller.state is PlayerState.PAUSED
    surface = viewer.frame.surface
    assert surface is not None

    on_screen: list[float | None] = []
    signalled: list[float | None] = []
    wrong_at_signal = 0
    for cited in targets:
        shown: list[float] = []
        viewer.citation_shown.connect(lambda _ms, s=shown: s.append(time.monotonic()))
        started = time.monotonic()
        assert viewer.show_citation(cited)
        on_screen.append(wait_for_frame(qapp, surface, video, video.frame_at(cited), started))
        qtbot.waitUntil(lambda s=shown: bool(s), timeout=5000)
        signalled.append(shown[0] - started)
        if read_frame(surface, video) != video.frame_at(cited):
            wrong_at_signal += 1
        viewer.citation_shown.disconnect()
        qtbot.wait(100)
    viewer.close()

    # --- bare libVLC ---------------------------------------------------------------------
    window = QWidget()
    qtbot.addWidget(window)
    window.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
    window.resize(surface.width(), surface.height())
    window.move(0, 0)
    window.show()
    qtbot.waitExposed(window)
    player = runtime.new_player()
    player.set_xwindow(int(window.winId()))
    media = runtime.new_media(str(video.path))
    media.add_option(":avcodec-hw=none")  # as the viewer does
    player.set_media(media)
    media.release()
    buffered = threading.Event()
    manager = player.event_manager()
    manager.event_attach(
        runtime.vlc.EventType.MediaPlayerBuffering,
        lambda e: buffered.set() if e.u.new_cache >= 100.0 else None,
    )
    player.audio_set_mute(True)
    player.play()
    qtbot.wait(800)
    player.set_pause(1)
    qtbot.wait(500)

    done: list[float | None] = []
    bare_on_screen: list[float | None] = []
    for cited in targets:
        frame = video.frame_at(cited)
        buffered.clear()
        started = time.monotonic()
        player.set_time(int(frame * video.frame_ms))
        done.append((time.monotonic() - started) if buffered.wait(SCREEN_LIMIT_S) else None)
        bare_on_screen.append(wait_for_frame(qapp, window, video, frame, started))
        qtbot.wait(100)
    manager.event_detach(runtime.vlc.EventType.MediaPlayerBuffering)
    player.stop()
    runtime.release_player(player)

    print(f"\n{CITATIONS} citations, 640x360 VP8, key frame every 10 s, paused:")
    viewer_median = summary("viewer: show_citation -> frame on screen", on_screen)
    summary("viewer: show_citation -> citation_shown", signalled)
    print(f"  viewer: wrong frame on screen at citation_shown: {wrong_at_signal}/{CITATIONS}")
    summary("bare libVLC: set_time -> end of buffering", done)
    bare_median = summary("bare libVLC: set_time -> frame on screen", bare_on_screen)
    if viewer_median is not None and bare_median:
        print(f"  ratio viewer / bare libVLC (frame on screen): {viewer_median / bare_median:.2f}")
    assert wrong_at_signal == 0
    assert all(s is not None for s in on_screen)
