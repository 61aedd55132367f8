<#
.SYNOPSIS
  Intune Remediations, remediation script: apply the fixes WPS Sync Doctor
  suggests, from a list the organisation allows.

.DESCRIPTION
  Runs `wpsdoctor.exe check --json`, collects the fix IDs its warning and
  failing findings suggest, keeps only those in $Allowed, and applies them
  with `wpsdoctor.exe fix <IDs> --yes` (consent given by the organisation).
  Every fix is journaled and can be undone on the computer with
  `wpsdoctor.exe undo --last`.

  Exit 0 when the fixes were applied and the checks pass, else 1 (Intune
  then reports the remediation as failed; its detection script runs again
  after this one either way).

  Fixes that change system settings (dns.flush on some systems, dns.set,
  clock.sync, firewall.allow) need administrator rights: with the WPS Sync
  Doctor agent installed they go through it (its policy decides); without
  it they cannot be applied from a script run as the signed-in user.
  Assign with "Run this script using the logged-on credentials" = Yes.
#>

# Not 'Stop': Windows PowerShell 5.1 would turn any line wpsdoctor writes to
# stderr (a notice) into a terminating error when stderr is redirected.
$ErrorActionPreference = 'Continue'

# The fixes this organisation lets the script apply without asking. The
# whole list: `wpsdoctor.exe fixes`. wps.resignin (signs the user out) and
# wps.update (an installer) are left to people.
$Allowed = @('dns.flush', 'clock.sync', 'wps.cloud.restart', 'wps.cache.clear')

# The exit codes of `wpsdoctor fix` (they never change meaning).
$ExitFixDone = 0
$ExitFixPartial = 1
$ExitFixNotApplied = 2
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

$exe = Find-WpsDoctor
if (-not $exe) {
    Write-Output 'wpsdoctor.exe not found: deploy WPS Sync Doctor first'
    exit 1
}

$json = & $exe check --json 2>$null | Out-String
if ($LASTEXITCODE -eq $ExitToolFailure) {
    Write-Output 'tool failure: run wpsdoctor.exe check on this computer to see why'
    exit 1
}
try {
    $report = $json | ConvertFrom-Json -ErrorAction Stop
} catch {
    Write-Output 'the check did not print a report'
    exit 1
}

# The suggested fixes of what warned or failed, in the report's order,
# each once, and only the allowed ones (an ID is never built from text).
$ids = @($report.findings |
    Where-Object { @('warn', 'error', 'fail') -contains $_.status } |
    ForEach-Object { $_.fixes } |
    Where-Object { $Allowed -contains $_ } |
    Select-Object -Unique)
if ($ids.Count -eq 0) {
    Write-Output 'no allowed fix is suggested: see wpsdoctor.exe check on this computer'
    exit 1
}

# The IDs are passed as separate arguments, not as one command line.
& $exe fix @ids --yes 2>&1 | Out-Null
$code = $LASTEXITCODE
switch ($code) {
    $ExitFixDone { Write-Output ("fixed: {0}" -f ($ids -join ',')); exit 0 }
    $ExitFixPartial { Write-Output ("applied, some checks still fail: {0}" -f ($ids -join ',')); exit 1 }
    $ExitFixNotApplied { Write-Output ("not applied (refused, declined or rolled back): {0}" -f ($ids -join ',')); exit 1 }
}
Write-Output ("fix failed with exit code {0}: {1}" -f $code, ($ids -join ','))
exit 1
