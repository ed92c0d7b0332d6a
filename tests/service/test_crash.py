#!/usr/bin/env python3
"""kill -9 at the worst moments: in the middle of a burst of submissions from several clients, and in
the middle of a call. After a restart every job that JSUBM acknowledged with 200 must be there exactly
once and complete; a job interrupted mid-call is retried.
Usage: test_crash.py FAXD WORKDIR"""
import os
import re
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, Reply, free_port, start_faxd, wait_for  # noqa: E402

PS = b"%!PS\n/Helvetica findfont 30 scalefont setfont 72 600 moveto (crash test) show showpage\n"


def submitter(port, acked, lock, stop):
    try:
        c = Client(port, timeout=5)
        c.login("burst")
        name = c.upload(PS, "PS")
        while not stop.is_set():
            c.command("JNEW", 200)
            code, text = c.command("JOB")
            job = int(text.split("jobid: ")[1].split()[0])
            c.command('JPARM DIALSTRING "1002"', 200)
            c.command("JPARM LASTTIME 000259", 200)
            c.command(f"JPARM DOCUMENT {name}", 200)
            code, _ = c.command("JSUBM")
            if code == 200:
                with lock:
                    acked.add(job)
    except (OSError, ConnectionError, Reply, IndexError):
        pass   # the server died under us: expected


def listing_ids(client, queue):
    data = client._passive()
    client.command(f"NLST {queue}", 150)
    chunks = []
    while True:
        chunk = data.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
    data.close()
    client.read_reply()
    return [int(x) for x in b"".join(chunks).decode().split()]


def wait_done(port, jobs):
    c = Client(port)
    c.login("checker")
    states = wait_for(f"{len(jobs)} job(s) done", lambda: {job: c.job_state(job)[0] for job in jobs},
                      every=0.2, done=lambda seen: all(s in ("DONE", "FAILED") for s in seen.values()))
    sendq, doneq = listing_ids(c, "sendq"), listing_ids(c, "doneq")
    c.close()
    return states, sendq, doneq


def burst(checks, faxd, work):
    spool, port = os.path.join(work, "burst-spool"), free_port()
    log = os.path.join(work, "burst.log")
    process = start_faxd(faxd, spool, port, log=log)
    acked, lock, stop = set(), threading.Lock(), threading.Event()
    threads = [threading.Thread(target=submitter, args=(port, acked, lock, stop)) for _ in range(4)]
    for t in threads:
        t.start()
    def acknowledged():
        with lock:
            return len(acked)
    wait_for("40 acknowledged submissions", acknowledged, every=0.005, done=lambda seen: seen >= 40)   # then kill
    process.send_signal(signal.SIGKILL)
    process.wait()
    stop.set()
    for t in threads:
        t.join()
    print(f"  burst: faxd killed with -9 after {len(acked)} acknowledged submissions")
    process = start_faxd(faxd, spool, port, log=log)
    states, sendq, doneq = wait_done(port, sorted(acked))
    process.terminate()
    process.wait(10)
    everything = sendq + doneq
    missing = [j for j in acked if j not in everything]
    duplicated = {j for j in everything if everything.count(j) > 1}
    not_done = {j: s for j, s in states.items() if s != "DONE"}
    checks.check(not missing, f"every acknowledged job survived kill -9 (missing: {missing})")
    checks.check(not duplicated, f"no job is listed twice (duplicated: {sorted(duplicated)})")
    checks.check(not not_done, f"every acknowledged job completed after the restart (not done: {not_done})")
    damaged = [n for q in ("sendq", "doneq") for n in os.listdir(os.path.join(spool, q)) if "damaged" in n]
    checks.check(not damaged, f"no damaged job file ({damaged})")


def mid_call(checks, faxd, work):
    spool, port = os.path.join(work, "call-spool"), free_port()
    slow = os.path.join(work, "slow.conf")
    with open(slow, "w") as f:
        f.write("pacing real-time\n")
    log = os.path.join(work, "call.log")
    process = start_faxd(faxd, spool, port, slow, log)
    c = Client(port)
    c.login("caller")
    job = c.submit("1002", [c.upload(PS, "PS")])
    tmp = os.path.join(spool, "tmp")

    def call_in_progress():
        """loop1001's activity, and the partial fax the answering line is writing."""
        row = next((row for row in c.listing("status").splitlines() if "loop1001" in row), "")
        return row, sorted(os.listdir(tmp)) if os.path.isdir(tmp) else []
    # Training counts as sending page 1, and the answering line opens its file on the sender's DCS:
    # from then on the page takes many seconds of real-time line time.
    activity, partial = wait_for("loop1001 sending page 1, the partial fax in tmp", call_in_progress,
                                 done=lambda seen: "Sending page 1" in seen[0] and seen[1])
    state, status = c.job_state(job)
    c.close()
    checks.check(state == "ACTIVE" and "Sending page 1" in activity and partial,
                 f"the job was in a call when faxd was killed ({state}; {activity.strip()}; tmp: {partial})")
    process.send_signal(signal.SIGKILL)
    process.wait()
    process = start_faxd(faxd, spool, port, log=log)   # fast pacing for the retry
    states, sendq, doneq = wait_done(port, [job])
    c = Client(port)
    c.login("caller")
    c.command(f"JOB {job}", 200)
    dials = int(c.command("JPARM NDIALS")[1])
    received = c.listing("recvq")
    c.close()
    process.terminate()
    process.wait(10)
    checks.check(states.get(job) == "DONE", f"the interrupted job was retried and completed ({states})")
    checks.check(dials == 1, f"the interrupted attempt was not counted as a dial ({dials})")
    faxes = [line for line in received.splitlines() if line.endswith(".tif")]
    checks.check(len(faxes) == 1, f"exactly one fax arrived (no partial one kept):\n{received}")
    leftovers = os.listdir(os.path.join(spool, "tmp"))
    checks.check(not leftovers, f"the partial reception was cleared from tmp ({leftovers})")
    with open(log) as f:
        checks.check("will be retried" in f.read(), "faxd logged the recovery of the interrupted job")


def confirmed_then_killed(checks, faxd, work):
    """Killed after the far end confirmed the last page but before the call hung up: the fax was
    delivered, so the restarted faxd must record the job done and never send it again."""
    spool, port = os.path.join(work, "confirmed-spool"), free_port()
    slow = os.path.join(work, "slow.conf")
    with open(slow, "w") as f:
        f.write("pacing real-time\n")
    log = os.path.join(work, "confirmed.log")
    process = start_faxd(faxd, spool, port, slow, log)
    c = Client(port)
    c.login("caller")
    job = c.submit("1002", [c.upload(PS, "PS")])
    c.close()
    job_file = os.path.join(spool, "sendq", f"q{job}")

    def stored():
        try:
            with open(job_file) as f:
                return f.read()
        except OSError:
            return ""
    # Real-time pacing: after the confirmation (MCF) the sender still sends DCN, which takes line time.
    text = wait_for("the last page confirmed in the job file", stored, every=0.002,
                    done=lambda t: re.search(r"^state:\s*R$", t, re.M) and re.search(r"^pages_sent:\s*1$", t, re.M))
    process.send_signal(signal.SIGKILL)
    process.wait()
    checks.check(re.search(r"^pages_sent:\s*1$", text, re.M) is not None,
                 "the sender stored the confirmation of its last page before hanging up")
    offset = os.path.getsize(log)
    process = start_faxd(faxd, spool, port, log=log)
    states, sendq, doneq = wait_done(port, [job])
    c = Client(port)
    c.login("caller")
    received = [line for line in c.listing("recvq").splitlines() if line.endswith(".tif")]
    c.close()
    process.terminate()
    process.wait(10)
    with open(log, errors="replace") as f:
        f.seek(offset)
        after = f.read()
    checks.check(states.get(job) == "DONE", f"the confirmed job is done after the restart ({states})")
    checks.check(f"job {job}: every page was confirmed" in after and f"job {job}: dialing" not in after,
                 "faxd logged the delivery at the restart and did not dial the job again")
    checks.check(len(received) <= 1, f"the fax was not delivered twice ({received})")


def main():
    faxd, work = sys.argv[1], sys.argv[2]
    checks = Checks("kill -9 durability")
    burst(checks, faxd, work)
    mid_call(checks, faxd, work)
    confirmed_then_killed(checks, faxd, work)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
