#!/usr/bin/env python3
"""A hostile fax server for the DLLs' tests: a saboteur in front of a real faxd.

    hostile_server.py FAXD-PORT PORT-FILE LOG-FILE

Each case of CASES gets a listening port of its own. A connection to it is relayed to faxd (control and
passive data connections alike, so logins, job lists and page retrievals are real) until the client sends
the command the case names ("greeting": before any); there the server plays the case's misbehaviour instead
of relaying, and writes "played CASE" to LOG-FILE so the harness knows the client got that far. After the
misbehaviour the connection is never relayed again: what the client sends is read and left unanswered.

PORT-FILE gets one line per case, "CASE OPERATION PORT CAUSE", written once every port listens (atomically);
OPERATION names the client call that meets the misbehaviour (connect, send, jobs, ports, routing, pages,
messages), CAUSE the words its error description must hold. The server runs until it is killed.
"""
import os
import random
import re
import socket
import sys
import threading

# (case, operation, trigger, behaviour, cause): the trigger is "greeting" or the start of a command line; the
# cause is what a COM DLL's description must say, so a case failed for another reason (a slow server turning
# a huge listing into a stall) is caught.
CASES = [
    ("greeting-never", "connect", "greeting", "silent", "no reply within"),
    ("greeting-close", "connect", "greeting", "close", "closed the connection"),
    ("greeting-cut", "connect", "greeting", "cut", "no reply within"),
    ("greeting-overlong", "connect", "greeting", "overlong", "longer than"),
    ("greeting-garbage", "connect", "greeting", "garbage", "no reply within"),
    ("greeting-nul", "connect", "greeting", "nul", "no reply within"),
    ("greeting-bad-code", "connect", "greeting", "bad-code", "not in the protocol"),
    ("greeting-421", "connect", "greeting", "busy", "Too many sessions"),
    ("greeting-trickle", "connect", "greeting", "trickle", "no reply within"),
    ("user-close", "connect", "USER", "close", "closed the connection"),
    ("user-cut-close", "connect", "USER", "cut-close", "closed the connection"),
    ("user-stall", "connect", "USER", "cut", "no reply within"),
    ("user-out-of-order", "connect", "USER", "unexpected", "Opening data connection"),
    ("user-multiline-mismatch", "connect", "USER", "mismatch", "no reply within"),
    ("user-trickle", "connect", "USER", "trickle", "no reply within"),
    ("form-close", "send", "FORM", "close", "closed the connection"),
    ("epsv-close", "send", "EPSV", "close", "closed the connection"),
    ("epsv-nowhere", "send", "EPSV", "nowhere", "data connection:"),
    ("epsv-malformed", "send", "EPSV", "bad-epsv", "malformed EPSV"),
    ("pasv-elsewhere", "send", "EPSV", "pasv-elsewhere", "not the server's own address"),
    ("stot-close", "send", "STOT", "close", "closed the connection"),
    ("stot-out-of-order", "send", "STOT", "unexpected", "unexpected reply"),
    ("stot-overlong", "send", "STOT", "overlong", "longer than"),
    ("stot-data-never-read", "send", "STOT", "data-silent", "no reply within"),
    ("jnew-close", "send", "JNEW", "close", "closed the connection"),
    ("jparm-close", "send", "JPARM", "close", "closed the connection"),
    ("jparm-garbage", "send", "JPARM", "garbage", "no reply within"),
    ("jsubm-cut-close", "send", "JSUBM", "cut-close", "closed the connection"),
    ("jsubm-never", "send", "JSUBM", "silent", "no reply within"),
    ("jobfmt-close", "jobs", "JOBFMT", "close", "closed the connection"),
    ("list-close", "jobs", "LIST", "close", "closed the connection"),
    ("list-out-of-order", "jobs", "LIST", "unexpected", "unexpected reply"),
    ("list-data-silent", "jobs", "LIST", "data-silent", "stalled"),
    ("list-data-cut", "jobs", "LIST", "data-cut", "transfer aborted"),
    ("list-data-cut-close", "jobs", "LIST", "data-cut-close", "closed the connection"),
    ("list-data-stall", "jobs", "LIST", "data-stall", "stalled"),
    ("list-data-trickle", "jobs", "LIST", "data-trickle", "stalled"),
    ("list-huge-listing", "jobs", "LIST", "huge-listing", "more than"),
    ("list-huge-row", "jobs", "LIST", "huge-row", "unreadable listing"),
    ("list-garbage", "jobs", "LIST", "garbage-listing", "unreadable listing"),
    ("ports-close", "ports", "SITE FAXD PORTS", "close", "closed the connection"),
    ("ports-garbage", "ports", "SITE FAXD PORTS", "garbage", "no reply within"),
    ("ports-overlong", "ports", "SITE FAXD PORTS", "overlong", "longer than"),
    ("routes-close", "routing", "SITE FAXD ROUTES", "close", "closed the connection"),
    ("routes-nul", "routing", "SITE FAXD ROUTES", "nul", "no reply within"),
    ("type-close", "pages", "TYPE", "close", "closed the connection"),
    ("retr-close", "pages", "RETR", "close", "closed the connection"),
    ("retr-data-cut", "pages", "RETR", "data-cut", "transfer aborted"),
    ("retr-data-stall", "pages", "RETR", "data-stall", "stalled"),
    ("retr-data-trickle", "pages", "RETR", "data-trickle", "stalled"),
    ("messages-close", "messages", "LIST", "close", "closed the connection"),
    ("messages-huge-listing", "messages", "LIST", "huge-listing", "more than"),
]

TRANSFER_VERBS = ("LIST", "NLST", "RETR", "STOR", "STOT")
log_lock = threading.Lock()


def log(path, line):
    with log_lock, open(path, "a") as f:
        f.write(line + "\n")


def read_line(sock_file):
    """One command line from the client, or None at its end; at most 64 KiB (faxd's own bound is smaller)."""
    line = sock_file.readline(65536)
    return line.decode("latin-1").rstrip("\r\n") if line else None


def read_reply(sock_file):
    """A whole reply from faxd, as raw bytes, and its code."""
    raw, first = b"", None
    while True:
        line = sock_file.readline()
        if not line:
            raise ConnectionError("faxd closed the connection")
        raw += line
        m = re.match(rb"^(\d{3})([ -])", line)
        if not m:
            continue
        code = int(m.group(1))
        first = first or code
        if m.group(2) == b" " and code == first:
            return raw, code


def garbage(size):
    """Random bytes with NULs, CRs and LFs among them: a seeded generator, so a failure can be replayed."""
    rng = random.Random(size)
    return bytes(rng.choice((0, 10, 13, rng.randrange(256))) for _ in range(size))


def trickle(sock):
    """One byte every half second until the peer goes: slow enough to starve, fast enough for a per-read wait."""
    try:
        while True:
            sock.sendall(b"x")
            threading.Event().wait(0.5)
    except OSError:
        pass


def job_rows(count, width):
    """Listing rows in HFX_JOB_FORMAT ("%j|%a|%o|%e|%y|%p|%m|%R|%S|%J|%s"), each about width bytes."""
    row = "{}|P|hostile|1002|1|0||someone|hostile|tag|" + "x" * width + "\n"
    return "".join(row.format(i + 1) for i in range(count)).encode()


class Session:
    def __init__(self, client, case, faxd_port, log_path):
        self.client, self.case, self.faxd_port, self.log_path = client, case, faxd_port, log_path
        self.name, _, self.trigger, self.behaviour, _ = case
        self.client_file = client.makefile("rb")
        self.faxd = self.faxd_file = None
        self.data_listener = None          # ours, offered to the client in place of faxd's
        self.faxd_data_port = None

    def send(self, data):
        self.client.sendall(data if isinstance(data, bytes) else data.encode("latin-1"))

    def run(self):
        try:
            if self.trigger == "greeting":
                return self.play(None)
            self.faxd = socket.create_connection(("127.0.0.1", self.faxd_port), timeout=60)
            self.faxd_file = self.faxd.makefile("rb")
            self.send(read_reply(self.faxd_file)[0])
            while (line := read_line(self.client_file)) is not None:
                if line.upper().startswith(self.trigger):
                    return self.play(line)
                self.relay(line)
        except OSError:
            pass
        finally:
            for s in (self.client, self.faxd, self.data_listener):
                if s:
                    s.close()

    # ---- the well-behaved part: faxd's answers, passive data connections relayed through our own port ----

    def relay(self, line):
        verb = line.split(" ", 1)[0].upper()
        if verb in ("EPSV", "PASV"):
            return self.relay_passive()
        self.faxd.sendall(line.encode("latin-1") + b"\r\n")
        if verb not in TRANSFER_VERBS or not self.data_listener:
            return self.send(read_reply(self.faxd_file)[0])
        theirs = socket.create_connection(("127.0.0.1", self.faxd_data_port), timeout=60)
        ours = self.accept_data()
        raw, code = read_reply(self.faxd_file)
        self.send(raw)
        if code // 100 == 1 and ours:
            upload = verb in ("STOR", "STOT")
            source, sink = (ours, theirs) if upload else (theirs, ours)
            while chunk := source.recv(65536):
                sink.sendall(chunk)
            sink.shutdown(socket.SHUT_WR)
            self.send(read_reply(self.faxd_file)[0])
        for s in (ours, theirs):
            if s:
                s.close()

    def relay_passive(self):
        """EPSV to faxd; the client is offered a port of ours, so a misbehaviour can take the data side."""
        self.faxd.sendall(b"EPSV\r\n")
        raw, code = read_reply(self.faxd_file)
        m = re.search(rb"\(\|\|\|(\d+)\|\)", raw)
        if code != 229 or not m:
            return self.send(raw)
        self.faxd_data_port = int(m.group(1))
        self.open_listener()
        self.send(f"229 Entering Extended Passive Mode (|||{self.data_listener.getsockname()[1]}|)\r\n")

    def open_listener(self):
        if self.data_listener:
            self.data_listener.close()
        self.data_listener = socket.socket()
        self.data_listener.bind(("127.0.0.1", 0))
        self.data_listener.listen(1)

    def accept_data(self):
        if not self.data_listener:
            return None
        self.data_listener.settimeout(60)
        try:
            return self.data_listener.accept()[0]
        except OSError:
            return None
        finally:
            self.data_listener.close()
            self.data_listener = None

    # ---- the misbehaviours ----

    def play(self, line):
        log(self.log_path, f"played {self.name} at {line or 'the greeting'}")
        b = self.behaviour
        closes = {"close", "cut-close", "data-cut-close"}
        reply = "220 hostile server (openfaxcom faxd, HylaFAX protocol) ready." if line is None else "200 Command okay."
        if b == "busy":
            self.send("421 Too many sessions; try again later.\r\n")
        elif b == "cut" or b == "cut-close":
            self.send(reply[: len(reply) // 2])
        elif b == "overlong":
            self.send("200-" + "x" * 70000 + "\r\n" if line and line.startswith("SITE") else "200 " + "x" * 70000 + "\r\n")
        elif b == "garbage":
            self.send(garbage(4096))
        elif b == "nul":
            self.send(b"\x00\x00\x00\r\n2\x0000 ok\r\n213\x00- a row\r\n")
        elif b == "trickle":
            # a byte at a time, each well within any timeout, a line that never ends
            self.send(reply[:4])
            trickle(self.client)
        elif b == "bad-code":
            self.send("999 This code is in no protocol.\r\n")
        elif b == "unexpected":
            # a data command answered as if its transfer were over; any other with a preliminary reply
            verb = line.split(" ", 1)[0].upper()
            self.send("226 Transfer complete.\r\n" if verb in TRANSFER_VERBS else "150 Opening data connection.\r\n")
        elif b == "mismatch":
            self.send("230-Welcome\r\n200 A last line with another code.\r\n")
        elif b == "nowhere":
            with socket.socket() as s:   # a port that was free a moment ago: nothing listens there
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            self.send(f"229 Entering Extended Passive Mode (|||{port}|)\r\n")
        elif b == "bad-epsv":
            self.send("229 Entering Extended Passive Mode (|||99999999999999999999|)\r\n")
        elif b == "pasv-elsewhere":
            self.send("500 EPSV not understood.\r\n")
            read_line(self.client_file)   # PASV
            self.send("227 Entering Passive Mode (10,255,255,1,4,1)\r\n")
        elif b.startswith("data-") or b.endswith("-listing") or b == "huge-row":
            self.play_data(b)
        if b in closes or b == "busy":
            return
        while read_line(self.client_file) is not None:   # leave everything else unanswered
            pass

    def play_data(self, b):
        ours = self.accept_data()
        if not ours:
            return
        self.send("150 Opening BINARY mode data connection.\r\n")
        try:
            if b == "data-silent":
                while ours.recv(65536):   # take an upload's bytes, never close, never reply
                    pass
                self.client_file.read()
            elif b in ("data-cut", "data-cut-close"):
                ours.sendall(job_rows(50, 40)[:1234])
                ours.close()
                if b == "data-cut":
                    self.send("426 Data connection closed; transfer aborted.\r\n")
            elif b == "data-trickle":
                trickle(ours)
            elif b == "data-stall":
                ours.sendall(job_rows(3, 10)[:50])
                self.client_file.read()   # until the client gives up
            else:
                data = PAYLOADS[b]
                try:
                    ours.sendall(data)
                except OSError:
                    pass   # the client stopped reading: a listing too big is refused, not swallowed
                ours.close()
                self.send("226 Transfer complete.\r\n")
        finally:
            ours.close()


def serve(listener, case, faxd_port, log_path):
    while True:
        client, _ = listener.accept()
        threading.Thread(target=Session(client, case, faxd_port, log_path).run, daemon=True).start()


# The big listings, made before any port is offered: made on demand they took longer than the client's
# timeout on a busy machine, and the case turned into a stall.
PAYLOADS = {}


def main():
    faxd_port, port_file, log_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    PAYLOADS.update({"huge-listing": job_rows(400000, 160), "huge-row": job_rows(1, 1 << 20),
                     "garbage-listing": garbage(1 << 16)})
    lines = []
    for case in CASES:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        lines.append(f"{case[0]} {case[1]} {listener.getsockname()[1]} {case[4]}\n")
        threading.Thread(target=serve, args=(listener, case, faxd_port, log_path), daemon=True).start()
    with open(port_file + ".tmp", "w") as f:
        f.writelines(lines)
    os.rename(port_file + ".tmp", port_file)
    threading.Event().wait()


if __name__ == "__main__":
    main()
