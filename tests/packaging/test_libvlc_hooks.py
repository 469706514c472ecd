"""The PyInstaller runtime hooks that point python-vlc at a libVLC: bundled first, then the
system's, never a library of another architecture, nothing when there is none.

The hooks are plain scripts; each is loaded here without running its frozen-only part, and
its choice is checked against real libraries: this machine's libVLC (through folders of links
that stand where a bundled copy would), real Windows executables for the PE checks.
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "packaging" / "hooks"
SETUPTOOLS_DIR = Path(sysconfig.get_paths()["purelib"]) / "setuptools"

AMD64, I386, ARM64 = 0x8664, 0x14C, 0xAA64


def _hook(name: str) -> dict[str, Any]:
    return runpy.run_path(str(HOOKS / f"rthook_libvlc_{name}.py"), run_name="hook_under_test")


def _system_libvlc() -> Path:
    ns = _hook("linux")
    found = [p for p in ns["_system_candidates"]() if ns["_elf_target"](p)]
    if not sys.platform.startswith("linux") or not found:
        pytest.skip("needs the system's libVLC (apt-get install libvlc5)")
    return Path(found[0])


def _libvlc_answer(env_update: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A new Python that loads python-vlc with ``env_update`` and creates an instance."""
    probe = (
        "import vlc\n"
        "instance = vlc.Instance(['--quiet', '--vout=dummy', '--aout=dummy'])\n"
        "print(vlc.libvlc_get_version().decode(), instance is not None, flush=True)\n"
        # Release it while the library is whole: left to interpreter shutdown, libVLC's
        # teardown can run after python-vlc's module state is gone (free(): invalid pointer).
        "instance.release()\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON_VLC", "VLC_"))}
    env.update(env_update)
    return subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )


def _bundle_like(tmp_path: Path, system_lib: Path) -> Path:
    """A vlc/ folder laid out as a bundled libVLC, made of links to the system's files."""
    folder = tmp_path / "vlc"
    folder.mkdir()
    (folder / "libvlc.so.5").symlink_to(system_lib)
    cores = sorted(system_lib.parent.glob("libvlccore.so.*"))
    if not cores:
        pytest.skip("the system's libvlccore is not beside its libvlc")
    (folder / cores[0].name).symlink_to(cores[0])
    plugins = system_lib.parent / "vlc" / "plugins"
    if not plugins.is_dir():
        pytest.skip(f"no libVLC plugins in {plugins}")
    (folder / "plugins").symlink_to(plugins)
    return folder


def _foreign_elf(tmp_path: Path, system_lib: Path) -> Path:
    """A copy of ``system_lib`` whose header claims another machine."""
    data = bytearray(system_lib.read_bytes()[:4096])
    order = "little" if data[5] == 1 else "big"
    machine = int.from_bytes(data[18:20], order)
    data[18:20] = (0xB7 if machine != 0xB7 else 0x3E).to_bytes(2, order)  # AArch64 / x86-64
    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / "libvlc.so.5").write_bytes(bytes(data))
    return folder


# --- Linux ---------------------------------------------------------------------------------
def test_linux_prefers_a_bundled_libvlc_with_its_plugins(tmp_path: Path) -> None:
    system_lib = _system_libvlc()
    folder = _bundle_like(tmp_path, system_lib)
    ns = _hook("linux")
    env = ns["libvlc_environment"]([folder], [system_lib], sys.executable)
    assert env == {
        "PYTHON_VLC_LIB_PATH": str(folder / "libvlc.so.5"),
        "VLC_PLUGIN_PATH": str(folder / "plugins"),
    }
    done = _libvlc_answer(env)
    assert done.returncode == 0, done.stderr
    version, has_instance = done.stdout.split()[0], done.stdout.split()[-1]
    assert version.startswith("3.")
    assert has_instance == "True"  # the plugins were found through VLC_PLUGIN_PATH


def test_linux_falls_back_to_the_system_libvlc(tmp_path: Path) -> None:
    system_lib = _system_libvlc()
    ns = _hook("linux")
    empty = tmp_path / "vlc"  # a bundled folder that is not there
    env = ns["libvlc_environment"]([empty], ns["_system_candidates"](), sys.executable)
    assert set(env) == {"PYTHON_VLC_LIB_PATH"}
    assert Path(env["PYTHON_VLC_LIB_PATH"]).resolve() == system_lib.resolve()
    done = _libvlc_answer(env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("3.")


def test_linux_skips_libraries_of_another_architecture(tmp_path: Path) -> None:
    system_lib = _system_libvlc()
    foreign = _foreign_elf(tmp_path, system_lib)
    ns = _hook("linux")
    lib = foreign / "libvlc.so.5"
    assert ns["_elf_target"](lib) != ns["_elf_target"](sys.executable)
    assert ns["libvlc_environment"]([foreign], [lib], sys.executable) == {}
    # ...and takes the next usable one.
    env = ns["libvlc_environment"]([foreign], [lib, system_lib], sys.executable)
    assert env == {"PYTHON_VLC_LIB_PATH": str(system_lib)}


def test_linux_sets_nothing_without_a_libvlc(tmp_path: Path) -> None:
    ns = _hook("linux")
    not_a_library = tmp_path / "libvlc.so.5"
    not_a_library.write_text("not an ELF file\n")
    assert ns["libvlc_environment"]([tmp_path], [not_a_library], sys.executable) == {}
    assert ns["_elf_target"](not_a_library) is None


def test_linux_hook_leaves_a_chosen_library_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    ns = _hook("linux")
    monkeypatch.setenv("PYTHON_VLC_LIB_PATH", "/opt/my-vlc/libvlc.so.5")
    monkeypatch.delenv("VLC_PLUGIN_PATH", raising=False)
    ns["_pyi_rthook"]()
    assert os.environ["PYTHON_VLC_LIB_PATH"] == "/opt/my-vlc/libvlc.so.5"
    assert "VLC_PLUGIN_PATH" not in os.environ


# --- Windows (the PE checks run anywhere, on setuptools' real launcher executables) ---------
def _launcher(name: str) -> Path:
    path = SETUPTOOLS_DIR / name
    if not path.is_file():
        pytest.skip(f"needs setuptools' {name}")
    return path


def _vlc_folder(tmp_path: Path, name: str, dll: Path) -> Path:
    folder = tmp_path / name
    (folder / "plugins").mkdir(parents=True)
    shutil.copyfile(dll, folder / "libvlc.dll")
    return folder


def test_windows_reads_the_machine_of_pe_files() -> None:
    ns = _hook("windows")
    assert ns["_pe_machine"](_launcher("cli-64.exe")) == AMD64
    assert ns["_pe_machine"](_launcher("cli-32.exe")) == I386
    assert ns["_pe_machine"](_launcher("cli-arm64.exe")) == ARM64
    assert ns["_pe_machine"](Path(__file__)) is None


def test_windows_takes_the_first_vlc_of_this_architecture(tmp_path: Path) -> None:
    ns = _hook("windows")
    vlc32 = _vlc_folder(tmp_path, "x86", _launcher("cli-32.exe"))
    vlc64 = _vlc_folder(tmp_path, "x64", _launcher("cli-64.exe"))
    app64 = _launcher("gui-64.exe")
    env = ns["libvlc_environment"]([tmp_path / "missing", vlc32, vlc64], app64)
    assert env == {
        "PYTHON_VLC_LIB_PATH": str(vlc64 / "libvlc.dll"),
        "VLC_PLUGIN_PATH": str(vlc64 / "plugins"),
    }
    # An ARM64 app has no usable VLC here: nothing is set, the app says what to install.
    assert ns["libvlc_environment"]([vlc32, vlc64], _launcher("gui-arm64.exe")) == {}


def test_windows_looks_under_program_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ns = _hook("windows")
    for var in ("ProgramW6432", "ProgramFiles(x86)"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    assert ns["_program_files_dirs"]() == [tmp_path / "VideoLAN" / "VLC"]
    if not sys.platform.startswith("win"):
        assert ns["_registry_dirs"]() == []


# --- macOS (the loader is the real ctypes one; ELF files stand in for the dylibs here) ------
def test_macos_prefers_a_loadable_bundled_libvlc(tmp_path: Path) -> None:
    system_lib = _system_libvlc()
    ns = _hook("macos")
    bundled = tmp_path / "bundled"
    (bundled / "lib").mkdir(parents=True)
    (bundled / "plugins").mkdir()
    (bundled / "lib" / "libvlc.dylib").symlink_to(system_lib)
    core = sorted(system_lib.parent.glob("libvlccore.so.*"))[0]
    (bundled / "lib" / "libvlccore.dylib").symlink_to(core)
    broken = tmp_path / "broken"
    (broken / "lib").mkdir(parents=True)
    (broken / "lib" / "libvlc.dylib").write_text("not a library\n")
    (broken / "lib" / "libvlccore.dylib").write_text("not a library\n")
    env = ns["libvlc_environment"]([tmp_path / "missing", broken, bundled])
    assert env == {
        "PYTHON_VLC_LIB_PATH": str(bundled / "lib" / "libvlc.dylib"),
        "VLC_PLUGIN_PATH": str(bundled / "plugins"),
    }
    assert ns["libvlc_environment"]([broken]) == {}
