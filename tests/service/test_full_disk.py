#!/usr/bin/env python3
"""A full disk: faxd's spool on a 4 MB tmpfs (a private mount namespace: unshare -m, root as in CI), filled
by the test while faxd takes an upload (STOT), a submission (JSUBM), converts a job's documents and
receives a fax. Each meets a clean protocol error (452, the FTP code for insufficient storage) or a job
status that says why, with a log line; nothing half-written is taken for real (no upload, job, converted
pages or received fax appears); and once space returns the same jobs go through. A restart then finds
nothing damaged.
Usage: test_full_disk.py FAXD WORKDIR FIXTURES"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, Reply, free_port, start_faxd, wait_for  # noqa: E402

SANITIZER_REPORT = re.compile(r"AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:")
CONFIG = """retry-delay 1
line 1001 name=loop1001 receive=no
line 1002 name=loop1002 send=no
line 1003 name=loop1003 send=no receive=no
"""


class Disk:
    """The tmpfs, filled by one file the test grows to ENOSPC and shrinks to give space back."""
    def __init__(self, mount):
        self.filler = os.path.join(mount, "filler")

    def fill(self, leave=0):
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            for block in (65536, 4096, 512):   # to the last page tmpfs has
                try:
                    while True:
                        os.write(fd, b"\0" * block)
                except OSError:
                    pass
        finally:
            os.close(fd)
        if leave:
            os.truncate(self.filler, max(0, os.path.getsize(self.filler) - leave))

    def release(self):
        if os.path.exists(self.filler):
            os.remove(self.filler)


def log_since(path, offset):
    with open(path, errors="replace") as f:
        f.seek(offset)
        return f.read()


def in_namespace(faxd, work, fixtures):
    checks = Checks("full disk")
    mount = os.path.join(work, "spoolfs")
    os.makedirs(mount, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount], check=True)
    spool, port, log = os.path.join(mount, "spool"), free_port(), os.path.join(work, "faxd.log")
    config = os.path.join(work, "faxd.conf")
    with open(config, "w") as f:
        f.write(CONFIG)
    disk = Disk(mount)
    document = open(os.path.join(fixtures, "win2k.tif"), "rb").read()
    process = start_faxd(faxd, spool, port, config, log)
    c = Client(port)
    c.login("owner")
    try:
        upload(checks, c, disk, document, spool, log)
        job = submission(checks, c, disk, document, spool, log)
        conversion(checks, c, disk, job, spool, log)
        reception(checks, c, disk, document, spool, log)
    finally:
        c.close()
        process.terminate()
        process.wait(30)
        disk.release()
    realtime = os.path.join(work, "realtime.conf")
    with open(realtime, "w") as f:
        f.write("pacing real-time\n" + CONFIG)
    process = start_faxd(faxd, spool, free_port(), realtime, log)
    try:
        one_page = open(os.path.join(fixtures, "plain.tif"), "rb").read()   # real-time line time is one page's
        reception_mid_call(checks, process, disk, one_page, spool, log)
    finally:
        process.terminate()
        process.wait(30)
        disk.release()
    process = start_faxd(faxd, spool, free_port(), config, log)   # what the full disk left behind, read at start
    process.terminate()
    process.wait(30)
    quarantine = os.listdir(os.path.join(spool, "quarantine"))
    checks.check(not quarantine, f"a restart finds no damaged file in the spool ({quarantine})")
    text = open(log, errors="replace").read()
    report = SANITIZER_REPORT.search(text)
    checks.check(not report, "no sanitizer report in faxd's log"
                 + (f":\n{text[max(0, report.start() - 200):report.start() + 3000]}" if report else ""))
    subprocess.run(["umount", mount])
    return checks.summary()


def upload(checks, c, disk, document, spool, log):
    offset = os.path.getsize(log)
    disk.fill()
    try:
        c.upload(document, "TIFF")
        checks.check(False, "STOT on a full disk is refused")
    except Reply as refused:
        checks.check(refused.code == 452 and "spool is full" in refused.text,
                     f"STOT on a full disk: 452, the spool is full ({refused})")
    leftovers = [n for n in os.listdir(os.path.join(spool, "tmp")) if n.endswith((".upload", ".tif"))]
    docs = [n for n in os.listdir(os.path.join(spool, "tmp")) if n.startswith("doc")]
    checks.check(not leftovers and not docs, f"the cut upload was not kept ({leftovers + docs})")
    checks.check("upload refused: the spool is full" in log_since(log, offset), "faxd logged the refused upload")
    disk.release()
    name = c.upload(document, "TIFF")
    checks.check(bool(name), f"with space back, the same upload is taken ({name})")
    print("  upload: 452 on the full disk, taken once space returned", flush=True)


def submission(checks, c, disk, document, spool, log):
    name = c.upload(document, "TIFF")
    c.command("SITE FAXD SET PauseServerQueue 1", 200)
    code, text = c.command("JNEW", 200)
    job = int(re.search(r"jobid: (\d+)", text).group(1))
    for line in ('JPARM DIALSTRING "1002"', "JPARM LASTTIME 000259", "JPARM RETRYTIME 0001", f"JPARM DOCUMENT {name}"):
        c.command(line, 200)
    offset = os.path.getsize(log)
    disk.fill()
    code, text = c.command("JSUBM")
    checks.check(code == 452 and "spool is full" in text, f"JSUBM on a full disk: 452, the spool is full ({code} {text})")
    checks.check(not os.path.exists(os.path.join(spool, "sendq", f"q{job}")), "no job file was left for it")
    said = log_since(log, offset)
    checks.check(f"job {job}: cannot write its spool file: the spool is full" in said,
                 "faxd logged the refused submission")
    disk.release()
    code, text = c.command("JSUBM")
    checks.check(code == 200, f"with space back, the same JSUBM is taken ({code} {text})")
    print(f"  submission: job {job} refused with 452 on the full disk, taken once space returned", flush=True)
    return job


def conversion(checks, c, disk, job, spool, log):
    c.command(f"JSUSP {job}", 200)
    c.command("SITE FAXD SET PauseServerQueue 0", 200)
    offset = os.path.getsize(log)
    disk.fill(leave=16384)   # the job file can still be rewritten; its converted pages cannot be written
    c.command(f"JREST {job}", 200)
    state = wait_for("the conversion to meet the full disk", lambda: c.job_state(job),
                     done=lambda s: "spool is full" in s[1] or s[0] in ("DONE", "FAILED"))
    checks.check(state[0] in ("SLEEPING", "WAITING", "PENDING") and "spool is full" in state[1],
                 f"converting on a full disk: the job waits, its status says why ({state})")
    checks.check(not os.path.exists(os.path.join(spool, "docq", f"job{job}.tif")), "no converted pages were kept")
    checks.check(re.search(rf"job {job}: The spool is full", log_since(log, offset)) is not None,
                 "faxd logged the conversion that met the full disk")
    disk.release()
    state = wait_for("the job sent once space returned", lambda: c.job_state(job),
                     done=lambda s: s[0] in ("DONE", "FAILED"))
    checks.check(state[0] == "DONE", f"with space back, the job converts and is sent ({state})")
    print(f"  conversion: job {job} waited on the full disk ({state[1] or 'sent'}), sent once space returned",
          flush=True)


def received(spool):
    return sorted(n for n in os.listdir(os.path.join(spool, "recvq")) if n.endswith(".tif"))


def reception(checks, c, disk, document, spool, log):
    # Converted first (to a number that does not answer), then pointed at the receiving line once the
    # disk is full: only the reception meets it.
    job = c.submit("1003", [c.upload(document, "TIFF")], RETRYTIME="0500")
    wait_for("the first dial", lambda: c.job_state(job), done=lambda s: s[0] == "SLEEPING")
    c.command(f"JSUSP {job}", 200)
    c.command('JPARM DIALSTRING "1002"', 200)
    before = received(spool)
    offset = os.path.getsize(log)
    disk.fill(leave=16384)
    c.command(f"JREST {job}", 200)
    state = wait_for("the call to end", lambda: c.job_state(job),
                     done=lambda s: s[0] in ("SLEEPING", "DONE", "FAILED") and "1003" not in s[1])
    said = log_since(log, offset)
    checks.check(received(spool) == before, f"a reception on a full disk stores no fax ({received(spool)})")
    checks.check(state[0] != "DONE", f"the sender did not take the call as delivered ({state})")
    line = re.search(r"job \d+: attempt over: line 1002 cannot store a fax: .*", said)
    checks.check(line is not None, "faxd logged the reception that met the full disk"
                 + (f": {line.group(0)}" if line else f":\n{said[-1500:]}"))
    disk.release()
    if state[0] == "SLEEPING":
        c.command(f"JSUSP {job}", 200)
        c.command(f"JREST {job}", 200)
    else:
        job = c.submit("1002", [c.upload(document, "TIFF")])
    state = wait_for("the retry", lambda: c.job_state(job), done=lambda s: s[0] in ("DONE", "FAILED"))
    new = [n for n in received(spool) if n not in before]
    checks.check(state[0] == "DONE" and len(new) == 1, f"with space back, the fax is received ({state}, {new})")
    unreadable = [n for n in received(spool) if subprocess.run(
        [os.environ["FAX_INSPECT"], "tags", os.path.join(spool, "recvq", n)], capture_output=True).returncode]
    checks.check(not unreadable, f"every fax in recvq is whole ({unreadable})")
    print(f"  reception: nothing stored on the full disk ({line.group(0) if line else 'no log line'}); "
          f"received once space returned", flush=True)


def reception_mid_call(checks, process, disk, document, spool, log):
    """The disk fills while a page is coming in (real-time pacing: the page takes seconds of line time)."""
    port = int(process.args[process.args.index("--listen") + 1].rsplit(":", 1)[1])
    c = Client(port)
    c.login("owner")
    before = received(spool)
    offset = os.path.getsize(log)
    job = c.submit("1002", [c.upload(document, "TIFF")], RETRYTIME="0500")

    def activity():
        return next((row for row in c.listing("status").splitlines() if "loop1002" in row), "")
    seen = wait_for("loop1002 receiving page 1", activity, done=lambda row: "Receiving page" in row)
    disk.fill()
    state = wait_for("the call to end", lambda: c.job_state(job),
                     done=lambda s: s[0] in ("SLEEPING", "DONE", "FAILED"))
    said = log_since(log, offset)
    new = [n for n in received(spool) if n not in before]
    unreadable = [n for n in new if subprocess.run(
        [os.environ["FAX_INSPECT"], "tags", os.path.join(spool, "recvq", n)], capture_output=True).returncode]
    checks.check(not unreadable, f"mid-reception: no half-written fax in recvq ({new})")
    lines = re.findall(r"line loop1002: .*", said)
    checks.check(state[0] != "DONE" or len(new) == 1,
                 f"mid-reception: the sender took the call as delivered only if the fax was stored ({state}; {new};"
                 f" {lines})")
    checks.check(bool(lines) or state[0] != "DONE", f"mid-reception: faxd logged what became of the fax ({lines})")
    disk.release()
    if state[0] == "SLEEPING":
        c.command(f"JSUSP {job}", 200)
        c.command(f"JREST {job}", 200)
        state = wait_for("the retry", lambda: c.job_state(job), done=lambda s: s[0] in ("DONE", "FAILED"))
    checks.check(state[0] == "DONE", f"mid-reception: with space back the job is done ({state})")
    c.close()
    print(f"  reception filled mid-page ({seen.strip()}): {state}; {'; '.join(lines) or 'no receive log line'}",
          flush=True)


def main():
    faxd, work, fixtures = (os.path.abspath(a) for a in sys.argv[1:4])
    if os.environ.get("FAXD_FULL_DISK_NS") == "1":
        return in_namespace(faxd, work, fixtures)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = dict(os.environ, FAXD_FULL_DISK_NS="1",
               FAX_INSPECT=os.environ.get("FAX_INSPECT", os.path.join(os.path.dirname(faxd), "fax_inspect")))
    result = subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable,
                             os.path.abspath(__file__), faxd, work, fixtures], env=env)
    if result.returncode not in (0, 1):
        print(f"FAIL full disk: could not run in a mount namespace of its own (unshare --mount: exit "
              f"{result.returncode}; it needs root, as in CI)\nfull disk: 0 passed, 1 failed")
        return 1
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
