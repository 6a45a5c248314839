/**
 * The two fixed, read-only scripts sent to instances through AWS Systems
 * Manager (`AWS-RunShellScript` / `AWS-RunPowerShellScript`), and the one-shot
 * `cfn-hup --no-daemon` scripts of "Apply Now".
 *
 * They are constants: nothing from a template, a stack or the user is ever
 * put into them, so a parameter value or a resource name can never become
 * shell code on an instance. The caller sends exactly these lines
 * (test/unit/instances/script.test.ts proves it through the SSM stand-in,
 * which records what it received). The "since" of a check is applied by the
 * core parser to the log lines the script returns, not by the script.
 *
 * The report is line-oriented: `key=value` lines, then sections introduced by
 * `@@cfn-hup-tools section NAME`, ended by `@@cfn-hup-tools end` (its absence
 * means SSM truncated the output). Every section is bounded (lines × 200
 * characters) so the whole report stays under the 24,000 characters
 * GetCommandInvocation returns.
 *
 * Test-only: the POSIX script reads files under `$CFN_HUP_TOOLS_TEST_ROOT`
 * when that variable is set (the SSM stand-in in test/ points it at a
 * temporary directory laid out like an instance). SSM Run Command gives a
 * script no way to set it, so on a real instance it is empty and every path
 * is the real one.
 */

export const REPORT_MARK = '@@cfn-hup-tools';
export const REPORT_VERSION = '1';

/** Bounds per section (lines); every line is cut at 200 characters. */
export const LIMITS = { hupLog: 50, initLog: 30, cmdLog: 15, metadataBytes: 3000 } as const;

// Python logging lines start with a date; anything else continues the previous line (a traceback).
// Of a traceback only its last line (the exception) is kept, indented by two spaces; DEBUG lines go.
const AWK_LOG = [
  `awk '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / {`,
  `  if (tb != "") { print "  " tb; tb = "" }`,
  `  if ($0 ~ / \\[DEBUG\\] /) { skip = 1; next }`,
  `  skip = 0; print; next`,
  `}`,
  `{ if (!skip) tb = $0 }`,
  `END { if (tb != "") print "  " tb }'`,
].join('\n');

/** POSIX sh (works in dash and bash): SSM runs AWS-RunShellScript with `sh`. */
export const LINUX_REPORT_SCRIPT: readonly string[] = Object.freeze([
  '#!/bin/sh',
  '# cfn-hup Tools instance report (read-only). See the README, "Instance checks".',
  'R="${CFN_HUP_TOOLS_TEST_ROOT:-}"',
  'M="@@cfn-hup-tools"',
  'echo "$M report 1"',
  'echo "platform=linux"',
  'echo "now=$(date +%s)"',
  'echo "tz=$(date +%z)"',
  'hup=""',
  'for p in "$R/opt/aws/bin/cfn-hup" "$R/usr/local/bin/cfn-hup" "$R/usr/bin/cfn-hup"; do',
  '  if [ -z "$hup" ] && [ -x "$p" ]; then hup="$p"; fi',
  'done',
  'if [ -n "$hup" ]; then echo "installed=yes"; echo "cfn_hup=${hup#"$R"}"; else echo "installed=no"; fi',
  'if [ -d "$R/run/systemd/system" ] && command -v systemctl >/dev/null 2>&1; then',
  '  echo "service_manager=systemd"',
  '  echo "service_state=$(systemctl is-active cfn-hup 2>/dev/null)"',
  'elif [ -e "$R/etc/init.d/cfn-hup" ]; then',
  '  echo "service_manager=sysvinit"',
  'else',
  '  echo "service_manager=none"',
  'fi',
  'pf="$R/var/run/cfn-hup.pid"',
  'if [ -r "$pf" ]; then',
  '  pid=$(head -c 20 "$pf" | tr -cd 0-9)',
  '  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "pid_state=running"; else echo "pid_state=stale"; fi',
  'else',
  '  echo "pid_state=none"',
  'fi',
  'v=""',
  'if command -v rpm >/dev/null 2>&1; then v=$(rpm -q --qf "%{VERSION}-%{RELEASE}" aws-cfn-bootstrap 2>/dev/null) || v=""; fi',
  'if [ -z "$v" ] && command -v dpkg-query >/dev/null 2>&1; then v=$(dpkg-query -W -f "\\${Version}" aws-cfn-bootstrap 2>/dev/null) || v=""; fi',
  'if [ -z "$v" ] && command -v python3 >/dev/null 2>&1; then',
  '  v=$(python3 -c "from importlib.metadata import version; print(version(\'aws-cfn-bootstrap\'))" 2>/dev/null) || v=""',
  'fi',
  'echo "version=$(echo "$v" | head -n 1 | cut -c1-40)"',
  'c="$R/etc/cfn"',
  `echo "interval=$(grep -i -m 1 '^[[:space:]]*interval[[:space:]]*[=:]' "$c/cfn-hup.conf" 2>/dev/null | sed 's/^[^=:]*[=:]//' | tr -cd '0-9A-Za-z.+-' | cut -c1-12)"`,
  'echo "$M section hooks"',
  'for f in "$c/hooks.conf" "$c"/hooks.d/*; do',
  `  if [ -f "$f" ]; then grep -h '^[[:space:]]*\\[' "$f" 2>/dev/null | tr -d '[:space:]' | cut -c1-100; fi`,
  'done | head -n 20',
  'logs="$R/var/log"',
  'section() {',
  '  echo "$M section $1"',
  '  if [ -r "$logs/$1" ]; then',
  '    { if [ -r "$logs/$1.1" ]; then cat "$logs/$1.1"; fi; cat "$logs/$1"; } | $3 | tail -n "$2" | cut -c1-200',
  '  else',
  '    echo "$M missing"',
  '  fi',
  '}',
  `loglines() { ${AWK_LOG}; }`,
  `section cfn-hup.log ${LIMITS.hupLog} loglines`,
  `section cfn-init.log ${LIMITS.initLog} loglines`,
  `section cfn-init-cmd.log ${LIMITS.cmdLog} cat`,
  'echo "$M section metadata_db"',
  'db="$R/var/lib/cfn-hup/data/metadata_db.json"',
  `if [ -r "$db" ]; then head -c ${LIMITS.metadataBytes} "$db" | tr -d '\\n'; echo; else echo "$M missing"; fi`,
  'echo "$M end"',
  'exit 0',
]);

/** Windows PowerShell 5.1 compatible; kept minimal (it cannot be run in this repository's tests). */
export const WINDOWS_REPORT_SCRIPT: readonly string[] = Object.freeze([
  '# cfn-hup Tools instance report (read-only). See the README, "Instance checks".',
  "$ErrorActionPreference = 'SilentlyContinue'",
  "$M = '@@cfn-hup-tools'",
  '$d = Join-Path $env:SystemDrive cfn',
  "$exe = Join-Path $env:ProgramFiles 'Amazon\\cfn-bootstrap\\cfn-hup.exe'",
  '"$M report 1"',
  "'platform=windows'",
  '"now=$([DateTimeOffset]::UtcNow.ToUnixTimeSeconds())"',
  `"tz=$((Get-Date).ToString('zzz').Replace(':', ''))"`,
  "if (Test-Path $exe) { 'installed=yes' } else { 'installed=no' }",
  "'service_manager=windows'",
  '$s = Get-Service -Name cfn-hup',
  'if ($s) { "service_state=$($s.Status)" } else { \'service_state=missing\' }',
  '"version=$((Get-Item $exe).VersionInfo.ProductVersion)"',
  `$i = Select-String -Path (Join-Path $d 'cfn-hup.conf') -Pattern '^\\s*interval\\s*[=:]\\s*(\\S+)' | Select-Object -First 1`,
  'if ($i) { "interval=$($i.Matches[0].Groups[1].Value)" } else { \'interval=\' }',
  '"$M section hooks"',
  "Get-ChildItem (Join-Path $d 'hooks.conf'), (Join-Path $d 'hooks.d\\*') -File | Select-String -Pattern '^\\s*\\[' | Select-Object -First 20 | ForEach-Object { $_.Line.Trim() }",
  `foreach ($n in @(@('cfn-hup.log', ${LIMITS.hupLog}), @('cfn-init.log', ${LIMITS.initLog}), @('cfn-init-cmd.log', ${LIMITS.cmdLog}))) {`,
  '  "$M section $($n[0])"',
  "  $f = Join-Path $d ('log\\' + $n[0])",
  '  if (Test-Path $f) { Get-Content $f -Tail 400 | Where-Object { $_ -notmatch \' \\[DEBUG\\] \' } | Select-Object -Last $n[1] | ForEach-Object { if ($_.Length -gt 200) { $_.Substring(0, 200) } else { $_ } } } else { "$M missing" }',
  '}',
  '"$M section metadata_db"',
  "$db = Join-Path $d 'cfn-hup\\data\\metadata_db.json'",
  `if (Test-Path $db) { $t = (Get-Content $db -Raw) -replace '\\r?\\n', ''; if ($t.Length -gt ${LIMITS.metadataBytes}) { $t.Substring(0, ${LIMITS.metadataBytes}) } else { $t } } else { "$M missing" }`,
  '"$M end"',
]);

/**
 * "Apply Now": one cfn-hup pass (`cfn-hup --no-daemon`), which shares cfn-hup's
 * state with the daemon, so the daemon does not run the action again. Its exit
 * code is reported on the last line; the log lines it writes are read by the
 * next check.
 */
export const LINUX_APPLY_SCRIPT: readonly string[] = Object.freeze([
  '#!/bin/sh',
  '# cfn-hup Tools "Apply Now": one cfn-hup pass.',
  'R="${CFN_HUP_TOOLS_TEST_ROOT:-}"',
  'hup=""',
  'for p in "$R/opt/aws/bin/cfn-hup" "$R/usr/local/bin/cfn-hup" "$R/usr/bin/cfn-hup"; do',
  '  if [ -z "$hup" ] && [ -x "$p" ]; then hup="$p"; fi',
  'done',
  'if [ -z "$hup" ]; then echo "@@cfn-hup-tools apply-exit=127 (cfn-hup not found)"; exit 0; fi',
  'out=$("$hup" --no-daemon 2>&1)',
  'rc=$?',
  'printf "%s\\n" "$out" | tail -n 20 | cut -c1-200',
  'echo "@@cfn-hup-tools apply-exit=$rc"',
  'exit 0',
]);

export const WINDOWS_APPLY_SCRIPT: readonly string[] = Object.freeze([
  '# cfn-hup Tools "Apply Now": one cfn-hup pass.',
  "$exe = Join-Path $env:ProgramFiles 'Amazon\\cfn-bootstrap\\cfn-hup.exe'",
  "if (-not (Test-Path $exe)) { '@@cfn-hup-tools apply-exit=127 (cfn-hup not found)'; exit 0 }",
  '& $exe --no-daemon 2>&1 | Select-Object -Last 20',
  '"@@cfn-hup-tools apply-exit=$LASTEXITCODE"',
]);

export type InstancePlatform = 'linux' | 'windows';

export const SSM_DOCUMENTS: Record<InstancePlatform, string> = {
  linux: 'AWS-RunShellScript',
  windows: 'AWS-RunPowerShellScript',
};

export function reportScript(platform: InstancePlatform): readonly string[] {
  return platform === 'windows' ? WINDOWS_REPORT_SCRIPT : LINUX_REPORT_SCRIPT;
}

export function applyScript(platform: InstancePlatform): readonly string[] {
  return platform === 'windows' ? WINDOWS_APPLY_SCRIPT : LINUX_APPLY_SCRIPT;
}
