#!/usr/bin/env python3
"""faxd's protocol under abuse: malformed commands, oversized lines, binary junk, abrupt disconnects
mid-command and mid-transfer, an over-limit upload, a broken zlib stream. After each, faxd must
answer with a protocol error, log it, and keep serving other clients. Also: a UTF-8 text document
uploaded raw is rendered by faxd itself and faxed.
The same faxd routes what it receives (folder, print command, e-mail), archives what it sends,
brands pages and keeps a transfer log.
Usage: test_protocol.py FAXD WORKDIR [FAX_INSPECT]"""
import os
import shlex
import socket
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, Reply, config_quote, free_port, start_faxd, wait_for  # noqa: E402


def still_serving(port):
    try:
        c = Client(port)
        c.login("probe")
        ok = c.command("NOOP")[0] == 200 and "Running" in c.listing("status")
        c.close()
        return ok
    except (OSError, Reply, ConnectionError):
        return False


def sessions_closed(log):
    """How many sessions faxd has logged as closed (it does once a session's thread is done with it)."""
    with open(log, errors="replace") as f:
        return sum(1 for line in f if " session " in line and ": closed" in line)


def routed(checks, work, folders, mail_out, job):
    """What happens after the fax arrived on line 1002, and after the job was sent."""
    received = os.path.join(work, "spool", "recvq", "fax00000001.tif")
    # Routing runs on a thread of its own (slow under valgrind); the message is complete once its
    # closing MIME boundary is written.
    def mail_text():
        return open(mail_out).read() if os.path.exists(mail_out) else ""
    wait_for("the e-mail and the print command", lambda: "--faxd-boundary--" in mail_text()
             and os.listdir(folders["printed"]))
    checks.check(os.listdir(folders["inbox"]) == ["fax00000001.tif"], "routed: stored in the folder")
    checks.check(os.listdir(folders["printed"]) == ["fax00000001.tif"], "routed: the print command ran with the file")
    mail = mail_text()
    checks.check("To: fax-inbox@example.org" in mail and "Content-Type: image/tiff" in mail
                 and "Content-Transfer-Encoding: base64" in mail, "routed: e-mailed as a TIFF attachment")
    checks.check(os.path.exists(os.path.join(folders["archive"], f"q{job}.tif")), "the sent fax was archived")
    xfer = open(os.path.join(work, "spool", "log", "xferfaxlog")).read()
    checks.check("\tSEND\t" in xfer and "\tRECV\t" in xfer, "the transfer log has the send and the receive")
    if len(sys.argv) > 3:
        out = subprocess.run([sys.argv[3], "ink", received, "36"], capture_output=True, text=True).stdout
        ink = [int(line.split(": ")[1]) for line in out.splitlines()]
        checks.check(len(ink) == 2 and min(ink) > 200, f"branding stamped a header line on each page: {ink}")


def main():
    faxd, work = sys.argv[1], os.path.abspath(sys.argv[2])
    checks = Checks("protocol robustness")
    port = free_port()
    config = os.path.join(work, "faxd.conf")
    folders = {name: os.path.join(work, name) for name in ("inbox", "printed", "archive")}
    for folder in folders.values():
        os.makedirs(folder, exist_ok=True)
    # A stand-in for sendmail (no mail server runs here): it keeps the message it is given.
    mail_out, sendmail = os.path.join(work, "mail.txt"), os.path.join(work, "sendmail")
    with open(sendmail, "w") as f:
        f.write(f"#!/bin/sh\n[ \"$1\" = -t ] && cat > {shlex.quote(mail_out)}\n")
    os.chmod(sendmail, stat.S_IRWXU)
    with open(config, "w") as f:
        f.write("max-document-size 1\n"   # 1 MB
                f"branding yes\narchive {config_quote(folders['archive'])}\nsendmail {config_quote(sendmail)}\n"
                f"route 1002 folder {config_quote(folders['inbox'])}\n"
                f"route 1002 print {config_quote('cp -t ' + config_quote(folders['printed']))}\n"
                "route 1002 email fax-inbox@example.org\n")
    log = os.path.join(work, "faxd.log")
    process = start_faxd(faxd, os.path.join(work, "spool"), port, config, log)
    try:
        c = Client(port)
        checks.check(c.greeting[0] == 220, f"greeting 220: {c.greeting}")
        checks.check(c.command("SYST")[0] == 530, "commands before login get 530")
        c.login("alice")
        checks.check(c.command("FOOBAR")[0] == 500, "unknown command: 500")
        checks.check(c.command("JPARM NOSUCH 1")[0] == 500, "unknown JPARM: 500")
        checks.check(c.command("JNEW")[0] == 200, "JNEW")
        checks.check(c.command("JPARM VRES abc")[0] == 500, "a non-number: 500")
        checks.check(c.command("JPARM LASTTIME 1")[0] == 500, "a bad time: 500")
        checks.check(c.command("JPARM DOCUMENT /tmp/doc99999.ps")[0] == 550, "somebody else's file: 550")
        checks.check(c.command("JSUBM")[0] == 504, "JSUBM without DIALSTRING: 504")
        checks.check(c.command("JKILL 999999")[0] == 500, "JKILL of no job: 500")
        checks.check(c.command("EPRT |1|10.9.8.7|4000|")[0] == 500, "EPRT to another host is refused")
        checks.check(c.command("RETR /etc/passwd")[0] == 550, "RETR outside recvq: 550")
        checks.check(c.command("RETR recvq/../../etc/passwd")[0] == 550, "RETR with ..: 550")
        checks.check(c.command("RETR docq/job999999.tif")[0] == 550, "RETR of the pages of no job: 550")
        checks.check(c.command("RETR docq/job1.tif.1")[0] == 550 and c.command("RETR docq/doc1.ps.1")[0] == 550,
                     "RETR in docq other than a job's pages: 550")
        checks.check(c.command("DELE recvq/fax00000001.tif")[0] == 550, "DELE of no such fax: 550")
        checks.check(c.command("TYPE X")[0] == 504, "TYPE X: 504")
        checks.check(c.command("MODE B")[0] == 504, "MODE B: 504")
        c.send_raw(b"A" * 100000 + b"\r\n")
        code, text = c.read_reply()
        checks.check(code == 500 and "too long" in text, f"a 100 KB line: 500 ({text})")
        checks.check(c.command("NOOP")[0] == 200, "the connection stays usable after a long line")
        c.send_raw(b"\x00\x01\x02\xff\xfe garbage\r\n")
        checks.check(c.read_reply()[0] == 500, "binary junk: 500")
        c.send_raw(b"US3R x\r\n")
        checks.check(c.read_reply()[0] == 500, "a verb with digits: 500")
        checks.check(c.command("NOOP")[0] == 200, "still usable after junk")

        # An upload over the 1 MB limit is refused with a protocol error; the session goes on.
        try:
            c.upload(b"%!PS\n" + b"x" * (1200 * 1024), "PS")
            checks.check(False, "an over-limit upload was accepted")
        except Reply as refused:
            checks.check(refused.code == 552 and "limit" in refused.text, f"over-limit upload: {refused}")
        checks.check(c.command("NOOP")[0] == 200, "still usable after a refused upload")
        try:
            c.command("FORM PS", 200)
            c.command("MODE Z", 200)
            data = c._passive()
            c.command("STOT", 150)
            data.sendall(b"this is not zlib data at all" * 10)
            data.close()
            code, text = c.read_reply()
            checks.check(code == 552 and "zlib" in text, f"broken MODE Z stream: {code} {text}")
        except Reply as refused:
            checks.check(False, f"MODE Z test: {refused}")
        c.command("MODE S", 200)

        # Abrupt disconnects: mid-command, mid-transfer, mid-login.
        closed_before = sessions_closed(log)
        for abuse in (b"JPARM DIALSTRING 1", b"USER", b"STOT"):
            d = Client(port)
            if abuse == b"STOT":
                d.login("bob")
                data = d._passive()
                d.command("STOT", 150)
                data.sendall(b"%!PS\npartial")
                d.close()
                data.close()
            else:
                d.send_raw(abuse)
                d.close()
        closed = wait_for("faxd to close the 3 abandoned sessions", lambda: sessions_closed(log) - closed_before,
                          done=lambda seen: seen >= 3)
        checks.check(closed >= 3 and still_serving(port),
                     f"faxd closed the abandoned sessions ({closed} of 3) and serves others")

        # Many sessions at once, then all dropped.
        many = [Client(port) for _ in range(30)]
        for m in many:
            m.close()
        checks.check(still_serving(port), "faxd serves others after 30 dropped sessions")
        checks.check(process.poll() is None, "faxd is still running")

        # A text document is rendered by faxd itself (built-in font, UTF-8) and faxed to line 1002.
        text = "Zoë Ω Привет\tTab\nSecond line\fPage two\n".encode()
        name = c.upload(text, "PS")
        job = c.submit("1002", [name])
        state, status = wait_for(f"job {job} done", lambda: c.job_state(job),
                                 done=lambda seen: seen[0] in ("DONE", "FAILED"))
        checks.check(state == "DONE", f"a raw text upload is rendered and sent: {state} {status}")
        code, pages = c.command("JPARM TOTPAGES")
        checks.check(pages == "2", f"the text's form feed made 2 pages ({pages})")
        c.close()
        routed(checks, work, folders, mail_out, job)
    finally:
        process.terminate()
        process.wait(10)
    with open(log) as f:
        text = f.read()
    for expected in ("longer than", "malformed command", "unknown command FOOBAR", "upload refused",
                     "to another host refused"):
        checks.check(expected in text, f"faxd logged '{expected}'")
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
