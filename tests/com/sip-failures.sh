# tests/com/sip-failures.sh - sourced by tests/com/run-wine-tests (and its i686 batch): the far ends a job fails
# against, for the busy and no-answer event checks of fxscomex.dll and winfax.dll (issues 9 and 10).
#   sip_failures_start DIR   a faxd whose one line "sipF" is SIP (answer-timeout=5; max-dials 1, so a job ends at
#                            its first failed dial and no retry delay is ever waited out), a faxd whose SIP line
#                            does not receive (486 Busy Here to every INVITE) and, when sipp is installed, SIPp
#                            ringing forever (tests/sip/uas_ring_forever.xml: 180, then CANCEL gets 200 and 487).
#                            Sets sipf_server (host:port of the first faxd), sipf_busy and sipf_silent (SIP URIs the
#                            jobs dial directly; sipf_silent is "" without sipp).
#   sip_failures_stop        stops what sip_failures_start started.
sip_failures_start() {
    local dir=$1 busy_sip silent_sip
    sipf_pids=() sipf_silent=""
    busy_sip=$(free_port)
    start_faxd "$dir/faxd-busy" "line 3001 name=sipBusy type=sip listen=127.0.0.1:$busy_sip receive=no"$'\n'
    sipf_pids+=("$faxd_pid")
    sipf_busy="sip:3001@127.0.0.1:$busy_sip"
    if command -v sipp >/dev/null; then
        silent_sip=$(free_port)
        sipp -sf "$root/tests/sip/uas_ring_forever.xml" -i 127.0.0.1 -p "$silent_sip" -nostdin \
            -trace_err -error_file "$dir/sipp-ring.err" > "$dir/sipp-ring.out" 2>&1 &
        sipf_pids+=($!)
        sipf_silent="sip:3001@127.0.0.1:$silent_sip"
    fi
    start_faxd "$dir/faxd-sip" "line 2001 name=sipF type=sip listen=127.0.0.1:$(free_port) answer-timeout=5"$'\n'\
"max-dials 1"$'\n'"max-tries 1"$'\n'
    sipf_pids+=("$faxd_pid")
    sipf_server=127.0.0.1:$faxd_port
}

sip_failures_stop() {
    kill "${sipf_pids[@]}" 2>/dev/null
    wait "${sipf_pids[@]}" 2>/dev/null
}
