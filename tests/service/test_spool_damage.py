#!/usr/bin/env python3
"""A damaged spool at start: a job file cut short, a job file of garbage, a received fax cut short, a
"fax" that is no TIFF at all and a settings file of garbage. faxd moves each to SPOOL/quarantine with a
log line saying what and why, and serves everything else: the sound queued jobs are sent, the sound
received faxes are listed and retrieved, and faxd.conf's settings apply instead of the damaged file's.
Usage: test_spool_damage.py FAXD WORKDIR FIXTURES"""
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, Reply, free_port, start_faxd, wait_for  # noqa: E402

SANITIZER_REPORT = re.compile(r"AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:")


def finished(c, job):
    return wait_for(f"job {job} finished", lambda: c.job_state(job), every=0.05,
                    done=lambda seen: seen[0] in ("DONE", "FAILED"))


def cut_in_half(path):
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.truncate(size // 2)


def main():
    faxd, work, fixtures = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    checks = Checks("damaged spool at start")
    spool, port, log = os.path.join(work, "spool"), free_port(), os.path.join(work, "faxd.log")
    document = open(os.path.join(fixtures, "win2k.tif"), "rb").read()
    rng = random.Random(11)

    process = start_faxd(faxd, spool, port, log=log)
    c = Client(port)
    c.login("owner")
    sent = [c.submit("1002", [c.upload(document, "TIFF")]) for _ in range(2)]
    for job in sent:
        finished(c, job)
    faxes = sorted(n for n in os.listdir(os.path.join(spool, "recvq")) if n.endswith(".tif"))
    c.command("SITE FAXD SET PauseServerQueue 1", 200)   # stored in SPOOL/etc/settings
    queued = [c.submit("1002", [c.upload(document, "TIFF")]) for _ in range(4)]
    c.close()
    process.terminate()
    process.wait(30)
    checks.check(len(faxes) == 2, f"two faxes were received before the damage ({faxes})")

    cut_job, garbage_job, kept_jobs = queued[0], queued[1], queued[2:]
    cut_in_half(os.path.join(spool, "sendq", f"q{cut_job}"))
    with open(os.path.join(spool, "sendq", f"q{garbage_job}"), "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(700)))
    good_fax, cut_fax = faxes
    cut_in_half(os.path.join(spool, "recvq", cut_fax))
    with open(os.path.join(spool, "recvq", "fax00000099.tif"), "wb") as f:
        f.write(b"II*\x00 this is no fax at all\n")
    with open(os.path.join(spool, "etc", "settings"), "ab") as f:
        f.write(b"\x00\x07garbage without a key\n")
    print(f"  damaged: job {cut_job} cut short, job {garbage_job} garbage, {cut_fax} cut short, "
          "fax00000099.tif no TIFF, etc/settings garbage", flush=True)

    offset = os.path.getsize(log)
    process = start_faxd(faxd, spool, port, log=log)
    try:
        c = Client(port)
        c.login("owner")
        states = {job: finished(c, job) for job in kept_jobs}
        checks.check(all(s[0] == "DONE" for s in states.values()),
                     f"the sound queued jobs were sent, the queue unpaused as faxd.conf says ({states})")
        for job in (cut_job, garbage_job):
            code, text = c.command(f"JOB {job}")
            checks.check(code // 100 != 2, f"job {job}, damaged, is not served ({code} {text})")
        listed = c.listing("recvq")
        checks.check(good_fax in listed and cut_fax not in listed and "fax00000099" not in listed,
                     f"LIST recvq shows the sound fax, not the damaged ones:\n{listed}")
        try:
            data = c.retrieve(f"recvq/{good_fax}")
            checks.check(data[:4] in (b"II*\x00", b"MM\x00*"), f"RETR of the sound fax works ({len(data)} bytes)")
        except Reply as refused:
            checks.check(False, f"RETR of the sound fax works ({refused})")
        c.close()
    finally:
        process.terminate()
        process.wait(30)

    quarantine = sorted(os.listdir(os.path.join(spool, "quarantine")))
    expected = [f"sendq-q{cut_job}", f"sendq-q{garbage_job}", f"recvq-{cut_fax}", f"recvq-{cut_fax}.info",
                "recvq-fax00000099.tif", "etc-settings"]
    checks.check(all(name in quarantine for name in expected),
                 f"each damaged file is in SPOOL/quarantine (expected {expected}, found {quarantine})")
    with open(log, errors="replace") as f:
        f.seek(offset)
        text = f.read()
    for what, pattern in (("the cut job", rf"sendq/q{cut_job} is damaged \(.*\); moved to quarantine/"),
                          ("the garbage job", rf"sendq/q{garbage_job} is damaged \(.*\); moved to quarantine/"),
                          ("the cut fax", rf"recvq/{cut_fax} is not a readable fax \(.*\); moved to quarantine/"),
                          ("the non-TIFF", r"recvq/fax00000099.tif is not a readable fax \(.*\); moved to quarantine/"),
                          ("the settings", r"etc/settings is damaged \(.*\); moved to quarantine/etc-settings")):
        line = re.search(pattern, text)
        checks.check(line is not None, f"faxd's log names {what} and why" + (f": {line.group(0)}" if line else ""))
    report = SANITIZER_REPORT.search(text)
    checks.check(not report, "no sanitizer report in faxd's log"
                 + (f":\n{text[max(0, report.start() - 200):report.start() + 3000]}" if report else ""))
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
