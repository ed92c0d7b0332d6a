/*
 * The SIP UA's dealings with its proxy (see sip_ua_private.h): who we are (From, the user part), digest
 * credentials for a challenge (the password goes into NUTAG_AUTH and nowhere else), REGISTER with its
 * challenges and refreshes, and the OPTIONS keep-alive. UA thread only.
 */
#include "sip_ua_private.h"

#include <stdio.h>
#include <string.h>

#include <sofia-sip/msg_header.h>

const char *sip_ua_user(struct sip_ua *ua)
{
    return ua->user != NULL ? ua->user : ua->number;
}

bool sip_ua_takes(struct sip_ua *ua, const char *to_user)
{
    if (ua->user == NULL && ua->number == NULL)
        return true;
    return (ua->user != NULL && strcmp(to_user, ua->user) == 0) ||
           (ua->number != NULL && strcmp(to_user, ua->number) == 0);
}

/* The proxy's host part: "sip:HOST[:PORT][;params]" gives HOST[:PORT]. */
void sip_ua_proxy_host(const char *proxy, char *host, size_t size)
{
    const char *start = strncmp(proxy, "sips:", 5) == 0 ? proxy + 5 : strncmp(proxy, "sip:", 4) == 0 ? proxy + 4
                                                                                                    : proxy;
    size_t length = strcspn(start, ";?>");
    snprintf(host, size, "%.*s", (int) length, start);
}

void sip_ua_from(struct sip_ua *ua, char *from, size_t size)
{
    char host[128];
    const char *user = sip_ua_user(ua) != NULL ? sip_ua_user(ua) : "faxd";
    if (ua->proxy != NULL)
        sip_ua_proxy_host(ua->proxy, host, sizeof(host));
    else
        snprintf(host, sizeof(host), strchr(ua->listen_host, ':') ? "[%s]:%d" : "%s:%d", ua->listen_host, ua->port);
    snprintf(from, size, "sip:%s@%s", user, host);
}

bool sip_ua_auth(struct sip_ua *ua, const sip_t *sip, char *auth, size_t size)
{
    const msg_auth_t *challenge = sip->sip_www_authenticate != NULL ? sip->sip_www_authenticate
                                                                      : sip->sip_proxy_authenticate;
    if (ua->password == NULL || challenge == NULL || challenge->au_scheme == NULL)
        return false;
    const char *realm = msg_params_find(challenge->au_params, "realm=");
    const char *user = sip_ua_user(ua) != NULL ? sip_ua_user(ua) : "faxd";
    int n = snprintf(auth, size, "%s:%s:%s:%s", challenge->au_scheme, realm != NULL ? realm : "\"\"", user,
                     ua->password);
    return n > 0 && (size_t) n < size;
}


void sip_ua_start_registration(struct sip_ua *ua)
{
    char aor[256], expires[16];
    sip_ua_from(ua, aor, sizeof(aor));
    snprintf(expires, sizeof(expires), "%d", ua->config.register_expires > 0 ? ua->config.register_expires : 3600);
    ua->registration = nua_handle(ua->nua, NULL, SIPTAG_TO_STR(aor), SIPTAG_FROM_STR(aor), TAG_END());
    if (ua->registration == NULL)
        return;
    nua_register(ua->registration, NUTAG_REGISTRAR(ua->proxy), NUTAG_M_USERNAME(sip_ua_user(ua)),
                 SIPTAG_EXPIRES_STR(expires), TAG_END());
    sip_ua_log(ua, 6, "REGISTER %s at %s", aor, ua->proxy);
}

void sip_ua_registration_event(struct sip_ua *ua, nua_event_t event, int status, const char *phrase,
                               const sip_t *sip)
{
    char auth[512];
    if (status < 200)
        return;
    /* The un-REGISTER may be challenged too: the same answer. */
    if ((status == 401 || status == 407) && ua->register_auth_attempts++ < SIP_AUTH_ATTEMPTS && sip != NULL && sip_ua_auth(ua, sip, auth, sizeof(auth))) {
        nua_authenticate(ua->registration, NUTAG_AUTH(auth), TAG_END());
        return;
    }
    if (event == nua_r_unregister) {
        sip_ua_log(ua, 6, "unregistered: %d %s", status, phrase);
        sip_ua_unregistered(ua);
        return;
    }
    if (status < 300)
        ua->register_auth_attempts = 0;   /* refreshes meet fresh challenges */
    sip_ua_log(ua, status < 300 ? 6 : 4, "registration: %d %s", status, phrase);
    if (ua->events.on_registration != NULL)
        ua->events.on_registration(ua->events.user_data, status, phrase);
}

void sip_ua_send_options(struct sip_ua *ua, su_timer_t *timer, struct sip_ua *arg)
{
    (void) timer;
    (void) arg;
    if (ua->options == NULL) {
        char from[256];
        sip_ua_from(ua, from, sizeof(from));
        ua->options = nua_handle(ua->nua, NULL, NUTAG_URL(ua->proxy), SIPTAG_FROM_STR(from), TAG_END());
    }
    if (ua->options != NULL)
        nua_options(ua->options, TAG_END());
}
