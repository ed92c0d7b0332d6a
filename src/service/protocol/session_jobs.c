/* Job commands (JNEW, JOB, JPARM, JSUBM, JKILL, ...), the format commands, and LIST/NLST. */
#include "session.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "document.h"
#include "faxtiff.h"
#include "hfx.h"
#include "log.h"

/* ---- JPARM parameters: what each takes ---- */

enum param_kind { TEXT, NUMBER, YESNO, KILLTIME, SENDTIME, MMSS, READONLY, DOCUMENT, COVER, POLL, T38 };

static const struct { const char *name; enum param_kind kind; } parameters[] = {
    { "BEGBR", NUMBER }, { "BEGST", NUMBER }, { "CHOPTHRESHOLD", NUMBER }, { "CLIENT", TEXT },
    { "COMMENTS", TEXT }, { "COVER", COVER }, { "DATAFORMAT", TEXT }, { "DIALSTRING", TEXT },
    { "DOCUMENT", DOCUMENT }, { "DONEOP", TEXT }, { "EXTERNAL", TEXT }, { "FAXNUMBER", TEXT },
    { "FROMCOMPANY", TEXT }, { "FROMLOCATION", TEXT }, { "FROMUSER", TEXT }, { "FROMVOICE", TEXT },
    { "JOBINFO", TEXT }, { "JOBTYPE", TEXT }, { "LASTTIME", KILLTIME }, { "MAXDIALS", NUMBER },
    { "MAXPAGES", NUMBER }, { "MAXTRIES", NUMBER }, { "MINBR", NUMBER }, { "MODEM", TEXT }, { "NOTIFY", TEXT },
    { "NOTIFYADDR", TEXT }, { "PAGECHOP", TEXT }, { "PAGELENGTH", NUMBER }, { "PAGERANGE", TEXT },
    { "PAGEWIDTH", NUMBER }, { "PASSWD", TEXT }, { "POLL", POLL }, { "REGARDING", TEXT },
    { "RETRYTIME", MMSS }, { "SCHEDPRI", NUMBER }, { "SENDTIME", SENDTIME }, { "SUBADDR", TEXT },
    { "TAGLINE", TEXT }, { "TOCOMPANY", TEXT }, { "TOLOCATION", TEXT }, { "TOUSER", TEXT }, { "TOVOICE", TEXT },
    { "TSI", TEXT }, { "USECONTCOVER", YESNO }, { "USEECM", YESNO }, { "USETAGLINE", YESNO },
    { "USEXVRES", YESNO }, { "USRKEY", TEXT }, { "VRES", NUMBER },
    /* our extensions (docs/protocol.md): the FaxDoc fields HylaFAX has no name for */
    { "SCHEDULE", TEXT }, { "BILLINGCODE", TEXT }, { "TOFAXNUMBER", TEXT }, { "FROMTITLE", TEXT },
    { "FROMDEPARTMENT", TEXT }, { "FROMEMAIL", TEXT }, { "DISPLAYNAME", TEXT },
    { "T38", T38 },   /* a SIP line's t38= for this job's calls */
    /* answered, not set */
    { "JOBID", READONLY }, { "GROUPID", READONLY }, { "OWNER", READONLY }, { "STATE", READONLY },
    { "STATUS", READONLY }, { "STATUSCODE", READONLY }, { "NDIALS", READONLY }, { "NPAGES", READONLY },
    { "NTRIES", READONLY }, { "TOTDIALS", READONLY }, { "TOTPAGES", READONLY }, { "TOTTRIES", READONLY },
    { "ERRORCODE", READONLY }, { "COMMID", READONLY },
};

static int parameter_index(const char *name)
{
    for (size_t i = 0; i < sizeof(parameters) / sizeof(parameters[0]); i++)
        if (!strcasecmp(parameters[i].name, name))
            return (int)i;
    return -1;
}

static bool digits(const char *text, size_t length)
{
    if (strlen(text) != length)
        return false;
    for (size_t i = 0; i < length; i++)
        if (!isdigit((unsigned char)text[i]))
            return false;
    return true;
}

/* Checks a value; why gets HylaFAX's wording for the error. */
static bool valid_value(enum param_kind kind, const char *value, char *why, size_t why_size)
{
    char *end;
    switch (kind) {
    case NUMBER:
        strtol(value, &end, 10);
        if (!*value || *end) {
            snprintf(why, why_size, "Syntax error, invalid number.");
            return false;
        }
        return true;
    case YESNO:
        if (strcasecmp(value, "YES") && strcasecmp(value, "NO")) {
            snprintf(why, why_size, "Syntax error, expecting YES or NO.");
            return false;
        }
        return true;
    case T38:
        if (strcasecmp(value, "PREFER") && strcasecmp(value, "ACCEPT") && strcasecmp(value, "NEVER")) {
            snprintf(why, why_size, "Syntax error, expecting PREFER, ACCEPT or NEVER.");
            return false;
        }
        return true;
    case KILLTIME:
        if (!digits(value, 6) && !digits(value, 12)) {
            snprintf(why, why_size, "Syntax error, bad time specification (expecting 6 digits).");
            return false;
        }
        return true;
    case SENDTIME:
        if (strcasecmp(value, "now") && !digits(value, 12) && !digits(value, 14)) {
            snprintf(why, why_size, "Syntax error, bad time specification (expecting 12 digits).");
            return false;
        }
        return true;
    case MMSS:
        if (!digits(value, 4)) {
            snprintf(why, why_size, "Syntax error, bad time specification (expecting MMSS).");
            return false;
        }
        return true;
    default:
        return true;
    }
}

static struct fax_job *editable_job(struct session *session)
{
    return session->draft ? session->draft : session->defaults;
}

static bool owns_upload(struct session *session, const char *relative, size_t *index)
{
    for (size_t i = 0; i < session->upload_count; i++)
        if (session->uploads[i] && !strcmp(session->uploads[i], relative)) {
            *index = i;
            return true;
        }
    return false;
}

/* JPARM DOCUMENT|COVER /tmp/docN.ext: the upload becomes the job's, in docq. */
static void add_document(struct session *session, const char *value, bool cover)
{
    struct fax_job *job = session->draft;
    const char *relative = value[0] == '/' ? value + 1 : value;
    char target[96];
    size_t index;
    static unsigned covers;

    if (!job) {
        session_reply(session, 503, "No job: send JNEW first.");
        return;
    }
    if (!owns_upload(session, relative, &index)) {   /* so no "../" or other client's file can get in */
        faxd_log("session %s (%s): JPARM %s %.80s refused: not an upload of this session", session->peer_text,
                 session->user, cover ? "COVER" : "DOCUMENT", value);
        session_reply(session, 550, "%s: No such file or directory.", value);
        return;
    }
    char *path = spool_path(session->server->spool, relative);
    enum document_type type = path ? document_detect_file(path) : DOCUMENT_UNKNOWN;
    free(path);
    if (type == DOCUMENT_UNKNOWN) {
        faxd_log("session %s: %s is no document faxd can send", session->peer_text, value);
        session_reply(session, 550, "%s: not a document faxd can send (TIFF, PDF, PostScript or text).", value);
        return;
    }
    if (cover)
        snprintf(target, sizeof(target), "docq/cover%u.%u.%s", job->id, __atomic_add_fetch(&covers, 1, __ATOMIC_RELAXED),
                 strrchr(relative, '.') + 1);
    else
        snprintf(target, sizeof(target), "docq/%s.%u", relative + 4, job->id);
    if (spool_link(session->server->spool, relative, target) != SPOOL_OK) {
        session_reply(session, 550, "%s: cannot be added to the job.", value);
        return;
    }
    if (!job_add_document(job, target)) {
        session_reply(session, 451, "Out of memory.");
        return;
    }
    if (cover) {   /* the cover page goes first */
        char *added = job->documents[job->document_count - 1];
        memmove(&job->documents[1], &job->documents[0], (job->document_count - 1) * sizeof(*job->documents));
        job->documents[0] = added;
    }
    session_reply(session, 200, "Added %sdocument %s as %s.", cover ? "cover page " : "", value, target);
}

static void format_time(const struct session *session, time_t when, const char *format, char *out, size_t size)
{
    struct tm tm;
    if (session->gmt)
        gmtime_r(&when, &tm);
    else
        localtime_r(&when, &tm);
    strftime(out, size, format, &tm);
}

/* The answer to JPARM NAME (no value). */
static void query_value(struct session *session, const struct fax_job *job, const char *name, char *out, size_t size)
{
    const char *stored = job_param(job, name);

    if (!strcasecmp(name, "JOBID") || !strcasecmp(name, "GROUPID")) snprintf(out, size, "%u", job->id);
    else if (!strcasecmp(name, "OWNER")) snprintf(out, size, "%s", job->owner);
    else if (!strcasecmp(name, "STATE")) snprintf(out, size, "%s", job_state_name(job->state));
    else if (!strcasecmp(name, "STATUS")) snprintf(out, size, "%s", job->status);
    else if (!strcasecmp(name, "NDIALS") || !strcasecmp(name, "TOTDIALS")) snprintf(out, size, "%d", job->dials);
    else if (!strcasecmp(name, "NTRIES") || !strcasecmp(name, "TOTTRIES")) snprintf(out, size, "%d", job->tries);
    else if (!strcasecmp(name, "NPAGES")) snprintf(out, size, "%d", job->pages_sent);
    else if (!strcasecmp(name, "TOTPAGES")) snprintf(out, size, "%d", job->pages_total);
    else if (!strcasecmp(name, "MODEM") && !stored) snprintf(out, size, "%s", job->line ? job->line : "any");
    else snprintf(out, size, "%s", stored ? stored : "");
    (void)session;
}

static void command_jparm(struct session *session, const char *argument)
{
    char name[32], value[1024] = "", why[160] = "";
    const char *space = strchr(argument, ' ');
    size_t name_length = space ? (size_t)(space - argument) : strlen(argument);
    struct fax_job *job;

    if (!*argument) {   /* the whole job */
        struct fax_job *shown = session->current ? queue_copy_job(session->server->queue, session->current) : NULL;
        const struct fax_job *j = shown ? shown : editable_job(session);
        session_reply_more(session, 217, "Job state: jobid %u groupid %u", j->id, j->id);
        for (size_t i = 0; i < j->param_count; i++)
            session_reply_more(session, 217, "    %s: %s", j->params[i].name, j->params[i].value);
        session_reply(session, 217, "End of job %u state.", j->id);
        job_free(shown);
        return;
    }
    if (name_length >= sizeof(name)) {
        session_reply(session, 500, "JPARM %.40s: Parameter not recognized.", argument);
        return;
    }
    memcpy(name, argument, name_length);
    name[name_length] = 0;
    int index = parameter_index(name);
    if (index < 0) {
        faxd_log("session %s: unknown JPARM %s", session->peer_text, name);
        session_reply(session, 500, "JPARM %s: Parameter not recognized.", name);
        return;
    }
    for (char *c = name; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    if (!space) {   /* a query */
        struct fax_job *queued = session->current ? queue_copy_job(session->server->queue, session->current) : NULL;
        job = queued ? queued : editable_job(session);
        if (parameters[index].kind == DOCUMENT) {
            for (size_t i = 0; i < job->document_count; i++)
                session_reply_more(session, 213, "%s %s", document_type_name(DOCUMENT_UNKNOWN), job->documents[i]);
            session_reply(session, 213, "End of documents.");
        } else {
            query_value(session, job, name, value, sizeof(value));
            session_reply(session, 213, "%s", value);
        }
        job_free(queued);
        return;
    }
    if (!hfx_unquote(space + 1, value, sizeof(value))) {
        session_reply(session, 500, "'JPARM %s': Syntax error, bad quoted string.", name);
        return;
    }
    enum param_kind kind = parameters[index].kind;
    if (kind == READONLY) {
        session_reply(session, 503, "%s is not settable.", name);
        return;
    }
    if (kind == POLL) {
        session_reply(session, 504, "Polling is not supported by this server.");
        return;
    }
    if (!valid_value(kind, value, why, sizeof(why))) {
        session_reply(session, 500, "'JPARM %s %s': %s", name, value, why);
        return;
    }
    if (kind == DOCUMENT || kind == COVER) {
        if (session->current) {
            session_reply(session, 503, "Documents are added to a new job only (JNEW).");
            return;
        }
        add_document(session, value, kind == COVER);
        return;
    }
    if (session->current) {   /* a queued job: HylaFAX wants it suspended first */
        enum queue_result r = queue_set_param(session->server->queue, session->current, session->user,
                                              session->admin, name, value);
        if (r == QUEUE_BAD_STATE)
            session_reply(session, 503, "Suspend the job with JSUSP first.");
        else if (r == QUEUE_NOT_PERMITTED)
            session_reply(session, 504, "Cannot change job: Operation not permitted.");
        else if (r != QUEUE_OK)
            session_reply(session, 500, "Cannot change job %u.", session->current);
        else
            session_reply(session, 213, "%s set to %s.", name, space + 1);
        return;
    }
    job_set_param(editable_job(session), name, value);
    session_reply(session, 213, "%s set to %s.", name, space + 1);
}

static bool parse_job_id(struct session *session, const char *verb, const char *argument, uint32_t *id)
{
    char *end;
    unsigned long n;

    if (!*argument) {
        if (session->current) {
            *id = session->current;
            return true;
        }
        session_reply(session, 500, "'%s': Syntax error, expecting a job number.", verb);
        return false;
    }
    n = strtoul(argument, &end, 10);
    if (*end || n == 0 || n > 0xffffffffUL) {
        session_reply(session, 500, "'%s %s': Syntax error, invalid job number.", verb, argument);
        return false;
    }
    *id = (uint32_t)n;
    return true;
}

static void drop_draft(struct session *session)
{
    if (!session->draft)
        return;
    for (size_t i = 0; i < session->draft->document_count; i++)
        spool_remove(session->server->spool, session->draft->documents[i]);
    job_free(session->draft);
    session->draft = NULL;
}

static void command_jnew(struct session *session)
{
    uint32_t id;
    struct fax_job *job;

    if (!queue_new_job_id(session->server->queue, &id) || !(job = job_new(id, session->user))) {
        session_reply(session, 451, "Cannot create a job: the spool cannot be written.");
        return;
    }
    drop_draft(session);
    for (size_t i = 0; i < session->defaults->param_count; i++)
        job_set_param(job, session->defaults->params[i].name, session->defaults->params[i].value);
    session->draft = job;
    session->current = 0;
    session_reply(session, 200, "New job created: jobid: %u groupid: %u.", id, id);
}

static void command_job(struct session *session, const char *argument)
{
    uint32_t id;

    if (!*argument) {
        if (session->current || session->draft) {
            id = session->current ? session->current : session->draft->id;
            session_reply(session, 200, "Current job: jobid: %u groupid: %u.", id, id);
        } else {
            session_reply(session, 200, "Current job: (default).");
        }
        return;
    }
    if (!strcasecmp(argument, "DEFAULT")) {
        drop_draft(session);
        session->current = 0;
        session_reply(session, 200, "Current job: (default).");
        return;
    }
    if (!parse_job_id(session, "JOB", argument, &id))
        return;
    if (session->draft && session->draft->id == id) {
        session->current = 0;
        session_reply(session, 200, "Current job: jobid: %u groupid: %u.", id, id);
        return;
    }
    struct fax_job *job = queue_copy_job(session->server->queue, id);
    bool visible = session_may_see_job(session, job);
    if (job && !visible)   /* its parameters (numbers, names, documents) are its owner's business */
        faxd_log("session %s (%s): JOB %u of %s refused", session->peer_text, session->user, id, job->owner);
    if (!visible) {
        session_reply(session, job ? 504 : 500, job ? "Cannot set job %u; Operation not permitted."
                                                    : "Cannot set job %u; job does not exist.", id);
        job_free(job);
        return;
    }
    job_free(job);
    session->current = id;
    session_reply(session, 200, "Current job: jobid: %u groupid: %u.", id, id);
}

static void command_jsubm(struct session *session, const char *argument)
{
    char why[200] = "";
    uint32_t id;

    if (*argument || session->current) {   /* JSUBM n: resubmit a suspended job */
        if (!parse_job_id(session, "JSUBM", argument, &id))
            return;
        enum queue_result r = queue_resume(session->server->queue, id, session->user, session->admin);
        if (r == QUEUE_OK)
            session_reply(session, 200, "Job %u submitted.", id);
        else if (r == QUEUE_NO_SUCH_JOB)
            session_reply(session, 500, "Cannot submit job %u; job does not exist.", id);
        else if (r == QUEUE_NOT_PERMITTED)
            session_reply(session, 504, "Cannot submit job: Operation not permitted.");
        else
            session_reply(session, 504, "Job %u not submitted; it is not suspended.", id);
        return;
    }
    if (!session->draft) {
        session_reply(session, 503, "No job to submit: send JNEW first.");
        return;
    }
    struct fax_job *job = session->draft;
    id = job->id;
    /* Trusted users (loopback without an access file, ADMIN) are not limited: a bench may queue 100 000. */
    int limit = session_sees_all(session) ? 0 : session->server->config->max_jobs_per_user;
    enum queue_result r = queue_submit_limited(session->server->queue, job, limit, why, sizeof(why));
    if (r != QUEUE_OK) {
        faxd_log("session %s: job %u refused: %s", session->peer_text, id, why);
        int code = r == QUEUE_INVALID || r == QUEUE_LIMIT ? 504 : r == QUEUE_FULL ? 452 : 460;
        session_reply(session, code, "%s", why);
        return;
    }
    session->draft = NULL;   /* the queue owns it now */
    session_reply(session, 200, "Job %u submitted.", id);
}

static void job_control(struct session *session, const char *verb, const char *argument)
{
    uint32_t id;
    enum queue_result r;
    struct faxd_queue *queue = session->server->queue;

    if (!parse_job_id(session, verb, argument, &id))
        return;
    if (!strcmp(verb, "JKILL")) {
        r = queue_kill(queue, id, session->user, session->admin);
        if (r == QUEUE_OK) session_reply(session, 200, "Job %u killed.", id);
        else if (r == QUEUE_ALREADY_DONE) session_reply(session, 504, "Job %u not killed; already done.", id);
        else if (r == QUEUE_NOT_PERMITTED) session_reply(session, 504, "Cannot kill job: Operation not permitted.");
        else if (r == QUEUE_IO) session_reply(session, 554, "Job %u stopped, but its kill cannot be stored in the spool.", id);
        else session_reply(session, 500, "Cannot kill job %u; job does not exist.", id);
    } else if (!strcmp(verb, "JDELE")) {
        r = queue_delete(queue, id, session->user, session->admin);
        if (r == QUEUE_OK) {
            if (session->current == id)
                session->current = 0;
            session_reply(session, 200, "Job %u deleted; current job: (default).", id);
        } else if (r == QUEUE_NOT_DONE) session_reply(session, 504, "Job %u not deleted; it is still queued (JKILL it first).", id);
        else if (r == QUEUE_NOT_PERMITTED) session_reply(session, 504, "Cannot delete job: Operation not permitted.");
        else session_reply(session, 500, "Cannot delete job %u; job does not exist.", id);
    } else if (!strcmp(verb, "JSUSP") || !strcmp(verb, "JINTR")) {
        r = queue_suspend(queue, id, session->user, session->admin);
        if (r == QUEUE_OK) session_reply(session, 200, "Job %u suspended.", id);
        else if (r == QUEUE_ALREADY_DONE) session_reply(session, 504, "Job %u not suspended; already done.", id);
        else if (r == QUEUE_BAD_STATE) session_reply(session, 504, "Job %u is being sent; it cannot be suspended now.", id);
        else if (r == QUEUE_NOT_PERMITTED) session_reply(session, 504, "Cannot suspend job: Operation not permitted.");
        else session_reply(session, 500, "Cannot suspend job %u; job does not exist.", id);
    } else {   /* JREST */
        r = queue_resume(queue, id, session->user, session->admin);
        if (r == QUEUE_OK) session_reply(session, 200, "Job %u reset.", id);
        else if (r == QUEUE_NOT_PERMITTED) session_reply(session, 504, "Cannot reset job: Operation not permitted.");
        else if (r == QUEUE_NO_SUCH_JOB) session_reply(session, 500, "Cannot reset job %u; job does not exist.", id);
        else session_reply(session, 504, "Job %u not reset; must be suspended.", id);
    }
}

static void command_jwait(struct session *session, const char *argument)
{
    uint32_t id;

    if (!parse_job_id(session, "JWAIT", argument, &id))
        return;
    struct fax_job *job = queue_copy_job(session->server->queue, id);
    bool hidden = job && !session_may_see_job(session, job);
    job_free(job);
    if (hidden) {   /* when another's job ends is its owner's business too */
        session_reply(session, 504, "Cannot wait for job %u: Operation not permitted.", id);
        return;
    }
    session_reply_more(session, 216, "Waiting for job %u.", id);
    if (queue_wait_job(session->server->queue, id, session->idle_seconds * 1000))
        session_reply(session, 216, "Wait for job %u completed.", id);
    else
        session_reply(session, 504, "Wait for job %u ended before the job did.", id);
}

static void command_format(struct session *session, const char *verb, const char *argument, char *format,
                           size_t size)
{
    char value[512];

    if (!*argument) {
        session_reply(session, 200, "%s", format);
        return;
    }
    if (!hfx_unquote(argument, value, sizeof(value))) {
        session_reply(session, 500, "'%s': Syntax error, bad quoted string.", verb);
        return;
    }
    snprintf(format, size, "%s", value);
    session_reply(session, 200, "%s command successful.", verb);
}

bool session_job_command(struct session *session, const char *verb, const char *argument)
{
    if (!strcmp(verb, "JNEW")) command_jnew(session);
    else if (!strcmp(verb, "JOB")) command_job(session, argument);
    else if (!strcmp(verb, "JPARM")) command_jparm(session, argument);
    else if (!strcmp(verb, "JSUBM")) command_jsubm(session, argument);
    else if (!strcmp(verb, "JKILL") || !strcmp(verb, "JDELE") || !strcmp(verb, "JSUSP") || !strcmp(verb, "JINTR")
             || !strcmp(verb, "JREST"))
        job_control(session, verb, argument);
    else if (!strcmp(verb, "JWAIT")) command_jwait(session, argument);
    else if (!strcmp(verb, "JOBFMT")) command_format(session, verb, argument, session->job_format, sizeof(session->job_format));
    else if (!strcmp(verb, "RCVFMT"))
        command_format(session, verb, argument, session->receive_format, sizeof(session->receive_format));
    else if (!strcmp(verb, "MDMFMT")) command_format(session, verb, argument, session->modem_format, sizeof(session->modem_format));
    else
        return false;
    return true;
}

void session_jobs_end(struct session *session)
{
    drop_draft(session);
}

/* ---- LIST ---- */

struct job_row {
    const struct session *session;
    const struct fax_job *job;
    long max_tries, max_dials;   /* for a job that does not give them: the server's */
};

static const char *job_field(char letter, void *context, char *s, size_t n)
{
    const struct job_row *row = context;
    const struct fax_job *job = row->job;
    const char *p;
    time_t when;

    switch (letter) {
    case 'j': case 'g': snprintf(s, n, "%u", job->id); return s;
    case 'i': snprintf(s, n, "%ld", job_param_long(job, "SCHEDPRI", 127)); return s;
    case 'a': snprintf(s, n, "%c", (char)job->state); return s;
    case 'o': return job->owner;
    case 'e': return (p = job_param(job, "DIALSTRING")) ? p : "";
    case 'P': snprintf(s, n, "%2d:%-2d", job->pages_sent, job->pages_total); return s;
    case 'D': snprintf(s, n, "%2d:%-2ld", job->dials, job_param_long(job, "MAXDIALS", row->max_dials)); return s;
    case 'T': snprintf(s, n, "%2d:%-2ld", job->tries, job_param_long(job, "MAXTRIES", row->max_tries)); return s;
    case 's': return job->status;
    case 'm': return job->line ? job->line : (p = job_param(job, "MODEM")) ? p : "any";
    case 'M': return (p = job_param(job, "NOTIFYADDR")) ? p : "";
    case 'R': return (p = job_param(job, "TOUSER")) ? p : "";
    case 'C': return (p = job_param(job, "TOCOMPANY")) ? p : "";
    case 'S': return (p = job_param(job, "FROMUSER")) ? p : "";   /* the sender's identity */
    case 'J': return (p = job_param(job, "JOBINFO")) ? p : "";    /* the client's job tag */
    case 'L': return (p = job_param(job, "TOLOCATION")) ? p : "";
    case 'p': snprintf(s, n, "%d", job->pages_sent); return s;
    case 'y': snprintf(s, n, "%d", job->pages_total); return s;
    case 'd': snprintf(s, n, "%d", job->dials); return s;
    case 't': snprintf(s, n, "%d", job->tries); return s;
    case 'x': snprintf(s, n, "%ld", job_param_long(job, "MAXDIALS", row->max_dials)); return s;
    case 'u': snprintf(s, n, "%ld", job_param_long(job, "MAXTRIES", row->max_tries)); return s;
    case 'U': return (p = job_param(job, "CHOPTHRESHOLD")) ? p : "";
    case 'Z': snprintf(s, n, "%lld", (long long)job->submitted); return s;
    case 'Y': format_time(row->session, job->submitted, "%Y/%m/%d %H.%M.%S", s, n); return s;
    case 'z':
        when = job->next_attempt > time(NULL) ? job->next_attempt : 0;
        if (!when)
            return "";
        format_time(row->session, when, "%H:%M", s, n);
        return s;
    case 'n': return job_param(job, "NOTIFY") && strcasecmp(job_param(job, "NOTIFY"), "none") ? "D" : " ";
    default: return NULL;
    }
}

struct fax_row {
    const struct session *session;
    const char *name;
    struct faxtiff *tiff;
    struct stat info;
    const char *info_text;
};

static const char *info_value(const char *text, const char *key, char *out, size_t size)
{
    const char *at = text ? strstr(text, key) : NULL;
    if (!at)
        return "";
    at += strlen(key);
    size_t length = strcspn(at, "\n");
    snprintf(out, size, "%.*s", (int)(length < size ? length : size - 1), at);
    return out;
}

static const char *fax_field(char letter, void *context, char *s, size_t n)
{
    const struct fax_row *row = context;
    char *text = NULL;
    uint64_t filetime;

    switch (letter) {
    case 'f': return row->name;
    case 'p': snprintf(s, n, "%zu", row->tiff ? faxtiff_page_count(row->tiff) : 0); return s;
    case 'm': return "-rw-r--";
    case 'o': return "faxd";
    case 'n': snprintf(s, n, "%lld", (long long)row->info.st_size); return s;
    case 'z': return " ";
    case 's': case 'i': case 'j': case 'S':
        if (row->tiff && faxtiff_field_text(row->tiff, letter == 's' || letter == 'S' ? FAXTIFF_TSID : FAXTIFF_CALLER_ID,
                                            &text, NULL) == FAXTIFF_OK) {
            snprintf(s, n, "%s", text);
            free(text);
            return s;
        }
        return "";
    case 't': case 'Y': case 'Z':
        if (!row->tiff || faxtiff_receive_time(row->tiff, &filetime, NULL) != FAXTIFF_OK)
            return "";
        if (letter == 'Z')
            snprintf(s, n, "%lld", (long long)faxtiff_unix_from_filetime(filetime));
        else
            format_time(row->session, (time_t)faxtiff_unix_from_filetime(filetime),
                        letter == 't' ? "%H:%M" : "%Y/%m/%d %H.%M.%S", s, n);
        return s;
    case 'w': snprintf(s, n, "%u", row->tiff && faxtiff_page(row->tiff, 0) ? faxtiff_page(row->tiff, 0)->width : 0); return s;
    case 'r':
        snprintf(s, n, "%.0f", row->tiff && faxtiff_page(row->tiff, 0) ? faxtiff_page(row->tiff, 0)->y_resolution : 0);
        return s;
    case 'b': return info_value(row->info_text, "bit_rate:", s, n);
    case 'h': return info_value(row->info_text, "seconds:", s, n);
    case 'e': return info_value(row->info_text, "error:", s, n);
    default: return NULL;
    }
}

struct line_row {
    const struct queue_line_info *line;
};

static const char *line_field(char letter, void *context, char *s, size_t n)
{
    const struct queue_line_info *line = ((const struct line_row *)context)->line;
    (void)s, (void)n;
    switch (letter) {
    case 'm': return line->name;
    case 'n': return line->number;
    case 's': return line->state;
    case 'z': return "*";
    default: return NULL;
    }
}

struct text_out {
    char *data;
    size_t length, capacity;
};

static void append(struct text_out *out, const char *text, bool crlf)
{
    size_t length = strlen(text);
    if (out->length + length + 3 > out->capacity) {
        size_t wanted = (out->length + length + 3) * 2;
        char *more = realloc(out->data, wanted);
        if (!more)
            return;
        out->data = more;
        out->capacity = wanted;
    }
    memcpy(out->data + out->length, text, length);
    out->length += length;
    if (crlf) {
        memcpy(out->data + out->length, "\r\n", 2);
        out->length += 2;
    }
}

static void list_jobs(struct session *session, bool done, bool names_only, struct text_out *out)
{
    size_t count;
    struct fax_job **jobs = queue_copy_jobs(session->server->queue, done, &count);
    struct faxd_settings settings;
    char line[2048];

    queue_settings(session->server->queue, &settings);
    for (size_t i = 0; jobs && i < count; i++) {
        struct job_row row = { session, jobs[i], settings.retries + 1, session->server->config->max_dials };
        if (!session_may_see_job(session, jobs[i]))
            continue;
        if (names_only)
            snprintf(line, sizeof(line), "%u", jobs[i]->id);
        else
            hfx_format(session->job_format, job_field, &row, line, sizeof(line));
        append(out, line, true);
    }
    queue_free_jobs(jobs, count);
}

static void list_received(struct session *session, bool names_only, struct text_out *out)
{
    char **names, line[2048], path[64];
    size_t count;

    if (spool_list(session->server->spool, "recvq", "fax", &names, &count) != SPOOL_OK)
        return;
    for (size_t i = 0; i < count; i++) {
        size_t length = strlen(names[i]);
        bool owned;
        if (length < 5 || strcmp(names[i] + length - 4, ".tif"))
            continue;
        snprintf(path, sizeof(path), "recvq/%s", names[i]);
        if (!session_may_see_fax(session, path, &owned))
            continue;
        if (names_only) {
            append(out, names[i], true);
            continue;
        }
        struct fax_row row = { session, names[i], NULL, { 0 }, NULL };
        char *info = NULL, *full;
        snprintf(path, sizeof(path), "recvq/%s", names[i]);
        full = spool_path(session->server->spool, path);
        if (full) {
            stat(full, &row.info);
            faxtiff_read_path(full, &row.tiff, NULL);
        }
        free(full);
        snprintf(path, sizeof(path), "recvq/%s.info", names[i]);
        spool_read(session->server->spool, path, &info, NULL);
        row.info_text = info;
        hfx_format(session->receive_format, fax_field, &row, line, sizeof(line));
        append(out, line, true);
        faxtiff_free(row.tiff);
        free(info);
    }
    spool_free_list(names, count);
}

static void list_status(struct session *session, bool names_only, struct text_out *out)
{
    size_t count;
    struct queue_line_info *lines = queue_lines(session->server->queue, &count);
    char line[2048];

    if (!names_only) {
        snprintf(line, sizeof(line), "HylaFAX scheduler on %s: %s", session->server->host,
                 queue_paused(session->server->queue) ? "Running, queue paused" : "Running");
        append(out, line, true);
    }
    for (size_t i = 0; i < count; i++) {
        struct line_row row = { &lines[i] };
        if (names_only)
            snprintf(line, sizeof(line), "%s", lines[i].name);
        else
            hfx_format(session->modem_format, line_field, &row, line, sizeof(line));
        append(out, line, true);
    }
    free(lines);
}

bool session_list(struct session *session, const char *what, bool names_only)
{
    struct text_out out = { 0 };
    const char *folder = what[0] == '/' ? what + 1 : what;
    int data_fd;

    if (!strcmp(folder, "sendq") || !strcmp(folder, "doneq"))
        list_jobs(session, !strcmp(folder, "doneq"), names_only, &out);
    else if (!strcmp(folder, "recvq"))
        list_received(session, names_only, &out);
    else if (!strcmp(folder, "status"))
        list_status(session, names_only, &out);
    else if (!strcmp(folder, "") || !strcmp(folder, "docq") || !strcmp(folder, "archive")) {
        if (!*folder)
            append(&out, "archive\r\ndocq\r\ndoneq\r\nrecvq\r\nsendq\r\nstatus", true);
    } else {
        session_reply(session, 550, "%s: No such file or directory.", what);
        return false;
    }
    session_reply(session, 150, "Opening new data connection for \"%s\".", folder);
    data_fd = session_data_open(session);
    if (data_fd >= 0) {
        bool ok = net_write_all(data_fd, out.data ? out.data : "", out.length);   /* LIST is CR LF already */
        close(data_fd);
        if (ok)
            session_reply(session, 226, "Transfer complete.");
        else
            session_reply(session, 426, "Data connection lost.");
    }
    free(out.data);
    return data_fd >= 0;
}
