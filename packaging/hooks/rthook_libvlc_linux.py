"""PyInstaller runtime hook (Linux): tell python-vlc which libVLC the packaged app loads.

Runs before the app's own code. In order:

1. ``PYTHON_VLC_LIB_PATH`` already set by the person: left alone.
2. A libVLC bundled with the app (``vlc/libvlc.so.5`` beside the app's libraries or beside
   the program, with ``libvlccore.so.*`` and ``plugins/`` in the same folder): its core
   library is loaded here (the bundled libvlc.so.5 finds it by name only once it is in the
   process), then ``PYTHON_VLC_LIB_PATH`` and ``VLC_PLUGIN_PATH`` point at it.
3. The system's ``libvlc.so.5`` (``/usr/lib/<multiarch>/``, ``/usr/lib64``, ...) built for
   this machine's architecture: ``PYTHON_VLC_LIB_PATH`` points at it; it finds its plugins
   itself.
4. None: nothing is set, python-vlc's own search runs and fails, and the video pane shows the
   app's "install VLC" message (``assessor_app/ui/viewers/vlc_runtime.py``).

A library for another architecture (an i386 libvlc on an x86_64 system, say) is skipped:
python-vlc ends the whole process when ``PYTHON_VLC_LIB_PATH`` names a library it cannot load.
"""

import ctypes
import glob
import os
import sys
from pathlib import Path

_LIBVLC = "libvlc.so.5"
_SYSTEM_PATTERNS = (
    "/usr/lib/{multiarch}/libvlc.so.5",
    "/usr/lib/*/libvlc.so.5",
    "/usr/lib64/libvlc.so.5",
    "/usr/lib/libvlc.so.5",
    "/usr/local/lib/libvlc.so.5",
    "/usr/local/lib64/libvlc.so.5",
)


def _elf_target(path):
    """(class, byte order, machine) of an ELF file, or None when it is not one."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(20)
    except OSError:
        return None
    if len(head) < 20 or head[:4] != b"\x7fELF":
        return None
    order = "little" if head[5] == 1 else "big"
    return head[4], head[5], int.from_bytes(head[18:20], order)


def _bundled_dirs():
    """vlc/ beside the app's libraries (sys._MEIPASS) and beside the program."""
    dirs = []
    for base in (getattr(sys, "_MEIPASS", None), Path(sys.executable).parent):
        if base and Path(base, "vlc") not in dirs:
            dirs.append(Path(base, "vlc"))
    return dirs


def _system_candidates():
    multiarch = getattr(sys.implementation, "_multiarch", "") or "*"
    found, seen = [], set()
    for pattern in _SYSTEM_PATTERNS:
        # Absolute patterns with a wildcard in a folder name: Path.glob cannot take them.
        for path in sorted(glob.glob(pattern.format(multiarch=multiarch))):  # noqa: PTH207
            real = Path(path).resolve()  # /lib and /usr/lib are often the same folder
            if real not in seen:
                seen.add(real)
                found.append(Path(path))
    return found


def _load_core(folder):
    """Load the bundled libvlccore so the bundled libvlc can link to it; False if it cannot."""
    for core in sorted(Path(folder).glob("libvlccore.so.*")):
        try:
            ctypes.CDLL(str(core), mode=ctypes.RTLD_GLOBAL)
        except OSError:
            return False
        return True
    return False


def libvlc_environment(bundled_dirs, system_candidates, reference, load_core=_load_core):
    """The variables to set so python-vlc loads the right libVLC ({} when none is usable).

    ``reference`` is a binary of this process (the program itself): a library must be built
    for the same ELF class and machine. ``load_core`` prepares a bundled folder.
    """
    target = _elf_target(reference)
    for folder in map(Path, bundled_dirs):
        lib = folder / _LIBVLC
        if lib.is_file() and _elf_target(lib) == target and load_core(folder):
            env = {"PYTHON_VLC_LIB_PATH": str(lib)}
            if (folder / "plugins").is_dir():
                env["VLC_PLUGIN_PATH"] = str(folder / "plugins")
            return env
    for lib in system_candidates:
        if _elf_target(lib) == target:
            return {"PYTHON_VLC_LIB_PATH": str(lib)}
    return {}


def _pyi_rthook():
    if "PYTHON_VLC_LIB_PATH" in os.environ:
        return
    os.environ.update(libvlc_environment(_bundled_dirs(), _system_candidates(), sys.executable))


if getattr(sys, "frozen", False):
    _pyi_rthook()
