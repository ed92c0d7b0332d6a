/*
 * SIP lines (see line.h): a trunk is one SIP user agent (sip_ua.h) with `channels` fax lines on it, each
 * able to carry one call. A call's media is a sip_media (G.711 or T.38); the T.30 ends are the same as the
 * loopback line's. Calls start on G.711 audio and move to T.38 by re-INVITE as the policy says:
 *
 *   prefer  the answering side re-INVITEs to T.38 as soon as it answers; the calling side re-INVITEs when
 *           the far end's V.21 (its DIS) arrives and no re-INVITE has come (the far end only accepts).
 *   accept  never re-INVITEs, accepts the far end's T.38 re-INVITE.
 *   never   answers a T.38 offer with 488: G.711 only.
 * A refused re-INVITE (488 or any failure) leaves the call on G.711: the fax goes on.
 *
 * Dialling: a dial string that is a SIP URI ("sip:3001@192.0.2.7:5080") is called directly; anything
 * else is a number sent to the trunk's proxy as sip:NUMBER@PROXY. Incoming INVITEs are answered on a free
 * channel with receiving enabled (486 when none is), written to the line's receive_dir and reported
 * through its receiver, as the loopback line does.
 */
#ifndef OPENFAXCOM_LINE_SIP_H
#define OPENFAXCOM_LINE_SIP_H

#include "line.h"
#include "sip_ua.h"

enum sip_t38_policy { SIP_T38_PREFER, SIP_T38_ACCEPT, SIP_T38_NEVER };

const char *sip_t38_policy_name(enum sip_t38_policy policy);

struct sip_trunk_options {
    struct sip_ua_config ua;       /* listen, proxy, user, password, register ... */
    enum sip_t38_policy t38;
    const char *media_address;     /* where RTP/UDPTL sockets bind; NULL = listen's host */
    int rtp_port_min, rtp_port_max;   /* 0, 0 = any */
    bool ecm;                      /* the line can do ECM (a job's ecm is honoured only then) */
    int silence_seconds;           /* a call with no media for this long is dropped; 0 = 30 */
    int answer_seconds;            /* an INVITE not answered by then is cancelled (no answer); 0 = 60 */
    sip_log_fn *log;               /* optional: the UA's and the trunk's log lines, never with credentials */
    void *log_user_data;
};

struct sip_trunk;

/* Makes the trunk with one line per entry of channels (their number, name, idents, receive_dir,
 * receiver); the trunk owns the lines. Fails (LINE_BAD_REQUEST with the detail) when the UA cannot
 * listen or the options are wrong. */
enum line_status sip_trunk_new(const struct sip_trunk_options *options, const struct fax_line_config *channels,
                               int channel_count, struct sip_trunk **trunk, struct line_error *error);
struct fax_line *sip_trunk_line(struct sip_trunk *trunk, int channel);
/* The registration in words: "" when not registering, "Registered", "Registering", "Registration failed:
 * 403 Forbidden". True when it failed (what a port's status shows). */
bool sip_trunk_registration(struct sip_trunk *trunk, char *text, size_t size);
/* Ends the calls in progress (their on_complete runs), stops the UA, frees the lines. */
void sip_trunk_free(struct sip_trunk *trunk);

#endif
