"""PyInstaller runtime hook: runs before the app's code in the bundle.

Points python-vlc at the libVLC and plugins carried in the bundle (so the machine needs no VLC), and
the PDF writer at the bundled fonts. Set before ``import vlc``: python-vlc looks for libVLC on import.
"""

import os
import sys
from pathlib import Path

_base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
_names = {"linux": "libvlc.so.5", "darwin": "libvlc.dylib", "win32": "libvlc.dll"}
_library = _base / _names.get(sys.platform, "libvlc.so.5")
_plugins = _base / "vlc" / "plugins"
if _library.exists() and _plugins.is_dir():
    os.environ["PYTHON_VLC_LIB_PATH"] = str(_library)
    os.environ["PYTHON_VLC_MODULE_PATH"] = str(_plugins)
    os.environ["VLC_PLUGIN_PATH"] = str(_plugins)
    if sys.platform == "darwin":  # libvlc.dylib finds libvlccore beside it through @loader_path
        os.environ.setdefault("DYLD_LIBRARY_PATH", str(_base))
if (_base / "fonts").is_dir():
    os.environ.setdefault("CUESHEET_FONT_DIR", str(_base / "fonts"))
