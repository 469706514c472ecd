"""The media viewer against real libVLC, reading back the frame that is actually on screen.

The test video spells each frame's number in stripes across the top of the picture
(``tests/support/media_files.py``) and has a single key frame, so every seek lands between key
frames. Tests marked ``gui`` need the suite's Xvfb (libVLC draws into a real X window, and the
frame is read back from the screen and from libVLC's own snapshot); the others run wherever
libVLC loads. The only fake is for "libVLC is missing".
"""

from __future__ import annotations

import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from support.media_files import (
    FramedVideo,
    ffmpeg,
    fitted_rect,
    frame_number,
    make_audio,
    make_video,
)

from assessor_app.ui.viewers import vlc_runtime
from assessor_app.ui.viewers.media_controller import PlayerState
from assessor_app.ui.viewers.media_time import FrameGrid, PlaybackClock
from assessor_app.ui.viewers.video_view import MediaViewer
from assessor_app.ui.viewers.vlc_runtime import (
    VlcRuntime,
    VlcUnavailable,
    libvlc_version,
    load_vlc_runtime,
)

LAND_TIMEOUT_MS = 5000


# --- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if ffmpeg() is None:
        pytest.skip("ffmpeg is needed to make the test media (apt-get install ffmpeg)")
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def video(media_dir: Path) -> FramedVideo:
    return make_video(media_dir / "framed.webm", seconds=6, fps=25)


@pytest.fixture(scope="session")
def tone(media_dir: Path) -> Path:
    return make_audio(media_dir / "tone.ogg", seconds=4)


@pytest.fixture(scope="session")
def runtime(qapp: QApplication) -> Iterator[VlcRuntime]:
    loaded = load_vlc_runtime()
    if isinstance(loaded, VlcUnavailable):
        pytest.skip(loaded.message)
    yield loaded
    loaded.release()


@pytest.fixture
def viewer(qtbot: QtBot, runtime: VlcRuntime) -> MediaViewer:
    widget = MediaViewer(None, runtime)
    qtbot.addWidget(widget)  # closed (and its player released) after the test
    widget.resize(480, 420)
    widget.move(0, 0)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def focus(qtbot: QtBot, viewer: MediaViewer) -> None:
    """Keyboard shortcuts work in the active window (no window manager under Xvfb)."""
    viewer.activateWindow()
    viewer.setFocus()
    qtbot.waitUntil(viewer.isActiveWindow, timeout=2000)


def open_and_wait(qtbot: QtBot, viewer: MediaViewer, path: Path, duration: int | None) -> None:
    assert viewer.controller is not None
    with qtbot.waitSignal(viewer.controller.landed, timeout=LAND_TIMEOUT_MS):
        viewer.open(path, "Test recording", duration)
    assert viewer.controller.state is PlayerState.PAUSED


def cite(qtbot: QtBot, viewer: MediaViewer, start: int, end: int | None = None) -> None:
    with qtbot.waitSignal(viewer.citation_shown, timeout=LAND_TIMEOUT_MS) as blocker:
        assert viewer.show_citation(start, end)
    assert blocker.args == [start]


def on_screen(viewer: MediaViewer, video: FramedVideo) -> int:
    """The frame number read from the screen where libVLC draws (X11 root window)."""
    surface = viewer.frame.surface
    assert surface is not None
    corner = surface.mapToGlobal(QPoint(0, 0))
    screen = QGuiApplication.primaryScreen()
    grab = screen.grabWindow(0, corner.x(), corner.y(), surface.width(), surface.height())
    image = grab.toImage()
    x, y, w, h = fitted_rect(image.width(), image.height(), video.width, video.height)
    return frame_number(image, video.bits, x=x, y=y, w=w, h=h)


def in_snapshot(viewer: MediaViewer, video: FramedVideo, tmp_path: Path) -> int:
    """The frame number in libVLC's own snapshot of the picture it shows."""
    path = tmp_path / f"snap-{time.monotonic_ns()}.png"
    assert viewer.player is not None
    assert viewer.player.video_take_snapshot(0, str(path), 0, 0) == 0
    image = QImage(str(path))
    assert not image.isNull(), "libVLC wrote no snapshot"
    return frame_number(image, video.bits)


# --- frame arithmetic (no libVLC) ---------------------------------------------------------------
@pytest.mark.parametrize("fps", [25.0, 30.0, 29.97, 23.976, 60.0, 12.5])
def test_frame_starts_and_indices_agree(fps: float) -> None:
    grid = FrameGrid(fps, 600_000)
    for index in range(0, 2000, 7):
        start = grid.start_of(index)
        assert grid.index_at(start) == index
        assert grid.index_at(start - 1) == index - 1 if index else True
        assert grid.index_at(grid.start_of(index + 1) - 1) == index


def test_last_frame_ignores_an_audio_tail() -> None:
    assert FrameGrid(25.0, 6003).last_index == 149  # a 6.000 s video with 3 ms more audio
    assert FrameGrid(25.0, 6000).last_index == 149
    assert FrameGrid(25.0, 6003).snap(6003) == 5960
    assert FrameGrid(None, 4000).snap(1234) == 1234  # audio: milliseconds


def test_playback_clock_extrapolates_between_reports() -> None:
    clock = PlaybackClock()
    clock.start(1000, at=10.0, rate=2.0)
    assert clock.now(10.1) == 1200
    clock.observe(1190, at=10.1)  # a report a little behind: no step backwards
    assert clock.now(10.1) == 1200
    assert clock.now(10.2) == 1390
    clock.jump(300, at=10.3)  # a seek
    assert clock.now(10.3) == 300


# --- libVLC missing -------------------------------------------------------------------------
def test_missing_libvlc_shows_what_to_install(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        vlc_runtime, "_import_vlc", lambda: VlcUnavailable("libVLC was not found (simulated)")
    )
    assert libvlc_version() is None
    missing = load_vlc_runtime("xcb")
    assert isinstance(missing, VlcUnavailable)

    viewer = MediaViewer(None, missing)
    qtbot.addWidget(viewer)
    message = viewer.frame.message_text() or ""
    assert "libVLC was not found (simulated)" in message
    if sys.platform.startswith("linux"):
        assert "sudo apt install libvlc5 vlc-plugin-base vlc-plugin-video-output" in message
    viewer.open(tmp_path / "missing.webm", "A recording", 5000)  # nothing to play, no error
    assert viewer.show_citation(1000) is False
    assert viewer.player is None
    assert not viewer.slider.isEnabled()
    assert viewer.close()


def test_libvlc_without_plugins_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.SimpleNamespace(  # libvlc5 without vlc-plugin-base: Instance() is None
        libvlc_get_version=lambda: b"3.0.24 Vetinari",
        Instance=lambda args: None,
    )
    monkeypatch.setattr(vlc_runtime, "_import_vlc", lambda: fake)
    result = load_vlc_runtime("xcb")
    assert isinstance(result, VlcUnavailable)
    assert "plugins are missing" in result.message


def test_wrong_libvlc_major_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.SimpleNamespace(libvlc_get_version=lambda: b"4.0.0-dev Otto Chriek")
    monkeypatch.setattr(vlc_runtime, "_import_vlc", lambda: fake)
    result = load_vlc_runtime("xcb")
    assert isinstance(result, VlcUnavailable)
    assert "needs libVLC 3" in result.message


def test_install_hints_per_platform() -> None:
    assert "vlc-plugin-video-output" in vlc_runtime.install_hint("linux")
    assert "videolan.org" in vlc_runtime.install_hint("darwin")
    assert "same architecture" in vlc_runtime.install_hint("win32")


# --- real libVLC, no window needed ---------------------------------------------------------
def test_real_libvlc_version_is_3() -> None:
    version = libvlc_version()
    if version is None:
        pytest.skip("libVLC is not installed here")
    assert version.startswith("3.")


def test_citation_past_the_end_warns_and_plays_nothing(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo
) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    cite(qtbot, viewer, 2000)
    with qtbot.assertNotEmitted(viewer.citation_shown, wait=300):
        assert viewer.show_citation(310_000) is False
    warning = viewer.warning_text() or ""
    assert "Cited 05:10 but the video ends at 00:06.003" in warning
    assert viewer.warning.isVisible()
    assert viewer.slider.band is None
    assert not viewer.transport.range_button.isEnabled()
    assert viewer.controller is not None
    assert viewer.controller.state is PlayerState.PAUSED  # did not start playing from 0
    assert viewer.position_ms() == 2000

    cite(qtbot, viewer, 1000)  # a good citation clears the warning
    assert viewer.warning_text() is None


def test_range_ending_past_the_end_is_shown_up_to_the_end(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo
) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    cite(qtbot, viewer, 5000, 9000)
    assert "ends at 00:06.003" in (viewer.warning_text() or "")
    assert viewer.slider.band == (5000, 6003)
    assert viewer.transport.range_button.isEnabled()


def test_manifest_duration_is_checked_before_the_file_is_loaded(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo
) -> None:
    viewer.open(video.path, "Test recording", 190_000)  # the manifest says 03:10
    assert viewer.show_citation(310_000) is False
    assert "Cited 05:10 but the video ends at 03:10" in (viewer.warning_text() or "")


def test_without_a_window_system_time_and_citations_still_work(
    qtbot: QtBot, qapp: QApplication, video: FramedVideo
) -> None:
    headless = load_vlc_runtime("offscreen")  # decodes with libVLC's dummy video output
    assert isinstance(headless, VlcRuntime)
    try:
        viewer = MediaViewer(None, headless)
        qtbot.addWidget(viewer)
        open_and_wait(qtbot, viewer, video.path, video.duration_ms)
        assert viewer.frame.surface is None
        assert "Video preview needs a display" in (viewer.frame.message_text() or "")
        cite(qtbot, viewer, 2500)
        assert viewer.transport.time_label.text() == "00:02.480 / 00:06.003"
        viewer.close()
    finally:
        headless.release()


def test_audio_plays_with_time_display(qtbot: QtBot, viewer: MediaViewer, tone: Path) -> None:
    open_and_wait(qtbot, viewer, tone, 4000)
    assert viewer.controller is not None
    assert not viewer.controller.has_video
    assert "Audio recording" in (viewer.frame.message_text() or "")
    assert not viewer.transport.back_button.isEnabled()  # no frames to step through
    viewer.play()
    qtbot.waitUntil(lambda: (viewer.position_ms() or 0) > 600, timeout=LAND_TIMEOUT_MS)
    assert viewer.transport.time_label.text().endswith(" / 00:04.000")
    assert not viewer.transport.time_label.text().startswith("00:00.000")
    with qtbot.waitSignal(viewer.controller.landed, timeout=LAND_TIMEOUT_MS):
        viewer.pause()
    assert viewer.controller.state is PlayerState.PAUSED
    cite(qtbot, viewer, 1500)
    assert viewer.transport.time_label.text() == "00:01.500 / 00:04.000"


def test_close_releases_the_player_quickly(
    qtbot: QtBot, runtime: VlcRuntime, video: FramedVideo
) -> None:
    viewer = MediaViewer(None, runtime)
    qtbot.addWidget(viewer)
    viewer.show()
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    viewer.play()
    qtbot.wait(300)
    viewer.show_citation(5990)  # close in the middle of a landing near the end
    started = time.monotonic()
    assert viewer.close()
    assert time.monotonic() - started < 2.0
    assert viewer.player is None
    assert viewer.show_citation(1000) is False  # a closed viewer refuses politely


# --- real libVLC drawing into a real window --------------------------------------------------
@pytest.mark.gui
def test_opens_paused_on_the_first_frame(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo
) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    assert on_screen(viewer, video) == 0
    assert viewer.transport.time_label.text() == "00:00.000 / 00:06.003"
    assert viewer.transport.frame_label.text() == "frame 0"
    assert viewer.slider.maximum() == 6003
    for widget in (
        viewer.slider,
        viewer.transport.play_button,
        viewer.transport.back_button,
        viewer.transport.forward_button,
        viewer.transport.speed_combo,
        viewer.transport.range_button,
        viewer.transport.time_label,
    ):
        assert widget.accessibleName()


@pytest.mark.gui
def test_citation_while_paused_lands_on_the_cited_frame(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo, tmp_path: Path
) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    for cited in (2500, 1020, 4510, 40, 3000, 5990, 2999, 17):
        cite(qtbot, viewer, cited)
        expected = video.frame_at(cited)
        assert on_screen(viewer, video) == expected, f"cited {cited} ms"
        assert in_snapshot(viewer, video, tmp_path) == expected, f"cited {cited} ms"
        assert viewer.player is not None
        assert abs(viewer.player.get_time() - expected * video.frame_ms) < video.frame_ms
        assert viewer.transport.frame_label.text() == f"frame {expected}"
        assert viewer.slider.band == (cited, None)


@pytest.mark.gui
def test_citation_while_playing_pauses_on_the_cited_frame(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo
) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    for cited in (3300, 1200):
        viewer.play()
        qtbot.wait(500)
        assert viewer.controller is not None
        assert viewer.controller.state is PlayerState.PLAYING
        cite(qtbot, viewer, cited)
        assert viewer.controller.state is PlayerState.PAUSED
        assert on_screen(viewer, video) == video.frame_at(cited)
        qtbot.wait(200)  # and it stays there
        assert on_screen(viewer, video) == video.frame_at(cited)


@pytest.mark.gui
def test_citation_asked_for_while_opening(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo
) -> None:
    with qtbot.waitSignal(viewer.citation_shown, timeout=LAND_TIMEOUT_MS):
        viewer.open(video.path, "Test recording", video.duration_ms)
        assert viewer.show_citation(2480)
    assert on_screen(viewer, video) == 62


@pytest.mark.gui
def test_play_cited_range_pauses_on_its_last_frame(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo
) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    cite(qtbot, viewer, 1000, 2000)
    assert viewer.slider.band == (1000, 2000)
    assert viewer.slider.band_rect() is not None
    assert viewer.controller is not None
    started = time.monotonic()
    with qtbot.waitSignal(viewer.controller.range_finished, timeout=LAND_TIMEOUT_MS):
        assert viewer.play_cited_range()
        qtbot.waitUntil(lambda: viewer.controller.state is PlayerState.PLAYING, timeout=2000)
    assert time.monotonic() - started > 0.9  # it did play the second
    assert viewer.controller.state is PlayerState.PAUSED
    assert on_screen(viewer, video) == 50
    assert viewer.transport.time_label.text() == "00:02.000 / 00:06.003"


@pytest.mark.gui
def test_frame_steps_with_keys(qtbot: QtBot, viewer: MediaViewer, video: FramedVideo) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    cite(qtbot, viewer, 2000)
    focus(qtbot, viewer)
    assert viewer.controller is not None
    with qtbot.waitSignal(viewer.controller.landed, timeout=LAND_TIMEOUT_MS):
        qtbot.keyClick(viewer, Qt.Key.Key_Period)
    assert on_screen(viewer, video) == 51
    assert viewer.transport.frame_label.text() == "frame 51"
    for _ in range(2):
        with qtbot.waitSignal(viewer.controller.landed, timeout=LAND_TIMEOUT_MS):
            qtbot.keyClick(viewer, Qt.Key.Key_Comma)
    assert on_screen(viewer, video) == 49
    assert viewer.transport.time_label.text() == "00:01.960 / 00:06.003"


@pytest.mark.gui
def test_space_plays_and_pauses(qtbot: QtBot, viewer: MediaViewer, video: FramedVideo) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    focus(qtbot, viewer)
    assert viewer.controller is not None
    qtbot.keyClick(viewer, Qt.Key.Key_Space)
    assert viewer.controller.state is PlayerState.PLAYING
    assert viewer.transport.play_button.accessibleName() == "Pause"
    qtbot.wait(600)
    with qtbot.waitSignal(viewer.controller.landed, timeout=LAND_TIMEOUT_MS):
        qtbot.keyClick(viewer, Qt.Key.Key_Space)
    assert viewer.controller.state is PlayerState.PAUSED
    assert viewer.transport.play_button.accessibleName() == "Play"
    shown = on_screen(viewer, video)
    assert shown > 5  # it played
    assert viewer.transport.frame_label.text() == f"frame {shown}"  # time and picture agree


@pytest.mark.gui
def test_speed_changes_how_fast_time_runs(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo
) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    viewer.set_speed(2.0)
    assert viewer.transport.speed_combo.currentText() == "2×"
    assert viewer.player is not None
    viewer.play()
    qtbot.wait(300)  # let playback get going
    before, started = viewer.position_ms() or 0, time.monotonic()
    qtbot.wait(1000)
    advanced = (viewer.position_ms() or 0) - before
    elapsed = time.monotonic() - started
    assert viewer.player.get_rate() == pytest.approx(2.0)
    assert 1.4 * elapsed * 1000 < advanced < 2.6 * elapsed * 1000
    assert viewer.controller is not None
    with qtbot.waitSignal(viewer.controller.landed, timeout=LAND_TIMEOUT_MS):
        viewer.pause()
    assert on_screen(viewer, video) == video.frame_at(viewer.position_ms() or 0)


@pytest.mark.gui
def test_playing_to_the_end_holds_the_last_frame(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo
) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    cite(qtbot, viewer, 5200)
    assert viewer.controller is not None
    viewer.play()
    qtbot.waitUntil(lambda: viewer.controller.state is PlayerState.PLAYING, timeout=2000)
    qtbot.waitUntil(
        lambda: viewer.controller.state is PlayerState.PAUSED and not viewer.controller.is_landing,
        timeout=LAND_TIMEOUT_MS,
    )
    assert on_screen(viewer, video) == 149
    assert viewer.position_ms() == 5960
    cite(qtbot, viewer, 1000)  # and citations still land afterwards
    assert on_screen(viewer, video) == 25


@pytest.mark.gui
def test_scrubbing_while_paused_shows_the_frame(
    qtbot: QtBot, viewer: MediaViewer, video: FramedVideo
) -> None:
    open_and_wait(qtbot, viewer, video.path, video.duration_ms)
    assert viewer.controller is not None
    with qtbot.waitSignal(viewer.controller.landed, timeout=LAND_TIMEOUT_MS):
        viewer.slider.setSliderDown(True)
        for value in (500, 1500, 3000, 4200):
            viewer.slider.setSliderPosition(value)  # emits sliderMoved like a drag
            qtbot.wait(20)
        viewer.slider.setSliderDown(False)  # release: the final position is landed
    qtbot.waitUntil(lambda: not viewer.controller.is_landing, timeout=LAND_TIMEOUT_MS)
    assert on_screen(viewer, video) == 105
