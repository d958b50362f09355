# Builds dist\cuesheet\ (one folder: cuesheet.exe for the app, cuesheet-cli.exe for the command line)
# and, when Inno Setup 6 is installed, dist\Cuesheet-VERSION-setup.exe. Written for Windows 10/11 x64;
# NOT built or tested by this project's CI, which runs on Linux — see the README.
#
# Needs: Python 3.11+ x64 (python.org), VLC 3 x64 installed (its libvlc.dll, libvlccore.dll and
# plugins\ are copied into the app; or set $env:VLC_DIR), and the PDF fonts in $env:CUESHEET_FONTS
# (DejaVuSans.ttf, DejaVuSans-Bold.ttf, and DroidSansFallbackFull.ttf for CJK names).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$vlc = if ($env:VLC_DIR) { $env:VLC_DIR } else { "C:\Program Files\VideoLAN\VLC" }
if (-not (Test-Path "$vlc\libvlc.dll")) { throw "VLC not found at $vlc (install VLC 3 x64 or set VLC_DIR)" }
if (-not (Test-Path "$env:CUESHEET_FONTS\DejaVuSans.ttf")) { throw "set CUESHEET_FONTS to a folder with the DejaVu fonts" }

$venv = if ($env:CUESHEET_BUILD_VENV) { $env:CUESHEET_BUILD_VENV } else { ".venv-build" }
if (-not (Test-Path "$venv\Scripts\python.exe")) { py -3 -m venv $venv }
& "$venv\Scripts\python.exe" -m pip install -q --upgrade pip
& "$venv\Scripts\python.exe" -m pip install -q -c constraints.txt -r packaging\requirements-build.txt .

New-Item -ItemType Directory -Force build | Out-Null
$env:QT_QPA_PLATFORM = "offscreen"
& "$venv\Scripts\python.exe" packaging\render_icons.py resources\icons\cuesheet.svg --ico build\cuesheet.ico
Remove-Item Env:\QT_QPA_PLATFORM

$env:CUESHEET_VLC_LIB = $vlc
$env:CUESHEET_VLC_PLUGINS = "$vlc\plugins"
& "$venv\Scripts\pyinstaller.exe" --noconfirm --log-level WARN --distpath dist --workpath build packaging\cuesheet.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
& dist\cuesheet\cuesheet-cli.exe doctor
if ($LASTEXITCODE -ne 0) { throw "the built app does not start" }

$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (Test-Path $iscc) {
  $version = & "$venv\Scripts\python.exe" -c "import cuesheet; print(cuesheet.__version__)"
  & $iscc "/DAppVersion=$version" packaging\windows\cuesheet.iss
} else {
  Write-Host "Inno Setup 6 not found: built dist\cuesheet only (no installer)"
}
