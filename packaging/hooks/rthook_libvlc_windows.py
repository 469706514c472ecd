"""PyInstaller runtime hook (Windows): tell python-vlc which libVLC the packaged app loads.

Runs before the app's own code. In order:

1. ``PYTHON_VLC_LIB_PATH`` already set by the person: left alone.
2. A libVLC bundled with the app: ``vlc\\libvlc.dll`` (a copy of a VLC install folder, with
   ``libvlccore.dll`` and ``plugins\\``) beside the app's libraries or beside the program.
3. The installed VLC: the ``InstallDir`` that VLC's installer records under
   ``HKEY_LOCAL_MACHINE`` or ``HKEY_CURRENT_USER\\Software\\VideoLAN\\VLC`` (64- and 32-bit
   registry views), else ``VideoLAN\\VLC`` under the Program Files folders.
4. None: nothing is set, and the video pane shows the app's "install VLC" message
   (``assessor_app/ui/viewers/vlc_runtime.py``).

For 2 and 3 ``PYTHON_VLC_LIB_PATH`` names the DLL and ``VLC_PLUGIN_PATH`` its plugins. A DLL
built for another architecture than this program (32-bit VLC beside a 64-bit app) is skipped:
python-vlc ends the whole process when ``PYTHON_VLC_LIB_PATH`` names a library it cannot load,
whereas without it the app says which VLC to install. The DLL's own folder is searched for
``libvlccore.dll`` because Python loads a DLL given by full path with that folder first.
"""

import os
import sys
from pathlib import Path

_LIBVLC = "libvlc.dll"
_VLC_KEY = "Software\\VideoLAN\\VLC"


def _pe_machine(path):
    """The machine field of a PE (exe/dll) file's header, or None when it is not one."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    if len(head) < 64 or head[:2] != b"MZ":
        return None
    offset = int.from_bytes(head[0x3C:0x40], "little")
    if offset + 6 > len(head) or head[offset : offset + 4] != b"PE\0\0":
        return None
    return int.from_bytes(head[offset + 4 : offset + 6], "little")


def _bundled_dirs():
    """vlc\\ beside the app's libraries (sys._MEIPASS) and beside the program."""
    dirs = []
    for base in (getattr(sys, "_MEIPASS", None), Path(sys.executable).parent):
        if base and Path(base, "vlc") not in dirs:
            dirs.append(Path(base, "vlc"))
    return dirs


def _registry_dirs():
    try:
        import winreg
    except ImportError:
        return []
    found = []
    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        for view in (winreg.KEY_WOW64_64KEY, winreg.KEY_WOW64_32KEY):
            try:
                with winreg.OpenKey(root, _VLC_KEY, 0, winreg.KEY_READ | view) as key:
                    value, _kind = winreg.QueryValueEx(key, "InstallDir")
            except OSError:
                continue
            if isinstance(value, str) and value and Path(value) not in found:
                found.append(Path(value))
    return found


def _program_files_dirs():
    found = []
    for var in ("ProgramW6432", "ProgramFiles", "ProgramFiles(x86)"):
        base = os.environ.get(var)
        if base and Path(base, "VideoLAN", "VLC") not in found:
            found.append(Path(base, "VideoLAN", "VLC"))
    return found


def libvlc_environment(candidate_dirs, reference):
    """The variables for the first folder in ``candidate_dirs`` holding a libvlc.dll built
    for the same machine as ``reference`` (this program); {} when there is none."""
    machine = _pe_machine(reference)
    for folder in map(Path, candidate_dirs):
        lib = folder / _LIBVLC
        if lib.is_file() and _pe_machine(lib) == machine:
            env = {"PYTHON_VLC_LIB_PATH": str(lib)}
            if (folder / "plugins").is_dir():
                env["VLC_PLUGIN_PATH"] = str(folder / "plugins")
            return env
    return {}


def _pyi_rthook():
    if "PYTHON_VLC_LIB_PATH" in os.environ:
        return
    folders = _bundled_dirs() + _registry_dirs() + _program_files_dirs()
    os.environ.update(libvlc_environment(folders, sys.executable))


if getattr(sys, "frozen", False):
    _pyi_rthook()
