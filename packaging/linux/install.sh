#!/bin/sh
# Installs this Cuesheet folder for the current user: a `cuesheet` command in ~/.local/bin, the
# application in the desktop's menu, its icon, and the .cuesheet file type (double-click opens it).
# The folder stays where it is; run uninstall.sh beside it to remove the integration.
set -eu
app=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
id=io.github.cuesheet.Cuesheet
mkdir -p "$bin" "$data/applications" "$data/metainfo" "$data/mime/packages"
ln -sf "$app/cuesheet" "$bin/cuesheet"
# awk, not sed: a folder name may hold any character sed would read as syntax (& | \).
EXEC_LINE="Exec=\"$app/cuesheet\" %f" awk '/^Exec=/ { print ENVIRON["EXEC_LINE"]; next } { print }' \
  "$app/share/applications/$id.desktop" > "$data/applications/$id.desktop"
cp "$app/share/metainfo/$id.metainfo.xml" "$data/metainfo/"
cp "$app/share/mime/packages/$id.xml" "$data/mime/packages/"
cp -r "$app/share/icons" "$data/"
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Installed: 'cuesheet' in $bin, Cuesheet in the applications menu, .cuesheet files open with it."
