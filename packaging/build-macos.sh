#!/usr/bin/env bash
# Builds dist/Cuesheet.app and dist/Cuesheet-VERSION-macos-ARCH.dmg on macOS (written for macOS 12+;
# NOT built or tested by this project's CI, which runs on Linux — see the README).
#
# Needs: Python 3.11+ (python.org or Homebrew), VLC 3 installed as /Applications/VLC.app (its libVLC and
# plugins are copied into the app; or set VLC_APP), and the PDF fonts in CUESHEET_FONTS (a folder
# with DejaVuSans.ttf, DejaVuSans-Bold.ttf and, for CJK names, DroidSansFallbackFull.ttf).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VLC_APP=${VLC_APP:-/Applications/VLC.app}
VENV=${CUESHEET_BUILD_VENV:-.venv-build}
[ -f "$VLC_APP/Contents/MacOS/lib/libvlc.dylib" ] || { echo "VLC.app not found at $VLC_APP (brew install --cask vlc)" >&2; exit 2; }
[ -f "${CUESHEET_FONTS:-}/DejaVuSans.ttf" ] || { echo "set CUESHEET_FONTS to a folder with the DejaVu fonts" >&2; exit 2; }

[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -c constraints.txt -r packaging/requirements-build.txt .

mkdir -p build
rm -rf build/cuesheet.iconset && QT_QPA_PLATFORM=offscreen "$VENV/bin/python" packaging/render_icons.py \
  resources/icons/cuesheet.svg --iconset build/cuesheet.iconset
iconutil -c icns build/cuesheet.iconset -o build/cuesheet.icns

CUESHEET_VLC_LIB="$VLC_APP/Contents/MacOS/lib" CUESHEET_VLC_PLUGINS="$VLC_APP/Contents/MacOS/plugins" \
  "$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build packaging/cuesheet.spec

# Ad-hoc signature so Gatekeeper lets the copied libVLC load; a release is signed with a Developer ID
# (codesign --deep --options runtime -s "Developer ID Application: …") and notarised (xcrun notarytool).
codesign --force --deep --sign - dist/Cuesheet.app
VERSION=$("$VENV/bin/python" -c 'import cuesheet; print(cuesheet.__version__)')
hdiutil create -volname Cuesheet -srcfolder dist/Cuesheet.app -ov -format UDZO \
  "dist/Cuesheet-$VERSION-macos-$(uname -m).dmg"
echo "built dist/Cuesheet.app; check it with: dist/Cuesheet.app/Contents/MacOS/cuesheet doctor"
