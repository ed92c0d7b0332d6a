/*
 * What sip_ua.c (the UA: its thread, requests from other threads), sip_ua_proxy.c (registration, digest
 * credentials, OPTIONS) and sip_ua_call.c (one call's signalling) share. Everything here runs on the UA's thread unless it says so.
 */
#ifndef OPENFAXCOM_SIP_UA_PRIVATE_H
#define OPENFAXCOM_SIP_UA_PRIVATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#define SU_ROOT_MAGIC_T struct sip_ua
#define SU_WAKEUP_ARG_T struct sip_ua
#define SU_TIMER_ARG_T struct sip_ua
#define NUA_MAGIC_T struct sip_ua
#define NUA_HMAGIC_T struct sip_call

#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/su_wait.h>

#include "sip_ua.h"

enum { SIP_SDP_MAX = 2048, SIP_AUTH_ATTEMPTS = 2 };

struct request;

struct sip_ua {
    char *listen_host, *proxy, *user, *number, *password;
    struct sip_ua_config config;      /* its strings point at the copies above */
    struct sip_ua_events events;
    int port;

    pthread_t thread;
    pthread_mutex_t lock;             /* guards requests and the start handshake */
    pthread_cond_t started;
    bool start_done;
    char start_error[256];
    struct request *requests, **requests_tail;
    int wake[2];                      /* pipe: other threads write a byte, the UA's thread reads */

    /* The UA's thread only. */
    su_root_t *root;
    nua_t *nua;
    su_wait_t wake_wait;
    nua_handle_t *registration, *options;
    int register_auth_attempts;
    su_timer_t *options_timer, *unregister_timer, *shutdown_timer;
    struct sip_call *calls;
    bool stopping, shutdown_incomplete;
};

enum sip_call_state {
    CALL_NEW,          /* created, INVITE not yet sent / 180 not yet sent */
    CALL_RINGING,      /* our INVITE awaits its final answer, or theirs awaits ours */
    CALL_ESTABLISHED,  /* 200 and ACK */
    CALL_ENDED,        /* on_ended has run (or will run once the application gives its events) */
};

struct sip_call {
    atomic_int refs;
    struct sip_ua *ua;
    nua_handle_t *handle;
    struct sip_call_events events;
    bool has_events;           /* an incoming call has events only once answered */
    bool incoming;
    enum sip_call_state state;
    bool reinvite_sent;        /* our re-INVITE awaits its answer */
    bool reinvite_received;    /* their re-INVITE awaits our answer */
    bool end_reported;
    bool cancelling;           /* we sent CANCEL: a 200 that crosses it gets a BYE, not on_answered */
    int end_status;            /* what on_ended will say */
    char end_phrase[64];
    int auth_attempts;
    struct sdp_desc remote;    /* the far end's last agreed offer or answer: a re-INVITE repeating it is a refresh */
    struct sdp_desc offered;   /* their re-INVITE's offer until we answer it */
    char local_sdp[SIP_SDP_MAX];   /* our last agreed offer or answer, for refreshes */
    char pending_sdp[SIP_SDP_MAX]; /* our re-INVITE's offer until it is accepted */
    unsigned long sdp_id, sdp_version;
    struct sip_call *next;     /* in the UA's list of live calls */
};

void sip_ua_log(struct sip_ua *ua, int level, const char *format, ...) __attribute__((format(printf, 3, 4)));
/* The digest credentials for a challenge in sip, as NUTAG_AUTH wants them; false when there is no password. */
bool sip_ua_auth(struct sip_ua *ua, const sip_t *sip, char *auth, size_t size);
/* The user part the line registers and sends in From (user, else number; NULL: neither), and the From. */
const char *sip_ua_user(struct sip_ua *ua);
void sip_ua_from(struct sip_ua *ua, char *from, size_t size);
/* Whether an INVITE whose To has this user part is for this line: its user or its number, or any when the
 * line has neither (a line that takes whatever reaches its listen address). */
bool sip_ua_takes(struct sip_ua *ua, const char *to_user);
/* "sip:HOST[:PORT][;params]" gives HOST[:PORT]. */
void sip_ua_proxy_host(const char *proxy, char *host, size_t size);

/* sip_ua_proxy.c: REGISTER and its answers, OPTIONS every options_interval. */
void sip_ua_start_registration(struct sip_ua *ua);
void sip_ua_registration_event(struct sip_ua *ua, nua_event_t event, int status, const char *phrase,
                               const sip_t *sip);
void sip_ua_send_options(struct sip_ua *ua, su_timer_t *timer, struct sip_ua *arg);
/* The un-REGISTER of a stopping UA has its answer: the shutdown goes on. */
void sip_ua_unregistered(struct sip_ua *ua);

/* The UA's list of live calls (those whose on_ended has not run). */
void sip_ua_add_call(struct sip_ua *ua, struct sip_call *call);
void sip_ua_remove_call(struct sip_ua *ua, struct sip_call *call);

struct sip_call *sip_call_create(struct sip_ua *ua, bool incoming);
void sip_call_ref(struct sip_call *call);

/* The call side of the NUA callback and of requests from other threads. */
void sip_call_event(struct sip_ua *ua, nua_event_t event, int status, const char *phrase, nua_handle_t *nh,
                    struct sip_call *call, const sip_t *sip, tagi_t tags[]);
void sip_call_do_invite(struct sip_call *call, const char *target, const char *sdp);
void sip_call_do_answer(struct sip_call *call, const char *sdp, const struct sip_call_events *events);
void sip_call_do_reject(struct sip_call *call, int status);
void sip_call_do_reinvite(struct sip_call *call, const char *sdp);
void sip_call_do_accept_reinvite(struct sip_call *call, const char *sdp);
void sip_call_do_reject_reinvite(struct sip_call *call, int status);
void sip_call_do_hangup(struct sip_call *call);
/* The UA is stopping and the stack has shut down: on_ended for what is left, handles destroyed. */
void sip_call_do_abandon(struct sip_call *call);

#endif
