#!/usr/bin/env bash
# Runs packaging/smoke-test.sh against a bare Debian root: what a target machine without Python, VLC
# or fonts has — glibc, OpenGL/EGL, libxcb — plus Xvfb to show the window on. The root is made once
# with debootstrap (about 40 s, ~500 MB) in build/clean-root and reused. Needs root and a Debian host.
#
#   packaging/clean-room-test.sh [dist/cuesheet]
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=${1:-dist/cuesheet}
ROOT=${CUESHEET_CLEAN_ROOT:-build/clean-root}
[ "$(id -u)" -eq 0 ] || { echo "clean-room test: needs root (chroot, mounts)" >&2; exit 2; }
. /etc/os-release
[ "${ID:-}" = debian ] || { echo "clean-room test: written for a Debian host (found ${ID:-unknown})" >&2; exit 2; }
if [ ! -x "$ROOT/usr/bin/xvfb-run" ]; then
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  echo "==> making a bare Debian $VERSION_CODENAME root in $ROOT (once)" >&2
  rm -rf "$ROOT"
  debootstrap --variant=minbase --include=libgl1,libegl1,libxcb1,xvfb,xauth \
    "$VERSION_CODENAME" "$ROOT" http://deb.debian.org/debian >/dev/null
fi
for forbidden in python3 vlc fc-list; do
  [ ! -e "$ROOT/usr/bin/$forbidden" ] || { echo "clean-room test: $ROOT has $forbidden" >&2; exit 2; }
done
CUESHEET_SMOKE_ROOT=$ROOT exec packaging/smoke-test.sh "$BUNDLE"
