# tests/com/trace-checks.sh - sourced by run-wine-tests: the protocol trace (docs/troubleshooting.md)
# from VBScript. Needs run-wine-tests' helpers and variables: begin/expect/finish/tally, build, arch,
# root, run_dir, fixtures, wine_user, cred_port (faxd asking $wine_user for the password "secret") and
# main_port (faxd without passwords).

trace_dir=$run_dir/trace
mkdir -p "$trace_dir"
cp "$root/tests/com/faxtrace.vbs" "$trace_dir/"
trace_key='HKCU\Software\openfaxcom\FaxServer' machine_trace_key='HKLM\Software\openfaxcom\FaxServer'

# faxtrace MODE SERVER OUT [VAR=VALUE...]: the script under cscript, the debugger output included
faxtrace() {
    local mode=$1 server=$2 out=$3
    (cd "$trace_dir" && for setting in "${@:4}"; do export "$setting"; done
     WINEDEBUG=-all,fixme+wscript,warn+seh,+debugstr wine cscript //nologo faxtrace.vbs "$fixtures" "$server" "$mode" \
        > "$out" 2>&1)
}
# lines_all_match FILE REGEX: the file has lines, and every one matches
lines_all_match() { [[ -s $1 ]] && ! grep -qvE "$2" "$1"; }

trace_file=$trace_dir/send-trace.log
wine "$(winpath "$build/$arch/credentials_client.exe")" --store 127.0.0.1 secret >/dev/null 2>&1
faxtrace send "127.0.0.1:$cred_port" "$trace_dir/send.out" FAXCOM_TRACE="$(winpath "$trace_file")"
wine "$(winpath "$build/$arch/credentials_client.exe")" --forget 127.0.0.1 >/dev/null 2>&1
tally "cscript faxtrace.vbs (FAXCOM_TRACE set, password-protected faxd)" "$trace_dir/send.out"
tr -d '\r' < "$trace_file" > "$trace_dir/send-trace.txt" 2>/dev/null
t=$trace_dir/send-trace.txt

begin "trace file: the exchange, masked, timed"
expect "every line: UTC time in ms, process id, then the server or faxcom" lines_all_match "$t" \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z pid [0-9]+ (127\.0\.0\.1:[0-9]+|faxcom) '
expect "the connection, with its time" grep -qE "127\.0\.0\.1:$cred_port -- connected to 127\.0\.0\.1:$cred_port \([0-9]+ ms\)$" "$t"
expect "the greeting's reply code" grep -qE "<- 220 .*\([0-9]+ ms\)$" "$t"
expect "USER with the Windows user" grep -qF -- "-> USER $wine_user" "$t"
expect "331: the server asks for the password" grep -qE "<- 331 .*\([0-9]+ ms\)$" "$t"
expect "PASS masked" grep -qE -- "-> PASS \*\*\*\*$" "$t"
expect "the password itself nowhere" bash -c "! grep -q secret '$t'"
expect "230 after the password" grep -qE "<- 230 " "$t"
expect "the upload: STOT, its bytes and time" grep -qE "== STOT: sent [1-9][0-9]* bytes in [0-9]+ ms$" "$t"
expect "the job's submission and reply" bash -c "grep -qF -- '-> JSUBM' '$t' && grep -qE '<- 200 Job [0-9]+ submitted' '$t'"
expect "the listing: LIST sendq summarised" grep -qE "== LIST sendq: received [0-9]+ bytes in [0-9]+ ms$" "$t"
expect "the kill, then the refused pause with its reply code" bash -c \
    "grep -qE -- '-> JKILL [0-9]+$' '$t' && grep -qE -- '-> JSUSP [0-9]+$' '$t' && grep -qE '<- 5[0-9]{2} ' '$t'"
expect "the failure the script saw, with source and HRESULT" \
    grep -qE "faxcom !! FaxServer\.FaxJob: FaxJob\.SetStatus\(2\) .* failed: .*\(0x80070005\)$" "$t"
grep -- ' <- ' "$t" > "$trace_dir/replies.txt"
expect "every reply timed" lines_all_match "$trace_dir/replies.txt" '\((\+[0-9]+ lines, )?[0-9]+ ms\)$'
expect "the session's close" grep -qE -- "-- closed$" "$t"
expect "OutputDebugString carries the failure (WINEDEBUG warn+seh)" \
    grep -qF 'OutputDebugStringA "faxcom: FaxServer.FaxJob: FaxJob.SetStatus(2)' "$trace_dir/send.out"
finish
cp "$t" "$run_dir/trace-example.txt"   # the excerpt docs/troubleshooting.md shows comes from here

# The registry value: HKCU first, then HKLM; the environment variable is not set for these runs.
begin "TraceFile registry value (HKCU, then HKLM)"
user_file=$trace_dir/user-trace.log machine_file=$trace_dir/machine-trace.log
wine reg add "$trace_key" /v TraceFile /t REG_SZ /d "$(winpath "$user_file")" /f >/dev/null 2>&1
wine reg add "$machine_trace_key" /v TraceFile /t REG_SZ /d "$(winpath "$machine_file")" /f >/dev/null 2>&1
faxtrace connect "127.0.0.1:$main_port" "$trace_dir/user.out"
expect "the script runs (HKCU value)" grep -q '(connect): 1 passed, 0 failed' "$trace_dir/user.out"
expect "HKCU TraceFile: the exchange is traced" grep -qE -- "-> LIST sendq" "$user_file"
expect "HKCU wins over HKLM" test ! -e "$machine_file"
wine reg delete "$trace_key" /v TraceFile /f >/dev/null 2>&1
faxtrace connect "127.0.0.1:$main_port" "$trace_dir/machine.out"
expect "HKLM TraceFile: the exchange is traced" grep -qE -- "-> USER $wine_user" "$machine_file"
wine reg delete "$machine_trace_key" /v TraceFile /f >/dev/null 2>&1
rm -f "$user_file" "$machine_file"
faxtrace connect "127.0.0.1:$main_port" "$trace_dir/off.out"
expect "the script runs with the trace off" grep -q '(connect): 1 passed, 0 failed' "$trace_dir/off.out"
expect "values removed: no trace written" bash -c "! ls '$trace_dir' | grep -q 'user-trace\|machine-trace'"
finish

begin "a trace file that cannot be written"
faxtrace connect "127.0.0.1:$main_port" "$trace_dir/unwritable.out" \
    FAXCOM_TRACE="$(winpath "$trace_dir/no-such-folder/trace.log")"
expect "the script still succeeds" grep -q '(connect): 1 passed, 0 failed' "$trace_dir/unwritable.out"
expect "OutputDebugString says so, once" \
    test "$(grep -c 'OutputDebugStringA "faxcom: cannot write the trace file' "$trace_dir/unwritable.out")" -eq 1
finish
