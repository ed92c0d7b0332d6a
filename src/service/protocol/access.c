#include "access.h"

#include <crypt.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct access_rule {
    regex_t pattern;
    bool deny;
    char password[128], admin[128];
};

struct access_rules {
    bool default_rule;
    struct access_rule *rules;
    size_t count;
};

/* glibc compiles "x+" and "x{m,n}" by copying x, and then works out each node's closure, so nested or
 * chained repeats grow the compiled pattern multiplicatively and its closures with the square of that:
 * "a++++...", "s****...+++" or "((a{99}){99}){99}" in a hosts file would exhaust memory (found by
 * tests/fuzz/fuzz_access). An address or user pattern needs little: a repeat of a repeat ("a**", POSIX
 * leaves it undefined) is refused, and the product of the repeat counts times the length is bounded. */
#define ACCESS_PATTERN_COST_MAX 4096

static bool pattern_too_costly(const char *pattern)
{
    long long cost = (long long)strlen(pattern) + 1;
    bool after_repeat = false;

    for (const char *c = pattern; *c && cost <= ACCESS_PATTERN_COST_MAX; c++) {
        bool repeat = *c == '+' || *c == '*' || *c == '?' || *c == '{';
        if (repeat && after_repeat)
            return true;
        after_repeat = repeat;
        if (*c == '\\' && c[1]) {
            c++;
        } else if (*c == '[') {   /* a bracket expression: its '+' and '{' are plain characters */
            c += c[1] == '^';
            c += c[1] == ']';
            while (c[1] && c[1] != ']')
                c++;
        } else if (*c == '+') {
            cost *= 2;
        } else if (*c == '{') {
            long long count = 0, bound = 0;
            for (c++; *c && *c != '}'; c++)
                if (*c >= '0' && *c <= '9')
                    count = count < 100000 ? count * 10 + (*c - '0') : count;
                else if (*c == ',')
                    bound = count + 1, count = 0;   /* "{m,}" copies m + 1 times */
                else
                    break;
            cost *= 1 + (count > bound ? count : bound);
            if (!*c)
                break;
        }
    }
    return cost > ACCESS_PATTERN_COST_MAX;
}

struct access_rules *access_load(const char *path, char *why, size_t why_size)
{
    struct access_rules *rules = calloc(1, sizeof(*rules));
    char line[1024];
    int number = 0;
    FILE *f;

    if (!rules)
        return NULL;
    if (!path) {
        rules->default_rule = true;
        return rules;
    }
    if (!(f = fopen(path, "r"))) {
        snprintf(why, why_size, "%s: cannot open", path);
        free(rules);
        return NULL;
    }
    while (fgets(line, sizeof(line), f)) {
        char *fields[4] = { line, "", "", "" }, *c;
        int n = 1;
        number++;
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        for (c = line; *c && n < 4; c++)
            if (*c == ':') {
                *c = 0;
                fields[n++] = c + 1;
            }
        struct access_rule *more = realloc(rules->rules, (rules->count + 1) * sizeof(*more));
        if (!more)
            break;
        rules->rules = more;
        struct access_rule *rule = &more[rules->count];
        memset(rule, 0, sizeof(*rule));
        rule->deny = fields[0][0] == '!';
        if (pattern_too_costly(fields[0] + rule->deny)) {
            snprintf(why, why_size, "%s:%d: pattern \"%s\" repeats too much", path, number, fields[0]);
            fclose(f);
            access_free(rules);
            return NULL;
        }
        if (regcomp(&rule->pattern, fields[0] + rule->deny, REG_EXTENDED | REG_NOSUB) != 0) {
            snprintf(why, why_size, "%s:%d: bad pattern \"%s\"", path, number, fields[0]);
            fclose(f);
            access_free(rules);
            return NULL;
        }
        snprintf(rule->password, sizeof(rule->password), "%s", fields[2]);
        snprintf(rule->admin, sizeof(rule->admin), "%s", fields[3]);
        rules->count++;
    }
    fclose(f);
    return rules;
}

void access_free(struct access_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->count; i++)
        regfree(&rules->rules[i].pattern);
    free(rules->rules);
    free(rules);
}

void access_check(const struct access_rules *rules, const char *user, const char *address, bool loopback,
                  struct access_decision *decision)
{
    char subject[256];

    memset(decision, 0, sizeof(*decision));
    if (rules->default_rule) {
        decision->allowed = loopback;
        return;
    }
    snprintf(subject, sizeof(subject), "%s@%s", user, address);
    for (size_t i = 0; i < rules->count; i++) {
        const struct access_rule *rule = &rules->rules[i];
        if (regexec(&rule->pattern, subject, 0, NULL, 0) != 0)
            continue;
        decision->allowed = !rule->deny;
        decision->needs_password = rule->deny || rule->password[0];
        snprintf(decision->password_hash, sizeof(decision->password_hash), "%s", rule->password);
        snprintf(decision->admin_hash, sizeof(decision->admin_hash), "%s", rule->admin);
        return;
    }
}

bool access_password_ok(const char *hash, const char *password)
{
    struct crypt_data data;
    const char *computed;

    if (!hash || !*hash)
        return false;
    memset(&data, 0, sizeof(data));
    computed = crypt_r(password, hash, &data);
    return computed && computed[0] != '*' && !strcmp(computed, hash);
}
