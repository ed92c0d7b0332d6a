#!/usr/bin/env python3
"""faxd <-> faxd over SIP lines (docs/faxd.md, "SIP lines"): two faxd processes, each with a type=sip line on
a loopback address, fax each other through real SIP signalling (sofia-sip on both ends), RTP/G.711 audio or
UDPTL/T.38, in real time. Each case is its own pair of faxd processes; the cases run side by side.

  prefer/prefer      the answering side re-INVITEs to T.38 at once: sent over T.38
  never/never        G.711 both ways (and B -> A, the other direction)
  prefer/accept      the caller re-INVITEs when the far end's fax tones arrive: T.38
  prefer/never       the far end answers the T.38 re-INVITE with 488: the fax goes on over G.711
  uri                a SIP URI as the number is dialled directly (A has no proxy)
  busy               B does not answer (receive=no: 486): the job is retried with "SIP 486" in its status
  no proxy           a number on a line without proxy= fails at once with a clear reason
  channels           two jobs at once over a channels=2 line: two calls side by side, both received
  bye mid-page       t38=prefer on both: B stops (SIGTERM: its calls end with BYE) while A sends page 1 over T.38;
                     A's job is retried when B is back, one step down (no V.17: 9600 bit/s at most) and off
                     T.38 (G.711: the T.38 try failed), and B ends with exactly one fax
  begbr              a job's top speed (JPARM BEGBR 3 = 9600) caps the call; a job's JPARM T38 never keeps
                     the call on G.711 although both lines prefer T.38
  no answer          SIPp rings and never answers: A cancels after answer-timeout=, the job is retried
  silent answer      SIPp answers with G.711 and sends nothing (voice that never speaks, lost media): A hangs up
                     after silence-timeout= with a BYE, and the job is retried
  early media        SIPp sends 183 with an SDP answer (an announcement as early media), then 404: A takes the
                     early media as no answer and fails the job at once with the 404
  voice answer       SIPp answers with G.711 and talks (speech-like audio from a pcap the test writes, played by
                     play_pcap_audio): A hears no fax within T.30's T1 (35 s), hangs up with a BYE, and the job
                     sleeps for a retry saying "No fax answer from 3001 (voice or no fax machine ...)"
  refresh live       SIPp calls B offering T.38 at once; tests/sip/t38_sender sends a 3-page fax over the UDPTL
                     while SIPp sends two session-refresh re-INVITEs (same o= version, then a bumped one): both
                     get 200 with B's same m=image port, both fall between the first page's training and the last
                     page's confirmation (sender's page times vs SIPp's message times), every page arrives
                     pixel-identical, B's log shows one plain T.38 call
  malformed          raw UDP and SIPp at B's line: a garbage start line (dropped), no Call-ID, a bad CSeq, a
                     Content-Length past the body (400 each), a 60 KB header (answered), INVITEs with no m=, port
                     "abc", no c=, T38FaxMaxDatagram -5 or 20 digits, a cut body, only m=video (488 each, B's log
                     names each SDP problem); then OPTIONS gets 200 and a fax from A still goes through
  capture            first, alone: tshark captures a prefer/prefer call on the loopback interface and decodes
                     it independently: SIP INVITE/200/ACK/BYE, SDP with m=image udptl t38, every UDPTL packet
                     as T.38 with none malformed
  kamailio           both register with Kamailio (digest authentication); A's job to 3001 goes through it,
                     T.38 end to end; a number nobody registered fails with 404 (not retried); a line with a
                     wrong password shows "Registration failed: 403" as its state
  kamailio-tcp       both lines use Kamailio over TCP, and Kamailio grants 6-second registrations: each faxd
                     refreshes its registration (three 200s) and A's fax reaches B through Kamailio over TCP
  rtpengine          Kamailio drives rtpengine as a T.38 <-> G.711 gateway: A speaks T.38 only to rtpengine,
                     B (t38=never) G.711 only; the fax crosses the gateway
Every received fax is compared pixel for pixel with what was sent, and must carry the sender's TSI.
Usage: test_sip.py FAXD WORKDIR FAX_INSPECT"""
import os
import re
import signal
import subprocess
import sys
import threading

INTEROP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop")

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, free_port, start_faxd, wait_for  # noqa: E402
from sip_raw import (SDP_HEAD, SDP_T38, RawSip, sdp_body, sipp_messages, speech_like,  # noqa: E402
                     write_rtp_pcap)

REFRESH_EXPIRES = 6   # what Kamailio grants in the kamailio-tcp case: faxd must refresh within it
PAGE = b"SIP line test page\nA second line of text, to give the page some ink.\n" * 8


PORTS_GIVEN, PORTS_LOCK = set(), threading.Lock()


def free_udp_port():
    """A port free for both TCP and UDP (a SIP line listens on both) that this run has not handed out yet:
    the kernel may give the same free port to two probes in a row, and the cases run side by side."""
    import socket
    while True:
        port = free_port()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        with PORTS_LOCK:
            if port not in PORTS_GIVEN:
                PORTS_GIVEN.add(port)
                return port


class Pair:
    """faxd A (line 2001) and faxd B (line 3001), each with one SIP line; A's proxy is B unless told."""

    def __init__(self, work, faxd, name, a_line, b_line, infra=None, rtp_ports=None):
        self.work = os.path.join(work, name)
        os.makedirs(self.work, exist_ok=True)
        self.sip_a, self.sip_b, self.sip_k = free_udp_port(), free_udp_port(), free_udp_port()
        self.a = self.b = None
        self.daemons = []
        if infra in ("kamailio", "rtpengine", "kamailio-refresh"):
            ng = None
            if infra == "rtpengine":
                ng = free_udp_port()
                self.daemon("rtpengine", [ng, *rtp_ports])
            short = ["--max-expires", str(REFRESH_EXPIRES)] if infra == "kamailio-refresh" else []
            self.daemon("kamailio", short + [self.sip_k] + ([ng] if ng else []))
        ports = dict(a=self.sip_a, b=self.sip_b, k=self.sip_k)
        # B first: where A's calls go must be listening (and, through Kamailio, registered) first
        self.b = self.start(faxd, "b", "line 3001 name=trunkB type=sip listen=127.0.0.1:%d " % self.sip_b
                            + b_line.format(**ports))
        self.a = self.start(faxd, "a", "line 2001 name=trunkA type=sip listen=127.0.0.1:%d " % self.sip_a
                            + a_line.format(**ports))

    def daemon(self, what, args):
        folder = os.path.join(self.work, what)
        result = subprocess.run([os.path.join(INTEROP, f"start-{what}"), folder, *map(str, args)],
                                capture_output=True, text=True, timeout=400)
        if result.returncode != 0:
            raise RuntimeError(f"start-{what} failed: {result.stderr[-500:]}")
        self.daemons.append((what, folder))

    def registered(self, side):
        return "registered at" in open(self.__dict__[side]["log"], errors="replace").read()

    def start(self, faxd, side, line):
        config = os.path.join(self.work, f"faxd-{side}.conf")
        with open(config, "w") as f:
            f.write("retry-delay 0\n" + line + "\n")
        port = free_udp_port()
        log = os.path.join(self.work, f"faxd-{side}.log")
        process = start_faxd(faxd, os.path.join(self.work, f"spool-{side}"), port, config, log)
        return {"port": port, "process": process, "spool": os.path.join(self.work, f"spool-{side}"), "log": log}

    def client(self, side):
        c = Client(self.__dict__[side]["port"])
        c.login("tester")
        return c

    def send(self, side, number, **params):
        c = self.client(side)
        document = c.upload(PAGE)
        job = c.submit(number, [document], TSI=f"SIP-{side.upper()}", **params)
        c.close()
        return job

    def job(self, side, job):
        c = self.client(side)
        try:
            return c.job_state(job)
        finally:
            c.close()

    def wait_job(self, side, job, states=("DONE", "FAILED")):
        return wait_for(f"job {job} on {side}", lambda: self.job(side, job), done=lambda s: s[0] in states)

    def received(self, side):
        folder = os.path.join(self.__dict__[side]["spool"], "recvq")
        return sorted(f for f in os.listdir(folder) if f.endswith(".tif")) if os.path.isdir(folder) else []

    def stop(self):
        for side in (self.a, self.b):
            if side is None:
                continue
            side["process"].terminate()
            try:
                side["process"].wait(60)
            except subprocess.TimeoutExpired:
                side["process"].kill()
                side["process"].wait()
        for what, folder in reversed(self.daemons):
            subprocess.run([os.path.join(INTEROP, f"stop-{what}"), folder], capture_output=True, timeout=120)


def same_pages(inspect, sent, received):
    result = subprocess.run([inspect, "compare", sent, received], capture_output=True, text=True)
    return result.returncode == 0, (result.stdout + result.stderr).strip()[-300:]


def tags(inspect, path):
    out = subprocess.run([inspect, "tags", path], capture_output=True, text=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def fax_case(checks, pair, inspect, name, from_side, to_side, number, transport, extra="", rx_transport=None):
    """One job from from_side to to_side; it must be DONE over transport (received over rx_transport,
    by default the same), the pages identical."""
    job = pair.send(from_side, number)
    state, status = pair.wait_job(from_side, job)
    checks.check(state == "DONE", f"{name}: the job is done ({state}: {status})")
    checks.check(f"over SIP {transport}" in status and extra in status,
                 f"{name}: the status says {transport}{' and ' + extra if extra else ''}: {status!r}")
    received = wait_for(f"{name}: the fax in {to_side}'s recvq", lambda: pair.received(to_side))
    if not checks.check(len(received) == 1, f"{name}: one fax received ({received})"):
        return
    said = re.compile(r"from \"SIP-%s\" over SIP %s" % (from_side.upper(), re.escape(rx_transport or transport)))
    checks.check(wait_for(f"{name}: the reception logged", lambda: said.search(
        open(pair.__dict__[to_side]["log"], errors="replace").read())),
        f"{name}: the receiving faxd logs the fax as received over SIP {rx_transport or transport}")
    path = os.path.join(pair.__dict__[to_side]["spool"], "recvq", received[0])
    sent = os.path.join(pair.__dict__[from_side]["spool"], "docq", f"job{job}.tif")
    ok, said = same_pages(inspect, sent, path)
    checks.check(ok, f"{name}: received pages equal the sent ones pixel for pixel ({said})")
    t = tags(inspect, path)
    checks.check(f"SIP-{from_side.upper()}" in t.get("tsid", t.get("TSID", "")) or
                 f"SIP-{from_side.upper()}" in " ".join(t.values()),
                 f"{name}: the received fax carries the sender's TSI ({t})")


def case_busy(checks, pair, inspect):
    job = pair.send("a", "3001", MAXDIALS="2")
    state, status = pair.wait_job("a", job, ("DONE", "FAILED", "SLEEPING", "PENDING"))
    state, status = wait_for("busy: a retry noted", lambda: pair.job("a", job),
                             done=lambda s: "486" in s[1] or s[0] in ("DONE", "FAILED"))
    checks.check("SIP 486" in status, f"busy: the job's status names the SIP 486 ({state}: {status})")
    checks.check(state != "DONE", f"busy: the job is not done ({state})")


def case_no_proxy(checks, pair, inspect):
    job = pair.send("a", "3001")
    state, status = pair.wait_job("a", job)
    checks.check(state == "FAILED" and "proxy" in status, f"no proxy: fails at once, saying why ({state}: {status})")


def case_channels(checks, pair, inspect):
    jobs = [pair.send("a", "3001") for _ in range(2)]
    results = [pair.wait_job("a", job) for job in jobs]
    checks.check(all(r[0] == "DONE" for r in results), f"channels: both jobs done ({results})")
    received = wait_for("channels: two faxes received", lambda: pair.received("b"), done=lambda r: len(r) >= 2)
    checks.check(len(received) == 2, f"channels: two faxes received ({received})")
    c = pair.client("a")
    listing = c.listing("status")
    c.close()
    checks.check("trunkA-1" in listing and "trunkA-2" in listing,
                 f"channels: LIST status shows both channels as ports ({listing.strip()[:300]!r})")


def case_bye_mid_page(checks, pair, inspect):
    job = pair.send("a", "3001", MAXDIALS="1000")   # while B is down, each dial fails at once (retry-delay 0)
    c = pair.client("a")
    seen = wait_for("bye: A sending page 1", lambda: c.listing("status"), done=lambda t: "Sending page 1" in t)
    c.close()
    checks.check("Sending page 1" in seen, f"bye: A is sending page 1 ({seen.strip()[-120:]!r})")
    pair.b["process"].terminate()
    pair.b["process"].wait(120)
    state, status = wait_for("bye: the attempt over", lambda: pair.job("a", job),
                             done=lambda s: s[0] != "RUNNING" and "Sending" not in s[1] and "Dialing" not in s[1])
    checks.check(state in ("SLEEPING", "PENDING", "WAITING", "BLOCKED") or "retry" in status.lower(),
                 f"bye: the dropped call leaves the job to be retried ({state}: {status})")
    line = open(os.path.join(pair.work, "faxd-b.conf")).read().splitlines()[-1]
    pair.b = pair.start(pair_faxd, "b", line)
    state, status = pair.wait_job("a", job)
    checks.check(state == "DONE" and "at 9600 bit/s" in status,
                 f"bye: the retry went through one step down, at 9600 ({state}: {status})")
    checks.check("over SIP G.711" in status and "T.38 off for this try" in status,
                 f"bye: the first try failed over T.38, so the retry went over G.711 ({status})")
    checks.check("steps down: no V.17, no T.38 (it failed on an earlier try)" in
                 open(pair.a["log"], errors="replace").read(), "bye: A's log says the retry stepped down, off T.38")
    received = wait_for("bye: one fax at B", lambda: pair.received("b"))
    checks.check(len(received) == 1, f"bye: exactly one fax at B, the complete one ({received})")


def case_begbr(checks, pair, inspect):
    job = pair.send("a", "3001", BEGBR="3")
    state, status = pair.wait_job("a", job)
    checks.check(state == "DONE" and "at 9600 bit/s" in status, f"begbr: BEGBR 3 caps the call at 9600 ({status})")
    job = pair.send("a", "3001", T38="never")   # the job's own T.38 policy: B asks for T.38, A refuses it
    state, status = pair.wait_job("a", job)
    checks.check(state == "DONE" and "over SIP G.711" in status and "T.38 off for this try" in status,
                 f"begbr: JPARM T38 never keeps a t38=prefer line's call on G.711 ({state}: {status})")


def tshark_fields(pcap, display_filter, *fields):
    args = ["tshark", "-r", pcap, "-Y", display_filter, "-T", "fields"] + [a for f in fields for a in ("-e", f)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    return [line for line in result.stdout.splitlines() if line.strip()]


def capture_case(checks, work, faxd, inspect):
    """A T.38 call as an independent dissector sees it (needs capture rights on lo: root, as in CI)."""
    pcap = os.path.join(work, "capture.pcapng")
    os.makedirs(work, exist_ok=True)
    tshark = subprocess.Popen(["tshark", "-q", "-i", "lo", "-f", "host 127.0.0.1", "-w", pcap],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = wait_for("tshark capturing", lambda: tshark.poll() is not None or
                       (os.path.exists(pcap) and os.path.getsize(pcap) > 0))
    if tshark.poll() is not None or not started:
        checks.check(False, f"capture: tshark cannot capture on lo: {tshark.stderr.read().decode()[-300:]}")
        return
    pair = None
    try:
        pair = Pair(work, faxd, "capture", "t38=prefer proxy=sip:127.0.0.1:{b}", "t38=prefer")
        fax_case(checks, pair, inspect, "capture", "a", "b", "3001", "T.38")
        # dumpcap writes what it captured in batches: wait for the call's BYE to be in the file
        wait_for("capture: the BYE in the capture file", lambda: tshark_fields(pcap, 'sip.Method == "BYE"', "sip.Method"),
                 seconds=120, every=1)
    finally:
        if pair:
            pair.stop()
        tshark.send_signal(signal.SIGINT)   # as Ctrl-C: dumpcap writes what it still holds, then stops
        tshark.wait(60)
    sip = tshark_fields(pcap, "sip", "sip.Method", "sip.Status-Code")
    said = " ".join(sip)
    checks.check(all(w in said for w in ("INVITE", "200", "ACK", "BYE")),
                 f"capture: tshark reads the SIP dialog ({len(sip)} messages: {said[:200]})")
    image = tshark_fields(pcap, 'sdp.media.media == "image"', "sdp.media")
    checks.check(any("udptl t38" in line for line in image), f"capture: SDP offers m=image udptl t38 ({image[:2]})")
    t38 = tshark_fields(pcap, "t38", "t38.seq_number")
    checks.check(len(t38) > 50, f"capture: tshark decodes the UDPTL datagrams as T.38 ({len(t38)} packets)")
    # The call's RTP and UDPTL share one port, and Wireshark decodes every datagram of the port as T.38 from
    # the re-INVITE's SDP on, so the RTP still in flight then (first byte 0x80) is left out.
    bad = tshark_fields(pcap, "t38 && !(udp.payload[0] == 0x80) && (_ws.malformed || _ws.expert.severity >= 8388608)",
                        "frame.number")
    checks.check(not bad, f"capture: no T.38 packet malformed or in error (frames {bad[:10]})")


def udp_taken(port):
    import socket
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("127.0.0.1", port))
            return False
        except OSError:
            return True


def voice_pcap(work):
    write_rtp_pcap(os.path.join(work, "voice.pcap"), speech_like(90))


def sipp_case(checks, work, faxd, name, scenario, a_options, expected, prepare=None, maxdials="3", final=None,
              logged=None):
    """faxd A calls a SIPp scenario playing the far end; the job's status must say expected, and SIPp must
    see the whole scenario through (the CANCEL or the BYE it waits for)."""
    work = os.path.join(work, name)
    os.makedirs(work, exist_ok=True)
    if prepare:
        prepare(work)
    port = free_udp_port()
    sipp = subprocess.Popen(["sipp", "-sf", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sip",
                                                         scenario),
                             "-p", str(port), "-i", "127.0.0.1", "-mp", str(free_udp_port()), "-m", "1",
                             "-timeout", "150s", "-timeout_error", "-nostdin", "-trace_err", "-trace_msg"],
                            cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    a = None
    try:
        wait_for(f"{name}: SIPp listening", lambda: udp_taken(port) or sipp.poll() is not None)
        config = os.path.join(work, "faxd-a.conf")
        with open(config, "w") as f:
            f.write(f"retry-delay 600\nline 2001 name=trunkA type=sip listen=127.0.0.1:{free_udp_port()} "
                    f"proxy=sip:127.0.0.1:{port} t38=prefer {a_options}\n")
        a_port = free_udp_port()
        a = start_faxd(faxd, os.path.join(work, "spool-a"), a_port, config, os.path.join(work, "faxd-a.log"))
        c = Client(a_port)
        c.login("tester")
        job = c.submit("3001", [c.upload(PAGE)], MAXDIALS=maxdials)
        # the status text is written before the state changes: wait for the state the case expects too
        settled = final or ("SLEEPING" if maxdials != "1" else None)
        state, status = wait_for(f"{name}: the attempt over", lambda: c.job_state(job),
                                 done=lambda s: (expected in s[1] and (settled is None or s[0] == settled))
                                 or s[0] in ("DONE", "FAILED"))
        c.close()
        checks.check(expected in status and state != "DONE", f"{name}: the job says {expected!r} ({state}: {status})")
        if final:
            checks.check(state == final, f"{name}: the job is {final} at once ({state}: {status})")
        elif maxdials != "1":
            checks.check(state == "SLEEPING" and "will retry" in status,
                         f"{name}: the job waits for its next dial ({state}: {status})")
        if logged:
            checks.check(logged in open(os.path.join(work, "faxd-a.log"), errors="replace").read(),
                         f"{name}: faxd's log says {logged!r}")
        try:
            code = sipp.wait(200)
        except subprocess.TimeoutExpired:
            code = "hung"
        checks.check(code == 0, f"{name}: SIPp saw its scenario through (exit {code}: "
                                f"{sipp.stderr.read().decode(errors='replace')[-200:] if code else ''})")
    finally:
        if sipp.poll() is None:
            sipp.kill()
            sipp.wait()
        if a:
            a.terminate()
            a.wait(60)


SIP_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sip")


def start_sipp(work, scenario, *args, log="sipp"):
    """SIPp on a port of its own, as a client of args' target or a server; its messages go to LOG.msg with
    the time of each (TZ=UTC: the times read the same whatever the machine's zone)."""
    port = free_udp_port()
    sipp = subprocess.Popen(["sipp", "-sf", os.path.join(SIP_DIR, scenario), "-p", str(port), "-i", "127.0.0.1",
                             "-m", "1", "-timeout", "150s", "-timeout_error", "-nostdin", "-trace_err",
                             "-error_file", os.path.join(work, log + ".err"), "-trace_msg",
                             "-message_file", os.path.join(work, log + ".msg"), *map(str, args)],
                            cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=dict(os.environ, TZ="UTC"))
    wait_for("SIPp listening", lambda: udp_taken(port) or sipp.poll() is not None)
    return sipp, port


def sipp_exit(sipp, seconds=200):
    try:
        return sipp.wait(seconds)
    except subprocess.TimeoutExpired:
        sipp.kill()
        sipp.wait()
        return "hung"


def refresh_live_case(checks, work, faxd, inspect):
    """SIPp calls faxd B offering T.38; tests/sip/t38_sender sends a 3-page fax over the UDPTL while SIPp
    refreshes the session twice (same o= version, then a bumped one)."""
    name = "refresh-live"
    work = os.path.join(work, name)
    os.makedirs(work, exist_ok=True)
    native = os.path.dirname(os.path.abspath(inspect))
    fixtures = os.path.join(os.path.dirname(native), "fixtures")
    document = os.path.join(work, "three-pages.tif")
    subprocess.run(["tiffcp", os.path.join(fixtures, "spandsp.tif"), os.path.join(fixtures, "win2k.tif") + ",0",
                    document],
                   check=True, capture_output=True)
    sip_b = free_udp_port()
    # The sender binds its own port and says which; SIPp hands it faxd's through a FIFO once the 200 OK came.
    fifo = os.path.join(work, "remote-port")
    os.mkfifo(fifo)
    runner = os.path.join(work, "give-port")
    with open(runner, "w") as f:
        f.write(f'#!/bin/sh\necho "$1" > "{fifo}"\n')
    os.chmod(runner, 0o755)
    out_path = os.path.join(work, "sender.out")
    sender = subprocess.Popen([os.path.join(native, "t38_sender"), "0", "127.0.0.1", "@" + fifo, document],
                              stdout=open(out_path, "w"), stderr=subprocess.STDOUT)
    said = wait_for(f"{name}: the sender's port", lambda: open(out_path).read(),
                    done=lambda t: "listening" in t or sender.poll() is not None)
    udptl = re.search(r"listening (\d+)", said)
    config = os.path.join(work, "faxd-b.conf")
    with open(config, "w") as f:
        f.write(f"line 3001 name=trunkB type=sip listen=127.0.0.1:{sip_b} t38=accept\n")
    b_port = free_udp_port()
    spool = os.path.join(work, "spool-b")
    log = os.path.join(work, "faxd-b.log")
    b = sipp = None
    try:
        b = start_faxd(faxd, spool, b_port, config, log)
        if not checks.check(udptl is not None, f"{name}: t38_sender bound a port ({said.strip()!r})"):
            return
        udptl = udptl.group(1)
        sipp, _ = start_sipp(work, "uac_t38_refresh.xml", "-s", "3001", "-set", "udptl", udptl,
                             "-set", "sender", runner, f"127.0.0.1:{sip_b}")
        code = sipp_exit(sipp)
        checks.check(code == 0, f"{name}: SIPp saw its scenario through: INVITE, two refreshes answered 200, "
                                f"faxd's BYE (exit {code}: {open(os.path.join(work, 'sipp.err'), errors='replace').read()[-300:] if code else ''})")
        status = wait_for(f"{name}: the sender's exit", sender.poll, done=lambda code: code is not None)
        said = open(out_path).read()
        if not checks.check(status == 0 and "result ok: 3 of 3" in said,
                            f"{name}: t38_sender had every page confirmed (exit {status}: {said.strip()[-200:]!r})"):
            return
        received = wait_for(f"{name}: the fax in B's recvq", lambda: (os.listdir(os.path.join(spool, "recvq"))
                            if os.path.isdir(os.path.join(spool, "recvq")) else []), done=lambda r: any(
                                f.endswith(".tif") for f in r))
        tifs = [f for f in received if f.endswith(".tif")]
        if checks.check(len(tifs) == 1, f"{name}: one fax received ({received})"):
            ok, detail = same_pages(inspect, document, os.path.join(spool, "recvq", tifs[0]))
            checks.check(ok, f"{name}: received pages equal the sent ones pixel for pixel ({detail})")
        messages = sipp_messages(os.path.join(work, "sipp.msg"))
        answers = [m for m in messages if m[1].startswith("SIP/2.0 200") and "m=image" in m[2]]
        ports = [re.search(r"^m=image (\d+) udptl t38", m[2], re.M).group(1) for m in answers]
        versions = [re.search(r"^o=\S+ \S+ (\d+)", m[2], re.M).group(1) for m in answers]
        checks.check(len(ports) == 3 and len(set(ports)) == 1,
                     f"{name}: the INVITE and both refreshes got 200 with faxd's same m=image port ({ports})")
        checks.check(len(set(versions)) == 1, f"{name}: faxd's answer kept its o= version ({versions})")
        offers = [m for m in messages if m[1].startswith("INVITE")]
        refreshes = [m[0] for m in answers[1:]]
        events = [(float(t), what) for t, what in re.findall(r"^(\d+\.\d+) (page .*)$", said, re.M)]
        first = min((t for t, what in events if "training" in what), default=None)
        last = max((t for t, what in events if what.startswith("page 3 of 3 page done")), default=None)
        checks.check(len(offers) == 3 and len(refreshes) == 2 and first is not None and last is not None and
                     all(first < t < last for t in refreshes),
                     f"{name}: both refreshes were answered while the fax ran: after the first page's training "
                     f"({first}), before the last page's confirmation ({last}): {refreshes}")
        text = open(log, errors="replace").read()
        checks.check(text.count("INVITE from") == 1 and "SDP refused" not in text and "re-INVITE" not in text and
                     'from "SIPP-T38" over SIP T.38' in text and text.count("SIP call ended") == 1,
                     f"{name}: faxd's log shows one call, no re-INVITE handled as a change, the fax over T.38 "
                     f"({text.strip()[-400:]!r})")
    except Exception as e:
        checks.check(False, f"{name}: {type(e).__name__}: {e}")
    finally:
        for process in (sipp, sender):
            if process and process.poll() is None:
                process.kill()
                process.wait()
        if b:
            b.terminate()
            b.wait(60)


def case_malformed(checks, pair, inspect):
    """Broken SIP and SDP at B's line: the answers SIP asks for, a log line naming each SDP problem, no
    crash; then OPTIONS and a real fax still go through."""
    raw = RawSip(pair.sip_b)
    try:
        # A garbage start line has no Via to answer to: nothing comes back, and the next request is served.
        raw.socket.sendto(b"HELLO faxd this is not SIP\r\n\r\n", raw.target)
        call_id, _ = raw.request()
        checks.check(raw.final(call_id) == 200, "malformed: a garbage start line is dropped, the next OPTIONS gets 200")
        for what, kwargs in [("no Call-ID", dict(call_id=None)), ("a non-numeric CSeq", dict(cseq="abc OPTIONS")),
                             ("a Content-Length past the body", dict(body=b"v=0\r\n", content_length=500))]:
            raw.request(**kwargs)
            status = raw.final(None)
            checks.check(status == 400, f"malformed: a request with {what} gets 400 ({status})")
        said = wait_for("malformed: the refusals logged", lambda: open(pair.b["log"], errors="replace").read(),
                        done=lambda t: t.count("SIP: refused a broken message") >= 4)
        checks.check(said.count("SIP: refused a broken message") == 4 and "received garbage" in said,
                     f"malformed: B's log has a line for the garbage and for each request answered 400 "
                     f"({[l for l in said.splitlines() if 'refused a broken' in l][:6]})")
        # 60 KB of one header (what a UDP datagram holds) is long but legal SIP: answered, no crash.
        call_id, _ = raw.request(extra=b"X-Long: " + b"a" * 60000)
        status = raw.final(call_id)
        checks.check(status is not None and status in (200, 400, 413, 513),
                     f"malformed: an OPTIONS with a 60 KB header is answered ({status})")
        offers = [("no m= line", SDP_HEAD, "no m=audio"),
                  ("m=image with port abc", SDP_HEAD + ("m=image abc udptl t38",) + SDP_T38[1:], "no m=audio"),
                  ("no c= line", SDP_HEAD[:3] + SDP_HEAD[4:] + SDP_T38, "no c= address"),
                  ("T38FaxMaxDatagram:-5", SDP_HEAD + SDP_T38 + ("a=T38FaxMaxDatagram:-5",), "T38FaxMaxDatagram:-5"),
                  ("a huge T38FaxMaxDatagram", SDP_HEAD + SDP_T38 + ("a=T38FaxMaxDatagram:" + "9" * 20,),
                   "T38FaxMaxDatagram:99999"),
                  ("a body cut short", None, "c= is not")]
        for what, lines, reason in offers:
            body = sdp_body(*lines) if lines else sdp_body(*SDP_HEAD, *SDP_T38)[:40]
            call_id, branch = raw.request("INVITE", body=body)
            status = raw.final(call_id, "INVITE", branch)
            checks.check(status == 488, f"malformed: an INVITE with {what} gets 488 ({status})")
            said = wait_for(f"malformed: {what} logged", lambda: open(pair.b["log"], errors="replace").read(),
                            done=lambda t: f"SDP refused: " in t and reason in t)
            checks.check(reason in said, f"malformed: B's log names the problem of {what} ({reason!r})")
    finally:
        raw.close()
    work = os.path.join(pair.work, "sipp")
    os.makedirs(work, exist_ok=True)
    for scenario, what in [("uac_bad_sdp.xml", "an INVITE offering only m=video gets 488"),
                           ("options.xml", "OPTIONS still gets 200")]:
        sipp, _ = start_sipp(work, scenario, "-s", "3001", f"127.0.0.1:{pair.sip_b}", log=scenario[:-4])
        code = sipp_exit(sipp)
        checks.check(code == 0, f"malformed: {what} (SIPp exit {code})")
    fax_case(checks, pair, inspect, "malformed: then a fax", "a", "b", "3001", "T.38")


def case_kamailio(checks, pair, inspect):
    for side in ("b", "a"):
        checks.check(wait_for(f"kamailio: {side} registered", lambda: pair.registered(side)),
                     f"kamailio: faxd {side.upper()} registered with digest authentication")
    fax_case(checks, pair, inspect, "kamailio", "a", "b", "3001", "T.38")
    job = pair.send("a", "4001")   # nobody registered 4001: Kamailio answers 404, which is final
    state, status = pair.wait_job("a", job)
    checks.check(state == "FAILED" and "SIP 404" in status, f"kamailio: a number nobody has fails at once ({state}: {status})")
    # a third faxd with a wrong password: its port says so
    bad = pair.start(pair_faxd, "bad", f"line 4001 name=bad type=sip listen=127.0.0.1:{free_udp_port()} "
                     f"proxy=sip:127.0.0.1:{pair.sip_k} user=2001 password=pw-not-logged-7f3 register=yes")
    try:
        c = Client(bad["port"])
        c.login("tester")
        state = wait_for("kamailio: the failed registration in the port's state",
                         lambda: c.listing("status"), done=lambda text: "Registration failed" in text)
        c.close()
        checks.check("Registration failed: 403" in state,
                     f"kamailio: a wrong password shows as the port's state ({state.strip()[-200:]!r})")
        log = open(bad["log"], errors="replace").read()
        checks.check("pw-not-logged-7f3" not in log, "kamailio: the password is not in faxd's log")
    finally:
        bad["process"].terminate()
        bad["process"].wait(60)


def case_rtpengine(checks, pair, inspect):
    checks.check(wait_for("rtpengine: b registered", lambda: pair.registered("b")), "rtpengine: B registered")
    # A sends T.38, B receives G.711: rtpengine converted between them
    fax_case(checks, pair, inspect, "rtpengine gateway", "a", "b", "3001", "T.38", rx_transport="G.711")


def case_kamailio_tcp(checks, pair, inspect):
    """Both lines reach Kamailio over TCP, and Kamailio grants registrations of REFRESH_EXPIRES seconds only:
    each faxd must refresh its registration (three 200s seen) and still be reachable after."""
    for side in ("b", "a"):
        count = wait_for(f"kamailio-tcp: {side} refreshed", lambda: open(
            pair.__dict__[side]["log"], errors="replace").read().count("registered at"), done=lambda n: n >= 3)
        checks.check(count >= 3, f"kamailio-tcp: faxd {side.upper()} refreshed its {REFRESH_EXPIRES}-second "
                                 f"registration ({count} registrations)")
    listing = subprocess.run(["ss", "-Htn", "state", "established", f"( dport = :{pair.sip_k} )"],
                             capture_output=True, text=True).stdout
    checks.check(len(listing.splitlines()) >= 2, f"kamailio-tcp: both faxd hold a TCP connection to Kamailio "
                                                 f"({listing.strip()!r})")
    fax_case(checks, pair, inspect, "kamailio-tcp", "a", "b", "3001", "T.38")


def bad_config(checks, faxd, work):
    config = os.path.join(work, "bad.conf")
    with open(config, "w") as f:
        f.write("line 2001 type=sip t38=prefer\n")
    result = subprocess.run([faxd, "-c", config, "--spool", os.path.join(work, "bad-spool"), "--listen",
                             f"127.0.0.1:{free_udp_port()}", "--foreground"],
                            capture_output=True, text=True, timeout=60)
    said = result.stdout + result.stderr
    checks.check(result.returncode != 0 and "listen=" in said, f"config: a SIP line without listen= refused ({said.strip()})")
    import socket
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:   # another program holds the SIP port
        taken.bind(("127.0.0.1", 0))
        with open(config, "w") as f:
            f.write(f"line 2001 type=sip listen=127.0.0.1:{taken.getsockname()[1]}\n")
        result = subprocess.run([faxd, "-c", config, "--spool", os.path.join(work, "bad-spool"), "--listen",
                                 f"127.0.0.1:{free_udp_port()}", "--foreground"],
                                capture_output=True, text=True, timeout=60)
    said = result.stdout + result.stderr
    checks.check(result.returncode != 0 and "cannot listen for SIP" in said and "in use" in said
                 and "Sanitizer" not in said,
                 f"config: a SIP port another program holds stops faxd, saying so, with nothing leaked ({said.strip()[-300:]})")


class LockedChecks(Checks):
    """The cases run on threads of their own."""
    lock = threading.Lock()

    def check(self, ok, what):
        with self.lock:
            return super().check(ok, what)


def main():
    faxd, work, inspect = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    checks = LockedChecks("faxd over SIP")
    bad_config(checks, faxd, work)
    proxy = "proxy=sip:127.0.0.1:{b}"
    cases = [
        ("prefer-prefer", f"t38=prefer {proxy}", "t38=prefer",
         lambda c, p, i: fax_case(c, p, i, "prefer/prefer", "a", "b", "3001", "T.38")),
        ("never-never", f"t38=never {proxy}", "t38=never proxy=sip:127.0.0.1:{a}",
         lambda c, p, i: (fax_case(c, p, i, "never/never", "a", "b", "3001", "G.711"),
                          fax_case(c, p, i, "never/never B->A", "b", "a", "2001", "G.711"))),
        ("prefer-accept", f"t38=prefer {proxy}", "t38=accept",
         lambda c, p, i: fax_case(c, p, i, "prefer/accept", "a", "b", "3001", "T.38")),
        ("prefer-never", f"t38=prefer {proxy}", "t38=never",
         lambda c, p, i: fax_case(c, p, i, "prefer/never", "a", "b", "3001", "G.711", "T.38 refused")),
        ("uri", "t38=accept", "t38=accept",
         lambda c, p, i: fax_case(c, p, i, "uri", "a", "b", f"sip:3001@127.0.0.1:{p.sip_b}", "G.711")),
        ("busy", f"{proxy}", "receive=no", case_busy),
        ("malformed", f"t38=prefer {proxy}", "t38=accept", case_malformed),
        ("no-proxy", "t38=accept", "", case_no_proxy),
        ("channels", f"channels=2 {proxy}", "channels=2", case_channels),
        ("bye-mid-page", f"t38=prefer {proxy}", "t38=prefer", case_bye_mid_page),
        ("begbr", f"t38=prefer {proxy}", "t38=prefer", case_begbr),
        ("kamailio", "t38=prefer proxy=sip:127.0.0.1:{k} user=2001 password=secret2001 register=yes",
         "t38=prefer proxy=sip:127.0.0.1:{k} user=3001 password=secret3001 register=yes", case_kamailio, "kamailio"),
        ("kamailio-tcp", "t38=prefer proxy=sip:127.0.0.1:{k};transport=tcp user=2001 password=secret2001 register=yes",
         "t38=prefer proxy=sip:127.0.0.1:{k};transport=tcp user=3001 password=secret3001 register=yes",
         case_kamailio_tcp, "kamailio-refresh"),
        ("rtpengine", "t38=prefer proxy=sip:127.0.0.1:{k} user=2001 password=secret2001 register=yes",
         "t38=never proxy=sip:127.0.0.1:{k} user=3001 password=secret3001 register=yes", case_rtpengine,
         "rtpengine"),
    ]
    only = set(os.environ.get("SIP_CASES", "").split()) or None
    threads = []
    global pair_faxd
    pair_faxd = faxd
    if not only or "capture" in only:
        capture_case(checks, os.path.join(work, "capture"), faxd, inspect)
    for name, a_line, b_line, run, *infra in cases:
        if only and name not in only:
            continue

        def one(name=name, a_line=a_line, b_line=b_line, run=run, infra=infra[0] if infra else None):
            pair = None
            try:
                pair = Pair(work, faxd, name, a_line, b_line, infra, (31000, 31999))
                run(checks, pair, inspect)
            except Exception as e:   # a case that breaks is a failure, not the end of the others
                checks.check(False, f"{name}: {type(e).__name__}: {e}")
            finally:
                if pair:
                    pair.stop()
        t = threading.Thread(target=one)
        t.start()
        threads.append(t)
    sipp_cases = [("no-answer", "uas_ring_forever.xml", "answer-timeout=5", "No answer from 3001 within 5 s"),
                  ("silent-answer", "uas_silent_answer.xml", "silence-timeout=3", "nothing from the far end for 3 s"),
                  ("voice-answer", "uas_voice_answer.xml", "", "No fax answer from"),
                  ("early-media", "uas_early_media_404.xml", "", "SIP 404")]
    sipp_extra = {"voice-answer": dict(prepare=voice_pcap),
                  "early-media": dict(final="FAILED", logged="early media from 3001")}
    for name, scenario, options, expected in sipp_cases:
        if only and name not in only:
            continue
        t = threading.Thread(target=lambda n=name, sc=scenario, o=options, e=expected:
                             sipp_case(checks, work, faxd, n, sc, o, e, **sipp_extra.get(n, {})))
        t.start()
        threads.append(t)
    live_cases = [("refresh-live", refresh_live_case)]
    for name, run in live_cases:
        if only and name not in only:
            continue
        t = threading.Thread(target=lambda r=run: r(checks, work, faxd, inspect))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    # faxd-asan and faxd-tsan report to their log (standard error): every one must be clean
    reports = []
    for folder, _, files in os.walk(work):
        for name in files:
            if name.startswith("faxd-") and name.endswith(".log"):
                text = open(os.path.join(folder, name), errors="replace").read()
                if re.search(r"(Address|Thread|UndefinedBehavior)Sanitizer|runtime error:", text):
                    reports.append(os.path.join(folder, name))
    checks.check(not reports, f"no sanitizer report in any faxd's log ({reports})")
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
