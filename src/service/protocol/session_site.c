/*
 * SITE FAXD: the extension faxcom.dll uses for FaxServer's settings and for its ports (FaxPort,
 * FaxStatus, FaxRoutingMethod); docs/protocol.md. A stock HylaFAX server answers 500 to it, which is how
 * the DLL tells the two apart. The reply texts are what the DLL parses: keep them as they are.
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "events.h"
#include "hfx.h"
#include "log.h"

static const char *const route_functions[] = {
    [ROUTE_FOLDER] = "RouteToFolder", [ROUTE_PRINT] = "RoutePrint", [ROUTE_EMAIL] = "RouteToEmail",
};

/* The next word: bare, or double-quoted with \" escapes as JPARM values are. Returns what follows it
 * (spaces skipped), or NULL when it is malformed or longer than size. */
static const char *next_word(const char *text, char *word, size_t size)
{
    const char *end = text;
    char raw[HFX_MAX_LINE];

    if (*text == '"') {
        for (end++; *end && *end != '"'; end++)
            if (*end == '\\' && end[1])
                end++;
        if (!*end)
            return NULL;
        end++;
    } else {
        end += strcspn(text, " ");
    }
    if ((size_t)(end - text) >= sizeof(raw))
        return NULL;
    memcpy(raw, text, (size_t)(end - text));
    raw[end - text] = 0;
    if (!hfx_unquote(raw, word, size))
        return NULL;
    while (*end == ' ')
        end++;
    return end;
}

/* Without an access file every (loopback) user administers faxd; with one, only after ADMIN. */
static bool refused_without_rights(struct session *session, const char *what)
{
    if (!session->server->config->access_file || session->admin)
        return false;
    faxd_log("session %s (%s): SITE FAXD %s refused: no ADMIN", session->peer_text, session->user, what);
    session_reply(session, 530, "Changing the server's settings needs ADMIN.");
    return true;
}

/* The port named (or numbered) so, from lines as queue_lines gave them; -1 after a 550 reply. */
static long find_port(struct session *session, const char *name, const struct queue_line_info *lines, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!strcasecmp(lines[i].name, name) || !strcmp(lines[i].number, name))
            return (long)i;
    session_reply(session, 550, "No port %s.", name);
    return -1;
}

/* The port a STATUS or ROUTES names; -1 after an error reply. */
static long port_argument(struct session *session, const char *command, const char *rest,
                          const struct queue_line_info *lines, size_t count)
{
    char name[64];

    if (!*rest || !next_word(rest, name, sizeof(name))) {
        session_reply(session, 500, "'SITE FAXD %s': Syntax error, expecting <port>.", command);
        return -1;
    }
    return find_port(session, name, lines, count);
}

static void site_get(struct session *session, const char *rest)
{
    char name[64], value[1100];
    const char *canonical = next_word(rest, name, sizeof(name)) ? settings_name(name) : NULL;
    struct faxd_settings settings;

    if (!canonical) {
        session_reply(session, 500, "SITE FAXD GET: unknown setting %s.", rest);
        return;
    }
    queue_settings(session->server->queue, &settings);
    settings_get(&settings, canonical, value, sizeof(value));
    session_reply(session, 213, "%s", value);
}

static void site_set(struct session *session, const char *rest)
{
    char name[64], value[1100], why[300] = "";
    const char *after = next_word(rest, name, sizeof(name));
    const char *canonical = after ? settings_name(name) : NULL;
    struct faxd_settings settings;

    if (refused_without_rights(session, "SET"))
        return;
    if (!canonical) {
        session_reply(session, 500, "SITE FAXD SET: unknown setting %s.", after ? name : rest);
        return;
    }
    if (!hfx_unquote(after, value, sizeof(value))) {
        session_reply(session, 501, "%s: the value is malformed or too long.", canonical);
        return;
    }
    switch (queue_set_setting(session->server->queue, canonical, value, why, sizeof(why))) {
    case QUEUE_OK:
        queue_settings(session->server->queue, &settings);
        settings_get(&settings, canonical, value, sizeof(value));
        faxd_log("session %s (%s): %s set to %s", session->peer_text, session->user, canonical, value);
        /* FaxComEx's OnGeneralServerConfigChanged (docs/faxd.md "Events": class C is faxd's own) */
        events_post(queue_events(session->server->queue), EV_CONFIG_CHANGED, canonical, "CONFIG %s: Changed to %s",
                    canonical, value);
        session_reply(session, 200, "%s set to %s.", canonical, value);
        break;
    case QUEUE_INVALID:
        faxd_log("session %s (%s): %s not set to %.80s: %s", session->peer_text, session->user, canonical, value, why);
        session_reply(session, 501, "%s: %s.", canonical, why);
        break;
    default:
        session_reply(session, 451, "%s not set: the spool cannot be written.", canonical);
    }
}

static void site_ports(struct session *session, const char *rest, const struct queue_line_info *lines,
                       size_t count)
{
    (void)rest;
    bool may_change = !session->server->config->access_file || session->admin;

    for (size_t i = 0; i < count; i++) {
        const struct queue_line_info *l = &lines[i];
        session_reply_more(session, 213, "%u|%s|%s|%d|%s|%s|%d|%d|%d|%d|%s", l->device_id, l->name, l->number, l->rings,
                           l->csid, l->tsid, l->send, l->receive, l->priority, may_change, l->state);
    }
    session_reply(session, 213, "End of ports.");
}

static void site_port(struct session *session, const char *rest, const struct queue_line_info *lines,
                      size_t count)
{
    char name[64], setting_name[32], value[256], why[160] = "";
    const char *after = next_word(rest, name, sizeof(name));
    long index;
    int setting;

    if (refused_without_rights(session, "PORT"))
        return;
    if (after)
        after = next_word(after, setting_name, sizeof(setting_name));
    if (!after || !*setting_name || !hfx_unquote(after, value, sizeof(value))) {
        session_reply(session, 500, "'SITE FAXD PORT': Syntax error, expecting <port> <setting> <value>.");
        return;
    }
    if ((index = find_port(session, name, lines, count)) < 0)
        return;
    if ((setting = port_setting_find(setting_name)) < 0) {
        session_reply(session, 501, "%s: no port setting %s (Rings, Csid, Tsid, Send, Receive or Priority).",
                      lines[index].name, setting_name);
        return;
    }
    const char *canonical = port_setting_name((enum port_setting)setting);
    switch (queue_set_port(session->server->queue, (size_t)index, (enum port_setting)setting, value, why,
                           sizeof(why))) {
    case QUEUE_OK:
        if (setting == PORT_SEND || setting == PORT_RECEIVE)
            snprintf(value, sizeof(value), "%d", strcmp(value, "0") != 0);   /* -1 is true too */
        else if (setting == PORT_RINGS || setting == PORT_PRIORITY)
            snprintf(value, sizeof(value), "%d", atoi(value));
        faxd_log("session %s (%s): port %s: %s set to %s", session->peer_text, session->user, lines[index].name,
                 canonical, value);
        session_reply(session, 200, "%s %s set to %s.", lines[index].name, canonical, value);
        break;
    case QUEUE_INVALID:
        faxd_log("session %s (%s): port %s: %s not set to %.40s: %s", session->peer_text, session->user,
                 lines[index].name, canonical, value, why);
        session_reply(session, 501, "%s %s: %s.", lines[index].name, canonical, why);
        break;
    default:
        session_reply(session, 451, "%s %s not set: the spool cannot be written.", lines[index].name, canonical);
    }
}

static const char *state_word(enum line_state state)
{
    switch (state) {
    case LINE_STATE_DIALING: return "Dialing";
    case LINE_STATE_SENDING: return "Sending";
    case LINE_STATE_RECEIVING: return "Receiving";
    case LINE_STATE_OFFLINE: return "Offline";
    default: return "Idle";
    }
}

static void site_status(struct session *session, const char *rest, const struct queue_line_info *lines,
                        size_t count)
{
    long index = port_argument(session, "STATUS", rest, lines, count);

    if (index < 0)
        return;
    const struct queue_line_info *l = &lines[index];
    bool sending = l->activity == LINE_STATE_DIALING || l->activity == LINE_STATE_SENDING;
    session_reply_more(session, 213, "State: %s", state_word(l->activity));
    session_reply_more(session, 213, "Description: %s", l->state);
    session_reply_more(session, 213, "CurrentPage: %d", l->page);
    session_reply_more(session, 213, "PageCount: %d", l->pages);
    session_reply_more(session, 213, "Send: %d", sending);
    session_reply_more(session, 213, "Receive: %d", l->activity == LINE_STATE_RECEIVING);
    session_reply_more(session, 213, "Address: %s", l->address);
    session_reply_more(session, 213, "CallerId: %s", "");   /* the loopback tells the caller only at the end */
    session_reply_more(session, 213, "Csid: %s", l->csid);
    session_reply_more(session, 213, "Tsid: %s", l->tsid);
    session_reply_more(session, 213, "DocumentName: %s", l->document);
    session_reply_more(session, 213, "DocumentSize: %lld", l->document_size);
    session_reply_more(session, 213, "SenderName: %s", l->sender);
    session_reply_more(session, 213, "RecipientName: %s", l->recipient);
    session_reply_more(session, 213, "RoutingString: %s", l->routing);
    session_reply_more(session, 213, "JobId: %u", l->job_id);
    session_reply_more(session, 213, "StartTime: %lld", (long long)l->started);
    session_reply_more(session, 213, "SubmittedTime: %lld", (long long)l->submitted);
    session_reply_more(session, 213, "Kind: %s", l->sip ? "sip" : "loopback");
    session_reply(session, 213, "End of status.");
}

static void site_routes(struct session *session, const char *rest, const struct queue_line_info *lines,
                        size_t count)
{
    struct queue_route_info routes[3];
    long index = port_argument(session, "ROUTES", rest, lines, count);

    if (index < 0)
        return;
    queue_routes(session->server->queue, (size_t)index, routes);
    for (int m = ROUTE_FOLDER; m <= ROUTE_EMAIL; m++)
        session_reply_more(session, 213, "%s|%d|%s|%s|faxd|openfaxcom faxd routing|%s",
                           faxd_route_guid(routes[m].method), routes[m].enabled, faxd_route_name(routes[m].method),
                           route_functions[m], routes[m].data);
    session_reply(session, 213, "End of routing methods.");
}

static void site_route(struct session *session, const char *rest, const struct queue_line_info *lines,
                       size_t count)
{
    char name[64], guid[64], verb[16], value[8];
    const char *after = next_word(rest, name, sizeof(name));
    enum faxd_route_method method;
    long index;

    if (refused_without_rights(session, "ROUTE"))
        return;
    if (after && (after = next_word(after, guid, sizeof(guid))))
        after = next_word(after, verb, sizeof(verb));
    if (!after || strcasecmp(verb, "ENABLE") || !next_word(after, value, sizeof(value))) {
        session_reply(session, 500, "'SITE FAXD ROUTE': Syntax error, expecting <port> <guid> ENABLE <0|1>.");
        return;
    }
    if ((index = find_port(session, name, lines, count)) < 0)
        return;
    if (!faxd_route_method_of(guid, &method)) {
        session_reply(session, 501, "No routing method %s.", guid);
        return;
    }
    if (strcmp(value, "0") && strcmp(value, "1") && strcmp(value, "-1")) {
        session_reply(session, 501, "ENABLE takes 0 or 1.");
        return;
    }
    bool enabled = strcmp(value, "0") != 0;
    const char *friendly = faxd_route_name(method);
    switch (queue_enable_route(session->server->queue, (size_t)index, method, enabled)) {
    case QUEUE_OK:
        faxd_log("session %s (%s): port %s: %s %s", session->peer_text, session->user, lines[index].name, friendly,
                 enabled ? "enabled" : "disabled");
        session_reply(session, 200, "%s %s %s.", lines[index].name, friendly, enabled ? "enabled" : "disabled");
        break;
    case QUEUE_INVALID:
        faxd_log("session %s (%s): port %s: %s not enabled: no destination", session->peer_text, session->user,
                 lines[index].name, friendly);
        session_reply(session, 501, "%s has no destination configured for %s.", friendly, lines[index].name);
        break;
    default:
        session_reply(session, 451, "%s %s not changed: the spool cannot be written.", lines[index].name, friendly);
    }
}

/* The port commands work on a copy of the ports, taken once: a faxd may have a thousand (SIP channels),
   too many for a session's stack. Without memory for it, there is no port to name. */
typedef void port_command(struct session *session, const char *rest, const struct queue_line_info *lines,
                          size_t count);
static void with_ports(struct session *session, const char *rest, port_command *command)
{
    size_t count;
    struct queue_line_info *lines = queue_lines(session->server->queue, &count);
    command(session, rest, lines, count);
    free(lines);
}

void session_site(struct session *session, const char *argument)
{
    char word[16], command[16];
    const char *rest = next_word(argument, word, sizeof(word));

    if (rest && !strcasecmp(word, "TRIGGER")) {
        while (*rest == ' ')
            rest++;
        if (!*rest) {   /* hfaxd's words */
            session_reply(session, 500, "'SITE TRIGGER ': Syntax error, expecting trigger-spec.");
            return;
        }
        session_trigger(session, rest);
        return;
    }
    if (!rest || strcasecmp(word, "FAXD")) {   /* the word only: hfaxd's SITE ADDUSER/PASSWD carry passwords */
        faxd_log("session %s: unknown SITE command %.*s", session->peer_text, (int)strcspn(argument, " "), argument);
        session_reply(session, 500, "'SITE %.40s': command not understood.", argument);
        return;
    }
    if (!(rest = next_word(rest, command, sizeof(command))) || !*command) {
        session_reply(session, 500, "'SITE FAXD': Syntax error, expecting a command (HELP SITE lists them).");
        return;
    }
    if (!strcasecmp(command, "GET")) site_get(session, rest);
    else if (!strcasecmp(command, "SET")) site_set(session, rest);
    else if (!strcasecmp(command, "PORTS")) with_ports(session, rest, site_ports);
    else if (!strcasecmp(command, "PORT")) with_ports(session, rest, site_port);
    else if (!strcasecmp(command, "STATUS")) with_ports(session, rest, site_status);
    else if (!strcasecmp(command, "ROUTES")) with_ports(session, rest, site_routes);
    else if (!strcasecmp(command, "ROUTE")) with_ports(session, rest, site_route);
    else session_reply(session, 500, "SITE FAXD %s: unknown command.", command);
}

void session_site_help(struct session *session)
{
    session_reply_more(session, 214, "The following SITE commands are recognized:");
    session_reply_more(session, 214, "   FAXD GET <setting>                 FAXD SET <setting> <value>");
    session_reply_more(session, 214, "   FAXD PORTS                         FAXD PORT <port> <setting> <value>");
    session_reply_more(session, 214, "   FAXD STATUS <port>                 FAXD ROUTES <port>");
    session_reply_more(session, 214, "   FAXD ROUTE <port> <guid> ENABLE <0|1>");
    session_reply_more(session, 214, "   TRIGGER <spec>                     (events, as HylaFAX's faxwatch reads them)");
    session_reply(session, 214, "See docs/protocol.md in openfaxcom.");
}
