/*
 * The media of one SIP fax call: a UDP socket of its own, and one end of a T.30 session (fax_endpoint.h)
 * running over what the signalling agreed: G.711 audio in RTP (a spandsp fax_state_t, 160 samples per
 * 20 ms) or T.38 in UDPTL (a spandsp t38_terminal_state_t). Both feed the same T.30 engine as the
 * loopback line, so pages, ECM and the received-fax path are one code path.
 *
 * Switching: calls start on audio; when a re-INVITE to T.38 is agreed, the signalling calls
 * sip_media_set_remote with the T.38 description and the run moves to a T.38 terminal, restarting the
 * T.30 session there (a switch happens right after answer or after CNG/CED, before any page). The
 * reverse (T.38 -> audio) is refused: no fax system does it.
 *
 * Threads: sip_media_run blocks on the line's worker thread while a media thread (media_pool.h, shared
 * with other calls) runs the call's ticks, paced against CLOCK_MONOTONIC at 20 ms per tick (the far end
 * is real); the events come from that media thread. Every other function may be called from any thread
 * (the SIP thread) while it runs.
 */
#ifndef OPENFAXCOM_SIP_MEDIA_H
#define OPENFAXCOM_SIP_MEDIA_H

#include <stdbool.h>

#include "fax_call.h"
#include "lateness.h"
#include "sdp.h"
#include "udptl.h"

struct sip_media;

/* Tones the audio side heard, so that the signalling can re-INVITE to T.38 (t38=prefer). */
enum sip_media_tone { SIP_MEDIA_TONE_CNG, SIP_MEDIA_TONE_CED, SIP_MEDIA_TONE_V21 };

struct sip_media_events {
    void *user_data;
    /* optional; once per tone, until a page begins. Without it the audio side runs no tone detector. */
    void (*on_tone)(void *user_data, enum sip_media_tone tone);
    fax_call_progress_fn *on_progress;                                  /* optional */
};

/* Opens a UDP socket on bind_address (an IPv4 or IPv6 literal) with a port from [port_min, port_max]
 * (both 0: any). NULL with *error set when no port could be had. */
struct sip_media *sip_media_new(const char *bind_address, int port_min, int port_max,
                                const struct sip_media_events *events, struct fax_call_error *error);
int sip_media_port(const struct sip_media *media);

/* Where to send and what: the far end's description (address, port, kind, PCMU/PCMA, T.38 parameters).
 * Before sip_media_run, or during it (a re-INVITE: same kind = new address/parameters; audio -> T.38 =
 * switch). false when the description cannot be run (refused kind, T.38 -> audio, or a switch once a page
 * has begun: the pages so far would be lost; the call then stays as it is). */
bool sip_media_set_remote(struct sip_media *media, const struct sdp_desc *remote);
/* The kind running now (what the job's status reports), and the bit rate trained, once known. */
enum sdp_media_kind sip_media_kind(const struct sip_media *media);

/* Runs this end (FAX_CALL_SENDER sends request->send.tx_tiff; FAX_CALL_RECEIVER writes
 * request->rx_tiff) until T.30 ends, sip_media_hangup, sip_media_abort, request->time_limit_seconds, or
 * `silence_seconds` without a packet from the far end (a lost UDPTL or RTP path; 0 = 30 s), or, for a
 * sender, 35 s without a sign of a fax at the far end (sip_media_no_fax_answer). The end's
 * result is in *result; returns its status (FAX_CALL_ERR_NONE: every page; FAX_CALL_ERR_T30 with the
 * completion code; FAX_CALL_ERR_ABORTED; ...). remote must have been set. */
enum fax_call_status sip_media_run(struct sip_media *media, enum fax_call_end end,
                                   const struct fax_call_request *request, int total_pages, int silence_seconds,
                                   struct fax_call_end_result *result, struct fax_call_error *error);

/* true when the last run was a sender's that heard nothing of a fax (no CED, V.21, T.30 frame or UDPTL
 * datagram) within T.30's T1 of 35 s and gave up: the far end answered with voice, or is no fax machine. */
bool sip_media_no_fax_answer(const struct sip_media *media);

/* The far end hung up (BYE): the run ends within a tick, T.30 terminated, as a dropped call. */
void sip_media_hangup(struct sip_media *media);
/* Our side ends it (JKILL): as hangup, reported as FAX_CALL_ERR_ABORTED. */
void sip_media_abort(struct sip_media *media);

/* What the UDPTL receiver saw over the call (all zero for a call that never ran T.38). From the run's
 * events, or once the run has returned. */
void sip_media_udptl_stats(const struct sip_media *media, struct udptl_rx_stats *stats);
/* How late the last run's ticks sent their packets (one tick each 20 ms; G.711 sends a packet every tick,
 * T.38 when it has something): read it once sip_media_run has returned. */
const struct lateness *sip_media_lateness(const struct sip_media *media);

/* Tests only: drop this share (0..100) of outgoing packets, from a fixed pseudo-random sequence. */
void sip_media_set_loss(struct sip_media *media, int percent, unsigned seed);

void sip_media_free(struct sip_media *media);

#endif
