#!/usr/bin/env python3
"""A kill acknowledged to the owner is final, whatever the job was doing: queued, suspended, waiting
to retry, having its documents converted, dialling, in the middle of a page, or already done. After
each JKILL's 200 the job is failed at once, never dials again (faxd's log), sends no further page
(the transfer log), and JDELE removes it, even while its line is still winding down. The kill is on
disk before the 200: kill -9 right after it does not bring the job back. faxd stays up, and its log
has no sanitizer report (run it against faxd-asan and faxd-tsan).

Every hold is explicit: the queue is paused, a job is suspended, a number does not answer, and
Ghostscript (faxd runs "gs" from PATH) is a wrapper that waits on a FIFO until the test opens it.
Dialling and mid-page use real-time pacing, so those phases last seconds of line time however fast
the machine is; each wait polls a state with a bound and reports what it saw.
Usage: test_kill.py FAXD WORKDIR"""
import os
import re
import shutil
import signal
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, Reply, free_port, start_faxd, wait_for  # noqa: E402


def postscript(pages):
    body = "".join(f"72 600 moveto (kill test, page {n}) show showpage\n" for n in range(1, pages + 1))
    return f"%!PS\n/Helvetica findfont 30 scalefont setfont\n{body}".encode()


SANITIZER_REPORT = re.compile(r"AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:")
CONFIG = """pacing real-time
retry-delay 3600
line 1001 name=loop1001
line 1002 name=loop1002 send=no
line 1003 name=loop1003 send=no receive=no
"""
GS_WRAPPER = """#!/bin/sh
# Ghostscript for faxd, held while the test's gate exists: the test releases it by opening the FIFO.
if [ -p "{gate}" ]; then
    : > "{gate}.held"
    cat "{gate}" > /dev/null
fi
exec "{gs}" "$@"
"""


def release(gate):
    """Lets the held Ghostscript go: opening the FIFO fails until the wrapper has it open for reading."""
    def opened():
        try:
            os.close(os.open(gate, os.O_WRONLY | os.O_NONBLOCK))
            return True
        except OSError:
            return False
    released = wait_for("the gate's reader", opened, 60)
    os.remove(gate)
    if os.path.exists(gate + ".held"):
        os.remove(gate + ".held")
    return released


class Faxd:
    def __init__(self, binary, work, name):
        self.binary, self.work = binary, work
        self.spool = os.path.join(work, f"{name}-spool")
        self.log = os.path.join(work, f"{name}.log")
        self.config = os.path.join(work, "faxd.conf")
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = start_faxd(self.binary, self.spool, self.port, self.config, self.log)
        self.client = Client(self.port)
        self.client.login("owner")

    def kill9(self):
        self.client.close()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.client.close()
        self.process.terminate()
        try:
            self.process.wait(60)
        except Exception:
            self.process.kill()

    def log_text(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def line_activity(self):
        """loop1001's activity as LIST status shows it."""
        for row in self.client.listing("status").splitlines():
            if "loop1001" in row:
                return row
        return ""

    def xfer_send_pages(self, job):
        path = os.path.join(self.spool, "log", "xferfaxlog")
        pages = []
        if os.path.exists(path):
            for row in open(path, errors="replace"):
                fields = row.rstrip("\n").split("\t")
                if "SEND" in fields and f"job {job}" in fields:
                    pages.append(int(fields[fields.index(f"job {job}") + 2]))
        return pages

    def received(self):
        folder = os.path.join(self.spool, "recvq")
        return sorted(n for n in os.listdir(folder) if n.endswith(".tif")) if os.path.isdir(folder) else []


class KillTest:
    def __init__(self, checks, faxd):
        self.checks, self.faxd = checks, faxd
        self.killed = {}   # job -> log offset at its kill's 200

    def submit(self, pages=1, number="1002"):
        c = self.faxd.client
        return c.submit(number, [c.upload(postscript(pages), "PS")])

    def state(self, job):
        return self.faxd.client.job_state(job)

    def kill(self, job, phase, delete=True):
        code, text = self.faxd.client.command(f"JKILL {job}")
        self.killed[job] = len(self.faxd.log_text().encode())
        self.checks.check(code == 200, f"{phase}: JKILL answered 200 ({code} {text})")
        state, status = self.state(job)
        self.checks.check(state == "FAILED" and "aborted by request" in status,
                          f"{phase}: the job is failed at once ({state}, {status!r})")
        print(f"  {phase}: job {job} killed: {state}, {status}", flush=True)
        done = os.path.join(self.faxd.spool, "doneq", f"q{job}")
        on_disk = open(done).read() if os.path.exists(done) else ""
        self.checks.check(re.search(r"^state:\s*F$", on_disk, re.M) is not None and "aborted by request" in on_disk
                          and not os.path.exists(os.path.join(self.faxd.spool, "sendq", f"q{job}")),
                          f"{phase}: the kill was in doneq before the 200")
        if delete:
            code, text = self.faxd.client.command(f"JDELE {job}")
            self.checks.check(code == 200, f"{phase}: JDELE right after the kill answered 200 ({code} {text})")

    def wait_line_idle(self, phase):
        idle = wait_for(f"{phase}: loop1001 idle", lambda: "Running and idle" in self.faxd.line_activity(), 180, 0.1)
        self.checks.check(bool(idle), f"{phase}: the line became idle again ({self.faxd.line_activity()!r})")

    def queued(self):
        c = self.faxd.client
        c.command("SITE FAXD SET PauseServerQueue 1", 200)
        pending, suspended = self.submit(), self.submit()
        c.command(f"JSUSP {suspended}", 200)
        self.checks.check(self.state(pending)[0] in ("PENDING", "WAITING"), "queued: the job waits in the paused queue")
        self.kill(pending, "queued")
        self.kill(suspended, "suspended")
        c.command("SITE FAXD SET PauseServerQueue 0", 200)

    def retry_wait(self):
        job = self.submit(number="1003")   # does not answer: a dial, then a long retry delay
        seen = wait_for("retry-wait: SLEEPING", lambda: self.state(job)[0] == "SLEEPING" and self.state(job), 120)
        self.checks.check(bool(seen), f"retry wait: the job sleeps until its next try ({self.state(job)})")
        self.kill(job, "retry wait")

    def converting(self, gate, delete):
        phase = "converting (then deleted)" if delete else "converting"
        os.mkfifo(gate)
        job = self.submit()
        held = wait_for(f"{phase}: Ghostscript held", lambda: os.path.exists(gate + ".held"), 120)
        self.checks.check(bool(held) and "Preparing" in self.faxd.line_activity(),
                          f"{phase}: Ghostscript is held by the gate ({self.faxd.line_activity()!r})")
        self.kill(job, phase, delete)
        self.checks.check(release(gate), f"{phase}: Ghostscript released")
        self.wait_line_idle(phase)
        if not delete:
            state, status = self.state(job)
            self.checks.check(state == "FAILED" and "aborted by request" in status,
                              f"{phase}: still failed once the conversion ended ({state}, {status!r})")
            self.faxd.client.command(f"JDELE {job}", 200)

    def dialling(self):
        job = self.submit()
        seen = wait_for("dialling", lambda: re.search(r"Dialing", self.faxd.line_activity()), 120, 0.02)
        self.checks.check(bool(seen), f"dialling: the line was dialling ({self.faxd.line_activity()!r})")
        self.kill(job, "dialling", delete=True)
        self.wait_line_idle("dialling")
        pages = self.faxd.xfer_send_pages(job)
        self.checks.check(all(p == 0 for p in pages), f"dialling: no page went out (transfer log: {pages})")

    def mid_page(self):
        job = self.submit(pages=3)
        seen = wait_for("page 2", lambda: re.search(r"Sending page 2 of 3", self.faxd.line_activity()), 300, 0.05)
        self.checks.check(bool(seen), f"mid-page: the line was sending page 2 ({self.faxd.line_activity()!r})")
        self.kill(job, "mid-page", delete=False)   # kept until the call's end is logged (dialling deletes at once)
        self.wait_line_idle("mid-page")
        pages = self.faxd.xfer_send_pages(job)
        self.checks.check(pages and max(pages) <= 2,
                          f"mid-page: no page after the one in flight went out (transfer log: {pages})")
        state, status = self.state(job)
        self.checks.check(state == "FAILED" and "aborted by request" in status,
                          f"mid-page: still failed once the call ended ({state}, {status!r})")
        self.checks.check(self.faxd.client.command(f"JDELE {job}")[0] == 200, "mid-page: JDELE removes it")

    def done(self):
        job = self.submit()
        finished = wait_for("done", lambda: self.state(job)[0] in ("DONE", "FAILED") and self.state(job), 300, 0.2)
        self.checks.check(finished and finished[0] == "DONE", f"done: the job was sent ({finished})")
        code, _ = self.faxd.client.command(f"JKILL {job}")
        self.checks.check(code == 504, f"done: JKILL of a sent job is refused ({code})")
        self.checks.check(self.state(job)[0] == "DONE", "done: it stays done")
        self.checks.check(self.faxd.client.command(f"JDELE {job}")[0] == 200, "done: JDELE removes it")

    def never_dialled_after_kill(self, text):
        raw = text.encode()
        late = [job for job, offset in self.killed.items()
                if re.search(rf"job {job}: dialing".encode(), raw[offset:])]
        self.checks.check(not late, f"no killed job dialled after its kill was acknowledged (did: {late})")


def durable_kill(checks, binary, work):
    """JKILL mid-call, kill -9 straight after its 200, restart: the job stays failed and never dials."""
    faxd = Faxd(binary, work, "durable")
    faxd.start()
    test = KillTest(checks, faxd)
    job = test.submit(pages=3)
    seen = wait_for("durable: sending", lambda: "Sending page" in faxd.line_activity(), 300)
    checks.check(bool(seen), f"durable: the job was in a call ({faxd.line_activity()!r})")
    test.kill(job, "durable", delete=False)
    faxd.kill9()
    offset = len(faxd.log_text().encode())
    faxd.start()
    after = test.submit()   # once this one is done, the scheduler has looked at the whole queue
    finished = wait_for("durable: the next job", lambda: test.state(after)[0] in ("DONE", "FAILED"), 300, 0.2)
    state, status = test.state(job)
    checks.check(bool(finished) and state == "FAILED" and "aborted by request" in status,
                 f"durable: after kill -9 and a restart the killed job is still failed ({state}, {status!r})")
    restarted = faxd.log_text().encode()[offset:]
    checks.check(not re.search(rf"job {job}: (dialing|was being sent)".encode(), restarted),
                 "durable: the restarted faxd did not resurrect the killed job")
    faxd.stop()
    return faxd.log_text()


def main():
    binary, work = sys.argv[1], sys.argv[2]
    checks = Checks(f"kill at every phase ({os.path.basename(binary)})")
    gs = shutil.which("gs")
    if not gs:
        print("NOT RUN: Ghostscript is not installed")
        return 1
    bin_dir, gate = os.path.join(work, "bin"), os.path.join(work, "gs-gate")
    os.makedirs(bin_dir, exist_ok=True)
    with open(os.path.join(bin_dir, "gs"), "w") as f:
        f.write(GS_WRAPPER.format(gate=gate, gs=gs))
    os.chmod(os.path.join(bin_dir, "gs"), 0o755)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ["PATH"]
    with open(os.path.join(work, "faxd.conf"), "w") as f:
        f.write(CONFIG)

    faxd = Faxd(binary, work, "phases")
    faxd.start()
    test = KillTest(checks, faxd)
    try:
        received_before = faxd.received()
        test.queued()
        test.retry_wait()
        test.converting(gate, delete=False)
        test.converting(gate, delete=True)
        test.dialling()
        test.mid_page()
        test.done()   # also proves the scheduler ran after every kill above
        new = [n for n in faxd.received() if n not in received_before]
        checks.check(len(new) <= 2, f"only the mid-page call and the sent job reached the receiver ({new})")
        checks.check(faxd.process.poll() is None and "Running" in faxd.client.listing("status"),
                     "faxd stayed up and serving")
    except (OSError, ConnectionError, Reply) as error:
        checks.check(False, f"faxd stopped answering: {error!r} (exit status {faxd.process.poll()})")
    finally:
        if os.path.exists(gate):   # a phase failed while Ghostscript was held
            release(gate)
        faxd.stop()
    text = faxd.log_text()
    test.never_dialled_after_kill(text)
    try:
        text += durable_kill(checks, binary, work)
    except (OSError, ConnectionError, Reply) as error:
        checks.check(False, f"durable: faxd stopped answering: {error!r}")
    report = SANITIZER_REPORT.search(text)
    checks.check(not report, "no sanitizer report in faxd's logs"
                 + (f":\n{text[max(0, report.start() - 200):report.start() + 3000]}" if report else ""))
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
