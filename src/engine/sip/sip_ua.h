/*
 * faxd's SIP user agent, on sofia-sip's NUA: one per SIP line, listening on UDP and TCP at one address,
 * optionally registering with a proxy (digest authentication, refresh), placing and answering INVITEs,
 * sending and answering re-INVITEs, session timers (RFC 4028, refreshed with UPDATE so the media is not
 * disturbed), OPTIONS keep-alive to the proxy. SDP is ours (sdp.h): NUA's own offer/answer engine is
 * off, the bodies go through as application/sdp.
 *
 * Threads: the UA runs sofia's event loop on a thread of its own. Every callback runs on that thread and
 * must not block. Every function may be called from any thread: it is handed to the UA's thread and
 * returns at once (calls are reference-counted handles; the UA keeps its own reference until the call's
 * on_ended has run). Credentials never appear in logs.
 */
#ifndef OPENFAXCOM_SIP_UA_H
#define OPENFAXCOM_SIP_UA_H

#include <stdbool.h>

#include "sdp.h"

struct sip_ua;
struct sip_call;

/* One line of the log, without credentials; level as syslog (3 error, 4 warning, 6 info, 7 debug). */
typedef void sip_log_fn(void *user_data, int level, const char *message);

struct sip_ua_config {
    const char *listen;          /* "127.0.0.1:5070" (IPv6: "[::1]:5070"): UDP and TCP */
    const char *proxy;           /* "sip:HOST[:PORT][;transport=tcp]" or NULL: where numbers are dialled */
    const char *user;            /* our user part (From, Contact, REGISTER); NULL = number */
    const char *number;          /* the line's number: To of incoming calls we take when user is NULL */
    const char *password;        /* digest authentication for REGISTER and INVITE challenges; NULL = none */
    bool register_with_proxy;    /* REGISTER at the proxy and keep it refreshed */
    int register_expires;        /* seconds; 0 = 3600 */
    int session_expires;         /* RFC 4028 Session-Expires we ask for; 0 = 1800 */
    int options_interval;        /* seconds between OPTIONS to the proxy; 0 = off */
};

struct sip_ua_events {
    void *user_data;
    /* An INVITE for us arrived (180 Ringing has been sent). The application answers with sip_call_answer
     * or sip_call_reject (e.g. 486 when every channel is busy), now or later from any thread. The call
     * is a reference for the application. from is the caller's user part or URI. */
    void (*on_incoming)(void *user_data, struct sip_call *call, const char *from, const char *to,
                        const struct sdp_desc *offer);
    /* Registration state: status 200 when registered, else the failure (403, 408 ...) and its phrase;
     * also on refresh failures. Optional. */
    void (*on_registration)(void *user_data, int status, const char *phrase);
    sip_log_fn *log;             /* optional */
};

struct sip_call_events {
    void *user_data;
    /* 183 with SDP (early media) or 200 to our INVITE: the far end's media. Once per change. */
    void (*on_media)(void *user_data, const struct sdp_desc *remote, bool early);
    /* Our INVITE was answered (after on_media). */
    void (*on_answered)(void *user_data);
    /* The far end re-INVITEs with a new offer (T.38 switch or a session refresh): the application calls
     * sip_call_accept_reinvite or sip_call_reject_reinvite (488), before returning or soon after. */
    void (*on_reinvite)(void *user_data, const struct sdp_desc *offer);
    /* Our re-INVITE's outcome: status 200 with the answer, or the failure (488, 491, 408 ...). */
    void (*on_reinvite_result)(void *user_data, int status, const struct sdp_desc *answer);
    /* The call is over: status is the final failure of our INVITE (486, 404, 480, 487 ...), or 200 when
     * an established call ended by BYE (either side), 487 when cancelled. Exactly once; the UA drops its
     * reference after it. */
    void (*on_ended)(void *user_data, int status, const char *phrase);
};

/* "HOST:PORT", "[V6]:PORT" (a listen= value): the host without brackets (malloc'ed) and the port. */
bool sip_parse_listen(const char *listen, char **host, int *port);

/* Where the SIP stack's own refusals of broken messages (answered 400 before any UA sees them) are logged,
 * for every UA of the process; NULL: nowhere. Set before the first UA, cleared after the last. */
void sip_ua_set_stack_log(sip_log_fn *log, void *user_data);

struct sip_ua *sip_ua_new(const struct sip_ua_config *config, const struct sip_ua_events *events,
                          char *error, size_t error_size);
/* The port actually listened on (a listen port of 0 picks one: tests). */
int sip_ua_port(const struct sip_ua *ua);
/* Hangs up every call (their on_ended runs), unregisters (bounded wait), stops the thread. */
void sip_ua_free(struct sip_ua *ua);

/* Places a call: target is a SIP URI ("sip:3001@127.0.0.1:5080") dialled directly, or a number sent to
 * the proxy (sip:NUMBER@proxy). NULL with error when neither can be (a number and no proxy). The call is
 * a reference for the caller. */
struct sip_call *sip_ua_invite(struct sip_ua *ua, const char *target, const struct sdp_desc *offer,
                               const struct sip_call_events *events, char *error, size_t error_size);

/* Answer an incoming call: 200 with our SDP; events are the call's from now on. */
void sip_call_answer(struct sip_call *call, const struct sdp_desc *answer, const struct sip_call_events *events);
/* Refuse an incoming call (486 busy, 488 not acceptable, 480 unavailable, 603 decline). */
void sip_call_reject(struct sip_call *call, int status);
/* re-INVITE with a new offer; the outcome comes through on_reinvite_result. */
void sip_call_reinvite(struct sip_call *call, const struct sdp_desc *offer);
void sip_call_accept_reinvite(struct sip_call *call, const struct sdp_desc *answer);
void sip_call_reject_reinvite(struct sip_call *call, int status);
/* BYE (established), CANCEL (ringing, ours) or a 480 (ringing, theirs). on_ended follows. */
void sip_call_hangup(struct sip_call *call);
void sip_call_release(struct sip_call *call);

#endif
