; Inno Setup 6 script for Satchel on Windows (x64).
;
; Built by `python installer/build.py --inno` on Windows after the PyInstaller step, which
; passes the defines below; by hand:
;   ISCC /DAppVersion=0.1.0 /DSourceDir=..\..\dist\satchel /DIconFile=..\..\build\icons\satchel.ico ^
;        /O..\..\dist installer\windows\satchel.iss
;
; Result: dist\Satchel-<version>-setup.exe. Per-machine install into {autopf}\Satchel (asks
; for elevation), or per-user with /CURRENTUSER (no admin). Silent deployment for IT:
;   Satchel-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /INSTITUTION="\\server\share\institution.toml"
; /INSTITUTION copies that config to %PROGRAMDATA%\Satchel\institution.toml (machine-wide).
; A config baked in with build.py --institution is already next to satchel.exe.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\satchel"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\satchel.ico"
#endif

[Setup]
; Keep AppId forever: upgrades find the previous install by it.
AppId={{6F1D2C3E-5B7A-4C59-9A0E-3D51A2B7C8E4}
AppName=Satchel
AppVersion={#AppVersion}
AppVerName=Satchel {#AppVersion}
AppPublisher=Satchel
AppPublisherURL=https://example.org/satchel
DefaultDirName={autopf}\Satchel
DefaultGroupName=Satchel
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputBaseFilename=Satchel-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\satchel.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes
; Sign with: SignTool=signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a $f
; (define a "signtool" tool in the Inno Setup IDE or pass /S"signtool=..." to ISCC)

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "Open .satchel course bundles with Satchel"; GroupDescription: "File types:"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{param:INSTITUTION|}"; DestDir: "{commonappdata}\Satchel"; DestName: "institution.toml"; Flags: external skipifsourcedoesntexist uninsneveruninstall; Check: HasInstitutionParam

[Icons]
Name: "{autoprograms}\Satchel"; Filename: "{app}\satchel.exe"; AppUserModelID: "org.satchel.Satchel"
Name: "{autodesktop}\Satchel"; Filename: "{app}\satchel.exe"; Tasks: desktopicon

[Registry]
; File association: .satchel -> Satchel.Bundle -> "satchel.exe preview <file>"
Root: HKA; Subkey: "Software\Classes\.satchel"; ValueType: string; ValueName: ""; ValueData: "Satchel.Bundle"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.satchel"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-satchel-bundle"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Satchel.Bundle"; ValueType: string; ValueName: ""; ValueData: "Satchel course bundle"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Satchel.Bundle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\satchel.exe,0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Satchel.Bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\satchel.exe"" preview ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\satchel.exe\SupportedTypes"; ValueType: string; ValueName: ".satchel"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\satchel.exe"; Description: "{cm:LaunchProgram,Satchel}"; Flags: nowait postinstall skipifsilent

[Code]
function HasInstitutionParam(): Boolean;
begin
  Result := ExpandConstant('{param:INSTITUTION|}') <> '';
end;
