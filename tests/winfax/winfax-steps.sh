# tests/winfax/winfax-steps.sh - sourced by tests/com/run-wine-tests (and its i686 batch): winfax.dll
# under Wine. Each client is run from a folder holding it and our winfax.dll, as an application ships
# it, against two faxds of its own: one that sends (from line 1001 only, so no job ever finds 1002 busy
# dialing 1002 itself and waits out a retry delay), and one whose lines do not
# send, so that its queue holds jobs for as long as the client needs them there (events, pause, resume).
# The events client also meets a busy far end and one that never answers through a faxd with a SIP line
# (tests/com/sip-failures.sh, which the caller sources).
#   winfax_steps ARCH   runs the W, A, events and page-data clients and tallies each.
winfax_steps() {
    local arch=$1 dir=$run_dir/winfax
    rm -rf "$dir" && mkdir -p "$dir"
    cp "$build/$arch/winfax.dll" "$build/$arch/winfax_client.exe" "$build/$arch/winfax_ansi.exe" \
        "$build/$arch/winfax_events.exe" "$build/$arch/winfax_pages.exe" "$dir/"
    start_faxd "$dir/faxd" $'line 1001\nline 1002 send=no\n'
    local port=$faxd_port pid=$faxd_pid
    start_faxd "$dir/faxd-hold" $'line 1001 send=no\nline 1002 send=no\n'
    local hold=$faxd_port hold_pid=$faxd_pid
    (cd "$dir" && wine winfax_client.exe "$(winpath "$build/fixtures")" "127.0.0.1:$port" "127.0.0.1:$hold") \
        > "$dir/client.out" 2>&1
    tally "winfax.dll C client (-lwinfax, W functions)" "$dir/client.out"
    (cd "$dir" && wine winfax_ansi.exe "$(winpath "$build/fixtures")" "127.0.0.1:$hold") > "$dir/ansi.out" 2>&1
    tally "winfax.dll C client (A functions, the caller's code page)" "$dir/ansi.out"
    sip_failures_start "$dir/sip"
    (cd "$dir" && wine winfax_events.exe "$(winpath "$build/fixtures")" "127.0.0.1:$port" "127.0.0.1:$hold" \
        "$sipf_server" "$sipf_busy" "$sipf_silent") > "$dir/events.out" 2>&1
    sip_failures_stop
    tally "winfax.dll event queues (SITE TRIGGER, both modes; busy and no answer over SIP)" "$dir/events.out"
    grep '^SKIP' "$dir/events.out" | tr -d '\r' | sed 's/^/  /'
    (cd "$dir" && wine winfax_pages.exe "$(winpath "$build/fixtures")" "127.0.0.1:$port" "127.0.0.1:$hold") \
        > "$dir/pages.out" 2>&1
    tally "winfax.dll FaxGetPageData of queued jobs" "$dir/pages.out"
    kill "$pid" "$hold_pid" 2>/dev/null; wait "$pid" "$hold_pid" 2>/dev/null
}
