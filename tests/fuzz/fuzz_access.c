/* libFuzzer target for the hosts file (hosts.hfaxd format): load the rules, then ask them about a local and
 * a remote user, and check a password against whatever hash the matching rule gave. */
#include <stdlib.h>

#include "access.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct access_decision decision;
    struct access_rules *rules;
    const char *path;
    char why[256];

    if (size > 4096 || !(path = fuzz_file(data, size)))   /* a hosts file is a few lines */
        return 0;
    if (!(rules = access_load(path, why, sizeof(why))))
        return 0;
    access_check(rules, "alice", "127.0.0.1", true, &decision);
    access_check(rules, "bob", "192.0.2.7", false, &decision);
    if (decision.needs_password)
        (void)access_password_ok(decision.password_hash, "secret");
    access_free(rules);
    return 0;
}
