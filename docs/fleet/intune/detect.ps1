<#
.SYNOPSIS
  Intune Remediations, detection script: is WPS cloud sync healthy here?

.DESCRIPTION
  Runs `wpsdoctor.exe check --json` and maps its exit code (0 healthy,
  1 warnings, 2 problems, 3 the tool failed) to what Intune expects:
  exit 0 = compliant (healthy), exit 1 = run the remediation script.
  The last line written is what Intune shows as the detection output:
  "healthy", or the state and the codes of what failed or warned
  (`wpsdoctor explain CODE` tells what a code means).

  Assign with "Run this script using the logged-on credentials" = Yes:
  the check looks at the signed-in user's WPS. Run in 64-bit PowerShell.
#>

# Not 'Stop': Windows PowerShell 5.1 would turn any line wpsdoctor writes to
# stderr (a notice) into a terminating error when stderr is redirected.
$ErrorActionPreference = 'Continue'

# The exit codes of `wpsdoctor check` (they never change meaning).
$ExitHealthy = 0
$ExitWarnings = 1
$ExitFailures = 2
$ExitToolFailure = 3

function Find-WpsDoctor {
    $candidates = @(
        (Join-Path $env:ProgramFiles 'WPS Sync Doctor\wpsdoctor.exe'),
        (Join-Path $env:LOCALAPPDATA 'Programs\WPS Sync Doctor\wpsdoctor.exe')
    )
    foreach ($c in $candidates) {
        if (Test-Path -LiteralPath $c -PathType Leaf) { return $c }
    }
    $cmd = Get-Command -Name 'wpsdoctor.exe' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($cmd) { return $cmd.Source }
    return $null
}

# Get-Codes returns the distinct codes of the findings with one of the statuses.
function Get-Codes($Report, [string[]]$Statuses) {
    @($Report.findings | Where-Object { $Statuses -contains $_.status -and $_.code -match '^[A-Za-z0-9._-]+$' } |
        ForEach-Object { $_.code } | Select-Object -Unique)
}

$exe = Find-WpsDoctor
if (-not $exe) {
    Write-Output 'wpsdoctor.exe not found: deploy WPS Sync Doctor first'
    exit 1
}

$json = & $exe check --json 2>$null | Out-String
$code = $LASTEXITCODE

switch ($code) {
    $ExitHealthy {
        Write-Output 'healthy'
        exit 0
    }
    $ExitToolFailure {
        Write-Output 'tool failure: run wpsdoctor.exe check on this computer to see why'
        exit 1
    }
}
if ($code -ne $ExitWarnings -and $code -ne $ExitFailures) {
    Write-Output "unexpected exit code $code"
    exit 1
}

$statuses = if ($code -eq $ExitFailures) { @('fail') } else { @('warn', 'error') }
$state = if ($code -eq $ExitFailures) { 'problems' } else { 'warnings' }
try {
    $codes = Get-Codes -Report ($json | ConvertFrom-Json -ErrorAction Stop) -Statuses $statuses
} catch {
    $codes = @()
}
Write-Output ("{0}: {1}" -f $state, ($codes -join ','))
exit 1
