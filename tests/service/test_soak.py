#!/usr/bin/env python3
"""The kill -9 soak: SUBMISSIONS jobs from CLIENTS concurrent clients while faxd is killed with SIGKILL
KILLS times and restarted at once. Four loopback lines send to each other, so every job is also a
reception in flight. The kill moments come from a seeded generator (after the n-th acknowledged
submission) and from protocol points (a line seen sending or receiving a page); no clock decides one.

At the end, from the spool and faxd's own logs:
  - every job JSUBM acknowledged with 200 is on disk exactly once (sendq or doneq) and DONE;
  - no job was delivered twice: at most one received fax carries its TSI, one attempt of it ended
    with every page confirmed (faxd's log), one transfer-log row sent all its pages;
  - every received fax is whole: its pages decode and match what the job sent (fax_inspect compare),
    and nothing in tmp or quarantine was taken for a fax;
  - no sanitizer report in faxd's log.
Usage: test_soak.py FAXD WORKDIR FAX_INSPECT FIXTURES  (SOAK_SUBMISSIONS, SOAK_KILLS, SOAK_SEED,
SOAK_CLIENTS in the environment; the seed is printed so that a run can be repeated)."""
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import HANG_GUARD, Checks, Client, Reply, free_port, start_faxd, wait_for  # noqa: E402

LINES = ("1001", "1002", "1003", "1004")
CONFIG = "retry-delay 1\n" + "".join(f"line {n} name=loop{n}\n" for n in LINES)   # busy: the next try soon
SANITIZER_REPORT = re.compile(r"AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:")
DOCUMENTS = (("plain.tif", 1), ("win2k.tif", 2))   # fixtures, sent as TIFF: no Ghostscript in the loop


class Soak:
    def __init__(self, faxd, work, submissions, seed):
        self.faxd, self.work, self.submissions = faxd, work, submissions
        self.spool, self.log = os.path.join(work, "spool"), os.path.join(work, "faxd.log")
        self.config = os.path.join(work, "faxd.conf")
        with open(self.config, "w") as f:
            f.write(CONFIG)
        self.port = free_port()
        self.lock = threading.Lock()
        self.acked = {}        # job -> pages of its document
        self.unanswered = set()   # JSUBM sent, no reply: the job may or may not exist
        self.reserved = 0      # submissions being made now
        self.seed = seed
        self.process = None
        self.restarts = 0

    def start(self):
        self.process = start_faxd(self.faxd, self.spool, self.port, self.config, self.log)

    def acknowledged(self):
        with self.lock:
            return len(self.acked)

    def progress(self):
        folder = os.path.join(self.spool, "recvq")
        return self.acknowledged() + sum(1 for name in os.listdir(folder) if name.endswith(".tif"))

    def take_turn(self):
        """A submission to make, or False once the count is reached (a failed one gives its turn back)."""
        with self.lock:
            if len(self.acked) + self.reserved >= self.submissions:
                return False
            self.reserved += 1
            return True

    def client(self, index, documents):
        rng = random.Random(self.seed * 1000 + index)
        while True:
            with self.lock:
                if len(self.acked) >= self.submissions:
                    return
            try:
                c = Client(self.port, timeout=30)
            except OSError:   # faxd is being restarted
                time.sleep(0.02)   # not Event().wait: a timed lock wait hangs under faketime's clock
                continue
            try:
                self.session(c, rng, documents)
            except (OSError, ConnectionError, Reply, AttributeError, IndexError, ValueError):
                pass   # killed under us: connect again
            finally:
                c.close()

    def session(self, c, rng, documents):
        c.login(f"soak{rng.randrange(8)}")
        uploads = [(c.upload(data, "TIFF"), pages) for data, pages in documents]
        while self.take_turn():
            job, submitted = None, False
            try:
                code, text = c.command("JNEW", 200)
                job = int(re.search(r"jobid: (\d+)", text).group(1))
                name, pages = rng.choice(uploads)
                for line in (f'JPARM DIALSTRING "{rng.choice(LINES)}"', 'JPARM TSI "soak %d"' % job,
                             "JPARM LASTTIME 000259", "JPARM MAXDIALS 1000", f"JPARM DOCUMENT {name}"):
                    c.command(line, 200)
                submitted = True
                code, _ = c.command("JSUBM")
                with self.lock:
                    if code == 200:
                        self.acked[job] = pages
            except (OSError, ConnectionError):
                if submitted:
                    with self.lock:
                        self.unanswered.add(job)
                raise
            finally:
                with self.lock:
                    self.reserved -= 1

    def line_activity(self):
        try:
            c = Client(self.port, timeout=10)
            try:
                c.login("watcher")
                return c.listing("status")
            finally:
                c.close()
        except (OSError, ConnectionError, Reply):
            return ""

    def kill_and_restart(self, how):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.start()
        self.restarts += 1
        print(f"  kill {self.restarts}: {how}", flush=True)


def kill_plan(rng, submissions, kills):
    """(progress to wait for, protocol point) for each kill, in order. Progress counts acknowledged
    submissions and received faxes together (up to twice SUBMISSIONS): the kills fall while jobs come in
    and while they go out."""
    points = sorted(rng.sample(range(1, 2 * submissions), min(kills, 2 * submissions - 1)))
    return [(n, rng.choice(("at once", "a line sending a page", "a line receiving a page"))) for n in points]


def run_kills(soak, plan):
    for threshold, point in plan:
        seen = wait_for(f"progress {threshold}", soak.progress, every=0.002, done=lambda n: n >= threshold)
        how = f"at progress {seen} (acknowledged + received)"
        if point != "at once":
            wanted = "Sending page" if "sending" in point else "Receiving page"
            row = wait_for(point, soak.line_activity, 60, 0.005, done=lambda text: wanted in text)
            how += f", {point}" if wanted in row else f" ({point} not seen: the queue had no call)"
        soak.kill_and_restart(how)


def spool_jobs(spool):
    """job -> [(folder, text)] for every job file on disk."""
    found = {}
    for folder in ("sendq", "doneq"):
        for name in os.listdir(os.path.join(spool, folder)):
            if re.fullmatch(r"q\d+", name):
                with open(os.path.join(spool, folder, name), errors="replace") as f:
                    found.setdefault(int(name[1:]), []).append((folder, f.read()))
    return found


def job_field(text, key):
    m = re.search(rf"^{key}:(.*)$", text, re.M)
    return m.group(1).strip() if m else ""


def received_faxes(spool, inspect):
    """[(file, tags)] for every fax in recvq; tags is a dict, with "error" when fax_inspect cannot read it."""
    folder, faxes = os.path.join(spool, "recvq"), []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".tif"):
            out = subprocess.run([inspect, "tags", os.path.join(folder, name)], capture_output=True, text=True).stdout
            faxes.append((name, dict(line.split("=", 1) for line in out.splitlines() if "=" in line)))
    return faxes


def check_jobs(checks, soak, states):
    on_disk = spool_jobs(soak.spool)
    missing = sorted(j for j in soak.acked if j not in on_disk)
    twice = sorted(j for j, copies in on_disk.items() if len(copies) > 1)
    checks.check(not missing, f"every acknowledged job is on disk ({len(soak.acked)} jobs; missing: {missing[:20]})")
    checks.check(not twice, f"no job is on disk twice (twice: {twice[:20]})")
    not_done = {j: s for j, s in states.items() if s != "DONE"}
    checks.check(not not_done, f"every acknowledged job reached DONE (not: {dict(list(not_done.items())[:20])})")
    unanswered = {j: on_disk[j][0][0] for j in soak.unanswered if j in on_disk}
    unfinished = {j: folder for j, folder in unanswered.items() if folder != "doneq"}
    checks.check(not unfinished, f"a job whose JSUBM got no answer is absent or finished too ({unfinished})")
    print(f"  {len(soak.acked)} acknowledged jobs, all on disk once; {len(soak.unanswered)} JSUBM unanswered at a kill,"
          f" {len(unanswered)} of them stored (and finished)", flush=True)
    return on_disk


def check_deliveries(checks, soak, on_disk, inspect):
    faxes = received_faxes(soak.spool, inspect)
    unreadable = [name for name, tags in faxes if "error" in tags or not tags.get("pages")]
    checks.check(not unreadable, f"every received fax reads as a TIFF (not: {unreadable[:20]})")
    copies, wrong_pages, differing = {}, [], []
    for name, tags in faxes:
        m = re.fullmatch(r"soak (\d+)", tags.get("Tsid", ""))
        if not m:
            continue
        job = int(m.group(1))
        copies[job] = copies.get(job, 0) + 1
        expected = soak.acked.get(job)
        if expected is not None and int(tags.get("pages", 0)) != expected:
            wrong_pages.append((job, name, tags.get("pages")))
        sent = job_field(on_disk[job][0][1], "fax_file") if job in on_disk else ""
        if sent:
            compared = subprocess.run([inspect, "compare", os.path.join(soak.spool, sent),
                                       os.path.join(soak.spool, "recvq", name)], capture_output=True, text=True)
            if compared.returncode != 0:
                differing.append((job, name, compared.stdout.strip()[:120]))
    twice = {j: n for j, n in copies.items() if n > 1}
    checks.check(not twice, f"no job was received twice (jobs and copies: {dict(list(twice.items())[:20])})")
    checks.check(not wrong_pages, f"every received fax has all its job's pages, never a part ({wrong_pages[:20]})")
    checks.check(not differing, f"every received fax decodes to what its job sent ({differing[:10]})")
    lost = sorted(j for j in soak.acked if j not in copies)
    print(f"  {len(faxes)} faxes received, every one whole; {len(copies)} jobs arrived once each;"
          f" {len(lost)} acknowledged jobs confirmed by the far end just before a kill took the receiving line down with it", flush=True)
    return lost


def check_log(checks, soak, lost):
    with open(soak.log, errors="replace") as f:
        text = f.read()
    # Per attempt (from one "dialing" to the next): delivered when it ended with every page confirmed, in
    # the attempt's own end or, after a kill, at the restart that found it so.
    delivered, dialled_after, open_attempt = {}, [], {}
    for m in re.finditer(r"job (\d+): (attempt over: .*now DONE|every page was confirmed before|dialing)", text):
        job = int(m.group(1))
        if m.group(2) == "dialing":
            if job in delivered:
                dialled_after.append(job)
            open_attempt[job] = True
        elif open_attempt.pop(job, False):
            delivered[job] = delivered.get(job, 0) + 1
    twice = {j: n for j, n in delivered.items() if n > 1}
    checks.check(not twice, f"faxd's log: no job was delivered twice ({dict(list(twice.items())[:20])})")
    checks.check(not dialled_after, f"faxd's log: no job was dialled again once delivered ({dialled_after[:20]})")
    recovered = len(re.findall(r"every page was confirmed before the service stopped", text))
    retried = len(re.findall(r"was being sent when the service stopped", text))
    full_rows = {}
    path = os.path.join(soak.spool, "log", "xferfaxlog")
    for row in open(path, errors="replace") if os.path.exists(path) else []:
        fields = row.rstrip("\n").split("\t")
        m = re.fullmatch(r"job (\d+)", fields[2]) if len(fields) > 4 and "SEND" in fields[1:2] else None
        if m and soak.acked.get(int(m.group(1))) == int(fields[4]):
            full_rows[int(m.group(1))] = full_rows.get(int(m.group(1)), 0) + 1
    twice_rows = {j: n for j, n in full_rows.items() if n > 1}
    checks.check(not twice_rows, f"transfer log: no job sent all its pages twice ({dict(list(twice_rows.items())[:20])})")
    unexplained = [j for j in lost if j not in delivered]
    checks.check(not unexplained, f"a job whose fax is not in recvq was delivered before a kill ({unexplained[:20]})")
    report = SANITIZER_REPORT.search(text)
    checks.check(not report, "no sanitizer report in faxd's log"
                 + (f":\n{text[max(0, report.start() - 200):report.start() + 3000]}" if report else ""))
    print(f"  faxd's log: {retried} interrupted attempts retried, {recovered} job(s) found delivered at a restart (not sent again)",
          flush=True)


def final_states(soak):
    c = Client(soak.port, timeout=60)
    c.login("checker")

    def pending():
        data = c._passive()
        c.command("NLST sendq", 150)
        chunks = []
        while chunk := data.recv(65536):
            chunks.append(chunk)
        data.close()
        c.read_reply()
        return b"".join(chunks).decode().split()
    left = wait_for("an empty sendq", pending, HANG_GUARD + soak.submissions, 0.5, done=lambda rows: not rows)
    states = {job: c.job_state(job)[0] for job in sorted(soak.acked)}
    c.close()
    return left, states


def main():
    faxd, work, inspect, fixtures = sys.argv[1:5]
    submissions = int(os.environ.get("SOAK_SUBMISSIONS", "1000"))
    kills = int(os.environ.get("SOAK_KILLS", "20"))
    clients = int(os.environ.get("SOAK_CLIENTS", "8"))
    seed = int(os.environ.get("SOAK_SEED", "2026"))
    print(f"soak: {submissions} submissions, {clients} clients, {kills} kills, seed {seed}"
          f" (SOAK_SEED={seed} repeats the kill plan)", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    checks = Checks(f"kill -9 soak ({os.path.basename(faxd)}, seed {seed})")
    documents = [(open(os.path.join(fixtures, name), "rb").read(), pages) for name, pages in DOCUMENTS]
    soak = Soak(faxd, work, submissions, seed)
    soak.start()
    threads = [threading.Thread(target=soak.client, args=(i, documents), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    run_kills(soak, kill_plan(random.Random(seed), submissions, kills))
    for t in threads:
        t.join(HANG_GUARD + submissions)
    checks.check(not any(t.is_alive() for t in threads) and soak.acknowledged() == submissions,
                 f"the clients made their {submissions} submissions ({soak.acknowledged()} acknowledged)")
    left, states = final_states(soak)
    checks.check(not left, f"the queue drained after the last restart (left: {left[:30]})")
    soak.process.terminate()
    soak.process.wait(60)
    on_disk = check_jobs(checks, soak, states)
    lost = check_deliveries(checks, soak, on_disk, inspect)
    check_log(checks, soak, lost)
    tmp, quarantine = (os.listdir(os.path.join(soak.spool, d)) for d in ("tmp", "quarantine"))
    checks.check(not quarantine, f"no spool file was found damaged at a restart ({quarantine[:20]})")
    print(f"  {soak.restarts} kills with -9, each followed by a restart; tmp holds {len(tmp)} partial file(s)"
          " (cleared at the next start)", flush=True)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
