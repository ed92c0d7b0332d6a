# tests/support/harness.sh - sourced by the shell test harnesses, benchmarks and the demo: one copy of
# the Wine setup, Windows paths, free ports and waits.
#
#   wine_setup ARCH [PREFIX]   exports WINEPREFIX (default BUILD/wineprefix, i686: BUILD/wineprefix-i686),
#                              WINEDEBUG=-all, LC_ALL, TZ=UTC; makes `wine` run ARCH's loader
#   wine_prefix_ready          creates the prefix once (i686: a WoW64 prefix), then starts one persistent wineserver
#   winpath PATH               the Z: path Wine programs see
#   free_port                  a free TCP port on 127.0.0.1
#   wait_until TRIES WHAT CMD...  runs CMD every 0.05 s until it succeeds, at most TRIES times; on giving
#                              up says it waited for WHAT and for how long (the caller says what it saw)
#   wait_port PORT [PID]       polls until something accepts on 127.0.0.1:PORT; with PID, stops as soon as
#                              that process (the daemon meant to listen) has exited, and says so
#   start_faxd DIR CONFIG-TEXT a private faxd (BUILD/native/faxd): config, spool and log in DIR, on a free
#                              port; sets faxd_port and faxd_pid, adds the pid to faxd_pids
#   conf_word TEXT             TEXT as one faxd.conf word: double-quoted, with \" and \\ (paths may hold spaces)
#   daemon_dir VAR NAME        sets VAR to a new private directory that daemons running as another user
#                              (HylaFAX's, as uucp) can reach wherever the checkout lives
#   daemon_dir_remove DIR [KEEP]  removes it, first copying the daemons' logs into KEEP
#
# Why a `wine` function: once wine32 is installed, Debian's /usr/bin/wine starts the 32-bit loader,
# and a 64-bit-only prefix then fails with "could not load kernel32.dll". The x86_64 runs call the
# 64-bit loader by its path; the i686 runs the 32-bit one (natively, or through qemu-user's binfmt).

WINE64_LOADER=${WINE64_LOADER:-/usr/lib/wine/wine64}
WINE32_LOADER=${WINE32_LOADER:-/usr/lib/wine/wine}

wine_setup() {
    local arch=$1 build_dir=${BUILD_DIR:-$build}
    WINE_ARCH=$arch
    if [[ $arch == i686 ]]; then
        export WINEPREFIX=${2:-$build_dir/wineprefix-i686} WINELOADER=$WINE32_LOADER
    else
        export WINEPREFIX=${2:-$build_dir/wineprefix} WINELOADER=$WINE64_LOADER
    fi
    export WINEDEBUG=${WINEDEBUG_OVERRIDE:--all} LC_ALL=C.UTF-8 TZ=UTC
    unset DISPLAY
}

wine() { "$WINELOADER" "$@"; }

wine_prefix_ready() {
    # Ready means created to the end: system.reg alone also exists in a prefix whose wineboot was cut
    # short (the server saves the registry as it goes), and such a prefix is made again, not reused.
    if [[ ! -f $WINEPREFIX/.openfaxcom-ready ]]; then
        echo "creating the Wine prefix $WINEPREFIX (once)"
        if [[ -e $WINEPREFIX && $WINEPREFIX != "${BUILD_DIR:-$build}"/* ]]; then
            # not ours to remake: a prefix outside the build tree may be somebody's own
            echo "the Wine prefix $WINEPREFIX was not made by this harness; use an empty or new folder" >&2
            return 1
        fi
        wineserver -k >/dev/null 2>&1
        rm -rf "$WINEPREFIX"
        if [[ $WINE_ARCH == i686 ]]; then
            # A WoW64 prefix (64-bit, with syswow64), as on 64-bit Windows; 32-bit programs run from syswow64.
            WINEARCH=win64 "$WINE64_LOADER" wineboot -i >/dev/null 2>&1
        else
            wine wineboot -i >/dev/null 2>&1
        fi
        # wineboot returns while the prefix's services (services.exe, plugplay, winedevice, ...) are
        # still starting and writing the registry. They all end before the server they share exits:
        # waiting for that is waiting for the whole setup, so the first regsvr32 never races it.
        wineserver -w
        touch "$WINEPREFIX/.openfaxcom-ready"
    fi
    wineserver -p
}

winpath() { printf 'Z:%s' "${1//\//\\}"; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

conf_word() {
    local text=${1//\\/\\\\}
    printf '"%s"' "${text//\"/\\\"}"
}

# Tries a wait makes before it calls a daemon hung: 300 s at 0.05 s a try, a bound only a hung daemon
# reaches (a loaded CI machine running qemu and valgrind is slow, not wrong). A slow try only waits longer.
HANG_GUARD_TRIES=6000

wait_until() {
    local _tries=$1 _what=$2 _i
    shift 2
    for ((_i = 0; _i < _tries; _i++)); do
        "$@" && return 0
        sleep 0.05
    done
    echo "gave up waiting for $_what after $((_tries / 20)) s" >&2
    return 1
}

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

accepts_or_exited() { accepts "$1" || { [[ -n $2 ]] && ! kill -0 "$2" 2>/dev/null; }; }

wait_port() {
    local _port=$1 _pid=${2:-}
    wait_until "$HANG_GUARD_TRIES" "something to accept on 127.0.0.1:$_port" accepts_or_exited "$_port" "$_pid" ||
        return 1
    accepts "$_port" && return 0
    echo "process $_pid exited before anything accepted on 127.0.0.1:$_port" >&2
    return 1
}

# Assignments before the call reach faxd: `FAXD_TEST_TIME_OF_DAY=12:00 start_faxd ...`. The port free_port
# found may be taken by another process before faxd binds it (on a machine where other test runs open and
# close ports all the time); faxd then exits with "Address already in use", and another port is tried.
start_faxd() {
    local _try
    mkdir -p "$1"
    printf '%s' "$2" > "$1/faxd.conf"
    for _try in 1 2 3 4 5; do
        faxd_port=$(free_port)
        "${BUILD_DIR:-$build}/native/faxd" -c "$1/faxd.conf" --spool "$1/spool" --listen "127.0.0.1:$faxd_port" \
            --foreground > "$1/faxd.log" 2>&1 &
        faxd_pid=$!
        faxd_pids+=("$faxd_pid")
        wait_port "$faxd_port" "$faxd_pid" && return 0
        grep -q "Address already in use" "$1/faxd.log" || break
        echo "port $faxd_port was taken before faxd could bind it; trying another" >&2
    done
    echo "faxd did not start (its log: $1/faxd.log)" >&2
    return 1
}

# The checkout may sit under a 0700 home (/root on Debian) or anywhere else another user cannot search,
# so what such daemons read lives under the temporary directory instead: 0711, so they may pass through
# to what is theirs inside but cannot list it. The caller removes it in its exit trap.
daemon_dir() {
    local _dir
    _dir=$(mktemp -d "${TMPDIR:-/tmp}/openfaxcom-$2.XXXXXX") || return 1
    chmod 0711 "$_dir" || { rm -rf "$_dir"; return 1; }
    printf -v "$1" '%s' "$_dir"
}

# Keeps what a developer reads after a failure (the daemons' output, their log/ folders and queue
# files) under KEEP, then removes DIR; refuses anything daemon_dir did not make.
daemon_dir_remove() {
    local dir=$1 keep=${2:-}
    [[ -n $dir && $(basename "$dir") == openfaxcom-* && -d $dir ]] || return 0
    if [[ -n $keep ]]; then
        mkdir -p "$keep"
        (cd "$dir" && find . \( -name '*.out' -o -path '*/log/*' -o -path '*/sendq/q*' -o -path '*/doneq/q*' \) \
            -type f -exec cp --parents -p -t "$keep" {} +) 2>/dev/null
    fi
    rm -rf "$dir"
}
