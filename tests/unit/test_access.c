/*
 * The hosts file (hosts.hfaxd format) as faxd reads it: rules decide who connects and with which password,
 * and a hostile or careless file is refused with a reason instead of exhausting faxd's memory (the patterns
 * below are what tests/fuzz/fuzz_access found).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#include "access.h"

static char path[] = "/tmp/openfaxcom-test-access-XXXXXX";

static struct access_rules *load(const char *text, char *why, size_t why_size)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    why[0] = 0;
    return access_load(path, why, why_size);
}

static void rules_decide_who_connects(void)
{
    struct access_decision decision;
    char why[256];
    struct access_rules *rules = load("# local clients, and alice from anywhere with a password\n"
                                      "^[a-z]+@127\\.0\\.0\\.1$\n"
                                      "!^mallory@\n"
                                      "^alice@([0-9]{1,3}\\.){3}[0-9]{1,3}$:1000:$1$ab$Qm7ibaJ0FMnh7mL9PBa0F.\n",
                                      why, sizeof(why));

    check(rules != NULL, "a hosts file with ordinary patterns loads (%s)", why);
    if (!rules)
        return;
    access_check(rules, "bob", "127.0.0.1", true, &decision);
    check(decision.allowed && !decision.needs_password, "bob on loopback connects without a password");
    access_check(rules, "mallory", "192.0.2.9", false, &decision);
    check(!decision.allowed, "mallory is denied");
    access_check(rules, "alice", "192.0.2.7", false, &decision);
    check(decision.allowed && decision.needs_password && !strcmp(decision.password_hash, "$1$ab$Qm7ibaJ0FMnh7mL9PBa0F."),
          "alice from elsewhere needs her password");
    access_check(rules, "eve", "192.0.2.7", false, &decision);
    check(!decision.allowed, "nobody else connects");
    access_free(rules);
    printf("rules: loopback, deny and password rules decide as written\n");
}

static void runaway_patterns_are_refused(void)
{
    static const char *const patterns[] = {
        "$2b\n^alic:\n!\xff\xff\xff\xff++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++\n",
        "((a{99}){99}){99}\n",
        "a{32767}\n",
        "\xfc\xfc$.m+++\n!s**************************************************************+++++++++\n",
        "^(alice|bob)@a**\n",
    };
    char why[256];

    for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
        struct access_rules *rules = load(patterns[i], why, sizeof(why));
        check(!rules && strstr(why, "repeats too much"), "runaway pattern %zu is refused (%s)", i, why);
        access_free(rules);
    }
    struct access_rules *rules = load("[+{}]+x{2,}\n", why, sizeof(why));
    check(rules != NULL, "'+' and '{' inside a bracket expression are plain characters (%s)", why);
    access_free(rules);
    printf("runaway patterns: %zu refused with a reason, none compiled\n", sizeof(patterns) / sizeof(patterns[0]));
}

int main(void)
{
    int fd = mkstemp(path);
    if (fd < 0) {
        printf("cannot make %s\n", path);
        return 1;
    }
    close(fd);
    rules_decide_who_connects();
    runaway_patterns_are_refused();
    unlink(path);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
