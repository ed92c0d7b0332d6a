#!/usr/bin/env python3
"""SITE TRIGGER judged by HylaFAX's own faxwatch (Debian hylafax-client, unmodified) against faxd: while
faxwatch watches every class ("J*S*R*M*"), jobs are submitted into a paused queue and killed, suspended,
altered and resumed, sent over the loopback line (and so received by the other line), sent to a number
that does not answer (requeued, then killed) and to one that does not exist (failed), and a line is taken
down and brought back; faxd's own class C (a SITE FAXD setting changed) reaches a "C*" trigger and never
faxwatch. faxwatch must print every expected event, each job's and each line's in order;
the same output decoded by the DLLs' decoder (events_decode) must give the same jobs, pages and file.
A raw client checks a filtered trigger, hfaxd's answers to bad specifications, the urgent ABOR, and that
the control connection keeps working while a trigger runs.

Then, where it can (root, hylafax-server installed), the same faxwatch against a real HylaFAX on loopback
(tests/interop/start-hylafax): its queue has no modem, so only what it can do there is checked, a job
submitted and killed: Created, Ready to send, Killed, Marked dead, Corpus reaped, through the decoder too.

Every hold is explicit (a paused queue, a suspended job, a number that does not answer); waits poll with
the hang guard. Usage: test_trigger.py FAXD WORKDIR EVENTS_DECODE"""
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, HANG_GUARD, free_port, start_faxd, wait_for  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SANITIZER_REPORT = re.compile(r"AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:")
CONFIG = """retry-delay 3600
line 1001 name=loop1001
line 1002 name=loop1002 send=no
line 1003 name=loop1003 send=no receive=no
"""
# The program itself: /usr/sbin/faxwatch is Debian's wrapper script, which bind-mounts the spool's etc/ and
# would leave the mount behind (and faxwatch running) when signalled.
FAXWATCH = "/usr/lib/hylafax/bin/faxwatch"
PAGE = b"%!PS\n/Helvetica findfont 30 scalefont setfont 72 600 moveto (trigger test) show showpage\n"


def read(path):
    with open(path, errors="replace") as f:
        return f.read()


def in_order(lines, expected):
    """True when every expected fragment appears in lines, in that order (others may come between)."""
    at = 0
    for line in lines:
        if at < len(expected) and expected[at] in line:
            at += 1
    return at == len(expected)


def start_faxwatch(port, out_path, verbose=False):
    """verbose (-v): the protocol trace too, so the 150 reply shows when the trigger runs."""
    out = open(out_path, "wb")
    return subprocess.Popen([FAXWATCH] + (["-v"] if verbose else []) + ["-h", f"127.0.0.1:{port}", "J*S*R*M*"],
                            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def decode(decoder, text):
    result = subprocess.run([decoder], input=text.encode(), capture_output=True)
    return result.returncode, result.stdout.decode(errors="replace").splitlines(), result.stderr.decode().strip()


class RawWatcher:
    """A trigger on a connection of our own (passive data connection), read by the test."""

    def __init__(self, port, spec):
        self.client = Client(port)
        self.client.login("watcher")
        self.data = self.client._passive()
        self.reply = self.client.command(f"SITE TRIGGER {spec}")
        self.buffer = b""

    def lines(self):
        self.data.settimeout(0.05)
        try:
            while True:
                chunk = self.data.recv(65536)
                if not chunk:
                    break
                self.buffer += chunk
        except socket.timeout:
            pass
        return self.buffer.decode(errors="replace").splitlines()

    def urgent_abort(self):
        """ABOR as a Telnet client sends it: IP, then Synch (IAC as urgent data, DM), as hfaxd expects."""
        self.client.sock.sendall(b"\xff\xf4")
        self.client.sock.send(b"\xff", socket.MSG_OOB)
        self.client.sock.sendall(b"\xf2ABOR\r\n")
        return self.client.read_reply(), self.client.read_reply()


def errors(checks, port):
    c = Client(port)
    c.login("tester")
    for spec, why in (("Jzz", "non-hex event mask"), ("J*J*", "interests conflict"), ("J<1", "missing '>'"),
                      ("J<99999>*", "job 99999 does not exist")):
        data = c._passive()
        first = c.command(f"SITE TRIGGER {spec}")
        second = c.read_reply()
        checks.check(first[0] == 150 and second[0] == 504 and second[1].startswith("Cannot register trigger: ")
                     and why in second[1], f"{spec}: 150 then 504 naming why, as hfaxd: {first} {second}")
        data.close()
    checks.check(c.command("SITE TRIGGER")[0] == 500, "SITE TRIGGER without a spec: 500")
    code, text = c.command("SITE TRIGGER J*")
    if code == 150:
        code, text = c.read_reply()
    checks.check(code == 425, f"no data connection: 425 ({code} {text})")
    checks.check(c.command("NOOP")[0] == 200, "the session goes on after the refusals")
    c.close()


def wait_watch_lines(path, fragments, what):
    return wait_for(what, lambda: in_order(read(path).splitlines(), fragments))


def faxd_part(checks, faxd_binary, work, decoder):
    config = os.path.join(work, "faxd.conf")
    with open(config, "w") as f:
        f.write(CONFIG)
    log = os.path.join(work, "faxd.log")
    port = free_port()
    faxd = start_faxd(faxd_binary, os.path.join(work, "spool"), port, config, log)
    watch_out = os.path.join(work, "faxwatch.out")
    watcher = start_faxwatch(port, watch_out)
    try:
        checks.check(wait_for("faxwatch's trigger", lambda: 'trigger "J*S*R*M*" registered' in read(log)),
                     "faxwatch registered its trigger")
        errors(checks, port)
        lines_watch = RawWatcher(port, "M<loop1002>000c")   # marked down | marked ready, one line only
        checks.check(lines_watch.reply[0] == 150, f"filtered trigger started: {lines_watch.reply}")
        config_watch = RawWatcher(port, "C*")   # faxd's own class: SITE FAXD settings changed
        checks.check(config_watch.reply[0] == 150, f"class C trigger started: {config_watch.reply}")

        c = Client(port)
        c.login("tester")
        c.command("SITE FAXD SET PauseServerQueue 1", 200)
        doc = c.upload(PAGE)
        killed = c.submit("1002", [doc])
        c.command(f"JKILL {killed}", 200)
        held = c.submit("1002", [c.upload(PAGE)])
        c.command(f"JSUSP {held}", 200)
        c.command(f"JOB {held}", 200)
        c.command('JPARM TOUSER "Bo Receiver"', 200)
        c.command(f"JREST {held}", 200)
        checks.check(c.command("NOOP")[0] == 200 and lines_watch.client.command("NOOP")[0] == 200,
                     "control connections answer while their triggers run")
        c.command("SITE FAXD PORT loop1002 Receive 0", 200)
        c.command("SITE FAXD PORT loop1002 Receive 1", 200)
        c.command("SITE FAXD SET PauseServerQueue 0", 200)
        checks.check(wait_for(f"job {held} done", lambda: c.job_state(held)[0] == "DONE"), "the held job was sent")
        unanswered = c.submit("1003", [c.upload(PAGE)])
        wait_watch_lines(watch_out, [f"JOB {unanswered} ", "Requeue job"], f"job {unanswered} requeued")
        c.command(f"JKILL {unanswered}", 200)
        failed = c.submit("1999", [c.upload(PAGE)])
        wait_for(f"job {failed} failed", lambda: c.job_state(failed)[0] == "FAILED")
        wait_watch_lines(watch_out, [f"JOB {failed} ", "Corpus reaped"], f"job {failed} reaped")

        text = read(watch_out)
        lines = text.splitlines()
        def job(j):
            return [l for l in lines if f" JOB {j} (" in l]
        checks.check(all(re.match(r"^\d{6} 1\d\d ", l) for l in lines[1:] if l.strip()) and len(lines) > 40,
                     f"faxwatch printed {len(lines)} lines of 'HHMMSS NNN text'")
        checks.check(in_order(job(killed), [f"100 JOB {killed} (dest  pri 127 com ): Created",
                                            f"102 JOB {killed} (dest 1002 pri 127 com ): Ready to send",
                                            f"109 JOB {killed} (dest 1002 pri 127 com ): Killed",
                                            f"104 JOB {killed} (dest 1002 pri 127 com ): Marked dead",
                                            f"106 JOB {killed} (dest 1002 pri 127 com ): Corpus reaped"]),
                     f"killed job {killed}: as hfaxd words it, in order:\n" + "\n".join(job(killed)))
        checks.check(in_order(job(held), ["Created", "Ready to send", "Suspended", "Parameters altered", "Ready to send",
                                          "Activated", "Preparation started", "Preparation finished",
                                          "SEND FAX: Begin attempt", "SEND FAX: Call placed (off-hook)",
                                          "SEND FAX: Connected to remote device", "SEND FAX: Page 1 sent in",
                                          "SEND FAX: Document sent in", "SEND FAX: Finished attempt",
                                          "SEND FAX: Job completed successfully", "Corpus reaped"]),
                     f"sent job {held}: its whole life, in order:\n" + "\n".join(job(held)))
        checks.check(in_order(job(unanswered), ["Created", "Ready to send", "Activated", "SEND FAX: Begin attempt",
                                                "SEND FAX: Call placed", "SEND FAX: Finished attempt",
                                                "SEND FAX: Requeue job", "Sleeping awaiting time-to-send", "Killed",
                                                "Marked dead", "Corpus reaped"]),
                     f"unanswered job {unanswered}: requeued, then killed:\n" + "\n".join(job(unanswered)))
        checks.check(in_order(job(failed), ["Created", "SEND FAX: Begin attempt", "SEND FAX: Finished attempt",
                                            "Marked dead", "Corpus reaped"])
                     and not any("completed successfully" in l for l in job(failed)),
                     f"failed job {failed}: marked dead:\n" + "\n".join(job(failed)))
        checks.check(in_order(lines, ["MODEM loop1002: Marked down", "MODEM loop1002: Marked ready",
                                      "MODEM loop1002: Marked busy", "RECV FAX: Call started",
                                      "RECV FAX: Session started", "RECV FAX: From  (com ), page 1 in",
                                      "RECV FAX: Call ended", "MODEM loop1002: Marked ready"]),
                     "the receiving line: down, ready, busy, the call and its page, ready")
        checks.check(any(re.search(r" 135 RECV FAX: From 1001 \(com \), 1 pages in [0-9:]+, file recvq/fax\d+\.tif$", l)
                         for l in lines), "the received document, with its file")
        checks.check(in_order(lines, ["MODEM loop1001: Assigned to job", "MODEM loop1001: Marked busy",
                                      "MODEM loop1001: Released by job", "MODEM loop1001: Marked ready"]),
                     "the sending line: assigned, busy, released, ready")

        status, decoded, said = decode(decoder, "\n".join(l for l in lines if re.match(r"^\d{6} ", l)) + "\n")
        checks.check(status == 0 and len(decoded) == len([l for l in lines if re.match(r"^\d{6} ", l)]),
                     f"the decoder read every line ({said})")
        checks.check(f"119 S {held} [1002] 1 -1 - | Page 1 sent in" in "\n".join(decoded)
                     and any(re.match(r"135 R - \[1001\] -1 1 recvq/fax\d+\.tif \| From 1001", d) for d in decoded)
                     and f"109 J {killed} [1002] -1 -1 - | Killed" in decoded
                     and "150 M - [loop1002] -1 -1 - | Marked down" in decoded,
                     "decoded: the page sent, the document received, the kill, the line down")

        filtered = lines_watch.lines()
        checks.check([l[7:] for l in filtered] == ["150 MODEM loop1002: Marked down", "151 MODEM loop1002: Marked ready",
                                                   "151 MODEM loop1002: Marked ready"],
                     f"M<loop1002>000c: loop1002's down and ready only: {filtered}")
        changes = [l[7:] for l in config_watch.lines()]
        checks.check(len(changes) == 2 and all(re.match(r"^164 CONFIG PauseServerQueue: Changed to \S+$", l) for l in changes),
                     f"C*: the two PauseServerQueue changes, as faxd's 164 CONFIG lines: {changes}")
        checks.check(not any(re.match(r"^\d{6} 164 ", l) for l in lines),
                     "faxwatch (J*S*R*M*) never sees a class C event")
        config_watch.client.close()
        first, second = lines_watch.urgent_abort()
        checks.check(first == (426, "Operation aborted. Data connection closed.") and second == (226, "Abort successful"),
                     f"urgent ABOR ends the trigger as in hfaxd: {first} {second}")
        checks.check(lines_watch.client.command("NOOP")[0] == 200, "the session goes on after the ABOR")
        lines_watch.client.close()
        c.close()
    finally:
        stop(watcher)
        faxd_log_ok = wait_for("faxwatch's trigger to end", lambda: 'trigger "J*S*R*M*" ended: the client ' in read(log))
        checks.check(faxd_log_ok, "faxwatch leaving ends its trigger")
        faxd.terminate()
        try:
            faxd.wait(60)
        except subprocess.TimeoutExpired:
            faxd.kill()
    checks.check(not SANITIZER_REPORT.search(read(log)), "no sanitizer report in faxd's log")


def hylafax_part(checks, work, decoder):
    start = os.path.join(ROOT, "tests", "interop", "start-hylafax")
    if os.geteuid() != 0 or not os.path.exists("/usr/sbin/faxq"):
        print("  HylaFAX part NOT RUN: needs root and hylafax-server", flush=True)
        return
    # The HylaFAX daemons run as uucp, which may not reach the build tree (a private checkout path): their
    # folder is a temporary one, copied back into work/hylafax when they stop.
    folder = tempfile.mkdtemp(prefix="faxd-trigger-hylafax-")
    os.chmod(folder, 0o755)
    port = free_port()
    started = subprocess.run([start, "-A", "adminpw", str(port), folder], capture_output=True, text=True)
    if not checks.check(started.returncode == 0, f"a real HylaFAX started: {started.stderr.strip()}"):
        return
    watch_out = os.path.join(folder, "faxwatch.out")
    watcher = start_faxwatch(port, watch_out, verbose=True)
    try:
        document = os.path.join(folder, "page.ps")
        with open(document, "wb") as f:
            f.write(PAGE)
        checks.check(wait_for("hfaxd's trigger", lambda: "150 Opening new data connection for trigger" in read(watch_out)
                              or watcher.poll() is not None), "HylaFAX: faxwatch's trigger runs")
        sent = subprocess.run(["sendfax", "-n", "-h", f"127.0.0.1:{port}", "-d", "5551234", document],
                              capture_output=True, text=True)
        job = re.search(r"request id is (\d+)", sent.stdout)
        if checks.check(job is not None, f"sendfax to HylaFAX: {sent.stdout.strip()} {sent.stderr.strip()}"):
            job = job.group(1)
            wait_watch_lines(watch_out, [f"JOB {job} ", "Ready to send"], "HylaFAX's ready event")
            subprocess.run(["faxrm", "-h", f"127.0.0.1:{port}", job], capture_output=True)
            wait_watch_lines(watch_out, [f"JOB {job} ", "Corpus reaped"], "HylaFAX's reap event")
            lines = [l for l in read(watch_out).splitlines() if re.match(r"^\d{6} ", l)]
            checks.check(in_order(lines, [f"100 JOB {job} (dest  pri 127 com ): Created",
                                          f"102 JOB {job} (dest 5551234 pri 127 com ): Ready to send",
                                          f"109 JOB {job} (dest 5551234 pri 127 com ): Killed",
                                          f"104 JOB {job} (dest 5551234 pri 127 com ): Marked dead",
                                          f"106 JOB {job} (dest 5551234 pri 127 com ): Corpus reaped"]),
                         "HylaFAX: submitted and killed, the same words as faxd's:\n" + "\n".join(lines))
            status, decoded, said = decode(decoder, "\n".join(lines) + "\n")
            checks.check(status == 0 and f"109 J {job} [5551234] -1 -1 - | Killed" in decoded,
                         f"HylaFAX's lines through the decoder ({said}): {decoded}")
    finally:
        stop(watcher)
        subprocess.run([os.path.join(ROOT, "tests", "interop", "stop-hylafax"), folder], capture_output=True)
        try:
            shutil.copytree(folder, os.path.join(work, "hylafax"), symlinks=True, dirs_exist_ok=True)
        except shutil.Error:
            pass   # HylaFAX's FIFOs cannot be copied; its logs and queue files are
        shutil.rmtree(folder, ignore_errors=True)


def main():
    faxd, work, decoder = sys.argv[1], sys.argv[2], sys.argv[3]
    checks = Checks("trigger")
    if not os.path.exists(FAXWATCH) or not shutil.which("sendfax"):
        print(f"  NOT RUN: {FAXWATCH} and sendfax (Debian hylafax-client) are needed", flush=True)
        checks.check(False, "faxwatch present")
        return checks.summary()
    os.makedirs(work, exist_ok=True)
    faxd_part(checks, faxd, work, decoder)
    if len(sys.argv) < 5 or sys.argv[4] != "faxd-only":
        hylafax_part(checks, work, decoder)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
