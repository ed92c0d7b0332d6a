/*
 * One call's signalling on the UA's thread (see sip_ua_private.h): INVITEs both ways, their digest
 * challenges, re-INVITEs both ways (a repeated offer is a session refresh the UA answers itself), CANCEL,
 * BYE, and the single on_ended. A call ends when NUA says its state is terminated; the events before
 * that (a final failure, BYE, CANCEL) only say with which status.
 */
#include "sip_ua_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sofia-sip/sip_status.h>

static atomic_ulong next_sdp_id = 1;

struct sip_call *sip_call_create(struct sip_ua *ua, bool incoming)
{
    struct sip_call *call = calloc(1, sizeof(*call));
    if (call == NULL)
        return NULL;
    atomic_init(&call->refs, 2);   /* the UA's until on_ended, and the application's */
    call->ua = ua;
    call->incoming = incoming;
    call->sdp_id = atomic_fetch_add(&next_sdp_id, 1);
    return call;
}

void sip_call_ref(struct sip_call *call)
{
    atomic_fetch_add(&call->refs, 1);
}

void sip_call_release(struct sip_call *call)
{
    if (call != NULL && atomic_fetch_sub(&call->refs, 1) == 1)
        free(call);
}

static void set_end(struct sip_call *call, int status, const char *phrase)
{
    call->end_status = status;
    snprintf(call->end_phrase, sizeof(call->end_phrase), "%s", phrase != NULL ? phrase : "");
}

/* on_ended, once; an incoming call the application has not yet answered gets it when it does. */
static void report_end(struct sip_call *call)
{
    if (call->end_reported || !call->has_events)
        return;
    call->end_reported = true;
    if (call->events.on_ended != NULL)
        call->events.on_ended(call->events.user_data, call->end_status, call->end_phrase);
}

static void finish(struct sip_call *call)
{
    if (call->state == CALL_ENDED)
        return;
    if (call->end_status == 0)
        set_end(call, call->state == CALL_ESTABLISHED ? 200 : 500,
                call->state == CALL_ESTABLISHED ? "OK" : "Call ended");
    call->state = CALL_ENDED;
    sip_ua_log(call->ua, 6, "SIP call ended: %d %s", call->end_status, call->end_phrase);
    sip_ua_remove_call(call->ua, call);
    if (call->handle != NULL) {
        nua_handle_bind(call->handle, NULL);
        nua_handle_destroy(call->handle);
        call->handle = NULL;
    }
    report_end(call);
    sip_call_release(call);   /* the UA's reference */
}

/* The body of sip when it is SDP; false with a log line when it is missing or not usable. */
static bool message_sdp(struct sip_ua *ua, const sip_t *sip, struct sdp_desc *desc)
{
    char error[128];
    if (sip == NULL || sip->sip_payload == NULL || sip->sip_payload->pl_len == 0) {
        sip_ua_log(ua, 4, "SIP message without SDP");
        return false;
    }
    if (!sdp_parse(sip->sip_payload->pl_data, sip->sip_payload->pl_len, desc, error, sizeof(error))) {
        sip_ua_log(ua, 4, "SDP refused: %s", error);
        return false;
    }
    return true;
}

/* Field by field: struct copies need not carry padding bytes, so memcmp could see a change that is not one. */
static bool same_media(const struct sdp_desc *a, const struct sdp_desc *b)
{
    const struct sdp_t38 *x = &a->t38, *y = &b->t38;
    if (strcmp(a->address, b->address) != 0 || a->port != b->port || a->kind != b->kind ||
        a->format_count != b->format_count || a->ptime != b->ptime || a->sendrecv != b->sendrecv)
        return false;
    for (int i = 0; i < a->format_count && i < SDP_MAX_FORMATS; i++)
        if (a->formats[i] != b->formats[i])
            return false;
    return x->version == y->version && x->max_bit_rate == y->max_bit_rate && x->transferred_tcf == y->transferred_tcf &&
           x->max_buffer == y->max_buffer && x->max_datagram == y->max_datagram && x->ec == y->ec &&
           x->fill_bit_removal == y->fill_bit_removal && x->transcoding_mmr == y->transcoding_mmr &&
           x->transcoding_jbig == y->transcoding_jbig;
}

static void respond(struct sip_call *call, int status, const char *sdp)
{
    nua_respond(call->handle, status, sip_status_phrase(status),
                TAG_IF(sdp != NULL, SIPTAG_CONTENT_TYPE_STR("application/sdp")),
                TAG_IF(sdp != NULL, SIPTAG_PAYLOAD_STR(sdp)), TAG_END());
}

static void url_user(const sip_addr_t *address, char *text, size_t size)
{
    text[0] = '\0';
    if (address == NULL)
        return;
    if (address->a_url->url_user != NULL)
        snprintf(text, size, "%s", address->a_url->url_user);
    else
        url_e(text, (isize_t) size, address->a_url);
}

static void incoming_invite(struct sip_ua *ua, nua_handle_t *nh, const sip_t *sip)
{
    char from[128], to[128];
    struct sdp_desc offer;
    url_user(sip->sip_from, from, sizeof(from));
    url_user(sip->sip_to, to, sizeof(to));
    if (!sip_ua_takes(ua, to)) {
        sip_ua_log(ua, 5, "INVITE from %s for %s: not this line's user or number, 404", from, to);
        nua_respond(nh, 404, sip_status_phrase(404), TAG_END());
        return;
    }
    if (!message_sdp(ua, sip, &offer)) {
        nua_respond(nh, 488, sip_status_phrase(488), TAG_END());
        return;
    }
    struct sip_call *call = sip_call_create(ua, true);
    if (call == NULL) {
        nua_respond(nh, 500, sip_status_phrase(500), TAG_END());
        return;
    }
    call->handle = nh;
    nua_handle_bind(nh, call);
    call->state = CALL_RINGING;
    call->remote = offer;
    sip_ua_add_call(ua, call);
    respond(call, 180, NULL);
    sip_ua_log(ua, 6, "INVITE from %s to %s", from, to);
    const struct sip_ua_events *events = &ua->events;
    if (events->on_incoming != NULL)
        events->on_incoming(events->user_data, call, from, to, &offer);
    else
        sip_call_do_reject(call, 480);
}

static void incoming_reinvite(struct sip_call *call, const sip_t *sip)
{
    struct sdp_desc offer;
    bool has_body = sip != NULL && sip->sip_payload != NULL && sip->sip_payload->pl_len > 0;

    if (call->state != CALL_ESTABLISHED || call->reinvite_received || call->reinvite_sent) {
        respond(call, 491, NULL);   /* glare, or one at a time */
        return;
    }
    if (has_body && !message_sdp(call->ua, sip, &offer)) {
        respond(call, 488, NULL);
        return;
    }
    /* A session refresh repeats the offer (or carries none): answer with what we agreed, the media goes on. */
    if (!has_body || same_media(&offer, &call->remote)) {
        respond(call, 200, call->local_sdp);
        return;
    }
    call->offered = offer;
    call->reinvite_received = true;
    if (call->events.on_reinvite != NULL)
        call->events.on_reinvite(call->events.user_data, &offer);
    else
        sip_call_do_reject_reinvite(call, 488);
}

static void invite_response(struct sip_call *call, int status, const char *phrase, const sip_t *sip)
{
    char auth[512];
    struct sdp_desc remote;

    if ((status == 401 || status == 407) && call->auth_attempts++ < SIP_AUTH_ATTEMPTS && sip != NULL &&
        sip_ua_auth(call->ua, sip, auth, sizeof(auth))) {
        nua_authenticate(call->handle, NUTAG_AUTH(auth), TAG_END());
        return;
    }
    if (call->reinvite_sent) {
        if (status < 200)
            return;
        call->reinvite_sent = false;
        bool ok = status < 300 && message_sdp(call->ua, sip, &remote);
        if (ok) {
            call->remote = remote;
            memcpy(call->local_sdp, call->pending_sdp, sizeof(call->local_sdp));
        }
        if (call->events.on_reinvite_result != NULL)
            call->events.on_reinvite_result(call->events.user_data, ok ? 200 : status < 300 ? 488 : status,
                                            ok ? &remote : NULL);
        return;
    }
    if (call->state != CALL_RINGING)
        return;
    if (status >= 300) {
        set_end(call, status, phrase);
        return;
    }
    if (status >= 200 && call->cancelling) {   /* the far end answered as our CANCEL went out: end it */
        call->state = CALL_ESTABLISHED;
        nua_bye(call->handle, TAG_END());
        return;
    }
    bool early = status < 200;
    bool has_body = sip != NULL && sip->sip_payload != NULL && sip->sip_payload->pl_len > 0;
    if ((early && !has_body) || !message_sdp(call->ua, sip, &remote)) {
        if (!early)
            sip_ua_log(call->ua, 4, "200 to our INVITE without usable SDP");
    } else if (!early || !same_media(&remote, &call->remote)) {
        call->remote = remote;
        if (call->events.on_media != NULL)
            call->events.on_media(call->events.user_data, &remote, early);
    }
    if (!early) {
        call->state = CALL_ESTABLISHED;
        if (call->events.on_answered != NULL)
            call->events.on_answered(call->events.user_data);
    }
}

void sip_call_event(struct sip_ua *ua, nua_event_t event, int status, const char *phrase, nua_handle_t *nh,
                    struct sip_call *call, const sip_t *sip, tagi_t tags[])
{
    int state = -1;
    switch (event) {
    case nua_i_invite:
        if (call == NULL)
            incoming_invite(ua, nh, sip);
        else
            incoming_reinvite(call, sip);
        break;
    case nua_r_invite:
        if (call != NULL)
            invite_response(call, status, phrase, sip);
        break;
    case nua_i_cancel:
        if (call != NULL)
            set_end(call, 487, "Request Terminated");
        break;
    case nua_r_bye:
    case nua_i_bye:
        if (call != NULL)
            set_end(call, 200, event == nua_i_bye ? "BYE from the far end" : "BYE");
        break;
    case nua_i_state:
        tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
        if (state == nua_callstate_terminated) {
            if (call != NULL)
                finish(call);
            else if (nh != NULL)
                nua_handle_destroy(nh);   /* an INVITE we refused before it became a call */
        }
        break;
    case nua_i_error:
        sip_ua_log(ua, 4, "SIP error: %d %s", status, phrase);
        break;
    default:
        break;
    }
}

void sip_call_do_invite(struct sip_call *call, const char *target, const char *sdp)
{
    char from[256], to[600];
    struct sip_ua *ua = call->ua;

    sip_ua_add_call(ua, call);
    call->state = CALL_RINGING;
    sip_ua_from(ua, from, sizeof(from));
    /* In angle brackets, ;transport=tcp stays a parameter of the URI rather than of the To header. */
    snprintf(to, sizeof(to), "<%s>", target);
    if (sdp[0] != '\0')
        call->handle = nua_handle(ua->nua, call, NUTAG_URL(target), SIPTAG_TO_STR(to), SIPTAG_FROM_STR(from),
                                  TAG_END());
    if (call->handle == NULL) {
        set_end(call, sdp[0] != '\0' ? 400 : 488, sdp[0] != '\0' ? "Not a usable SIP URI" : "No offer");
        finish(call);
        return;
    }
    snprintf(call->local_sdp, sizeof(call->local_sdp), "%s", sdp);
    sip_ua_log(ua, 6, "INVITE %s", target);
    nua_invite(call->handle, SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp), TAG_END());
}

void sip_call_do_answer(struct sip_call *call, const char *sdp, const struct sip_call_events *events)
{
    if (!call->incoming || call->has_events)
        return;
    call->events = *events;
    call->has_events = true;
    if (call->state == CALL_ENDED) {
        report_end(call);   /* the caller gave up before the application answered */
        return;
    }
    if (sdp[0] == '\0') {
        sip_call_do_reject(call, 488);
        return;
    }
    snprintf(call->local_sdp, sizeof(call->local_sdp), "%s", sdp);
    call->state = CALL_ESTABLISHED;
    respond(call, 200, sdp);
}

void sip_call_do_reject(struct sip_call *call, int status)
{
    if (!call->incoming || call->state != CALL_RINGING)
        return;
    if (status < 300 || status > 699)
        status = 480;
    set_end(call, status, sip_status_phrase(status));
    respond(call, status, NULL);
}

void sip_call_do_reinvite(struct sip_call *call, const char *sdp)
{
    if (call->state != CALL_ESTABLISHED || call->reinvite_sent || call->reinvite_received || sdp[0] == '\0') {
        if (call->events.on_reinvite_result != NULL && call->state != CALL_ENDED)
            call->events.on_reinvite_result(call->events.user_data, sdp[0] == '\0' ? 488 : 491, NULL);
        return;
    }
    call->reinvite_sent = true;
    snprintf(call->pending_sdp, sizeof(call->pending_sdp), "%s", sdp);
    nua_invite(call->handle, SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp), TAG_END());
}

void sip_call_do_accept_reinvite(struct sip_call *call, const char *sdp)
{
    if (!call->reinvite_received || call->state != CALL_ESTABLISHED)
        return;
    if (sdp[0] == '\0') {
        sip_call_do_reject_reinvite(call, 488);
        return;
    }
    call->reinvite_received = false;
    call->remote = call->offered;
    snprintf(call->local_sdp, sizeof(call->local_sdp), "%s", sdp);
    respond(call, 200, sdp);
}

void sip_call_do_reject_reinvite(struct sip_call *call, int status)
{
    if (!call->reinvite_received || call->state != CALL_ESTABLISHED)
        return;
    call->reinvite_received = false;
    respond(call, status >= 300 && status <= 699 ? status : 488, NULL);
}

void sip_call_do_hangup(struct sip_call *call)
{
    switch (call->state) {
    case CALL_ESTABLISHED:
        nua_bye(call->handle, TAG_END());
        break;
    case CALL_RINGING:
        if (call->incoming) {
            sip_call_do_reject(call, 480);
        } else {
            set_end(call, 487, "Request Terminated");
            call->cancelling = true;
            nua_cancel(call->handle, TAG_END());
        }
        break;
    case CALL_NEW:
    case CALL_ENDED:
        break;
    }
}

void sip_call_do_abandon(struct sip_call *call)
{
    if (call->end_status == 0)
        set_end(call, 503, "SIP line stopped");
    finish(call);
}
