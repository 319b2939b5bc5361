@echo off
rem Sample for the vendor: installs the helper for every user of this computer and places the
rem vendor's settings file where the helper reads it (%ProgramData%\Puente\helper.properties).
rem Run as administrator, next to the MSI and the helper.properties the vendor prepared.
rem NOT RUN: written on Linux, never run on Windows.
setlocal
set "HERE=%~dp0"
msiexec /i "%HERE%Ayuda remota Puente-0.1.0.msi" /qn /norestart || exit /b 1
if not exist "%ProgramData%\Puente" mkdir "%ProgramData%\Puente" || exit /b 1
copy /y "%HERE%helper.properties" "%ProgramData%\Puente\helper.properties" >nul || exit /b 1
echo Ayuda remota Puente instalada.
