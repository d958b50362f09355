#!/usr/bin/env bash
# Builds the Linux app: dist/cuesheet/ (one folder: Python, Qt, PyAV, libVLC + plugins, fonts,
# resources, desktop files) and dist/cuesheet-VERSION-linux-ARCH.tar.gz of it. The target machine
# needs neither VLC nor Python. Debian/Ubuntu build machine; installs what it needs with apt-get.
#
#   packaging/build-linux.sh            build
#   packaging/smoke-test.sh dist/cuesheet   check the result in a clean environment
set -euo pipefail
shopt -s inherit_errexit  # a failure inside $(…) stops the build too
cd "$(dirname "$0")/.."

VENV=${CUESHEET_BUILD_VENV:-.venv-build}
PY=${PYTHON:-python3}
# Debian's multiarch folder (x86_64-linux-gnu, aarch64-linux-gnu…), as the system Python knows it.
ARCH_LIB=/usr/lib/$("$PY" -c 'import sysconfig; print(sysconfig.get_config_var("MULTIARCH") or "")')
[ -d "$ARCH_LIB" ] || { echo "build: no multiarch library folder ($ARCH_LIB)" >&2; exit 2; }
BUILD_PACKAGES=(
  libvlc5 vlc-plugin-base vlc-plugin-video-output        # carried inside the bundle
  fonts-dejavu-core fonts-droid-fallback                  # embedded in PDFs
  # Qt's xcb platform plugin's libraries, so the bundle carries them too
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 libxcb-randr0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1 libfontconfig1 libdbus-1-3
  binutils                                                 # PyInstaller reads libraries with objdump
  desktop-file-utils appstream                             # to validate the desktop files
)
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_system() {
  command -v apt-get >/dev/null || { say "not Debian/Ubuntu: install VLC 3, binutils and the fonts yourself"; return 0; }
  local missing=()
  for pkg in "${BUILD_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  "$PY" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  say "installing build packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python() {
  [ -x "$VENV/bin/python" ] || { say "creating $VENV"; "$PY" -m venv "$VENV"; }
  say "installing Cuesheet and PyInstaller into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # Not editable: the bundle must hold the package, not a link to this checkout.
  "$VENV/bin/python" -m pip install -q -c constraints.txt -r packaging/requirements-build.txt . 2>&1 \
    | { grep -v "is ignored: it is neither" || true; } >&2
}

validate_desktop_files() {
  say "validating the desktop entry and AppStream metainfo"
  desktop-file-validate resources/linux/io.github.cuesheet.Cuesheet.desktop
  appstreamcli validate --no-net resources/linux/io.github.cuesheet.Cuesheet.metainfo.xml
  xmllint --noout resources/linux/io.github.cuesheet.Cuesheet.xml 2>/dev/null || true
}

stage_fonts() {
  local fonts=build/fonts
  mkdir -p "$fonts"
  cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf "$fonts/"
  cp /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf "$fonts/" 2>/dev/null \
    || cp /usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf "$fonts/DroidSansFallbackFull.ttf"
  echo "$PWD/$fonts"
}

desktop_integration() {
  local app=$1 share=$1/share id=io.github.cuesheet.Cuesheet
  say "adding desktop integration (icons, .desktop, metainfo, MIME type)"
  mkdir -p "$share/applications" "$share/metainfo" "$share/mime/packages" "$share/icons/hicolor/scalable/apps"
  cp resources/linux/$id.desktop "$share/applications/"
  cp resources/linux/$id.metainfo.xml "$share/metainfo/"
  cp resources/linux/$id.xml "$share/mime/packages/"
  cp resources/icons/cuesheet.svg "$share/icons/hicolor/scalable/apps/$id.svg"
  QT_QPA_PLATFORM=offscreen "$VENV/bin/python" packaging/render_icons.py resources/icons/cuesheet.svg --hicolor \
    "$share/icons/hicolor" "$id"
  cp packaging/linux/install.sh packaging/linux/uninstall.sh "$app/"
  mkdir -p "$app/licenses"
  for pkg in libvlc5 libvlccore9 vlc-plugin-base vlc-plugin-video-output fonts-dejavu-core fonts-droid-fallback; do
    [ -f "/usr/share/doc/$pkg/copyright" ] && cp "/usr/share/doc/$pkg/copyright" "$app/licenses/$pkg.txt"
  done
  return 0
}

install_system
install_python
validate_desktop_files
VERSION=$("$VENV/bin/python" -c 'import cuesheet; print(cuesheet.__version__)')
FONTS=$(stage_fonts)
say "running PyInstaller (a few minutes)"
rm -rf dist/cuesheet build/cuesheet
CUESHEET_VLC_LIB=$ARCH_LIB CUESHEET_VLC_PLUGINS=$ARCH_LIB/vlc/plugins CUESHEET_FONTS=$FONTS \
  "$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build packaging/cuesheet.spec
# The app loads no Qt translations (its text is English); 7 MB saved.
rm -rf dist/cuesheet/_internal/PySide6/Qt/translations
desktop_integration dist/cuesheet
TARBALL=dist/cuesheet-$VERSION-linux-$(uname -m).tar.gz
tar -C dist -czf "$TARBALL" cuesheet
say "built dist/cuesheet ($(du -sh dist/cuesheet | cut -f1)) and $TARBALL ($(du -h "$TARBALL" | cut -f1))"
