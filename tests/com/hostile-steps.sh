# tests/com/hostile-steps.sh - sourced by tests/com/run-wine-tests: the three DLLs against a hostile server
# (tests/com/hostile_server.py, a saboteur in front of a faxd whose lines never send, so the job each run
# queues stays there for the page and job cases, and whose recvq holds one fax for the message cases).
#   hostile_steps ARCH   runs hostile.vbs for faxcom.dll and fxscomex.dll and winfax_hostile.exe, side by
#                        side (each against a saboteur of its own), with FAXCOM_TIMEOUT=3; then checks that
#                        every case a client ran was played, that is that the client got as far as the step.
# A client still running after HOSTILE_GUARD seconds is killed and counted as a failure (hung).
HOSTILE_GUARD=${HOSTILE_GUARD:-900}

# hostile_client OUT PROGRAM ARGS...: one client in the run folder, its output in OUT; killed after the guard,
# which OUT then says (a hang is a failure, and the missing "N passed" line makes it one).
hostile_client() {
    local out=$1 rc=0
    shift
    (cd "$dir" && FAXCOM_TIMEOUT=3 WINEDEBUG=-all,fixme+wscript timeout -k 10 "$HOSTILE_GUARD" "$WINELOADER" "$@") \
        > "$out" 2>&1 || rc=$?
    [[ $rc -eq 124 || $rc -eq 137 ]] && echo "FAIL $* was still running after $HOSTILE_GUARD s: killed" >> "$out"
    return 0
}

hostile_steps() {
    local arch=$1 dir=$run_dir/hostile client pids=() servers=()
    rm -rf "$dir" && mkdir -p "$dir/faxd/spool/recvq"
    cp "$build/fixtures/win2k.tif" "$dir/faxd/spool/recvq/fax00000001.tif"
    start_faxd "$dir/faxd" $'line 1001 send=no\nline 1002 send=no\n'
    local port=$faxd_port pid=$faxd_pid
    # one queued job, for FaxEnumJobs/GetJobs to list and FaxGetPageData to render
    python3 - "$root/tests/service" "$port" "$build/fixtures/win2k.tif" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
import hfxclient
c = hfxclient.Client(int(sys.argv[2]))
c.login()
c.submit("1002", [c.upload(open(sys.argv[3], "rb").read(), form="TIFF")])
c.close()
EOF
    for client in faxcom comex winfax; do
        python3 "$root/tests/com/hostile_server.py" "$port" "$dir/$client.ports" "$dir/$client.played" &
        servers+=($!)
    done
    for client in faxcom comex winfax; do
        wait_until "$HANG_GUARD_TRIES" "the hostile server's ports" test -s "$dir/$client.ports"
    done
    cp "$root/tests/com/hostile.vbs" "$dir/"
    cp "$build/$arch/winfax.dll" "$build/$arch/winfax_hostile.exe" "$dir/"
    for client in faxcom comex; do
        hostile_client "$dir/$client.out" cscript //nologo hostile.vbs "$client" "$(winpath "$build/fixtures")" \
            "$(winpath "$dir/$client.ports")" "$(winpath "$dir")" &
        pids+=($!)
    done
    hostile_client "$dir/winfax.out" winfax_hostile.exe "$(winpath "$build/fixtures")" "$(winpath "$dir/winfax.ports")" &
    pids+=($!)
    wait "${pids[@]}"
    kill "${servers[@]}" "$pid" 2>/dev/null
    wait "${servers[@]}" "$pid" 2>/dev/null
    for client in faxcom comex winfax; do
        tally "hostile server: $client ($(grep -c '^ran ' "$dir/$client.out") cases)" "$dir/$client.out"
        begin "hostile server: $client reached every case's step"
        local name
        for name in $(grep '^ran ' "$dir/$client.out" | awk '{print $2}'); do
            expect "$client reached $name's step" grep -q "^played $name at" "$dir/$client.played"
        done
        expect "$client ran cases" grep -q '^ran ' "$dir/$client.out"
        finish
    done
}
