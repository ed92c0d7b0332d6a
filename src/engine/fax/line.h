/*
 * Fax lines: the devices of the fax service. The scheduler places calls on a struct fax_line and hears
 * back through callbacks; it never knows what kind of line it holds. Every kind is one implementation
 * of struct fax_line_ops:
 *
 *   loopback  (line_loopback.c) lines of an in-process exchange; dialing another line's number runs a
 *             real T.30 call between the two in spandsp audio (fax_call.h). For tests, demos and
 *             benchmarks without a modem.
 *   class1    (later) a Class 1 fax modem on a tty. place_call starts a worker that opens the tty, sends
 *             ATD<dial_string>, and on CONNECT runs one fax_endpoint (fax_endpoint.h) on a t30_state_t
 *             whose front-end handlers issue AT+FTH/FRH/FTM/FRM. ATD answers BUSY or NO ANSWER only
 *             after seconds, so those come through on_complete's dial status; place_call itself refuses
 *             only what is known at once (offline, in use, a bad document). An incoming RING, after
 *             `rings` of them, is answered on a worker with ATA and reported through the receiver.
 *   t38       (later) a T.38 peer over UDPTL: a fax_endpoint on a t38_terminal_state_t, the dial string
 *             naming the peer (or a SIP URI, with a signalling layer); dial outcomes as for class1.
 * Adding one is a new file with a constructor declared below and a case in the service's configuration
 * reader; the scheduler and this interface stay as they are.
 *
 * Threads: a line runs each call on a worker thread of its own. Every callback here (the observer of a
 * placed call, the receiver of a line) is invoked on that worker thread, and callbacks of different calls
 * may run at the same time. faxd's callbacks take its queue lock briefly to record progress and outcomes
 * (src/service/queue/sender.c, inbox.c); a callback must neither block for long (a real-time call stalls
 * meanwhile) nor call back into the line. All functions below may be called from any thread.
 */
#ifndef OPENFAXCOM_LINE_H
#define OPENFAXCOM_LINE_H

#include <stdatomic.h>
#include <stdbool.h>

#include "fax_call.h"

/* What place_call answers at once; line_strerror names it. */
enum line_status {
    LINE_OK = 0,            /* the call is under way: its result comes through on_complete */
    LINE_BUSY,              /* the called number is in a call */
    LINE_NO_ANSWER,         /* the called number does not answer (receiving disabled, out of service) */
    LINE_NO_SUCH_NUMBER,    /* nothing has that number: a bad address, do not retry */
    LINE_OFFLINE,           /* this line is out of service */
    LINE_IN_USE,            /* this line is in a call already */
    LINE_CANNOT_SEND,       /* sending is disabled on this line */
    LINE_BAD_REQUEST,       /* the request or its document was refused before dialing: see the detail */
    LINE_NO_RESOURCES,      /* memory or a thread could not be had */
};

const char *line_strerror(enum line_status status);
/* What a refused call means for the job: NO_SUCH_NUMBER and BAD_REQUEST are FATAL, the rest RETRYABLE
 * (another line, or a later try, can succeed). LINE_OK is FAX_CALL_OK. */
enum fax_call_outcome line_status_outcome(enum line_status status);

struct line_error {
    enum line_status status;
    char detail[200];
};

enum line_state {
    LINE_STATE_IDLE,
    LINE_STATE_DIALING,
    LINE_STATE_SENDING,
    LINE_STATE_RECEIVING,
    LINE_STATE_OFFLINE,      /* out of service and not in a call */
};

const char *line_state_name(enum line_state state);

struct fax_line;

/* A fax that came in. Valid only during the callback: copy what you keep. The file at path is the
 * service's from then on: move it into the inbox (or delete it). */
struct fax_received {
    const char *path;           /* the pages, as spandsp wrote them; NULL when no page arrived */
    const char *remote_ident;   /* the sender's TSI, "" when it sent none */
    const char *sub_address;    /* the SUB received (routing / DID), "" when none */
    const char *caller_id;      /* the calling number, when the line knows it, else "" */
    int pages;
    bool complete;              /* the session ended without error */
    const struct fax_call_result *call;   /* everything else: completion code and text, rate, times */
};

/* The incoming side of a line, given when the line is made. */
struct line_receiver {
    void *user_data;
    /* Every call this line answered, also failed ones (pages may be 0). */
    void (*on_fax_received)(void *user_data, struct fax_line *line, const struct fax_received *fax);
    /* Optional: progress of a reception (LIST status "Receiving page 2"). */
    void (*on_progress)(void *user_data, struct fax_line *line, const struct fax_call_progress *progress);
};

struct fax_line_config {
    const char *number;          /* this line's own number, e.g. "1002" */
    const char *name;            /* the device name the service shows, e.g. "loop1002" */
    const char *device_id;       /* where it is, e.g. "loopback:1002", "/dev/ttyS0" */
    const char *tsid;            /* sent as TSI unless the job gives one; may change: read with line_idents */
    const char *csid;            /* sent as CSI when answering; may change: read with line_idents */
    bool send_enabled, receive_enabled;
    int rings;                   /* rings before answering (modem lines; the loopback answers at once) */
    const char *receive_dir;     /* where received faxes are written; needed when receive_enabled */
    struct line_receiver receiver;
};

/* The sending side of a placed call. Copied by place_call. */
struct fax_call_observer {
    void *user_data;
    void (*on_progress)(void *user_data, const struct fax_call_progress *progress);   /* optional */
    /* Exactly once per call place_call accepted, after the line is free again. dial is LINE_OK when the
     * far end answered (the T.30 session's result is in result), or why it did not: a modem line learns
     * BUSY or NO ANSWER seconds after dialing, so these outcomes arrive either way, at once from
     * place_call (the loopback knows) or here, and the scheduler treats both alike. */
    void (*on_complete)(void *user_data, enum line_status dial, const struct fax_call_result *result);
};

/* A placed call, as the scheduler holds it: abort it (JKILL) and release it when done with it. The
 * line holds its own reference while the call runs, so the two may happen in any order. */
struct line_call;

struct line_call_ops {
    void (*abort)(struct line_call *call);
    void (*destroy)(struct line_call *call);
};

struct line_call {               /* embedded first in each implementation's call */
    const struct line_call_ops *ops;
    atomic_int references;
};

/* Ends the call promptly; its result (outcome FAX_CALL_ABORTED unless it had ended) still comes through
 * on_complete. Harmless after the call ended. */
void line_call_abort(struct line_call *call);
void line_call_release(struct line_call *call);

struct fax_line_ops {
    const char *kind;            /* "loopback", "class1", "t38" */
    /* Places a call to dial_string sending send->tx_tiff. Returns LINE_OK with *call set (a reference
     * for the caller), or why not with *error filled; the observer is not called then. */
    enum line_status (*place_call)(struct fax_line *line, const char *dial_string,
                                   const struct fax_send_request *send, const struct fax_call_observer *observer,
                                   struct line_call **call, struct line_error *error);
    /* Optional: the line is taken out of or back into service (a modem line closes or opens its tty). */
    void (*online_changed)(struct fax_line *line, bool online);
};

/* The part every line has; implementations embed it first. The configuration is fixed when the line is
 * made (its strings are the line's own copies), except the idents (line_set_idents); the flags and the
 * state change at any time. */
struct fax_line {
    const struct fax_line_ops *ops;
    struct fax_line_config config;
    atomic_bool online, send_enabled, receive_enabled;
    atomic_int activity;         /* LINE_STATE_IDLE / DIALING / SENDING / RECEIVING */
};

/* The scheduler's entry: ops->place_call, once dial_string, send and observer->on_complete are known to
 * be given. call must not be NULL; *call is NULL unless LINE_OK. */
enum line_status line_place_call(struct fax_line *line, const char *dial_string,
                                 const struct fax_send_request *send, const struct fax_call_observer *observer,
                                 struct line_call **call, struct line_error *error);
enum line_state line_state(struct fax_line *line);
const struct fax_line_config *line_config(const struct fax_line *line);
void line_set_online(struct fax_line *line, bool online);
void line_set_send_enabled(struct fax_line *line, bool enabled);
void line_set_receive_enabled(struct fax_line *line, bool enabled);
/* The TSID and CSID change while calls run (an administrator renames the line): a call copies them when
 * it starts, through line_idents (either output may be NULL). NULL keeps one as it is; false when one is
 * longer than FAX_IDENT_MAX. */
bool line_set_idents(struct fax_line *line, const char *tsid, const char *csid);
void line_idents(const struct fax_line *line, char tsid[FAX_IDENT_MAX + 1], char csid[FAX_IDENT_MAX + 1]);

/* For implementations: copy the configuration into the line (false: out of memory), and free it. */
bool line_init(struct fax_line *line, const struct fax_line_ops *ops, const struct fax_line_config *config);
void line_cleanup(struct fax_line *line);
/* Creates the file a reception on line is written to, under a name of its own (rx-DIGITS-TIME-N.tif in
 * its receive_dir): the time keeps names apart across restarts, *counter within a second, O_EXCL between
 * processes. NULL with why when it cannot. */
char *line_create_rx_file(const struct fax_line *line, atomic_uint *counter, char *why, size_t why_size);
/* Progress of a call, for implementations: the sender's end (on sending_line) goes to the placed call's
 * observer and marks the line SENDING once training starts; the receiver's to receiving_line's receiver. */
void line_report_progress(struct fax_line *sending_line, const struct fax_call_observer *observer,
                          struct fax_line *receiving_line, const struct fax_call_progress *progress);
/* The end of a reception on line: the file at rx_path goes when no page arrived (spandsp removes an empty
 * file it opened; ours may be unopened), and the receiver hears of every call answered. */
void line_report_reception(struct fax_line *line, const char *rx_path, const char *caller_id,
                           const struct fax_call_end_result *rx, const struct fax_call_result *result);
void line_call_init(struct line_call *call, const struct line_call_ops *ops, int references);
enum line_status line_fail(struct line_error *error, enum line_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- loopback lines (line_loopback.c) ----
 * An exchange of lines on one machine. Dialing a line's number (its digits; other characters of the
 * dial string are ignored) from another line of the same exchange runs a real T.30 call between them:
 * a spandsp caller on the sending line, an answerer on the called one, 160-sample blocks in memory.
 * Both lines are busy for the call; calls between different pairs run at the same time. */
struct loopback_options {
    bool ecm;                    /* the lines can do ECM (a job's ecm is honoured only then) */
    int modems;                  /* FAX_MODEM_* the lines have; 0 = all. A job's mask is narrowed to it */
    bool real_time;              /* pace calls at 20 ms per block; else as fast as the CPU allows */
};

struct loopback_exchange;

struct loopback_exchange *loopback_exchange_new(const struct loopback_options *options);
/* Adds a line; the exchange owns it. Refused: a number without digits or already taken, receiving
 * enabled without a receive_dir. */
enum line_status loopback_exchange_add_line(struct loopback_exchange *exchange, const struct fax_line_config *config,
                                            struct fax_line **line, struct line_error *error);
/* Aborts the calls in progress, waits for their workers (their on_complete runs) and frees the lines.
 * Calls the scheduler still holds stay valid until released. */
void loopback_exchange_free(struct loopback_exchange *exchange);

#endif
