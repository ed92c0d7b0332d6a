/* Who may see what, and which names from a client may reach the spool (docs/faxd.md "Security"). */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"

bool session_sees_all(const struct session *session)
{
    return !session->server->config->access_file || session->admin;
}

bool session_may_see_job(const struct session *session, const struct fax_job *job)
{
    return job && (session_sees_all(session) || !strcmp(job->owner, session->user));
}

/* The owner= of the line a .info's "line:" names: a SIP line's channels are NAME-1 ... NAME-N. */
static const char *line_owner(const struct faxd_config *config, const char *line_name)
{
    for (size_t i = 0; i < config->line_count; i++) {
        const struct faxd_line_config *line = &config->lines[i];
        size_t n = line->name ? strlen(line->name) : 0;
        if (n && !strncmp(line_name, line->name, n)
            && (!line_name[n] || (line_name[n] == '-' && strspn(line_name + n + 1, "0123456789") == strlen(line_name + n + 1))))
            return line->owner;
    }
    return NULL;
}

bool session_may_see_fax(const struct session *session, const char *path, bool *owned)
{
    char info_path[128], *info = NULL, line_name[80] = "";
    const char *owner;

    *owned = false;
    snprintf(info_path, sizeof(info_path), "%s.info", path);
    if (spool_read(session->server->spool, info_path, &info, NULL) == SPOOL_OK && !strncmp(info, "line:", 5))
        snprintf(line_name, sizeof(line_name), "%.*s", (int)strcspn(info + 5, "\n"), info + 5);
    free(info);
    owner = line_owner(session->server->config, line_name);
    *owned = owner && !strcmp(owner, session->user);
    return session_sees_all(session) || !owner || *owned;
}

/* A name from the client for a file of the spool: printable, relative once the leading '/' goes, no ".."
 * component, and (when it exists) a plain file inside the spool, not a symlink out of it. False with why,
 * logged: a refused path is either a broken client or someone probing. */
bool session_name_safe(struct session *session, const char *verb, const char *argument, char *why, size_t why_size)
{
    const char *path = argument[0] == '/' ? argument + 1 : argument;
    struct stat info;

    why[0] = 0;
    for (const unsigned char *c = (const unsigned char *)argument; *c && !*why; c++)
        if (*c < 0x20 || *c >= 0x7f || *c == '\\')
            snprintf(why, why_size, "control, non-ASCII or backslash bytes in the name");
    if (!*why && (!*path || path[0] == '/'))
        snprintf(why, why_size, "not a name inside the spool");
    if (!*why && (!strcmp(path, "..") || !strncmp(path, "../", 3) || strstr(path, "/../")
                  || (strlen(path) >= 3 && !strcmp(path + strlen(path) - 3, "/.."))))
        snprintf(why, why_size, "\"..\" is not allowed");
    if (!*why) {
        char *full = spool_path(session->server->spool, path);
        char *real = full ? realpath(full, NULL) : NULL, *root = realpath(spool_root(session->server->spool), NULL);
        if (full && lstat(full, &info) == 0
            && (!S_ISREG(info.st_mode) || !real || !root || strncmp(real, root, strlen(root)) || real[strlen(root)] != '/'))
            snprintf(why, why_size, "not a plain file inside the spool (a symlink?)");
        free(full);
        free(real);
        free(root);
    }
    if (!*why)
        return true;
    faxd_log("session %s (%s): %s of \"%.80s\" refused: %s", session->peer_text, session->user, verb, argument, why);
    return false;
}
