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

# A machine without fontconfig's configuration (a minimal install, a container) would show every
# label as boxes: give fontconfig a configuration that lists the bundled fonts and the system's.
if sys.platform.startswith("linux") and "FONTCONFIG_FILE" not in os.environ and (_base / "fonts").is_dir():
    if not Path("/etc/fonts/fonts.conf").exists():
        from xml.sax.saxutils import escape

        _cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cuesheet"
        _conf = _cache / "fonts.conf"  # in the user's own folder: not a name others could plant in /tmp
        try:
            _cache.mkdir(parents=True, exist_ok=True)
            _conf.write_text(
                '<?xml version="1.0"?>\n<fontconfig>\n'
                f"  <dir>{escape(str(_base / 'fonts'))}</dir>\n  <dir>/usr/share/fonts</dir>\n"
                '  <dir prefix="xdg">fonts</dir>\n  <cachedir prefix="xdg">fontconfig</cachedir>\n'
                "</fontconfig>\n",
                encoding="utf-8",
            )
            os.environ["FONTCONFIG_FILE"] = str(_conf)
        except OSError:
            pass  # labels may show as boxes; the app still works
