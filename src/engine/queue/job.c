#include "job.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *job_state_name(enum job_state state)
{
    switch (state) {
    case JOB_SUSPENDED: return "SUSPENDED";
    case JOB_PENDING: return "PENDING";
    case JOB_SLEEPING: return "SLEEPING";
    case JOB_BLOCKED: return "BLOCKED";
    case JOB_WAITING: return "WAITING";
    case JOB_RUNNING: return "ACTIVE";
    case JOB_DONE: return "DONE";
    case JOB_FAILED: return "FAILED";
    }
    return "UNKNOWN";
}

bool job_state_final(enum job_state state)
{
    return state == JOB_DONE || state == JOB_FAILED;
}

bool job_set_string(char **field, const char *value)
{
    char *copy = strdup(value ? value : "");
    if (!copy)
        return false;
    free(*field);
    *field = copy;
    return true;
}

struct fax_job *job_new(uint32_t id, const char *owner)
{
    struct fax_job *job = calloc(1, sizeof(*job));

    if (!job)
        return NULL;
    job->id = id;
    job->state = JOB_PENDING;
    if (!job_set_string(&job->owner, owner) || !job_set_string(&job->status, "")) {
        job_free(job);
        return NULL;
    }
    return job;
}

void job_free(struct fax_job *job)
{
    if (!job)
        return;
    for (size_t i = 0; i < job->param_count; i++) {
        free(job->params[i].name);
        free(job->params[i].value);
    }
    for (size_t i = 0; i < job->document_count; i++)
        free(job->documents[i]);
    free(job->params);
    free(job->documents);
    free(job->owner);
    free(job->status);
    free(job->line);
    free(job->fax_file);
    free(job);
}

bool job_set_param(struct fax_job *job, const char *name, const char *value)
{
    struct job_param *more;
    char *upper;

    job->schedule.known = false;
    for (size_t i = 0; i < job->param_count; i++)
        if (!strcasecmp(job->params[i].name, name))
            return job_set_string(&job->params[i].value, value);
    if (!(upper = strdup(name)))
        return false;
    for (char *c = upper; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    more = realloc(job->params, (job->param_count + 1) * sizeof(*more));
    if (!more) {
        free(upper);
        return false;
    }
    job->params = more;
    more[job->param_count] = (struct job_param){ upper, NULL };
    if (!job_set_string(&more[job->param_count].value, value)) {
        free(upper);
        return false;
    }
    job->param_count++;
    return true;
}

static _Atomic unsigned long param_lookups;

unsigned long job_param_lookups(void)
{
    return param_lookups;
}

const char *job_param(const struct fax_job *job, const char *name)
{
    param_lookups++;
    for (size_t i = 0; i < job->param_count; i++)
        if (!strcasecmp(job->params[i].name, name))
            return job->params[i].value;
    return NULL;
}

long job_param_long(const struct fax_job *job, const char *name, long fallback)
{
    const char *value = job_param(job, name);
    char *end;
    long n;

    if (!value || !*value)
        return fallback;
    n = strtol(value, &end, 10);
    return *end ? fallback : n;
}

bool job_add_document(struct fax_job *job, const char *path)
{
    char **more = realloc(job->documents, (job->document_count + 1) * sizeof(*more));
    if (!more)
        return false;
    job->documents = more;
    if (!(more[job->document_count] = strdup(path)))
        return false;
    job->document_count++;
    return true;
}

static bool copy_string(char **to, const char *from)
{
    return !from || (*to = strdup(from)) != NULL;
}

struct fax_job *job_copy(const struct fax_job *job)
{
    struct fax_job *copy = calloc(1, sizeof(*copy));
    bool ok = copy != NULL;

    if (ok) {
        *copy = *job;   /* the numbers; every pointer is replaced below before anything can free it */
        copy->owner = copy->status = copy->line = copy->fax_file = NULL;
        copy->params = NULL;
        copy->documents = NULL;
        copy->param_count = copy->document_count = 0;
        ok = copy_string(&copy->owner, job->owner) && copy_string(&copy->status, job->status)
             && copy_string(&copy->line, job->line) && copy_string(&copy->fax_file, job->fax_file)
             && (!job->param_count || (copy->params = calloc(job->param_count, sizeof(*copy->params))))
             && (!job->document_count || (copy->documents = calloc(job->document_count, sizeof(char *))));
    }
    for (size_t i = 0; ok && i < job->param_count; i++, copy->param_count++)
        ok = copy_string(&copy->params[i].name, job->params[i].name)
             && copy_string(&copy->params[i].value, job->params[i].value);
    for (size_t i = 0; ok && i < job->document_count; i++, copy->document_count++)
        ok = copy_string(&copy->documents[i], job->documents[i]);
    if (!ok) {
        job_free(copy);
        return NULL;
    }
    return copy;
}

bool job_set_status(struct fax_job *job, enum job_state state, const char *status)
{
    job->state = state;
    return job_set_string(&job->status, status);
}

/* ---- spool form: one "key:value" per line; values never hold newlines (escaped as \n, \\) ---- */

struct out {
    char *data;
    size_t length, capacity;
    bool failed;
};

static void put_raw(struct out *o, const char *text, size_t length)
{
    if (o->failed)
        return;
    if (o->length + length + 1 > o->capacity) {
        size_t wanted = (o->length + length + 1) * 2 + 256;
        char *more = realloc(o->data, wanted);
        if (!more) {
            o->failed = true;
            return;
        }
        o->data = more;
        o->capacity = wanted;
    }
    memcpy(o->data + o->length, text, length);
    o->length += length;
    o->data[o->length] = 0;
}

static void put_field(struct out *o, const char *key, const char *value)
{
    put_raw(o, key, strlen(key));
    put_raw(o, ":", 1);
    for (const char *c = value ? value : ""; *c; c++) {
        if (*c == '\n')
            put_raw(o, "\\n", 2);
        else if (*c == '\r')
            put_raw(o, "\\r", 2);
        else if (*c == '\\')
            put_raw(o, "\\\\", 2);
        else
            put_raw(o, c, 1);
    }
    put_raw(o, "\n", 1);
}

static void put_number(struct out *o, const char *key, long long value)
{
    char text[32];
    snprintf(text, sizeof(text), "%lld", value);
    put_field(o, key, text);
}

char *job_serialize(const struct fax_job *job, size_t *size)
{
    struct out o = { 0 };
    char state[2] = { (char)job->state, 0 };

    put_field(&o, "format", "openfaxcom-job 1");
    put_number(&o, "id", job->id);
    put_field(&o, "owner", job->owner);
    put_field(&o, "state", state);
    put_field(&o, "status", job->status);
    put_number(&o, "submitted", (long long)job->submitted);
    put_number(&o, "next_attempt", (long long)job->next_attempt);
    put_number(&o, "finished", (long long)job->finished);
    put_number(&o, "dials", job->dials);
    put_number(&o, "tries", job->tries);
    put_number(&o, "pages_sent", job->pages_sent);
    put_number(&o, "pages_total", job->pages_total);
    if (job->line)
        put_field(&o, "line", job->line);
    if (job->fax_file)
        put_field(&o, "fax_file", job->fax_file);
    for (size_t i = 0; i < job->document_count; i++)
        put_field(&o, "document", job->documents[i]);
    for (size_t i = 0; i < job->param_count; i++) {
        put_raw(&o, "param:", 6);
        put_field(&o, job->params[i].name, job->params[i].value);
    }
    put_field(&o, "end", "");   /* a file cut short lacks this line */
    if (o.failed) {
        free(o.data);
        return NULL;
    }
    if (size)
        *size = o.length;
    return o.data;
}

static void unescape(char *s)
{
    char *to = s;
    for (char *from = s; *from; from++) {
        if (*from == '\\' && from[1]) {
            from++;
            *to++ = *from == 'n' ? '\n' : *from == 'r' ? '\r' : *from;
        } else {
            *to++ = *from;
        }
    }
    *to = 0;
}

static bool parse_number(const char *text, long long *value)
{
    char *end;
    *value = strtoll(text, &end, 10);
    return *text && !*end;
}

static bool apply_field(struct fax_job *job, char *key, char *value)
{
    long long n = 0;

    if (!strcmp(key, "param")) {
        char *colon = strchr(value, ':');
        if (!colon || colon == value)
            return false;
        *colon = 0;
        unescape(colon + 1);
        return job_set_param(job, value, colon + 1);
    }
    unescape(value);
    if (!strcmp(key, "owner")) return job_set_string(&job->owner, value);
    if (!strcmp(key, "status")) return job_set_string(&job->status, value);
    if (!strcmp(key, "line")) return job_set_string(&job->line, value);
    if (!strcmp(key, "fax_file")) return job_set_string(&job->fax_file, value);
    if (!strcmp(key, "document")) return job_add_document(job, value);
    if (!strcmp(key, "state")) {
        if (strlen(value) != 1 || !strchr("TPSBWRDF", value[0]))
            return false;
        job->state = (enum job_state)value[0];
        return true;
    }
    if (!strcmp(key, "format") || !strcmp(key, "end"))
        return true;
    if (!parse_number(value, &n))
        return false;
    if (!strcmp(key, "id")) job->id = (uint32_t)n;
    else if (!strcmp(key, "submitted")) job->submitted = (time_t)n;
    else if (!strcmp(key, "next_attempt")) job->next_attempt = (time_t)n;
    else if (!strcmp(key, "finished")) job->finished = (time_t)n;
    else if (!strcmp(key, "dials")) job->dials = (int)n;
    else if (!strcmp(key, "tries")) job->tries = (int)n;
    else if (!strcmp(key, "pages_sent")) job->pages_sent = (int)n;
    else if (!strcmp(key, "pages_total")) job->pages_total = (int)n;
    return true;   /* unknown keys from a newer version are ignored */
}

struct fax_job *job_parse(const char *text, char *why, size_t why_size)
{
    struct fax_job *job = job_new(0, "");
    char *copy = strdup(text), *line, *save = NULL;
    bool ended = false, ok = job && copy && !strncmp(text, "format:openfaxcom-job 1\n", 24);

    if (!ok)
        snprintf(why, why_size, "not a job file");
    for (line = ok ? strtok_r(copy, "\n", &save) : NULL; ok && line; line = strtok_r(NULL, "\n", &save)) {
        char *colon = strchr(line, ':');
        if (!colon) {
            snprintf(why, why_size, "malformed line \"%.40s\"", line);
            ok = false;
            break;
        }
        *colon = 0;
        if (!apply_field(job, line, colon + 1)) {
            snprintf(why, why_size, "bad value for \"%.30s\"", line);
            ok = false;
        }
        ended = !strcmp(line, "end");
    }
    if (ok && (!ended || job->id == 0)) {
        snprintf(why, why_size, ended ? "no job id" : "the file is cut short");
        ok = false;
    }
    free(copy);
    if (!ok) {
        job_free(job);
        return NULL;
    }
    return job;
}
