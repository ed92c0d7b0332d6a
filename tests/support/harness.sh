# tests/support/harness.sh - sourced by the shell test harnesses, benchmarks and the demo: one copy of
# the Wine setup, Windows paths, free ports and waits.
#
#   wine_setup ARCH [PREFIX]   exports WINEPREFIX (default BUILD/wineprefix, i686: BUILD/wineprefix-i686),
#                              WINEDEBUG=-all, LC_ALL, TZ=UTC; makes `wine` run ARCH's loader
#   wine_prefix_ready          creates the prefix once (i686: a WoW64 prefix), then starts one persistent wineserver
#   winpath PATH               the Z: path Wine programs see
#   free_port                  a free TCP port on 127.0.0.1
#   wait_port PORT [TRIES]     polls until something accepts on 127.0.0.1:PORT (TRIES x 0.05 s)
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
    if [[ ! -f $WINEPREFIX/system.reg ]]; then
        echo "creating the Wine prefix $WINEPREFIX (once)"
        if [[ $WINE_ARCH == i686 ]]; then
            # A WoW64 prefix (64-bit, with syswow64), as on 64-bit Windows; 32-bit programs run from syswow64.
            WINEARCH=win64 "$WINE64_LOADER" wineboot -i >/dev/null 2>&1
        else
            wine wineboot -i >/dev/null 2>&1
        fi
        # wineboot returns before the registry is flushed: wait for the server to write it out, so that
        # the first regsvr32 never races the prefix's own setup.
        wineserver -w
    fi
    wineserver -p
}

winpath() { printf 'Z:%s' "${1//\//\\}"; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_port() {
    local _i
    for ((_i = 0; _i < ${2:-200}; _i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "nothing accepts on 127.0.0.1:$1 after $(( ${2:-200} / 20 )) s" >&2
    return 1
}
