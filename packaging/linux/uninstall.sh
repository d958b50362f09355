#!/bin/sh
# Removes what install.sh added (the folder itself is left for you to delete).
set -eu
data=${XDG_DATA_HOME:-$HOME/.local/share}
id=io.github.cuesheet.Cuesheet
rm -f "$HOME/.local/bin/cuesheet" "$data/applications/$id.desktop" "$data/metainfo/$id.metainfo.xml" \
  "$data/mime/packages/$id.xml"
find "$data/icons/hicolor" -name "$id.*" -delete 2>/dev/null || true
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Removed Cuesheet's desktop integration."
