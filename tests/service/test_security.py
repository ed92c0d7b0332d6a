#!/usr/bin/env python3
"""faxd's security (docs/faxd.md "Security"), one story per part:
- out of the box it listens on loopback only, and a remote client gets in only through an access rule;
- alice and bob share a faxd: each sees and controls only their own jobs, their own line's faxes and their
  own jobs' events, until bob becomes ADMIN; no password turns up in the log, the transfer log or the spool;
- names that point out of the spool (../, absolute, a symlink, NUL and odd bytes) get a 5xx and a log line;
- the limits (line length, jobs per user, sessions, sessions per address, failed logins) hold;
- started as root with `user nobody`, faxd binds, hands the spool to nobody and runs as nobody.
Usage: test_security.py FAXD WORKDIR"""
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, Reply, config_quote, free_port, wait_for  # noqa: E402

with warnings.catch_warnings():   # crypt(3) is what faxd checks against; Python 3.11 still has it
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt

PASSWORDS = {"alice": "Alice-pw-7Kq2", "admin": "Admin-pw-Zr81", "dave": "Dave-pw-Lm40", "wrong": "Guess-pw-Xx99",
             "adduser": "Carol-pw-Q1w2"}
FAR_FUTURE = time.strftime("%Y%m%d%H%M", time.gmtime(time.time() + 86400))   # held a day: never sent here


def digest(password):
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def start(faxd, work, name, settings, spool=None):
    """faxd with its own config (listen included: no --listen, so the file's address counts); returns
    (process, log path). Waits for 'ready' or the exit of a faxd that refused to start."""
    folder = os.path.join(work, name)
    os.makedirs(folder, exist_ok=True)
    config, log = os.path.join(folder, "faxd.conf"), os.path.join(folder, "faxd.log")
    with open(config, "w") as f:
        f.write(settings)
    process = subprocess.Popen([faxd, "-c", config, "--spool", spool or os.path.join(folder, "spool"), "--foreground"],
                               stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    wait_for(f"faxd {name} to start", lambda: ": ready:" in read(log) or process.poll() is not None)
    return process, log


def start_serving(faxd, work, name, settings, spool=None):
    """start(), for a faxd that must come up: one that exited says why."""
    process, log = start(faxd, work, name, settings, spool)
    if process.poll() is not None:
        raise RuntimeError(f"faxd {name} did not start (exit status {process.returncode}): {read(log)[-400:]}")
    return process, log


def stop(process):
    process.terminate()
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def connect(port, source="127.0.0.1", host="127.0.0.1"):
    """A Client whose connection comes from source (any 127.x address is this machine's)."""
    client = Client.__new__(Client)
    client.sock = socket.create_connection((host, port), timeout=20, source_address=(source, 0))
    client.file = client.sock.makefile("rb")
    client.greeting = client.read_reply()
    return client


def non_loopback_address():
    """An address of this machine that is not loopback, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))   # no packet is sent: this only picks the outgoing address
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def held_job(client, document, number="1002"):
    return client.submit(number, [document], SENDTIME=FAR_FUTURE, LASTTIME="020000")


def page(client):
    return client.upload(b"A page for the security test.\n", "PS")


def refused(client, line, codes=(5,)):
    code, text = client.command(line)
    return code // 100 in codes, f"{code} {text}"


# ---- out of the box: loopback only ----

def default_bind(checks, faxd, work):
    process, log = start(faxd, work, "default", "")   # no listen: the built-in default
    said = read(log)
    stop(process)
    # 4559 may be taken by another faxd on this machine: then the refusal names the address it tried.
    checks.check("listening on 127.0.0.1:4559" in said or "cannot listen on 127.0.0.1:4559" in said,
                 "without a listen setting faxd binds 127.0.0.1:4559 only")
    checks.check(not re.search(r"listening on (0\.0\.0\.0|\[::\])", said), "and no wildcard address")


def remote_access(checks, faxd, work):
    address = non_loopback_address()
    if not address:
        print("  remote access part NOT RUN: this machine has no non-loopback address", flush=True)
        return
    port = free_port()
    process, log = start_serving(faxd, work, "open", f"listen 0.0.0.0:{port}\n")
    try:
        remote = connect(port, source=address, host=address)
        try:
            remote.login("visitor")
            got_in = True
        except Reply:
            got_in = False
        remote.close()
        checks.check(not got_in, f"without an access file a client from {address} cannot log in")
        local = Client(port)
        local.login("visitor")
        checks.check(local.command("NOOP")[0] == 200, "a loopback client can")
        local.close()
    finally:
        stop(process)
    rules = os.path.join(work, "open.hosts")
    with open(rules, "w") as f:
        f.write(f"^visitor@{re.escape(address)}$\n")
    port = free_port()
    process, log = start_serving(faxd, work, "open-rules", f"listen 0.0.0.0:{port}\naccess-file {config_quote(rules)}\n")
    try:
        remote = connect(port, source=address, host=address)
        remote.login("visitor")
        checks.check(remote.command("NOOP")[0] == 200, f"a rule for visitor@{address} lets that client in")
        remote.close()
        other = connect(port, source=address, host=address)
        checks.check(other.command("USER stranger")[0] == 331 and other.command("PASS x")[0] == 530,
                     "and nobody else from there")
        other.close()
    finally:
        stop(process)


# ---- two users on one faxd ----

def trigger_lines(data, until, seconds=300):
    """Reads event lines from a trigger's data socket until one contains until."""
    seen, buffer = [], b""
    data.settimeout(seconds)
    while not any(until in line for line in seen):
        chunk = data.recv(4096)
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = buffer.split(b"\r\n")
        seen += [line.decode(errors="replace") for line in lines]
    return seen


def job_done(client, job):
    return wait_for(f"job {job}", lambda: client.job_state(job), done=lambda s: s[0] in ("DONE", "FAILED"))[0]


def two_users(checks, faxd, work):
    rules = os.path.join(work, "users.hosts")
    with open(rules, "w") as f:
        f.write(f"^alice@:1:{digest(PASSWORDS['alice'])}:\n"
                f"^bob@:::{digest(PASSWORDS['admin'])}\n")
    port = free_port()
    process, log = start_serving(faxd, work, "users", f"listen 127.0.0.1:{port}\naccess-file {config_quote(rules)}\n"
                         "line 1001 name=loop1001\nline 1002 name=loop1002 owner=alice\n")
    spool = os.path.join(work, "users", "spool")
    try:
        alice, bob = Client(port), Client(port)
        alice.login("alice", PASSWORDS["alice"])
        bob.login("bob")
        failed = Client(port)
        checks.check(failed.command("USER alice")[0] == 331 and failed.command(f"PASS {PASSWORDS['wrong']}")[0] == 530,
                     "a wrong password is refused")
        failed.close()
        held = held_job(alice, page(alice))
        mine = held_job(bob, page(bob))

        listed = bob.listing("sendq")
        checks.check(re.search(rf"^{mine} ", listed, re.M) and not re.search(rf"^{held} ", listed, re.M),
                     f"bob's LIST sendq shows his job {mine}, not alice's {held}:\n{listed}")
        listed = alice.listing("sendq")
        checks.check(re.search(rf"^{held} ", listed, re.M) and not re.search(rf"^{mine} ", listed, re.M),
                     "alice's shows hers only")
        checks.check(bob.command(f"JOB {held}")[0] == 504, "bob cannot select alice's job (JOB: 504)")
        checks.check(bob.command(f"JOB {mine}")[0] == 200 and bob.command("JPARM OWNER") == (213, "bob"),
                     "he can his own")
        for verb in ("JSUSP", "JKILL", "JSUBM", "JREST", "JDELE", "JWAIT"):
            ok, said = refused(bob, f"{verb} {held}")
            checks.check(ok and "not permitted" in said, f"bob's {verb} of alice's job is refused: {said}")
        try:
            bob.retrieve(f"docq/preview{held}.tif")
            checks.check(False, "bob cannot read the first page of alice's job")
        except Reply as e:
            checks.check(e.code == 550, f"bob cannot read the first page of alice's job ({e.code})")
        checks.check(alice.command(f"JOB {held}")[0] == 200 and alice.command("JPARM STATE")[0] == 213,
                     "alice still has her job, untouched")

        # Events: bob's trigger sees his jobs only. Alice's new job and its kill come before bob's next job,
        # so when bob's Created arrives, anything of alice's would have arrived before it.
        watcher = Client(port)
        watcher.login("bob")
        data = watcher._passive()
        code, text = watcher.command("SITE TRIGGER J*")
        checks.check(code == 150, f"bob's SITE TRIGGER J* runs: {code} {text}")
        hers = held_job(alice, page(alice))
        alice.command(f"JKILL {hers}", 200)
        barrier = held_job(bob, page(bob))
        events = trigger_lines(data, f"JOB {barrier} ")
        checks.check(any(f"JOB {barrier} " in e for e in events) and not any(f"JOB {hers} " in e for e in events),
                     f"bob's trigger has his job {barrier}'s events, none of alice's job {hers}: {events}")
        data.close()
        watcher.close()
        watcher = Client(port)
        watcher.login("bob")
        data = watcher._passive()
        code, text = watcher.command(f"SITE TRIGGER J<{held}>*")
        data.close()
        code, text = watcher.read_reply() if code == 150 else (code, text)
        checks.check(code == 504, f"a trigger on alice's job is refused as on a job that does not exist: {code} {text}")
        watcher.close()

        # Received faxes: line 1002 is alice's (owner=alice), line 1001 is everyone's.
        to_alice = alice.submit("1002", [page(alice)])
        to_all = bob.submit("1001", [page(bob)])
        checks.check(job_done(alice, to_alice) == "DONE" and job_done(bob, to_all) == "DONE",
                     "a fax to alice's line and one to the shared line are sent")
        def received(line):
            folder = os.path.join(spool, "recvq")
            return [n[:-5] for n in os.listdir(folder) if n.endswith(".info") and f"line:{line}\n" in
                    read(os.path.join(folder, n))]
        wait_for("both received faxes", lambda: len(received("loop1002")) == 1 and len(received("loop1001")) == 1)
        alices, shared = received("loop1002"), received("loop1001")
        if checks.check(len(alices) == 1 and len(shared) == 1, f"both faxes are in recvq: {alices} {shared}"):
            alices, shared = alices[0], shared[0]
            listed = bob.listing("recvq")
            checks.check(shared in listed and alices not in listed, f"bob's LIST recvq hides alice's fax:\n{listed}")
            checks.check(alices in alice.listing("recvq"), "alice's shows it")
            for line in (f"RETR recvq/{alices}", f"DELE recvq/{alices}", f"DELE recvq/{shared}"):
                bob.command("TYPE I")
                ok, said = refused(bob, line)
                checks.check(ok, f"bob: {line} refused ({said})")
            checks.check(alice.retrieve(f"recvq/{alices}")[:2] in (b"II", b"MM"), "alice reads her fax")
            checks.check(bob.retrieve(f"recvq/{shared}")[:2] in (b"II", b"MM"), "bob reads the shared one")
            checks.check(alice.command(f"DELE recvq/{alices}")[0] == 250, "alice deletes her own fax")

        # hfaxd's way to add a user carries a password on the command line: faxd does not know it, and must
        # not log the password while saying so.
        checks.check(bob.command(f"SITE ADDUSER carol {PASSWORDS['adduser']}")[0] == 500, "SITE ADDUSER: 500")

        # ADMIN: bob sees and controls everything.
        checks.check(bob.command(f"ADMIN {PASSWORDS['admin']}")[0] == 230, "bob becomes ADMIN")
        checks.check(re.search(rf"^{held} ", bob.listing("sendq"), re.M) is not None, "ADMIN lists alice's job")
        checks.check(bob.command(f"JKILL {held}")[0] == 200, "and kills it")
        if isinstance(shared, str):
            checks.check(bob.command(f"DELE recvq/{shared}")[0] == 250, "and empties the shared inbox")
        alice.close()
        bob.close()
    finally:
        stop(process)
    # Passwords: alice's, the wrong guess and ADMIN's must be nowhere faxd writes.
    written = read(log) + "".join(read(os.path.join(d, f)) for d, _, files in os.walk(spool) for f in files
                                  if not f.endswith(".tif"))
    checks.check("alice logged in with a password" in read(log), "the log says alice logged in with a password")
    checks.check("\tRECV\t" in read(os.path.join(spool, "log", "xferfaxlog")), "the transfer log was written")
    for what in ("alice", "admin", "wrong", "adduser"):
        checks.check(PASSWORDS[what] not in written, f"the {what} password is in neither the log nor the spool")


# ---- names out of the spool ----

def paths(checks, faxd, work):
    port = free_port()
    process, log = start_serving(faxd, work, "paths", f"listen 127.0.0.1:{port}\n")
    spool = os.path.join(work, "paths", "spool")
    secret = os.path.join(work, "paths", "secret.txt")
    with open(secret, "w") as f:
        f.write("outside the spool\n")
    os.symlink(secret, os.path.join(spool, "recvq", "fax99999999.tif"))
    try:
        c = Client(port)
        c.login("mallory")
        c.command("TYPE I")
        for line, why in ((b"RETR ../../../../etc/passwd", "RETR ../"), (b"RETR //etc/passwd", "RETR of an absolute path"),
                          (b"RETR recvq/../../secret.txt", "RETR recvq/../"), (b"RETR recvq/fax99999999.tif", "RETR of a symlink out of the spool"),
                          (b"RETR recvq/fax\xc3\xa9.tif", "RETR with non-ASCII bytes"),
                          (b"RETR recvq/fax00000001.tif\x00/../../secret.txt", "RETR with a NUL byte"),
                          (b"RETR recvq/fax\x01.tif", "RETR with a control byte"),
                          (b"DELE recvq/../sendq/q1", "DELE recvq/../"), (b"DELE /etc/passwd", "DELE of an absolute path"),
                          (b"DELE recvq/fax99999999.tif", "DELE of a symlink"),
                          (b"STOR ../../evil", "STOR ../"), (b"STOR /tmp/evil", "STOR of an absolute path"),
                          (b"JPARM DOCUMENT ../../../etc/passwd", "JPARM DOCUMENT ../"),
                          (b"SITE CHMOD 0666 ../../etc/passwd", "SITE with a path")):
            if line.startswith(b"JPARM"):
                c.command("JNEW", 200)
            c.send_raw(line + b"\r\n")
            code, text = c.read_reply()
            checks.check(code // 100 == 5, f"{why}: {code} {text}")
        checks.check(os.path.islink(os.path.join(spool, "recvq", "fax99999999.tif")) and os.path.exists(secret),
                     "the symlink and its target are still there")
        checks.check(c.command("NOOP")[0] == 200, "the session goes on")
        c.close()
    finally:
        stop(process)
    said = read(log)
    for expected in ("RETR of \"../../../../etc/passwd\" refused", "RETR of \"recvq/fax99999999.tif\" refused",
                     "a NUL byte refused", "DELE of \"recvq/../sendq/q1\" refused", "STOR of \"../../evil\" refused", "JPARM DOCUMENT ../../../etc/passwd refused", "unknown SITE command"):
        checks.check(expected in said, f"logged: {expected}")
    checks.check("outside the spool" not in said, "the secret was never read into the log")


# ---- limits ----

def limits(checks, faxd, work):
    rules = os.path.join(work, "limits.hosts")
    with open(rules, "w") as f:
        f.write(f"^dave@:1:{digest(PASSWORDS['dave'])}:\n127\\.0\\.0\\.\n")
    port = free_port()
    process, log = start_serving(faxd, work, "limits", f"listen 0.0.0.0:{port}\naccess-file {config_quote(rules)}\n"
                         "max-line-length 200\nmax-jobs-per-user 2\nmax-sessions 5\nmax-sessions-per-address 3\n"
                         "max-login-failures 3\nlogin-lockout 3600\n")
    try:
        c = connect(port)
        c.login("erin")
        checks.check(c.command("NOOP " + "x" * 300)[0] == 500, "a line over max-line-length 200 gets 500")
        checks.check(c.command("NOOP " + "x" * 150)[0] == 200, "a line within it is served")
        first, second = held_job(c, page(c)), held_job(c, page(c))
        c.command("JNEW", 200)
        c.command(f'JPARM DIALSTRING "1002"', 200)
        c.command(f"JPARM DOCUMENT {page(c)}", 200)
        code, text = c.command("JSUBM")
        checks.check(code == 504 and "max-jobs-per-user" in text, f"a third queued job of erin's is refused: {code} {text}")
        other = connect(port)
        other.login("frank")
        checks.check(held_job(other, page(other)) > 0, "frank may still submit")
        c.command(f"JKILL {first}", 200)
        checks.check(held_job(c, page(c)) > second, "erin may again once one of hers is done")

        # Sessions: c and other are two from 127.0.0.1; a third fits, a fourth does not.
        third = connect(port)
        fourth = connect(port)
        checks.check(third.greeting[0] == 220 and fourth.greeting[0] == 421 and "your address" in fourth.greeting[1],
                     f"max-sessions-per-address 3: the fourth from 127.0.0.1 gets {fourth.greeting}")
        fourth.close()
        a, b = connect(port, "127.0.0.2"), connect(port, "127.0.0.3")
        extra = connect(port, "127.0.0.4")
        checks.check(a.greeting[0] == 220 and b.greeting[0] == 220 and extra.greeting[0] == 421,
                     f"max-sessions 5: the sixth session, from another address, gets {extra.greeting}")
        for client in (extra, a, b, third, other):
            client.close()
        again = wait_for("a session slot from 127.0.0.1", lambda: (lambda s: (s.close(), s.greeting[0])[1])(connect(port)),
                         done=lambda code: code == 220)
        checks.check(again == 220, "a session that ends frees its place")
        c.close()

        # Failed logins: three wrong passwords from 127.0.0.5 lock that address out, the right one included.
        guesser = connect(port, "127.0.0.5")
        for _ in range(3):
            guesser.command("USER dave")
            guesser.command(f"PASS {PASSWORDS['wrong']}")
        guesser.command("USER dave")
        code, text = guesser.command(f"PASS {PASSWORDS['dave']}")
        checks.check(code == 530 and "Too many failed logins" in text, f"after 3 failures the address is locked: {code} {text}")
        guesser.close()
        elsewhere = connect(port, "127.0.0.6")
        elsewhere.login("dave", PASSWORDS["dave"])
        checks.check(elsewhere.command("NOOP")[0] == 200, "dave from another address still gets in")
        elsewhere.close()
    finally:
        stop(process)
    said = read(log)
    for expected in ("longer than 200 bytes refused", "(max-jobs-per-user)", "sessions from that address already",
                     "5 sessions already", "locked out for 3600 s after 3 failed logins", "is locked out after 3 failed logins"):
        checks.check(expected in said, f"logged: {expected}")


# ---- root drops to its user ----

def drop_root(checks, faxd, work):
    if os.geteuid() != 0:
        print("  drop-root part NOT RUN: needs root", flush=True)
        return
    nobody = pwd.getpwnam("nobody")
    port = free_port()
    process, log = start(faxd, work, "root-bad-user", f"listen 127.0.0.1:{port}\nuser no-such-faxd-user\n")
    checks.check(process.wait(60) != 0 and "no such account" in read(log), "an unknown user= stops faxd")
    # The spool lives outside the build tree, which nobody may not be allowed to reach.
    spool = tempfile.mkdtemp(prefix="faxd-security-spool-")
    os.chmod(spool, 0o755)
    try:
        process, log = start_serving(faxd, work, "root", f"listen 127.0.0.1:{port}\nuser nobody\n", spool=spool)
        try:
            status = read(f"/proc/{process.pid}/status")
            uids = re.search(r"^Uid:\s+(.*)$", status, re.M).group(1).split()
            gids = re.search(r"^Gid:\s+(.*)$", status, re.M).group(1).split()
            groups = re.search(r"^Groups:\s*(.*)$", status, re.M).group(1).split()
            checks.check(set(uids) == {str(nobody.pw_uid)} and set(gids) == {str(nobody.pw_gid)}
                         and groups in ([], [str(nobody.pw_gid)]),
                         f"faxd runs as nobody (Uid {uids}, Gid {gids}, Groups {groups})")
            checks.check(f"running as nobody (uid {nobody.pw_uid})" in read(log), "and says so")
            c = Client(port)
            c.login("tester")
            job = c.submit("1002", [page(c)])
            checks.check(job_done(c, job) == "DONE", "as nobody it takes, sends and receives a fax")
            c.close()
            owners = {(os.lstat(os.path.join(d, n)).st_uid) for d, dirs, files in os.walk(spool) for n in dirs + files}
            owners.add(os.lstat(spool).st_uid)
            checks.check(owners == {nobody.pw_uid}, f"the spool is nobody's ({owners})")
        finally:
            stop(process)
    finally:
        shutil.rmtree(spool, ignore_errors=True)


def main():
    faxd, work = sys.argv[1], os.path.abspath(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    checks = Checks("security")
    for part in (default_bind, remote_access, two_users, paths, limits, drop_root):
        print(f"  {part.__name__.replace('_', ' ')}", flush=True)
        try:
            part(checks, faxd, work)
        except (OSError, Reply, RuntimeError, AttributeError) as e:   # the part cannot go on: a failure, not a crash
            checks.check(False, f"{part.__name__}: {type(e).__name__}: {e}")
    reports = re.compile(r"ERROR: AddressSanitizer|runtime error|WARNING: ThreadSanitizer")
    sanitizer = [name for name in os.listdir(work) if reports.search(read(os.path.join(work, name, "faxd.log")))]
    checks.check(not sanitizer, f"no sanitizer report in faxd's logs {sanitizer}")
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
