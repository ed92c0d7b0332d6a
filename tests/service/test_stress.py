#!/usr/bin/env python3
"""Every client command at once, for ThreadSanitizer (and ASan): several clients drive submit, JSUSP/JSUBM,
JKILL, JDELE, LIST (send queue, done queue, status, received faxes), JOB/JPARM reads and writes, SITE FAXD
settings, port changes, SITE TRIGGER watchers opened and closed, and RETR of received faxes and job pages,
against loopback lines kept busy by the jobs themselves. Each client makes a fixed number of operations,
their kinds chosen by a generator seeded with its number, so every run makes the same mix on any machine.

Then: every command had a reply in the protocol (no connection lost, no 421), faxd still serves, every job
left in the queue is resumed and reaches a final state, the watchers saw events, and faxd's log has no
sanitizer report. The figures (operations by command, replies by class, jobs sent, faxes received) are
printed for docs/reliability.md. Waits poll with the hang guard; nothing is timed.
Usage: test_stress.py FAXD WORKDIR [CLIENTS OPERATIONS]"""
import collections
import os
import random
import re
import socket
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, HANG_GUARD, free_port, start_faxd, wait_for  # noqa: E402

SANITIZER_REPORT = re.compile(r"AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:")
# Three lines that send and receive; a job to 1999 fails at once (no such line), one to 1003 may find it
# busy and retry: retry-delay 1, so every job ends soon after the queue is let go.
CONFIG = """retry-delay 1
max-dials 3
line 1001 name=loop1001
line 1002 name=loop1002
line 1003 name=loop1003
"""
PAGE = b"%!PS\n/Helvetica findfont 30 scalefont setfont 72 600 moveto (stress test NUMBER) show showpage\n"
SETTINGS = [("Retries", ("1", "2", "3")), ("RetryDelay", ("0",)), ("Branding", ("0", "1")),
            ("UseDeviceTsid", ("0", "1")), ("PauseServerQueue", ("0", "1", "0")), ("DirtyDays", ("0", "30"))]
PORT_SETTINGS = [("Tsid", ('"+1 555 0100"', '"+1 555 0199"')), ("Csid", ('"+1 555 0200"',)), ("Rings", ("1", "3")),
                 ("Priority", ("1", "2", "3")), ("Receive", ("1",))]


# What a client does, as often as it is named here (its first operation is always a submission).
KINDS = ("submit", "submit", "submit", "suspend", "kill", "delete", "list", "list", "job", "jparm", "setting", "port",
         "trigger", "retrieve", "retrieve")


class Worker:
    """One client: its own session and its own jobs, which it also leaves to the others to touch."""

    def __init__(self, number, port, operations, shared):
        self.number, self.port, self.operations, self.shared = number, port, operations, shared
        # what to do next from a generator of its own, so the mix of operations is the same in every run;
        # which job or file it acts on depends on what the other clients did, so that has another one
        self.kinds = random.Random(number)
        self.random = random.Random(1000 + number)
        self.counts = collections.Counter()
        self.replies = collections.Counter()
        self.problems = []
        self.jobs = []

    def command(self, client, line):
        code, text = client.command(line)
        self.replies[f"{code // 100}xx"] += 1
        if code == 421 or not 100 <= code < 600:
            self.problems.append(f"{line}: {code} {text}")
        return code, text

    def some_job(self):
        mine = self.random.random() < 0.7 and self.jobs
        pool = self.jobs if mine else self.shared["jobs"]
        return self.random.choice(pool) if pool else 1

    def submit(self, c):
        number = self.random.choice(("1002", "1002", "1003", "1001", "1999"))
        job = c.submit(number, [c.upload(PAGE.replace(b"NUMBER", str(self.number).encode()))])
        self.jobs.append(job)
        with self.shared["lock"]:
            self.shared["jobs"].append(job)

    def listing(self, c):
        what = self.random.choice(("sendq", "doneq", "status", "recvq", "docq"))
        text = c.listing(what)
        if what == "recvq":
            names = re.findall(r"fax\d+\.tif", text)
            if names:
                self.shared["received"].update(names)

    def retrieve(self, c):
        received = sorted(self.shared["received"])
        path = (f"recvq/{self.random.choice(received)}" if received and self.random.random() < 0.6
                else f"docq/{self.random.choice(('preview', 'job'))}{self.some_job()}.tif")
        try:
            c.retrieve(path)
        except Exception as error:   # a refusal (550: no pages yet, a job gone) is an answer
            if not re.match(r"^\d{3} ", str(error)):
                raise

    def trigger(self, c):
        """A watcher opened and closed on a session of its own, while its queue churns."""
        watcher = Client(self.port)
        try:
            watcher.login(f"watch{self.number}")
            data = watcher._passive()
            self.command(watcher, "SITE TRIGGER J*M*")
            data.settimeout(0.05)
            try:
                data.recv(65536)
            except socket.timeout:
                pass
            data.close()
        finally:
            watcher.close()

    def step(self, c):
        kind = "submit" if not self.jobs else self.kinds.choice(KINDS)
        self.counts[kind] += 1
        if kind == "submit":
            self.submit(c)
        elif kind == "suspend":
            job = self.some_job()
            self.command(c, f"JSUSP {job}")
            self.command(c, f"JSUBM {job}")
        elif kind == "kill":
            self.command(c, f"JKILL {self.some_job()}")
        elif kind == "delete":
            self.command(c, f"JDELE {self.some_job()}")
        elif kind == "list":
            self.listing(c)
        elif kind == "job":
            self.command(c, f"JOB {self.some_job()}")
            for name in ("STATE", "STATUS", "TOTPAGES", "DIALSTRING"):
                self.command(c, f"JPARM {name}")
            self.command(c, "JOB DEFAULT")
        elif kind == "jparm":
            # a change to a job: suspended first, as sendfax -m does, then let go again
            job = self.some_job()
            self.command(c, f"JSUSP {job}")
            self.command(c, f"JOB {job}")
            self.command(c, f'JPARM TOUSER "Receiver {self.number}"')
            self.command(c, f"JSUBM {job}")
            self.command(c, "JOB DEFAULT")
        elif kind == "setting":
            name, values = self.random.choice(SETTINGS)
            self.command(c, f"SITE FAXD SET {name} {self.random.choice(values)}")
            self.command(c, f"SITE FAXD GET {name}")
        elif kind == "port":
            name, values = self.random.choice(PORT_SETTINGS)
            line = self.random.choice(("loop1001", "loop1002", "loop1003"))
            self.command(c, f"SITE FAXD PORT {line} {name} {self.random.choice(values)}")
            self.command(c, "SITE FAXD PORTS")
            self.command(c, f"SITE FAXD STATUS {line}")
        elif kind == "trigger":
            self.trigger(c)
        elif kind == "retrieve":
            self.retrieve(c)

    def run(self):
        try:
            c = Client(self.port)
            c.login(f"user{self.number}")
            for _ in range(self.operations):
                self.step(c)
            c.close()
        except Exception as error:   # a lost connection or a reply outside the protocol
            self.problems.append(f"client {self.number} stopped: {error!r}")


class Watcher(threading.Thread):
    """A trigger that runs through the whole test, counting the event lines it reads."""

    def __init__(self, port, spec):
        super().__init__(daemon=True)
        self.client = Client(port)
        self.client.login("watcher")
        self.data = self.client._passive()
        self.reply = self.client.command(f"SITE TRIGGER {spec}")
        self.bytes = 0
        self.stop = threading.Event()

    def run(self):
        self.data.settimeout(0.2)
        while not self.stop.is_set():
            try:
                chunk = self.data.recv(65536)
                if not chunk:
                    return
                self.bytes += len(chunk)
            except socket.timeout:
                pass
            except OSError:
                return

    def close(self):
        self.stop.set()
        self.join(HANG_GUARD)
        self.data.close()
        self.client.close()


def final_state(c, job):
    """The job's state, "gone" once deleted."""
    code, _ = c.command(f"JOB {job}")
    if code != 200:
        return "gone"
    return c.command("JPARM STATE")[1]


def main():
    binary, work = sys.argv[1], sys.argv[2]
    clients, operations = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (8, 100)
    checks = Checks(f"stress: {clients} clients x {operations} operations ({os.path.basename(binary)})")
    os.makedirs(work, exist_ok=True)
    config, log = os.path.join(work, "faxd.conf"), os.path.join(work, "faxd.log")
    with open(config, "w") as f:
        f.write(CONFIG)
    port = free_port()
    faxd = start_faxd(binary, os.path.join(work, "spool"), port, config, log)
    shared = {"lock": threading.Lock(), "jobs": [], "received": set()}
    try:
        watchers = [Watcher(port, "J*"), Watcher(port, "J*S*R*M*")]
        for w in watchers:
            checks.check(w.reply[0] == 150, f"a watcher's trigger started: {w.reply}")
            w.start()
        workers = [Worker(n + 1, port, operations, shared) for n in range(clients)]
        threads = [threading.Thread(target=w.run) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(HANG_GUARD * 4)
        checks.check(not any(t.is_alive() for t in threads), "every client finished its operations")
        problems = [p for w in workers for p in w.problems]
        checks.check(not problems, "every command had a reply in the protocol, no connection lost: "
                     + "; ".join(problems[:5]))

        # let everything go, then every job still held must end; each owner looks at its own jobs (faxd may
        # show a user only their own)
        c = Client(port)
        c.login("admin")
        c.command("SITE FAXD SET PauseServerQueue 0", 200)
        owners = []
        for w in workers:
            owner = Client(port)
            owner.login(f"user{w.number}")
            owners.append((owner, sorted(set(w.jobs))))
            for job in w.jobs:
                if final_state(owner, job) == "SUSPENDED":
                    owner.command(f"JSUBM {job}")
        finals = {}
        def all_final():
            for owner, jobs in owners:
                for job in jobs:
                    if finals.get(job) not in ("DONE", "FAILED", "gone"):
                        finals[job] = final_state(owner, job)
            return all(state in ("DONE", "FAILED", "gone") for state in finals.values())
        wait_for("every job's final state", all_final, HANG_GUARD, 0.2)
        for owner, _ in owners:
            owner.close()
        jobs = sorted(finals)
        waiting = {j: s for j, s in finals.items() if s not in ("DONE", "FAILED", "gone")}
        checks.check(not waiting, f"every job reached a final state (still going: {waiting})")
        checks.check(faxd.poll() is None and "Running" in c.listing("status"), "faxd stayed up and serving")
        received = len(re.findall(r"fax\d+\.tif", c.listing("recvq")))
        c.close()
        for w in watchers:
            w.close()
        checks.check(all(w.bytes > 0 for w in watchers), f"the watchers saw events ({[w.bytes for w in watchers]} bytes)")

        counts = sum((w.counts for w in workers), collections.Counter())
        replies = sum((w.replies for w in workers), collections.Counter())
        states = collections.Counter(finals.values())
        print(f"  operations: {sum(counts.values())} ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
        print(f"  replies: {', '.join(f'{k} {v}' for k, v in sorted(replies.items()))}")
        print(f"  jobs: {len(jobs)} submitted; final states: {', '.join(f'{k} {v}' for k, v in sorted(states.items()))};"
              f" faxes received: {received}; watcher bytes: {[w.bytes for w in watchers]}", flush=True)
    finally:
        faxd.terminate()
        try:
            faxd.wait(HANG_GUARD)
        except Exception:
            faxd.kill()
    text = open(log, errors="replace").read()
    report = SANITIZER_REPORT.search(text)
    checks.check(not report, "no sanitizer report in faxd's log"
                 + (f":\n{text[max(0, report.start() - 200):report.start() + 4000]}" if report else ""))
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
