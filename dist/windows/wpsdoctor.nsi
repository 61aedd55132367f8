; WPS Sync Doctor: the Windows installer (NSIS 3.08 or newer, 64-bit).
;
; dist/windows.sh compiles it (makensis -INPUTCHARSET UTF8):
;   -DVERSION=0.1.0 -DVERSION4=0.1.0.1   product version, and its four-part form
;   -DPAYLOAD=<dir>   holds wpsdoctor.exe, wpsdoctor-tray.exe (both signed) and app.ico
;   -DOUTFILE=<exe>   the installer to write
;   -DSIGN=<script>   optional: signs the uninstaller in place (!uninstfinalize)
;
; Per-machine install to "Program Files\WPS Sync Doctor". It registers the
; agent service ("wpsdoctor.exe service install", then "service start": a
; failure of either is logged in install.log and does not stop the install,
; everything works through elevation prompts without the agent), starts the
; tray at login for every user (HKLM ...\Run), adds Start menu entries and
; the Add/Remove Programs entry. Silent: /S. The uninstaller stops and
; removes the service, the autostart, the Start menu entries and the files;
; each user's quarantine and journal (%APPDATA%\wpsdoctor) stay unless
; /PURGE is given (or the box is ticked).

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!ifndef VERSION | VERSION4 | PAYLOAD | OUTFILE
  !error "define VERSION, VERSION4, PAYLOAD and OUTFILE (see the top of this file)"
!endif

!define PRODUCT    "WPS Sync Doctor"
!define PUBLISHER  "WPS Sync Doctor project"
!define WEBSITE    "https://github.com/wpssyncdoctor/wpsdoctor"
!define APPKEY     "Software\WPS Sync Doctor"
!define UNINSTKEY  "Software\Microsoft\Windows\CurrentVersion\Uninstall\WPSSyncDoctor"
!define RUNKEY     "Software\Microsoft\Windows\CurrentVersion\Run"
!define RUNVALUE   "io.github.wpssyncdoctor"   ; the ID the tray itself uses under HKCU (platform/autostart)
!define DATADIR    "wpsdoctor"   ; platform/locations: %APPDATA%\wpsdoctor, %LOCALAPPDATA%\wpsdoctor
!define LOGFILE    "install.log"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

Name "$(ProductName)"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
InstallDirRegKey HKLM "${APPKEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

!ifdef SIGN
  !uninstfinalize '"${SIGN}" "%1"'
!endif

!define MUI_ICON   "${PAYLOAD}\app.ico"
!define MUI_UNICON "${PAYLOAD}\app.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION StartTray
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString ProductName       ${LANG_ENGLISH}     "WPS Sync Doctor"
LangString ProductName       ${LANG_SIMPCHINESE} "WPS 同步医生"
LangString UninstallLink     ${LANG_ENGLISH}     "Uninstall WPS Sync Doctor"
LangString UninstallLink     ${LANG_SIMPCHINESE} "卸载 WPS 同步医生"
LangString ServiceStep       ${LANG_ENGLISH}     "Background service:"
LangString ServiceStep       ${LANG_SIMPCHINESE} "后台服务："
LangString ServiceFailed     ${LANG_ENGLISH}     "did not succeed; the installation continues. Fixes that need administrator rights will ask for them instead. Details are in install.log."
LangString ServiceFailed     ${LANG_SIMPCHINESE} "未成功；安装继续进行。需要管理员权限的修复将改为向您请求权限。详情见 install.log。"
LangString SecProgram        ${LANG_ENGLISH}     "Program files, shortcuts and background service"
LangString SecProgram        ${LANG_SIMPCHINESE} "程序文件、快捷方式和后台服务"
LangString SecPurge          ${LANG_ENGLISH}     "Also delete every user's quarantine and journal (cannot be undone)"
LangString SecPurge          ${LANG_SIMPCHINESE} "同时删除所有用户的隔离区和修复日志（无法恢复）"
LangString Needs64           ${LANG_ENGLISH}     "WPS Sync Doctor needs 64-bit Windows."
LangString Needs64           ${LANG_SIMPCHINESE} "WPS 同步医生需要 64 位 Windows。"
LangString PurgeDone         ${LANG_ENGLISH}     "Removed the quarantine and journal of every user."
LangString PurgeDone         ${LANG_SIMPCHINESE} "已删除所有用户的隔离区和修复日志。"

VIProductVersion "${VERSION4}"
VIFileVersion    "${VERSION4}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName"     "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName"     "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${PRODUCT} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion"     "${VERSION4}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion"  "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright"  "Copyright (C) WPS Sync Doctor contributors"

; Log writes one line to the details list and to $INSTDIR\install.log.
!macro Log TEXT
  Push "${TEXT}"
  !ifdef __UNINSTALL__
    Call un.LogLine
  !else
    Call LogLine
  !endif
!macroend
!define Log "!insertmacro Log"

!macro DefineLogLine PREFIX
Function ${PREFIX}LogLine
  Exch $R0
  Push $R1
  Push $R2
  DetailPrint "$R0"
  FileOpen $R1 "$INSTDIR\${LOGFILE}" a
  ${IfNot} ${Errors}
    FileSeek $R1 0 END $R2
    ${If} $R2 == 0
      FileWriteUTF16LE /BOM $R1 "$R0$\r$\n"
    ${Else}
      FileWriteUTF16LE $R1 "$R0$\r$\n"
    ${EndIf}
    FileClose $R1
  ${EndIf}
  Pop $R2
  Pop $R1
  Pop $R0
FunctionEnd
!macroend
!insertmacro DefineLogLine ""
!insertmacro DefineLogLine "un."

; Tolerated runs "$INSTDIR\wpsdoctor.exe ARGS", waits at most two minutes,
; and logs its exit code and output; a failure never aborts.
!macro Tolerated ARGS
  ${Log} "> wpsdoctor ${ARGS}"
  nsExec::ExecToStack /TIMEOUT=120000 '"$INSTDIR\wpsdoctor.exe" ${ARGS}'
  Pop $0
  Pop $1
  ${If} "$1" != ""
    ${Log} "$1"
  ${EndIf}
  ${If} "$0" == "0"
    ${Log} "wpsdoctor ${ARGS}: ok"
  ${Else}
    ${Log} "$(ServiceStep) wpsdoctor ${ARGS}: exit $0: $(ServiceFailed)"
  ${EndIf}
!macroend

; StopRunning ends the tray in every session and stops the service, so
; their files can be replaced or removed.
!macro StopRunning
  ${If} ${FileExists} "$INSTDIR\wpsdoctor.exe"
    !insertmacro Tolerated "service stop"
  ${EndIf}
  nsExec::ExecToStack '"$SYSDIR\taskkill.exe" /F /IM wpsdoctor-tray.exe'
  Pop $0
  Pop $1
!macroend

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Needs64)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Function StartTray
  ; The installer runs elevated; Explorer starts the tray as the signed-in user.
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\wpsdoctor-tray.exe"'
FunctionEnd

Section "$(SecProgram)" SEC_PROGRAM
  SectionIn RO
  SetOutPath "$INSTDIR"
  ${Log} "${PRODUCT} ${VERSION}: installing into $INSTDIR"
  !insertmacro StopRunning
  File "${PAYLOAD}\wpsdoctor.exe"
  File "${PAYLOAD}\wpsdoctor-tray.exe"
  File "${PAYLOAD}\app.ico"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  WriteRegStr HKLM "${APPKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${APPKEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${RUNKEY}" "${RUNVALUE}" '"$INSTDIR\wpsdoctor-tray.exe"'

  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(ProductName).lnk" "$INSTDIR\wpsdoctor-tray.exe" "" "$INSTDIR\app.ico"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(UninstallLink).lnk" "$INSTDIR\Uninstall.exe"

  WriteRegStr   HKLM "${UNINSTKEY}" "DisplayName" "$(ProductName)"
  WriteRegStr   HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr   HKLM "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr   HKLM "${UNINSTKEY}" "URLInfoAbout" "${WEBSITE}"
  WriteRegStr   HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\app.ico"
  WriteRegStr   HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr   HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr   HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" "$0"

  !insertmacro Tolerated "service install"
  !insertmacro Tolerated "service start"
  ${Log} "${PRODUCT} ${VERSION}: installed"
SectionEnd

Section "un.$(SecProgram)" SEC_UNPROGRAM
  SectionIn RO
  ${Log} "${PRODUCT} ${VERSION}: uninstalling from $INSTDIR"
  !insertmacro StopRunning
  ${If} ${FileExists} "$INSTDIR\wpsdoctor.exe"
    !insertmacro Tolerated "service uninstall"
  ${EndIf}
  DeleteRegValue HKLM "${RUNKEY}" "${RUNVALUE}"
  Delete "$SMPROGRAMS\${PRODUCT}\*.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  Delete "$INSTDIR\wpsdoctor.exe"
  Delete "$INSTDIR\wpsdoctor-tray.exe"
  Delete "$INSTDIR\app.ico"
  Delete "$INSTDIR\${LOGFILE}"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTKEY}"
  DeleteRegKey HKLM "${APPKEY}"
SectionEnd

; Off unless ticked or /PURGE: the quarantine holds the only copy of files
; a fix moved aside, and the journal is how those fixes are undone.
Section /o "un.$(SecPurge)" SEC_PURGE
  ${GetParent} "$PROFILE" $R2
  FindFirst $R3 $R4 "$R2\*"
  ${DoWhile} "$R4" != ""
    ${If} "$R4" != "."
    ${AndIf} "$R4" != ".."
      RMDir /r "$R2\$R4\AppData\Roaming\${DATADIR}"
      RMDir /r "$R2\$R4\AppData\Local\${DATADIR}"
    ${EndIf}
    FindNext $R3 $R4
  ${Loop}
  FindClose $R3
  SetShellVarContext current
  RMDir /r "$APPDATA\${DATADIR}"
  RMDir /r "$LOCALAPPDATA\${DATADIR}"
  SetShellVarContext all
  RMDir /r "$APPDATA\${DATADIR}"
  DetailPrint "$(PurgeDone)"
SectionEnd

; After the sections: it selects SEC_PURGE for /PURGE.
Function un.onInit
  SetRegView 64
  SetShellVarContext all
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SEC_PURGE} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
