; openfaxcom-setup-VERSION.exe (docs/install.md): the DLLs where Windows programs load them, their COM
; registration for both bitnesses, the fax server setting the DLLs read, an Add/Remove Programs entry and an
; uninstaller that takes all of it away again. Built by `make installer`, which passes VERSION, BUILD and OUTFILE.
;
; Command line: /S (silent), /SERVER=host[:port], /ALLUSERS or /CURRENTUSER, /D=folder (last; the per-user
; DLLs and the uninstaller). Without a scope, an administrator installs for all users and anyone else for
; themselves.
Unicode true
SetCompressor /SOLID lzma
RequestExecutionLevel highest

!include MUI2.nsh
!include x64.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include nsDialogs.nsh

!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\openfaxcom"
!define SETTINGS_KEY "Software\openfaxcom\FaxServer"
!define DEFAULT_SERVER "127.0.0.1:4559"
; docs/troubleshooting.md: the DLLs read the server from this value, under HKCU first, then HKLM.
!define SERVER_VALUE "Server"

Name "openfaxcom ${VERSION}"
OutFile "${OUTFILE}"
ShowInstDetails show
ShowUninstDetails show

Var Server          ; host[:port] written to SETTINGS_KEY
Var MachineWide     ; 1: System32/SysWOW64, HKLM; 0: the user's folder, HKCU (no administrator needed)
Var IsAdmin
Var InstDirGiven    ; /D= named the folder: the scope does not move it
Var Dir64           ; where the x86_64 DLLs go ("" on 32-bit Windows)
Var Dir32           ; where the i686 DLLs go
Var Regsvr64        ; regsvr32 of each bitness: a COM DLL registers only in a process of its own bitness
Var Regsvr32
Var ServerField
Var ScopeAllRadio

Page custom SettingsPage SettingsLeave
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "openfaxcom"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "openfaxcom setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "openfaxcom"

; ---- where things go: one function for the installer and the uninstaller, so both agree ----

!macro PLACES un
Function ${un}Places
    ${If} $MachineWide == 1
        SetShellVarContext all
        ${If} $InstDirGiven != 1
            StrCpy $INSTDIR "$PROGRAMFILES64\openfaxcom"
        ${EndIf}
        ${If} ${RunningX64}
            StrCpy $Dir64 "$WINDIR\System32"   ; read with file system redirection off
            StrCpy $Dir32 "$WINDIR\SysWOW64"
        ${Else}
            StrCpy $Dir64 ""
            StrCpy $Dir32 "$WINDIR\System32"
        ${EndIf}
    ${Else}
        SetShellVarContext current
        ${If} $InstDirGiven != 1
            StrCpy $INSTDIR "$LOCALAPPDATA\Programs\openfaxcom"
        ${EndIf}
        ${If} ${RunningX64}
            StrCpy $Dir64 "$INSTDIR\x64"
        ${Else}
            StrCpy $Dir64 ""
        ${EndIf}
        StrCpy $Dir32 "$INSTDIR\x86"
    ${EndIf}
    ${If} ${RunningX64}
        SetRegView 64   ; the DLLs of both bitnesses read the 64-bit view (KEY_WOW64_64KEY)
        StrCpy $Regsvr64 "$WINDIR\System32\regsvr32.exe"
        StrCpy $Regsvr32 "$WINDIR\SysWOW64\regsvr32.exe"
    ${Else}
        StrCpy $Regsvr32 "$WINDIR\System32\regsvr32.exe"
    ${EndIf}
FunctionEnd

; The DLLs register under HKCU\Software\Classes when FAXCOM_REGISTER_SCOPE=user (com_server_dll.h); regsvr32
; inherits the installer's environment. Cleared for a machine-wide install, whatever the user had set.
Function ${un}RegistrationScope
    ${If} $MachineWide == 1
        System::Call 'kernel32::SetEnvironmentVariable(t "FAXCOM_REGISTER_SCOPE", p 0)'
    ${Else}
        System::Call 'kernel32::SetEnvironmentVariable(t "FAXCOM_REGISTER_SCOPE", t "user")'
    ${EndIf}
FunctionEnd
!macroend
!insertmacro PLACES ""
!insertmacro PLACES "un."

; REGSVR32 EXE ARGS DLL: runs it and stops the install when it fails (an unregistered DLL is worse than none).
!macro REGSVR32 exe args dll
    DetailPrint "regsvr32 ${args} ${dll}"
    ClearErrors
    ExecWait '"${exe}" ${args} "${dll}"' $0
    ${If} ${Errors}
    ${OrIf} $0 != 0
        DetailPrint "regsvr32 ${args} ${dll} failed (exit $0)"
        MessageBox MB_ICONSTOP "regsvr32 ${args} ${dll} failed (exit code $0)." /SD IDOK
        SetErrorLevel 3
        Abort
    ${EndIf}
!macroend

; Unregistering keeps going on failure: the uninstaller still removes what it can.
!macro UNREGSVR32 exe dll
    ${If} ${FileExists} "${dll}"
        DetailPrint "regsvr32 /u ${dll}"
        ExecWait '"${exe}" /u /s "${dll}"' $0
    ${EndIf}
!macroend

; ---- installer ----

Function .onInit
    ${GetParameters} $R0
    StrCpy $InstDirGiven 0
    ${If} $INSTDIR != ""
        StrCpy $InstDirGiven 1
    ${EndIf}
    UserInfo::GetAccountType
    Pop $IsAdmin
    StrCpy $MachineWide 0
    ${If} $IsAdmin == "Admin"
        StrCpy $MachineWide 1
    ${EndIf}
    ClearErrors
    ${GetOptions} $R0 "/CURRENTUSER" $R1
    ${IfNot} ${Errors}
        StrCpy $MachineWide 0
    ${EndIf}
    ClearErrors
    ${GetOptions} $R0 "/ALLUSERS" $R1
    ${IfNot} ${Errors}
        ${If} $IsAdmin != "Admin"
            MessageBox MB_ICONSTOP "Installing for all users needs administrator rights; /CURRENTUSER installs for you alone." /SD IDOK
            SetErrorLevel 740   ; ERROR_ELEVATION_REQUIRED
            Quit
        ${EndIf}
        StrCpy $MachineWide 1
    ${EndIf}
    ClearErrors
    ${GetOptions} $R0 "/SERVER=" $Server
    ${If} ${Errors}
        StrCpy $Server ""
    ${EndIf}
    Call Places
    ; a reinstall keeps the server already set up, unless told another
    ${If} $Server == ""
        ReadRegStr $Server SHCTX "${SETTINGS_KEY}" "${SERVER_VALUE}"
    ${EndIf}
    ${If} $Server == ""
        StrCpy $Server "${DEFAULT_SERVER}"
    ${EndIf}
FunctionEnd

Function SettingsPage
    !insertmacro MUI_HEADER_TEXT "Fax server" "Where the fax DLLs send faxes, and for whom to install them."
    nsDialogs::Create 1018
    Pop $0
    ${NSD_CreateLabel} 0 0 100% 24u "The HylaFAX-protocol fax server (faxd or HylaFAX) that $\"Connect $\"$\"$\"$\" and Submit $\"$\"$\"$\" reach, as host or host:port:"
    Pop $0
    ${NSD_CreateText} 0 26u 100% 12u "$Server"
    Pop $ServerField
    ${NSD_CreateRadioButton} 0 50u 100% 12u "For all users of this computer (System32 and SysWOW64; needs administrator rights)"
    Pop $ScopeAllRadio
    ${NSD_CreateRadioButton} 0 64u 100% 12u "Only for me (my own folder; no administrator rights needed)"
    Pop $0
    ${If} $MachineWide == 1
        ${NSD_Check} $ScopeAllRadio
    ${Else}
        ${NSD_Check} $0
    ${EndIf}
    ${If} $IsAdmin != "Admin"
        EnableWindow $ScopeAllRadio 0
    ${EndIf}
    nsDialogs::Show
FunctionEnd

Function SettingsLeave
    ${NSD_GetText} $ServerField $Server
    ${If} $Server == ""
        MessageBox MB_ICONEXCLAMATION "Name the fax server (for example ${DEFAULT_SERVER})."
        Abort
    ${EndIf}
    ${NSD_GetState} $ScopeAllRadio $0
    ${If} $0 == ${BST_CHECKED}
        StrCpy $MachineWide 1
    ${Else}
        StrCpy $MachineWide 0
    ${EndIf}
    Call Places
FunctionEnd

; Windows' own fax feature ships fxscomex.dll and winfax.dll in System32, owned by the system: a machine-wide
; install never replaces them (nor would its uninstaller then delete them); a per-user install still works,
; since a user's COM classes win over the machine's.
!macro REFUSE_FOREIGN dir name
    ${If} ${FileExists} "${dir}\${name}"
    ${AndIf} $R9 == ""
        MessageBox MB_ICONSTOP "${dir}\${name} exists and was not installed by openfaxcom (Windows' own fax feature?). Install for the current user only (/CURRENTUSER) instead." /SD IDOK
        SetErrorLevel 5
        ${EnableX64FSRedirection}
        Abort
    ${EndIf}
!macroend

!macro INSTALL_DLLS dir arch
    SetOutPath "${dir}"
    File "${BUILD}/${arch}/faxcom.dll"
    File "${BUILD}/${arch}/fxscomex.dll"
    File "${BUILD}/${arch}/winfax.dll"
!macroend

Section "openfaxcom"
    Call RegistrationScope
    ${DisableX64FSRedirection}   ; $WINDIR\System32 is the 64-bit folder from here on
    ${If} $MachineWide == 1
        ReadRegStr $R9 HKLM "${UNINST_KEY}" "InstallLocation"
        ${If} $Dir64 != ""
            !insertmacro REFUSE_FOREIGN $Dir64 fxscomex.dll
            !insertmacro REFUSE_FOREIGN $Dir64 winfax.dll
            !insertmacro REFUSE_FOREIGN $Dir64 faxcom.dll
        ${EndIf}
        !insertmacro REFUSE_FOREIGN $Dir32 fxscomex.dll
        !insertmacro REFUSE_FOREIGN $Dir32 winfax.dll
        !insertmacro REFUSE_FOREIGN $Dir32 faxcom.dll
    ${EndIf}
    ; i686 first: where one registry view holds both registrations (a per-user install under Wine, whose
    ; HKCU\Software\Classes\CLSID is not redirected as Windows' is), the native bitness is the one kept.
    !insertmacro INSTALL_DLLS $Dir32 i686
    !insertmacro REGSVR32 $Regsvr32 /s "$Dir32\faxcom.dll"
    !insertmacro REGSVR32 $Regsvr32 /s "$Dir32\fxscomex.dll"
    ${If} $Dir64 != ""
        !insertmacro INSTALL_DLLS $Dir64 x86_64
        !insertmacro REGSVR32 $Regsvr64 /s "$Dir64\faxcom.dll"
        !insertmacro REGSVR32 $Regsvr64 /s "$Dir64\fxscomex.dll"
    ${EndIf}
    ${EnableX64FSRedirection}

    SetOutPath "$INSTDIR"
    WriteUninstaller "$INSTDIR\uninstall.exe"
    WriteRegStr SHCTX "${SETTINGS_KEY}" "${SERVER_VALUE}" "$Server"
    WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "openfaxcom ${VERSION} (Windows fax APIs for HylaFAX-protocol servers)"
    WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "openfaxcom"
    WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
    WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
    WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
    DetailPrint "fax server: $Server"
SectionEnd

; ---- uninstaller ----

Function un.onInit
    StrCpy $InstDirGiven 1   ; $INSTDIR is where this uninstaller lives
    ; machine-wide when the machine's entry names this folder; otherwise this user's install
    StrCpy $MachineWide 0
    ${If} ${RunningX64}
        SetRegView 64
    ${EndIf}
    ReadRegStr $R0 HKLM "${UNINST_KEY}" "InstallLocation"
    ${If} $R0 == $INSTDIR
        StrCpy $MachineWide 1
    ${EndIf}
    Call un.Places
FunctionEnd

!macro REMOVE_DLLS dir regsvr
    !insertmacro UNREGSVR32 ${regsvr} "${dir}\faxcom.dll"
    !insertmacro UNREGSVR32 ${regsvr} "${dir}\fxscomex.dll"
    Delete /REBOOTOK "${dir}\faxcom.dll"
    Delete /REBOOTOK "${dir}\fxscomex.dll"
    Delete /REBOOTOK "${dir}\winfax.dll"
!macroend

Section "Uninstall"
    Call un.RegistrationScope
    ${DisableX64FSRedirection}
    ${If} $Dir64 != ""
        !insertmacro REMOVE_DLLS $Dir64 $Regsvr64
    ${EndIf}
    !insertmacro REMOVE_DLLS $Dir32 $Regsvr32
    ${EnableX64FSRedirection}
    ${If} $MachineWide != 1
        RMDir "$INSTDIR\x64"
        RMDir "$INSTDIR\x86"
        ; the parents a per-user registration created, where nothing else of the user's is left in them
        DeleteRegKey /ifempty HKCU "Software\Classes\CLSID"
        DeleteRegKey /ifempty HKCU "Software\Classes\Interface"
        DeleteRegKey /ifempty HKCU "Software\Classes\TypeLib"
        DeleteRegKey /ifempty HKCU "Software\Classes"
    ${EndIf}

    DeleteRegValue SHCTX "${SETTINGS_KEY}" "${SERVER_VALUE}"
    ; an administrator's own values there (TraceFile, TimeoutSeconds) stay, and so do their keys
    DeleteRegKey /ifempty SHCTX "${SETTINGS_KEY}"
    DeleteRegKey /ifempty SHCTX "Software\openfaxcom"
    DeleteRegKey SHCTX "${UNINST_KEY}"
    ${If} $MachineWide != 1
        DeleteRegKey /ifempty HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall"
    ${EndIf}
    Delete "$INSTDIR\uninstall.exe"
    RMDir /REBOOTOK "$INSTDIR"
    ${If} $MachineWide != 1
        RMDir "$LOCALAPPDATA\Programs"   ; made by the install when it was not there; kept if anything is in it
    ${EndIf}
SectionEnd
