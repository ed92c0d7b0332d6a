/*
 * faxd's per-address limits (guard.c) and the control-line reader's refusals (net.c): what keeps one
 * client from taking every session, guessing passwords without end, or smuggling bytes past a C string.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

#include "guard.h"
#include "net.h"

/* Three sessions from one address fit, a fourth does not; another address is counted apart; an ended
 * session frees its place. */
static void test_sessions_per_address(void)
{
    struct guard *guard = guard_new(3, 5, 300);

    for (int i = 0; i < 3; i++)
        check(guard_session_begin(guard, "192.0.2.7"), "session %d from 192.0.2.7 begins", i + 1);
    check(!guard_session_begin(guard, "192.0.2.7"), "a fourth from 192.0.2.7 is refused");
    check(guard_session_begin(guard, "192.0.2.8"), "192.0.2.8 has places of its own");
    guard_session_end(guard, "192.0.2.7");
    check(guard_session_begin(guard, "192.0.2.7"), "an ended session frees its place");
    guard_session_end(guard, "198.51.100.1");   /* never began: no effect, no crash */
    guard_free(guard);
}

/* Failures lock the address out at the limit, not before; a good login forgives earlier failures; a
 * locked address stays locked whatever it sends; other addresses are not affected. */
static void test_login_failures(void)
{
    struct guard *guard = guard_new(16, 3, 3600);

    check(!guard_login_failed(guard, "192.0.2.9") && !guard_login_failed(guard, "192.0.2.9"),
          "two failures do not lock");
    guard_login_ok(guard, "192.0.2.9");
    check(!guard_login_failed(guard, "192.0.2.9") && !guard_login_failed(guard, "192.0.2.9"),
          "after a good login two more do not lock either");
    check(guard_login_failed(guard, "192.0.2.9"), "the third in a row locks the address");
    check(guard_locked_out(guard, "192.0.2.9"), "which is then locked out");
    guard_login_ok(guard, "192.0.2.9");
    check(guard_locked_out(guard, "192.0.2.9"), "a good password does not lift a lock-out");
    check(!guard_locked_out(guard, "192.0.2.10"), "another address is not locked");
    guard_free(guard);

    guard = guard_new(16, 1, 0);   /* login-lockout 0: failures are only slowed, never locked out */
    check(!guard_login_failed(guard, "192.0.2.11") && !guard_locked_out(guard, "192.0.2.11"),
          "with login-lockout 0 nothing is locked");
    guard_free(guard);
}

/* Many addresses that come and go do not fill the table: idle entries are reused. */
static void test_many_addresses(void)
{
    struct guard *guard = guard_new(1, 5, 300);
    char address[64];
    int refused = 0;

    for (int i = 0; i < 20000; i++) {
        snprintf(address, sizeof(address), "10.%d.%d.%d", i >> 16 & 255, i >> 8 & 255, i & 255);
        if (!guard_session_begin(guard, address))
            refused++;
        guard_session_end(guard, address);
    }
    check(refused == 0, "20000 addresses one after another all get in (%d refused)", refused);
    guard_free(guard);
}

static enum net_read read_one(const char *bytes, size_t size, char *out, size_t out_size)
{
    int pair[2];
    struct net_lines lines = { 0 };
    enum net_read got;

    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0)
        return NET_CLOSED;
    lines.fd = pair[0];
    if (write(pair[1], bytes, size) != (ssize_t)size)
        got = NET_CLOSED;
    else
        got = net_read_line(&lines, out, out_size, 10000);
    close(pair[0]);
    close(pair[1]);
    return got;
}

static void test_line_reader(void)
{
    static const char nul[] = "RETR recvq/fax00000001.tif\0/../../etc/shadow\r\n";
    char out[64];

    check(read_one("NOOP\r\n", 6, out, sizeof(out)) == NET_LINE && !strcmp(out, "NOOP"), "a plain line: %s", out);
    check(read_one(nul, sizeof(nul) - 1, out, sizeof(out)) == NET_NUL_BYTE, "a line with a NUL byte is refused whole");
    check(read_one("NOOP xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n", 75, out, sizeof(out))
              == NET_TOO_LONG, "a line longer than the buffer is refused whole");
}

int main(void)
{
    test_sessions_per_address();
    test_login_failures();
    test_many_addresses();
    test_line_reader();
    printf("faxd guard: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
