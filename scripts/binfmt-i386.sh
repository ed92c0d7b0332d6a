# scripts/binfmt-i386.sh - sourced by setup-i386 and emulate-i386: one copy of the i386 binfmt_misc entry.

# register_qemu_i386 BINFMT-DIR INTERPRETER: i386 ELF executables (ET_EXEC or ET_DYN) run through
# INTERPRETER. F: the kernel opens the interpreter when registering, so it is found from any mount namespace.
register_qemu_i386() {
    printf '%s' ':qemu-i386:M::\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:'"$2"':F' \
        > "$1/register"
}
