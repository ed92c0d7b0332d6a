/* libFuzzer target for the hosts file (hosts.hfaxd format): load the rules, then ask them about a local and
 * a remote user. Password hashes are not checked: crypt(3) runs as many rounds as the hash asks ("$2b$31$"
 * takes hours), which is the administrator's choice, not a parser's fault. */
#include "fuzz_file.h"

#include <stdlib.h>

#include "access.h"

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
    access_free(rules);
    return 0;
}
