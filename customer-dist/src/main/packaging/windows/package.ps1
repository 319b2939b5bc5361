<#
.SYNOPSIS
  Builds the Puente helper's Windows installer (MSI or EXE) with its own Java runtime.

.DESCRIPTION
  Run on a Windows build host (not on Linux): JDK 17 or newer (jdeps, jlink, jpackage on PATH)
  and WiX Toolset 3.x (candle.exe and light.exe on PATH; jpackage 17 needs WiX 3, not 4 or 5).
  The same three steps as the Linux build (customer-dist/src/main/packaging/linux/package.sh):
    1. jdeps lists the modules the helper's jar uses; jlink makes a runtime of only those;
    2. jpackage makes an app image with two launchers: "Ayuda remota Puente" (a window, no
       console: what the Start-menu and desktop shortcuts open) and "puente-ayuda-consola" (the
       terminal face, for the vendor's support staff and scripts);
    3. jpackage makes the installer: Start-menu entry and desktop shortcut, per-machine install
       under "C:\Program Files\Puente Ayuda", upgrades in place (fixed upgrade code).
  The installer does not write %ProgramData%\Puente\helper.properties: the vendor's own installer
  or deployment tool places it (README, "Packaging the helper").

  NOT RUN: this script was written on Linux and has never been run on Windows. Check it on the
  first Windows build host before relying on it.

.EXAMPLE
  .\mvnw.cmd -DskipTests package
  powershell -ExecutionPolicy Bypass -File customer-dist\src\main\packaging\windows\package.ps1 -Type msi
#>
param(
  [string]$Jar = (Join-Path $PSScriptRoot "..\..\..\..\..\customer-app\target\puente-customer-app.jar"),
  [ValidateSet("msi", "exe")] [string]$Type = "msi",
  [string]$Version = "0.1.0",
  [string]$Dest = (Join-Path $PSScriptRoot "..\..\..\..\target\windows")
)
$ErrorActionPreference = "Stop"

foreach ($tool in "jdeps", "jlink", "jpackage", "candle", "light") {
  if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) {
    throw "$tool not found on PATH (JDK 17+ and WiX Toolset 3.x are needed)"
  }
}
$Jar = (Resolve-Path $Jar).Path
$work = Join-Path $Dest "work"
Remove-Item -Recurse -Force $Dest -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force (Join-Path $work "input") | Out-Null
Copy-Item $Jar (Join-Path $work "input")

# Modules jdeps sees, plus those reached by service lookup (TLS, Spanish locale data, code pages).
$modules = (& jdeps --print-module-deps --ignore-missing-deps --multi-release 17 $Jar).Trim()
$modules = "$modules,jdk.crypto.ec,jdk.localedata,jdk.charsets"
Write-Host "runtime modules: $modules"
& jlink --add-modules $modules --include-locales=es,en --strip-debug --no-header-files `
  --no-man-pages --compress=2 --output (Join-Path $work "runtime")
if ($LASTEXITCODE -ne 0) { throw "jlink failed" }

# The terminal face as a second launcher, with a console window.
$console = Join-Path $work "console.properties"
Set-Content -Encoding ASCII $console "win-console=true`r`n"

$icon = Join-Path $PSScriptRoot "puente-ayuda.ico"
$name = "Ayuda remota Puente"
& jpackage --type app-image --name $name --app-version $Version `
  --vendor "Puente" --description "Ayuda remota Puente" --icon $icon `
  --input (Join-Path $work "input") --main-jar (Split-Path $Jar -Leaf) `
  --main-class puente.customer.CustomerApp --runtime-image (Join-Path $work "runtime") `
  --java-options "-XX:+UseSerialGC" --java-options "-Xmx512m" `
  --add-launcher "puente-ayuda-consola=$console" `
  --dest $Dest
if ($LASTEXITCODE -ne 0) { throw "jpackage app-image failed" }

# A fixed upgrade code: a newer installer replaces the older one instead of installing beside it.
& jpackage --type $Type --app-image (Join-Path $Dest $name) --name $name --app-version $Version `
  --vendor "Puente" --description "Ayuda remota Puente: muestra un código para que soporte técnico le ayude." `
  --win-menu --win-menu-group "Puente" --win-shortcut `
  --install-dir "Puente Ayuda" `
  --win-upgrade-uuid "6c1f0e1e-4b8e-4a43-9a57-2f1d5e2b7c31" `
  --dest $Dest
if ($LASTEXITCODE -ne 0) { throw "jpackage $Type failed" }

Get-ChildItem $Dest -Filter "*.$Type" | ForEach-Object { Write-Host "installer: $($_.FullName) ($([math]::Round($_.Length / 1MB)) MB)" }
