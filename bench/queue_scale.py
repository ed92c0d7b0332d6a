#!/usr/bin/env python3
"""How faxd's costs grow with its queue: the same measurements with N queued jobs and N received faxes, for
each N of --sizes, each as a ratio to the smallest N measured in the same run (the named baseline).

Usage: queue_scale.py FAXD FIXTURE_TIF WORKDIR [--sizes 1000,10000,100000] [--probe 1000] [--quick]

For each N a spool is laid out as faxd itself writes it (N pending jobs in sendq, N received faxes in recvq:
links to FIXTURE_TIF with their .info), then faxd starts on it (both lines send=no) and this is measured:
  start-up   from starting faxd to its greeting: spool recovery reads every job file
  RSS        faxd's resident memory once started
  submit     --probe submissions from 4 connections (bench/submit_rate.py): ms a submission (the 4 together),
             and the CPU faxd spent on each (its own time from /proc, less sensitive to a busy machine)
  JOB+JPARM  one job found by id and its state read (JOB n, JPARM STATE), a mean over --probe pairs
  LIST sendq and LIST recvq (HylaFAX's default formats), and `faxstat -s -r` when hylafax-client is installed
Per-job operations (submit, JOB+JPARM) should stay flat; listings, start-up and memory may grow with N but
not faster (a ratio near the size ratio). --quick (for make check) runs 100 and 1000 with a short probe: it
proves the measurements run and that every listing shows every job and fax, and asserts nothing about time.
Prints a table, and "queue-scale: N passed, M failed" for the checks.
"""
import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "service"))
from hfxclient import Client, free_port  # noqa: E402

DOCUMENT = (b"%!PS-Adobe-3.0\n%%Pages: 1\n/Helvetica findfont 24 scalefont setfont\n"
            b"72 700 moveto (Benchmark fax) show showpage\n%%EOF\n")
PARAMS = [("LASTTIME", "010000"), ("MAXDIALS", "12"), ("MAXTRIES", "3"), ("VRES", "196"), ("NOTIFY", "none"),
          ("FROMUSER", "bench"), ("SCHEDPRI", "127"), ("PAGEWIDTH", "209"), ("PAGELENGTH", "296"),
          ("TOUSER", "Receiver"), ("DIALSTRING", "1002")]


def job_file(job_id, now):
    """A pending job as faxd's spool keeps it (job_serialize)."""
    lines = ["format:openfaxcom-job 1", f"id:{job_id}", "owner:bench", "state:P", "status:", f"submitted:{now}",
             "next_attempt:0", "finished:0", "dials:0", "tries:0", "pages_sent:0", "pages_total:0",
             "document:docq/bench.ps"]
    lines += [f"param:{name}:{value}" for name, value in PARAMS]
    return "\n".join(lines + ["end:", ""])


def lay_out_spool(spool, size, fixture):
    for folder in ("sendq", "doneq", "docq", "recvq", "tmp", "etc", "log"):
        os.makedirs(os.path.join(spool, folder), exist_ok=True)
    with open(os.path.join(spool, "docq", "bench.ps"), "wb") as f:
        f.write(DOCUMENT)
    now = int(time.time())
    info = "line:loop1002\nbit_rate:14400\nseconds:20\nerror:\n"
    for n in range(1, size + 1):
        with open(os.path.join(spool, "sendq", f"q{n}"), "w") as f:
            f.write(job_file(n, now))
        fax = os.path.join(spool, "recvq", f"fax{n:08d}.tif")
        try:
            os.link(fixture, fax)
        except OSError:
            shutil.copyfile(fixture, fax)
        with open(fax + ".info", "w") as f:
            f.write(info)


def greeted(port, process, guard=600):
    """Seconds from now until faxd greets a client (it listens before recovering the spool and accepts
    after); the guard only stops a hang."""
    start = time.perf_counter()
    while time.perf_counter() - start < guard and process.poll() is None:
        try:
            Client(port, timeout=guard).close()
            return time.perf_counter() - start
        except OSError:
            time.sleep(0.002)
    raise RuntimeError(f"faxd did not greet on port {port}")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid):
    """User and system time the process used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(action, repeats):
    """The median of repeats runs of action, in seconds, and its last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def listing(port, what):
    client = Client(port, timeout=600)
    client.login("bench")
    text = client.listing(what)
    client.close()
    return text


def job_queries(port, job_id, count):
    client = Client(port, timeout=600)
    client.login("bench")
    start = time.perf_counter()
    for _ in range(count):
        client.command(f"JOB {job_id}", 200)
        code, state = client.command("JPARM STATE", 200)
    elapsed = time.perf_counter() - start
    client.close()
    return elapsed / count, state


def faxstat(port):
    result = subprocess.run(["faxstat", "-s", "-r", "-h", f"127.0.0.1:{port}"], capture_output=True,
                            env=dict(os.environ, FAXUSER="bench"), timeout=900)
    return result.stdout.decode("utf-8", "replace")


def measure(faxd, fixture, work, size, probe, repeats, checks):
    root = os.path.join(work, str(size))
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    lay_out_spool(os.path.join(root, "spool"), size, fixture)
    with open(os.path.join(root, "faxd.conf"), "w") as f:
        f.write("line 1001 send=no\nline 1002 send=no\n")
    port = free_port()
    log = open(os.path.join(root, "faxd.log"), "ab")
    process = subprocess.Popen([faxd, "-c", os.path.join(root, "faxd.conf"), "--spool", os.path.join(root, "spool"),
                                "--listen", f"127.0.0.1:{port}", "--foreground"], stdout=log, stderr=log)
    row = {}
    try:
        row["start-up"] = greeted(port, process)
        row["RSS"] = rss_mb(process.pid)
        row["LIST sendq"], text = timed(lambda: listing(port, "sendq"), repeats)
        checks.check(len(text.splitlines()) == size, f"LIST sendq shows all {size} jobs ({len(text.splitlines())})")
        row["LIST recvq"], text = timed(lambda: listing(port, "recvq"), repeats)
        checks.check(len(text.splitlines()) == size, f"LIST recvq shows all {size} faxes ({len(text.splitlines())})")
        row["JOB+JPARM"], state = job_queries(port, size // 2 + 1, probe)
        checks.check(state in ("PENDING", "WAITING"), f"job {size // 2 + 1} is queued ({state})")
        if shutil.which("faxstat"):
            row["faxstat"], text = timed(lambda: faxstat(port), repeats)
            checks.check(f"{size // 2 + 1} " in text, f"faxstat -s -r lists job {size // 2 + 1}")
        rate_file = os.path.join(root, "rate")
        cpu = cpu_seconds(process.pid)
        submitted = subprocess.run([sys.executable, os.path.join(HERE, "submit_rate.py"), str(port), "--jobs",
                                    str(probe), "--rate-file", rate_file, "--label", f"{size} queued"],
                                   capture_output=True, text=True, timeout=3600)
        ok = submitted.returncode == 0 and "WARNING" not in submitted.stdout
        checks.check(ok, f"{probe} submissions into {size} queued jobs: {submitted.stdout.strip()} "
                         f"{submitted.stderr.strip()}")
        if ok:
            with open(rate_file) as f:
                row["submit"] = 1 / float(f.read())   # seconds a submission, all 4 clients together
            row["submit CPU"] = (cpu_seconds(process.pid) - cpu) / probe   # faxd's own, whatever else runs
        row["RSS after"] = rss_mb(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    checks.check(process.returncode == 0, f"faxd with {size} jobs stopped cleanly ({process.returncode})")
    shutil.rmtree(os.path.join(root, "spool"), ignore_errors=True)
    return row


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {what}", flush=True)


UNITS = {"start-up": ("ms", 1000), "RSS": ("MB", 1), "RSS after": ("MB", 1), "LIST sendq": ("ms", 1000),
         "LIST recvq": ("ms", 1000), "JOB+JPARM": ("ms", 1000), "faxstat": ("ms", 1000), "submit": ("ms", 1000), "submit CPU": ("ms", 1000)}
PER_JOB = ("submit", "submit CPU", "JOB+JPARM")


def report(sizes, rows):
    base = sizes[0]
    print(f"  {'':12}" + "".join(f"{size:>12}" for size in sizes) + "   ratios to N = " + f"{base} (the baseline)")
    for name, (unit, scale) in UNITS.items():
        if not all(name in rows[size] for size in sizes):
            continue
        values = [rows[size][name] for size in sizes]
        ratios = ", ".join(f"x{values[i] / values[0]:.2f} at {sizes[i]}" for i in range(1, len(sizes)) if values[0])
        cells = "".join(f"{value * scale:>10.2f}{unit:>2}" for value in values)
        print(f"  {name:12}{cells}   {ratios}")
    growth = ", ".join(f"x{size / base:g}" for size in sizes[1:])
    print(f"  (N grows {growth}; {' and '.join(PER_JOB)} are per job and should stay near x1; the rest may grow"
          " with N, not faster)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("faxd")
    parser.add_argument("fixture")
    parser.add_argument("work")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--probe", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.probe, args.repeats = "100,1000", 40, 1
    sizes = [int(size) for size in args.sizes.split(",")]
    checks, rows = Checks(), {}
    for size in sizes:
        rows[size] = measure(args.faxd, args.fixture, args.work, size, args.probe, args.repeats, checks)
    report(sizes, rows)
    print(f"queue-scale: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
