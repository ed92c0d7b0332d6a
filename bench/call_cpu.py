#!/usr/bin/env python3
"""faxd's CPU per faxed page over a loopback line, against a bare spandsp call (bench_faxcall).

Usage: call_cpu.py FAXD BENCH_FAXCALL TIFF WORKDIR [ROUNDS]

Starts faxd (lines 1001 and 1002, ECM on, fast pacing) on a free loopback port with a spool in WORKDIR,
uploads TIFF once, then ROUNDS + 1 times (the first is a warm-up) submits a job from line 1001 to 1002
and waits for it (JWAIT). faxd's CPU (user+sys) comes from /proc/PID/stat before and after each job,
split by thread from /proc/PID/task/*/stat: the scheduler thread (it converts the documents into fax
pages), the session thread (the protocol), and the call's worker thread (both T.30 ends, the received
fax stored in recvq), which has ended by the time the second reading is taken: its CPU is the process's
less that of the threads still alive. After each faxd job the bare program sends the same TIFF once with
spandsp alone (getrusage around the call), so that both see the same load on a shared machine. Both: mean
over the rounds after the warm-up. Resolution of /proc: 10 ms a reading.
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "service"))
from hfxclient import Client, free_port, start_faxd  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def ticks(stat_path):
    with open(stat_path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])   # utime, stime (fields 14 and 15 of stat)


def threads(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            out[int(tid)] = ticks(f"/proc/{pid}/task/{tid}/stat")
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out


def snapshot(pid):
    return ticks(f"/proc/{pid}/stat"), threads(pid)


def wait_threads(pid, count, seconds=10):
    end = time.time() + seconds
    while len(os.listdir(f"/proc/{pid}/task")) > count and time.time() < end:
        time.sleep(0.005)


def bare(program, tiff, work):
    out = subprocess.run([program, "call", tiff, os.path.join(work, "bare-rx.tif"), "1"],
                         capture_output=True, text=True, check=True).stdout
    last = out.strip().splitlines()[-1].split()
    return float(last[1]), int(last[2])


def main():
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    faxd, program, tiff, work = sys.argv[1:5]
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    os.makedirs(work, exist_ok=True)
    config = os.path.join(work, "faxd.conf")
    with open(config, "w") as f:
        f.write("line 1001\nline 1002\necm yes\npacing fast\n")
    with open(tiff, "rb") as f:
        document = f.read()

    port = free_port()
    process = start_faxd(faxd, os.path.join(work, "spool"), port, config, os.path.join(work, "faxd.log"))
    pid = process.pid
    try:
        base_threads = set(threads(pid))
        client = Client(port)
        client.login("bench")
        wait_threads(pid, len(base_threads) + 1)
        session_threads = set(threads(pid)) - base_threads
        name = client.upload(document, "TIFF")
        live_count = len(base_threads) + len(session_threads)
        totals = {"process": 0, "call": 0, "scheduler": 0, "session": 0}
        pages = bare_pages = 0
        bare_cpu = 0.0
        for round in range(rounds + 1):
            before, before_threads = snapshot(pid)
            job = client.submit("1002", [name], VRES="196", NOTIFY="none", FROMUSER="bench")
            client.command(f"JWAIT {job}", 200)
            state, status = client.job_state(job)
            if state != "DONE":
                raise RuntimeError(f"job {job} ended {state}: {status}")
            client.command(f"JOB {job}", 200)
            pages = int(client.command("JPARM NPAGES", 200)[1])
            wait_threads(pid, live_count)   # the call's worker has ended
            after, after_threads = snapshot(pid)
            live = {tid: after_threads[tid] - before_threads.get(tid, 0) for tid in after_threads}
            scheduler = sum(v for tid, v in live.items() if tid in base_threads and tid != pid)
            session = sum(v for tid, v in live.items() if tid in session_threads)
            cpu, bare_pages = bare(program, tiff, work)   # alternated, so both see the same machine
            if round == 0:
                continue   # warm-up
            bare_cpu += cpu / rounds
            totals["process"] += after - before
            totals["call"] += (after - before) - sum(live.values())
            totals["scheduler"] += scheduler
            totals["session"] += session
        client.command("QUIT")
        client.close()
    finally:
        process.terminate()
        try:
            process.wait(10)
        except Exception:
            process.kill()
            process.wait()

    per = {k: v / TICK / rounds for k, v in totals.items()}   # seconds per job
    if bare_pages != pages:
        raise RuntimeError(f"faxd sent {pages} pages, the bare call {bare_pages}")
    print(f"input: {os.path.basename(tiff)}, {pages} fine pages 1728 wide, G4; ECM on; mean of {rounds} calls "
          f"after a warm-up each")
    print(f"faxd, call thread (T.30 both ends + storing the received fax): {per['call']:.3f} s a call, "
          f"{per['call'] / pages * 1000:.1f} ms/page")
    print(f"faxd, whole process for the job: {per['process']:.3f} s ({per['process'] / pages * 1000:.1f} ms/page), "
          f"of which conversion on the scheduler thread {per['scheduler'] * 1000:.0f} ms, "
          f"protocol session {per['session'] * 1000:.0f} ms")
    print(f"bare spandsp back-to-back call (bench_faxcall): {bare_cpu:.3f} s a call, "
          f"{bare_cpu / bare_pages * 1000:.1f} ms/page")
    print(f"faxd/bare CPU per page: call {per['call'] / bare_cpu:.2f} (goal <= 1.1), "
          f"whole process {per['process'] / bare_cpu:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
