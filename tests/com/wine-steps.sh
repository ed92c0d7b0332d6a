# tests/com/wine-steps.sh - sourced by run-wine-tests and run-wine-tests-i686: one copy of the step
# bookkeeping (each step prints "N passed, M failed"; the caller sums total_passed/total_failed), the keys
# registration must create.

total_passed=0 total_failed=0

tally() {   # tally NAME OUTPUT-FILE: add the step's "N passed, M failed" to the totals
    local name=$1 out=$2 line
    line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
    if [[ -z $line ]]; then
        echo "FAIL $name: no 'N passed, M failed' line (the script died?)"
        sed 's/^/    /' "$out" | tail -15
        total_failed=$((total_failed + 1))
        return
    fi
    if grep -q 'OnScriptError' "$out"; then
        echo "FAIL $name: uncaught script error"
        grep -A3 'OnScriptError' "$out" | sed 's/^/    /'
        total_failed=$((total_failed + 1))
    fi
    grep '^FAIL' "$out" | sed 's/^/  /'
    read -r p _ f _ <<<"$line"
    total_passed=$((total_passed + p)) total_failed=$((total_failed + f))
    echo "$name: $line"
}

step_checks=() step_name=""
begin() { step_name=$1; step_checks=(); }
expect() {   # expect DESCRIPTION COMMAND...: one check of a shell-level step; a failure shows what it saw
    # The output goes to a file, not a pipe: a Wine command may start the prefix's services, which keep
    # its output open for as long as they live, and a pipe would then never reach its end.
    local out=${run_dir:-${TMPDIR:-/tmp}}/.expect.out rc=0
    "${@:2}" >"$out" 2>&1 </dev/null || rc=$?
    if [[ $rc -eq 0 ]]; then step_checks+=("ok")
    else step_checks+=("FAIL $1 (exit $rc: $(tr -d '\r' <"$out" | tail -1))"); fi
}
finish() {
    local p=0 f=0 c
    for c in "${step_checks[@]}"; do
        if [[ $c == ok ]]; then p=$((p + 1)); else f=$((f + 1)); echo "  $c"; fi
    done
    total_passed=$((total_passed + p)) total_failed=$((total_failed + f))
    echo "$step_name: $p passed, $f failed"
}

classes_root_keys() {   # the keys registration must create (and unregistration remove), under a classes root
    local r=$1
    printf '%s\n' "$r\\FaxServer.FaxServer" "$r\\FaxServer.FaxServer.1" "$r\\FaxTiff.FaxTiff" "$r\\FaxTiff.FaxTiff.1" \
        "$r\\CLSID\\{D73733C8-CC80-11D0-B225-00C04FB6C2F5}" "$r\\CLSID\\{87099231-C7AF-11D0-B225-00C04FB6C2F5}" \
        "$r\\TypeLib\\{87099223-C7AF-11D0-B225-00C04FB6C2F5}" "$r\\Interface\\{D73733C7-CC80-11D0-B225-00C04FB6C2F5}" \
        "$r\\Interface\\{B19BB45F-B91C-11D1-83E1-00C04FB6E984}" "$r\\Interface\\{55DABFD5-5C9E-11D1-B791-000000000000}"
}

comex_classes_root_keys() {   # the same for fxscomex.dll (faxcomex-api.md 1.2): two classes, the library, its interfaces
    local r=$1
    printf '%s\n' "$r\\FaxComEx.FaxServer" "$r\\FaxComEx.FaxServer.1" "$r\\FaxComEx.FaxDocument" \
        "$r\\FaxComEx.FaxDocument.1" "$r\\CLSID\\{CDA8ACB0-8CF5-4F6C-9BA2-5931D40C8CAE}" \
        "$r\\CLSID\\{0F3F9F91-C838-415E-A4F3-3E828CA445E0}" "$r\\TypeLib\\{2BF34C1A-8CAC-419F-8547-32FDF6505DB8}" \
        "$r\\Interface\\{475B6469-90A5-4878-A577-17A86E8E3462}" "$r\\Interface\\{B207A246-09E3-4A4E-A7DC-FEA31D29458F}" \
        "$r\\Interface\\{B9C9DE5A-894E-4492-9FA3-08C627C11D5D}"
}
