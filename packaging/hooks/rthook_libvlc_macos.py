"""PyInstaller runtime hook (macOS): tell python-vlc which libVLC the packaged app loads.

Runs before the app's own code. In order:

1. ``PYTHON_VLC_LIB_PATH`` already set by the person: left alone.
2. A libVLC bundled with the app: ``vlc/`` laid out like ``VLC.app/Contents/MacOS``
   (``lib/libvlc.dylib``, ``lib/libvlccore.dylib``, ``plugins/``) in the app's
   ``Contents/Frameworks`` or beside the program.
3. VLC installed in ``/Applications/VLC.app`` (or ``~/Applications/VLC.app``).
4. None: nothing is set, and the video pane shows the app's "install VLC" message
   (``assessor_app/ui/viewers/vlc_runtime.py``).

For 2 and 3 ``libvlccore.dylib`` is loaded here first (libvlc.dylib finds it only once it is
in the process; python-vlc does the same for its default location), which also proves the
library is built for this Mac's architecture: an Intel-only VLC under an Apple-silicon app
fails that load and is skipped, since python-vlc ends the whole process when
``PYTHON_VLC_LIB_PATH`` names a library it cannot load. Then ``PYTHON_VLC_LIB_PATH`` names
libvlc.dylib and ``VLC_PLUGIN_PATH`` the plugins folder.
"""

import ctypes
import os
import sys
from pathlib import Path


def _load(path):
    try:
        ctypes.CDLL(str(path), mode=ctypes.RTLD_GLOBAL)
    except OSError:
        return False
    return True


def _candidate_roots():
    roots = []
    for base in (getattr(sys, "_MEIPASS", None), Path(sys.executable).parent):
        if base:
            roots.append(Path(base, "vlc"))
    for apps in (Path("/Applications"), Path.home() / "Applications"):
        roots.append(apps / "VLC.app" / "Contents" / "MacOS")
    return roots


def libvlc_environment(roots, load=_load):
    """The variables for the first usable root (a folder with lib/ and plugins/ as in
    VLC.app/Contents/MacOS); {} when none is."""
    for root in map(Path, roots):
        lib = root / "lib" / "libvlc.dylib"
        core = root / "lib" / "libvlccore.dylib"
        if lib.is_file() and core.is_file() and load(core):
            env = {"PYTHON_VLC_LIB_PATH": str(lib)}
            for name in ("plugins", "modules"):
                if (root / name).is_dir():
                    env["VLC_PLUGIN_PATH"] = str(root / name)
                    break
            return env
    return {}


def _pyi_rthook():
    if "PYTHON_VLC_LIB_PATH" in os.environ:
        return
    os.environ.update(libvlc_environment(_candidate_roots()))


if getattr(sys, "frozen", False):
    _pyi_rthook()
