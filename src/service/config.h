/* faxd.conf: see docs/faxd.md for every setting. */
#ifndef OPENFAXCOM_FAXD_CONFIG_H
#define OPENFAXCOM_FAXD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define FAXD_MAX_LINES 32           /* line entries in faxd.conf */
#define FAXD_MAX_PORTS 1024         /* ports in all: a SIP line has one per channel, other lines one each */
#define FAXD_MAX_LISTEN 8

enum faxd_line_type { FAXD_LINE_LOOPBACK, FAXD_LINE_SIP };

struct faxd_line_config {
    char *number, *name, *tsid, *csid;
    char *owner;                   /* the protocol user whose faxes this line receives; NULL: everyone's */
    bool send, receive;
    int rings, priority;
    enum faxd_line_type type;
    /* type=sip (docs/faxd.md "SIP lines"): where the UA listens, the proxy it dials numbers through and
     * perhaps registers with, and how many calls it carries at once (one port each). */
    char *listen, *proxy, *user, *password, *media_address;
    bool register_with_proxy;
    int channels;
    int t38;                       /* enum sip_t38_policy: 0 prefer, 1 accept, 2 never */
    int rtp_port_min, rtp_port_max;
    int answer_timeout, silence_timeout;   /* seconds; 0 = the line's defaults (60, 30) */
};

/* Inbound routing methods, with the GUIDs Microsoft's fax service gives them (IFaxRoutingMethod). */
enum faxd_route_method { ROUTE_FOLDER, ROUTE_PRINT, ROUTE_EMAIL };
#define FAXD_MAX_ROUTES 64

struct faxd_route {
    char *line;                    /* the receiving line's number */
    enum faxd_route_method method;
    char *argument;                /* folder; command (the fax's path is appended); e-mail address */
    bool enabled;
};

const char *faxd_route_guid(enum faxd_route_method method);
const char *faxd_route_name(enum faxd_route_method method);
/* The method of a GUID, in any case, with or without braces; false when none has it. */
bool faxd_route_method_of(const char *guid, enum faxd_route_method *method);

struct faxd_config {
    char *spool;
    char *listen[FAXD_MAX_LISTEN];
    size_t listen_count;
    char *access_file;             /* hosts.hfaxd-style rules; NULL: anyone on loopback, no passwords */
    struct faxd_line_config lines[FAXD_MAX_LINES];
    size_t line_count;
    bool real_time;                /* loopback calls paced like a real line, or as fast as possible */
    bool ecm;
    int max_tries, max_dials, retry_delay, kill_time;   /* retry_delay and kill_time in seconds */
    int discount_start, discount_end;                    /* minutes after midnight */
    bool time_of_day_fixed;        /* tests only: see faxd_config_fix_time_of_day */
    int fixed_minute_of_day;
    bool branding;
    char *archive_folder;          /* NULL: sent faxes are not archived */
    long max_document_size;        /* bytes */
    int max_sessions;
    /* Limits against one client hogging faxd (docs/faxd.md "Security"): */
    int max_line_length;           /* bytes of a command line, without CR LF */
    int max_jobs_per_user;         /* queued (not done) jobs one user may have */
    int max_sessions_per_address;
    int max_login_failures;        /* failed PASS/ADMIN from one address before it is locked out */
    int login_lockout;             /* seconds an address stays locked out */
    char *user;                    /* the account faxd runs as once its sockets are bound; NULL: stays as is */
    char *log_file;
    char *sendmail;                /* for e-mail routing; NULL: /usr/sbin/sendmail */
    struct faxd_route routes[FAXD_MAX_ROUTES];
    size_t route_count;
};

void faxd_config_defaults(struct faxd_config *config);
/* Reads path over the defaults; false with why (file:line: problem) on any error. */
bool faxd_config_load(struct faxd_config *config, const char *path, char *why, size_t why_size);
void faxd_config_free(struct faxd_config *config);
/* Tests only, from the environment variable FAXD_TEST_TIME_OF_DAY ("HH:MM"): the scheduler judges
 * discount windows as if it were always that time, so tests hold or release discount jobs whatever
 * the hour. False with why when the text is not a time. */
bool faxd_config_fix_time_of_day(struct faxd_config *config, const char *text, char *why, size_t why_size);

#endif
