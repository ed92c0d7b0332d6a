#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool set(char **field, const char *value)
{
    char *copy = strdup(value);
    if (!copy)
        return false;
    free(*field);
    *field = copy;
    return true;
}

static void free_line(struct faxd_line_config *line)
{
    char **strings[] = { &line->number, &line->name, &line->tsid, &line->csid, &line->owner, &line->listen, &line->proxy,
                         &line->user, &line->password, &line->media_address };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        free(*strings[i]);
        *strings[i] = NULL;
    }
}

static bool add_line(struct faxd_config *config, const char *number, const char *name)
{
    struct faxd_line_config *line;

    if (config->line_count == FAXD_MAX_LINES)
        return false;
    line = &config->lines[config->line_count++];
    memset(line, 0, sizeof(*line));
    line->send = line->receive = true;
    line->rings = 1;
    line->channels = 1;
    line->priority = (int)config->line_count;
    return set(&line->number, number) && set(&line->name, name) && set(&line->tsid, number)
           && set(&line->csid, number);
}

const char *faxd_route_guid(enum faxd_route_method method)
{
    switch (method) {
    case ROUTE_FOLDER: return "{92041a90-9af2-11d0-abf7-00c04fd91a4e}";
    case ROUTE_PRINT: return "{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}";
    case ROUTE_EMAIL: return "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}";
    }
    return "";
}

const char *faxd_route_name(enum faxd_route_method method)
{
    switch (method) {
    case ROUTE_FOLDER: return "Store in folder";
    case ROUTE_PRINT: return "Print";
    case ROUTE_EMAIL: return "Route through e-mail";
    }
    return "";
}

bool faxd_route_method_of(const char *guid, enum faxd_route_method *method)
{
    size_t length = strlen(guid);
    bool braced = length > 2 && guid[0] == '{' && guid[length - 1] == '}';

    for (int m = ROUTE_FOLDER; m <= ROUTE_EMAIL; m++) {
        const char *known = faxd_route_guid((enum faxd_route_method)m);   /* "{...}" */
        if (braced ? !strcasecmp(guid, known) : length == strlen(known) - 2 && !strncasecmp(guid, known + 1, length)) {
            *method = (enum faxd_route_method)m;
            return true;
        }
    }
    return false;
}

void faxd_config_defaults(struct faxd_config *config)
{
    memset(config, 0, sizeof(*config));
    set(&config->spool, "/var/spool/faxd");
    set(&config->listen[config->listen_count++], "127.0.0.1:4559");
    config->ecm = true;
    config->max_tries = 3;
    config->max_dials = 12;
    config->retry_delay = 300;
    config->kill_time = 3 * 3600;
    config->max_document_size = 50L * 1024 * 1024;
    config->max_sessions = 64;
    config->max_line_length = 4095;
    config->max_jobs_per_user = 1000;
    config->max_sessions_per_address = 32;
    config->max_login_failures = 5;
    config->login_lockout = 300;
    /* Two loopback lines, so a fresh install can fax itself: dial 1002 from 1001. */
    add_line(config, "1001", "loop1001");
    add_line(config, "1002", "loop1002");
}

void faxd_config_free(struct faxd_config *config)
{
    free(config->spool);
    for (size_t i = 0; i < config->listen_count; i++)
        free(config->listen[i]);
    for (size_t i = 0; i < config->line_count; i++)
        free_line(&config->lines[i]);
    free(config->access_file);
    free(config->archive_folder);
    free(config->log_file);
    free(config->user);
    free(config->sendmail);
    for (size_t i = 0; i < config->route_count; i++) {
        free(config->routes[i].line);
        free(config->routes[i].argument);
    }
    memset(config, 0, sizeof(*config));
}

static bool parse_bool(const char *value, bool *out)
{
    if (!strcasecmp(value, "yes") || !strcasecmp(value, "on") || !strcasecmp(value, "true") || !strcmp(value, "1"))
        *out = true;
    else if (!strcasecmp(value, "no") || !strcasecmp(value, "off") || !strcasecmp(value, "false") || !strcmp(value, "0"))
        *out = false;
    else
        return false;
    return true;
}

static bool parse_int(const char *value, long low, long high, int *out)
{
    char *end;
    long n = strtol(value, &end, 10);
    if (end == value || *end || n < low || n > high)
        return false;
    *out = (int)n;
    return true;
}

static bool parse_clock(const char *value, int *minutes)
{
    int h, m;
    char extra;
    if (sscanf(value, "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        return false;
    *minutes = h * 60 + m;
    return true;
}

bool faxd_config_fix_time_of_day(struct faxd_config *config, const char *text, char *why, size_t why_size)
{
    if (!parse_clock(text, &config->fixed_minute_of_day)) {
        snprintf(why, why_size, "FAXD_TEST_TIME_OF_DAY takes HH:MM, not \"%.40s\"", text);
        return false;
    }
    config->time_of_day_fixed = true;
    return true;
}

/* Splits "key value" and "line 1001 name=x tsid=\"...\"" words, honouring double quotes; -1 when a quote
 * is not closed (a value ending in a lone backslash would otherwise swallow the rest of the line). */
static int split(char *text, char *words[], int max)
{
    int n = 0;
    while (*text && n < max) {
        while (isspace((unsigned char)*text))
            text++;
        if (!*text || *text == '#')
            break;
        char *to = text;
        words[n++] = text;
        bool quoted = false;
        while (*text && (quoted || !isspace((unsigned char)*text))) {
            /* \" and \\ inside quotes, so a print command can quote a path with spaces */
            if (quoted && *text == '\\' && (text[1] == '"' || text[1] == '\\'))
                *to++ = *++text;
            else if (*text == '"')
                quoted = !quoted;
            else
                *to++ = *text;
            text++;
        }
        if (quoted)
            return -1;
        if (*text)
            text++;
        *to = 0;
    }
    return n;
}

static const char *apply_line_option(struct faxd_line_config *line, const char *option)
{
    const char *eq = strchr(option, '=');
    const char *value = eq ? eq + 1 : "";
    size_t key_length = eq ? (size_t)(eq - option) : strlen(option);

#define KEY(k) (key_length == strlen(k) && !strncasecmp(option, k, key_length))
    /* '|' separates the fields of SITE FAXD PORTS (docs/protocol.md) */
    if (KEY("name")) return !strchr(value, '|') && set(&line->name, value) ? NULL : "a name cannot contain |";
    if (KEY("tsid") || KEY("csid")) {
        char **ident = KEY("tsid") ? &line->tsid : &line->csid;
        if (strlen(value) > 20 || strchr(value, '|'))
            return "a TSID or CSID has at most 20 characters, and no |";
        return set(ident, value) ? NULL : "out of memory";
    }
    if (KEY("owner")) return *value && set(&line->owner, value) ? NULL : "owner= takes a user name";
    if (KEY("send")) return parse_bool(value, &line->send) ? NULL : "send= takes yes or no";
    if (KEY("receive")) return parse_bool(value, &line->receive) ? NULL : "receive= takes yes or no";
    if (KEY("rings")) return parse_int(value, 1, 99, &line->rings) ? NULL : "rings= takes 1 to 99";
    if (KEY("priority")) return parse_int(value, 1, 999, &line->priority) ? NULL : "priority= takes a number";
    if (KEY("type")) {
        if (strcasecmp(value, "loopback") && strcasecmp(value, "sip"))
            return "type= takes loopback or sip";
        line->type = strcasecmp(value, "sip") ? FAXD_LINE_LOOPBACK : FAXD_LINE_SIP;
        return NULL;
    }
    if (KEY("listen")) return *value && set(&line->listen, value) ? NULL : "listen= takes ADDRESS:PORT";
    if (KEY("proxy")) {
        if (strncasecmp(value, "sip:", 4) || !value[4])
            return "proxy= takes sip:HOST[:PORT]";
        return set(&line->proxy, value) ? NULL : "out of memory";
    }
    if (KEY("user")) return *value && !strpbrk(value, "@:;<> ") && set(&line->user, value) ? NULL
                                                                                            : "user= takes a SIP user name";
    if (KEY("password")) return set(&line->password, value) ? NULL : "out of memory";
    if (KEY("media-address")) return *value && set(&line->media_address, value) ? NULL : "media-address= takes an IP";
    if (KEY("register")) return parse_bool(value, &line->register_with_proxy) ? NULL : "register= takes yes or no";
    if (KEY("channels")) return parse_int(value, 1, FAXD_MAX_PORTS, &line->channels) ? NULL : "channels= takes 1 to 1024";
    if (KEY("t38")) {
        static const char *const policies[] = { "prefer", "accept", "never" };
        for (int i = 0; i < 3; i++)
            if (!strcasecmp(value, policies[i])) {
                line->t38 = i;
                return NULL;
            }
        return "t38= takes prefer, accept or never";
    }
    if (KEY("answer-timeout"))
        return parse_int(value, 5, 600, &line->answer_timeout) ? NULL : "answer-timeout= takes 5 to 600 seconds";
    if (KEY("silence-timeout"))
        return parse_int(value, 2, 600, &line->silence_timeout) ? NULL : "silence-timeout= takes 2 to 600 seconds";
    if (KEY("rtp-ports")) {
        if (sscanf(value, "%d-%d", &line->rtp_port_min, &line->rtp_port_max) != 2 || line->rtp_port_min < 1024
            || line->rtp_port_max > 65535 || line->rtp_port_min > line->rtp_port_max)
            return "rtp-ports= takes LOW-HIGH within 1024-65535";
        return NULL;
    }
#undef KEY
    return "unknown line option";
}

static const char *apply(struct faxd_config *config, char **w, int n, bool *lines_replaced)
{
    const char *key = w[0];
    int minutes;

    if (n < 2)
        return "a setting needs a value";
    if (!strcasecmp(key, "spool")) return set(&config->spool, w[1]) ? NULL : "out of memory";
    if (!strcasecmp(key, "listen")) {
        if (config->listen_count == FAXD_MAX_LISTEN)
            return "too many listen addresses";
        return set(&config->listen[config->listen_count++], w[1]) ? NULL : "out of memory";
    }
    if (!strcasecmp(key, "access-file")) return set(&config->access_file, w[1]) ? NULL : "out of memory";
    if (!strcasecmp(key, "log-file")) return set(&config->log_file, w[1]) ? NULL : "out of memory";
    if (!strcasecmp(key, "sendmail")) return set(&config->sendmail, w[1]) ? NULL : "out of memory";
    if (!strcasecmp(key, "archive")) {
        if (!strcasecmp(w[1], "off")) {
            free(config->archive_folder);
            config->archive_folder = NULL;
            return NULL;
        }
        return set(&config->archive_folder, w[1]) ? NULL : "out of memory";
    }
    if (!strcasecmp(key, "pacing")) {
        if (strcasecmp(w[1], "fast") && strcasecmp(w[1], "real-time"))
            return "pacing takes fast or real-time";
        config->real_time = !strcasecmp(w[1], "real-time");
        return NULL;
    }
    if (!strcasecmp(key, "ecm")) return parse_bool(w[1], &config->ecm) ? NULL : "ecm takes yes or no";
    if (!strcasecmp(key, "branding")) return parse_bool(w[1], &config->branding) ? NULL : "branding takes yes or no";
    if (!strcasecmp(key, "max-tries")) return parse_int(w[1], 1, 1000, &config->max_tries) ? NULL : "max-tries: 1-1000";
    if (!strcasecmp(key, "max-dials")) return parse_int(w[1], 1, 1000, &config->max_dials) ? NULL : "max-dials: 1-1000";
    if (!strcasecmp(key, "retry-delay"))
        return parse_int(w[1], 0, 86400, &config->retry_delay) ? NULL : "retry-delay: 0-86400 seconds";
    if (!strcasecmp(key, "kill-time"))
        return parse_int(w[1], 60, 30 * 86400, &config->kill_time) ? NULL : "kill-time: 60 seconds to 30 days";
    if (!strcasecmp(key, "max-sessions"))
        return parse_int(w[1], 1, 10000, &config->max_sessions) ? NULL : "max-sessions: 1-10000";
    if (!strcasecmp(key, "max-line-length"))
        return parse_int(w[1], 128, 4095, &config->max_line_length) ? NULL : "max-line-length: 128-4095 bytes";
    if (!strcasecmp(key, "max-jobs-per-user"))
        return parse_int(w[1], 1, 1000000, &config->max_jobs_per_user) ? NULL : "max-jobs-per-user: 1-1000000";
    if (!strcasecmp(key, "max-sessions-per-address"))
        return parse_int(w[1], 1, 10000, &config->max_sessions_per_address) ? NULL
                                                                               : "max-sessions-per-address: 1-10000";
    if (!strcasecmp(key, "max-login-failures"))
        return parse_int(w[1], 1, 1000, &config->max_login_failures) ? NULL : "max-login-failures: 1-1000";
    if (!strcasecmp(key, "login-lockout"))
        return parse_int(w[1], 0, 86400, &config->login_lockout) ? NULL : "login-lockout: 0-86400 seconds";
    if (!strcasecmp(key, "user")) return set(&config->user, w[1]) ? NULL : "out of memory";
    if (!strcasecmp(key, "max-document-size")) {
        int megabytes;
        if (!parse_int(w[1], 1, 2000, &megabytes))
            return "max-document-size: 1-2000 (megabytes)";
        config->max_document_size = megabytes * 1024L * 1024L;
        return NULL;
    }
    if (!strcasecmp(key, "discount-window")) {
        char *dash = strchr(w[1], '-');
        if (!dash)
            return "discount-window takes HH:MM-HH:MM";
        *dash = 0;
        if (!parse_clock(w[1], &minutes) || !parse_clock(dash + 1, &config->discount_end))
            return "discount-window takes HH:MM-HH:MM";
        config->discount_start = minutes;
        return NULL;
    }
    if (!strcasecmp(key, "route")) {
        static const char *const methods[] = { [ROUTE_FOLDER] = "folder", [ROUTE_PRINT] = "print", [ROUTE_EMAIL] = "email" };
        struct faxd_route *route;
        if (n != 4)
            return "route takes a line number, a method (folder, print or email) and its argument";
        if (config->route_count == FAXD_MAX_ROUTES)
            return "too many routes";
        route = &config->routes[config->route_count];
        memset(route, 0, sizeof(*route));
        for (int m = ROUTE_FOLDER; m <= ROUTE_EMAIL; m++)
            if (!strcasecmp(w[2], methods[m])) {
                route->method = (enum faxd_route_method)m;
                route->enabled = true;
            }
        if (!route->enabled)
            return "the method is folder, print or email";
        if (!set(&route->line, w[1]) || !set(&route->argument, w[3]))
            return "out of memory";
        config->route_count++;
        return NULL;
    }
    if (!strcasecmp(key, "line")) {
        if (!*lines_replaced) {   /* lines in the file replace the default pair */
            for (size_t i = 0; i < config->line_count; i++)
                free_line(&config->lines[i]);
            config->line_count = 0;
            *lines_replaced = true;
        }
        for (const char *c = w[1]; *c; c++)
            if (!isdigit((unsigned char)*c))
                return "a line number is digits";
        char name[32];
        snprintf(name, sizeof(name), "loop%.20s", w[1]);
        if (!add_line(config, w[1], name))
            return "too many lines";
        for (int i = 2; i < n; i++) {
            const char *problem = apply_line_option(&config->lines[config->line_count - 1], w[i]);
            if (problem)
                return problem;
        }
        return NULL;
    }
    return "unknown setting";
}

/* What one line's options cannot tell: keys that need type=sip, a proxy to register with, ports to spare. */
static bool check_lines(const struct faxd_config *config, const char *path, char *why, size_t why_size)
{
    int ports = 0;
    for (size_t i = 0; i < config->line_count; i++) {
        const struct faxd_line_config *line = &config->lines[i];
        const char *problem = NULL;
        ports += line->type == FAXD_LINE_SIP ? line->channels : 1;
        if (line->type == FAXD_LINE_LOOPBACK
            && (line->listen || line->proxy || line->user || line->password || line->register_with_proxy
                || line->channels != 1 || line->rtp_port_min || line->media_address || line->answer_timeout
                || line->silence_timeout))
            problem = "listen=, proxy=, user=, password=, register=, channels=, rtp-ports=, media-address=, "
                      "answer-timeout=, silence-timeout= are for type=sip lines";
        else if (line->type == FAXD_LINE_SIP && !line->listen)
            problem = "a type=sip line needs listen=ADDRESS:PORT";
        else if (line->type == FAXD_LINE_SIP && line->register_with_proxy && !line->proxy)
            problem = "register=yes needs proxy=sip:HOST[:PORT]";
        for (size_t j = 0; !problem && j < i; j++)
            if (line->listen && config->lines[j].listen && !strcmp(line->listen, config->lines[j].listen))
                problem = "two lines listen on the same address";
        if (problem) {
            snprintf(why, why_size, "%s: line %s: %s", path, line->number, problem);
            return false;
        }
    }
    if (ports > FAXD_MAX_PORTS) {
        snprintf(why, why_size, "%s: the lines have %d ports (channels) in all; at most %d", path, ports,
                 FAXD_MAX_PORTS);
        return false;
    }
    return true;
}

bool faxd_config_load(struct faxd_config *config, const char *path, char *why, size_t why_size)
{
    FILE *f = fopen(path, "r");
    char text[1024];
    int number = 0;
    bool lines_replaced = false, listen_replaced = false;

    if (!f) {
        snprintf(why, why_size, "%s: cannot open", path);
        return false;
    }
    while (fgets(text, sizeof(text), f)) {
        char *words[24];
        int n;
        number++;
        if (!strchr(text, '\n') && !feof(f)) {
            snprintf(why, why_size, "%s:%d: line too long", path, number);
            fclose(f);
            return false;
        }
        n = split(text, words, 24);
        if (n < 0) {
            snprintf(why, why_size, "%s:%d: a double quote is not closed (inside quotes, write \\\\ for a backslash)",
                     path, number);
            fclose(f);
            return false;
        }
        if (n == 0)
            continue;
        if (!strcasecmp(words[0], "listen") && !listen_replaced) {   /* listen lines replace the default */
            for (size_t i = 0; i < config->listen_count; i++) {
                free(config->listen[i]);
                config->listen[i] = NULL;
            }
            config->listen_count = 0;
            listen_replaced = true;
        }
        const char *problem = apply(config, words, n, &lines_replaced);
        if (problem) {
            snprintf(why, why_size, "%s:%d: %s: %s", path, number, words[0], problem);
            fclose(f);
            return false;
        }
    }
    fclose(f);
    return check_lines(config, path, why, why_size);
}
