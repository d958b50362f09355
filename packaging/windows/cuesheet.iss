; Inno Setup 6 script for Cuesheet (run by packaging\build-windows.ps1: ISCC /DAppVersion=X cuesheet.iss).
; Installs the one-folder build, a Start-menu entry, and the .cuesheet file type (double-click opens it).
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1E5A53-7B0E-4E44-9C3B-0C0E5C1E5A53}
AppName=Cuesheet
AppVersion={#AppVersion}
AppPublisher=The Cuesheet developers
DefaultDirName={autopf}\Cuesheet
DefaultGroupName=Cuesheet
OutputDir=..\..\dist
OutputBaseFilename=Cuesheet-{#AppVersion}-setup
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile=..\..\build\cuesheet.ico
UninstallDisplayIcon={app}\cuesheet.exe
Compression=lzma2
SolidCompression=yes
PrivilegesRequiredOverridesAllowed=dialog

[Files]
Source: "..\..\dist\cuesheet\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Cuesheet"; Filename: "{app}\cuesheet.exe"
Name: "{group}\Uninstall Cuesheet"; Filename: "{uninstallexe}"

[Registry]
Root: HKA; Subkey: "Software\Classes\.cuesheet"; ValueType: string; ValueName: ""; ValueData: "Cuesheet.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Cuesheet.Project"; ValueType: string; ValueName: ""; ValueData: "Cuesheet project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Cuesheet.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\cuesheet.exe,0"
Root: HKA; Subkey: "Software\Classes\Cuesheet.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\cuesheet.exe"" ""%1"""

[Run]
Filename: "{app}\cuesheet.exe"; Description: "Open Cuesheet"; Flags: nowait postinstall skipifsilent
