#!/usr/bin/env python3
"""SIP fax calls per core, T.38 and G.711: a ramp of simultaneous calls between two faxd in real time, and the
CPU per second of call against the bare spandsp audio call (bench_faxcall, the same page) in the same run.

Usage: sip_calls.py FAXD BENCH_FAXCALL TIFF WORKDIR [FIRST [LAST [BUDGET]]]

Each step is a fresh pair of faxd on loopback: A (line 2001, channels=N, proxy = B) and B (line 3001,
channels=N), t38=prefer on both for T.38 and t38=never for G.711. A's queue is paused while N jobs of TIFF
are submitted, then released: the calls start together and run side by side. A step is clean when every
job is DONE and no call of either faxd missed a 20 ms deadline (faxd logs each call's media lateness: the
ticks, p99, max, and the ticks sent more than 20 ms late); a step that missed deadlines but lost no page
runs once more, as another process may have held the cores, and the ramp stops if it misses again. N
doubles from FIRST (4) to LAST (1024, faxd's port limit) while steps are clean and the next one fits the
transport's share of BUDGET seconds (the whole ramp, default 540). Calls last ~35 s whatever N is, so the
budget allows some six steps a transport.

Per step: the CPU of both faxd (user+sys from /proc/PID/stat, from the release to the last job's end) over
the wall time of that span is the cores they used; over the seconds of call (each job's dialing to its
end, summed) it is the CPU one second of call costs both ends. Calls per core: the last clean N over the
cores its step used; and, extrapolated, the inverse of CPU per call-second. The baseline is the bare
spandsp call: CPU per second of simulated line time, both ends in one thread, unpaced.
"""
import os
import re
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "service"))
from hfxclient import Client, free_port, start_faxd, wait_for  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
TRANSPORT = {"prefer": "T.38", "never": "G.711"}   # what each t38= policy carries faxd to faxd
MEDIA_LINE = re.compile(r"line \S+: media (T\.38|G\.711): (\d+) ticks, p99 lateness ([\d.]+) ms, "
                        r"max ([\d.]+) ms, (\d+) missed")


def cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def log_time(stamp):
    return time.mktime(time.strptime(stamp[:19], "%Y-%m-%d %H:%M:%S")) + float("0" + stamp[19:])


def call_spans(log):
    """(start, end) of each job's call, dialing to its attempt's end, from faxd's log."""
    starts, spans = {}, []
    for line in open(log, errors="replace"):
        m = re.match(r"(\S+ \S+) faxd: job (\d+): (dialing|attempt over)", line)
        if not m:
            continue
        if m.group(3) == "dialing":
            starts[m.group(2)] = log_time(m.group(1))
        elif m.group(2) in starts:
            spans.append((starts.pop(m.group(2)), log_time(m.group(1))))
    return spans


def peak(spans):
    """The most calls in progress at one moment."""
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    now = most = 0
    for _, change in events:
        now += change
        most = max(most, now)
    return most


def media_lines(*logs):
    """Each call end's (transport, ticks, p99 ms, max ms, missed) from faxd's logs."""
    found = []
    for log in logs:
        for line in open(log, errors="replace"):
            m = MEDIA_LINE.search(line)
            if m:
                found.append((m.group(1), int(m.group(2)), float(m.group(3)), float(m.group(4)), int(m.group(5))))
    return found


def distinct_ports(count):
    """free_port asks the kernel for a port and lets it go: two asks can get the same one."""
    ports = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


def start_pair(faxd, work, calls, policy):
    """B, then A calling through B. A SIP port that was free for TCP may be taken for UDP (another
    process's media socket): a pair that cannot start is stopped and tried again on other ports."""
    for attempt in range(3):
        sip_a, sip_b, port_a, port_b = distinct_ports(4)
        sides = {}
        try:
            for side, line in (("b", f"line 3001 type=sip listen=127.0.0.1:{sip_b} channels={calls} t38={policy}"),
                               ("a", f"line 2001 type=sip listen=127.0.0.1:{sip_a} channels={calls} t38={policy} "
                                     f"proxy=sip:127.0.0.1:{sip_b}")):
                config = os.path.join(work, f"{side}.conf")
                with open(config, "w") as f:
                    f.write(line + "\n")
                port = port_a if side == "a" else port_b
                log = os.path.join(work, f"{side}.log")
                sides[side] = (port, start_faxd(faxd, os.path.join(work, f"spool-{side}"), port, config, log), log)
            return sides
        except RuntimeError:
            stop_pair(sides)
            if attempt == 2:
                raise
            for side in ("a", "b"):   # the failed start's logs stay beside, out of the step's figures
                log = os.path.join(work, f"{side}.log")
                if os.path.exists(log):
                    os.rename(log, f"{log}.{attempt}")


def stop_pair(sides):
    for _, proc, _ in sides.values():
        proc.terminate()
        proc.wait(120)


def sip_step(faxd, tiff, work, calls, policy):
    """One step: N calls released at once. A dict of what the step measured."""
    os.makedirs(work, exist_ok=True)
    sides = {}
    try:
        sides = start_pair(faxd, work, calls, policy)
        pids = (sides["a"][1].pid, sides["b"][1].pid)
        c = Client(sides["a"][0], timeout=120)
        c.login("bench")
        document = c.upload(open(tiff, "rb").read(), form="TIFF")
        c.command("SITE FAXD SET PauseServerQueue 1", 200)
        jobs = [c.submit("3001", [document]) for _ in range(calls)]
        before, started = sum(cpu(p) for p in pids), time.monotonic()
        c.command("SITE FAXD SET PauseServerQueue 0", 200)
        # one job at a time: they end together, so the later ones are mostly done when asked. A job
        # waiting for its retry (SLEEPING) had a failed try: the step has its answer.
        states = [wait_for(f"job {j}", lambda j=j: c.job_state(j), every=0.25,
                           done=lambda s: s[0] in ("DONE", "FAILED", "SLEEPING")) for j in jobs]
        used, wall = sum(cpu(p) for p in pids) - before, time.monotonic() - started
        c.close()
    finally:
        stop_pair(sides)
    spans = call_spans(sides["a"][2])
    media = media_lines(sides["a"][2], sides["b"][2])
    p99s = [m[2] for m in media]
    failed = [s[1] for s in states if s[0] != "DONE"]
    return {
        "calls": calls, "done": calls - len(failed), "failed": failed, "peak": peak(spans),
        "call_seconds": sum(e - s for s, e in spans), "cpu": used, "wall": wall,
        "ends": len(media), "missed": sum(m[4] for m in media),
        "wrong_transport": sum(m[0] != TRANSPORT[policy] for m in media),
        "p99_worst": max(p99s, default=0.0), "p99_median": statistics.median(p99s) if p99s else 0.0,
        "max": max((m[3] for m in media), default=0.0), "status": states[0][1] if states else "",
    }


def clean(step):
    return (not step["failed"] and step["missed"] == 0 and step["ends"] == 2 * step["calls"]
            and step["wrong_transport"] == 0)


def ramp(faxd, tiff, work, policy, first, last, budget):
    """Steps of doubling N until one is not clean, N passes last, or the next would overrun budget seconds
    (judged by the last step's length: a step lasts about one call however many run). The steps, and why
    the ramp stopped."""
    steps, began = [], time.monotonic()
    calls = first
    while True:
        step_began = time.monotonic()
        step = sip_step(faxd, tiff, os.path.join(work, f"{policy}-{calls}"), calls, policy)
        steps.append(step)
        print_step(TRANSPORT[policy], step)
        if not clean(step) and not step["failed"]:
            # Missed deadlines with every page through: on a shared machine another process may have
            # held the cores for a moment. Once more; a second miss is the answer.
            step = sip_step(faxd, tiff, os.path.join(work, f"{policy}-{calls}-again"), calls, policy)
            steps.append(step)
            print_step(TRANSPORT[policy], step)
        if not clean(step):
            return steps, f"N={calls} was not clean"
        if calls * 2 > last:
            return steps, f"the limit N={last}"
        if time.monotonic() - began + 1.3 * (time.monotonic() - step_began) > budget:
            return steps, "the time budget"
        calls *= 2


def print_step(name, step):
    per_second = step["cpu"] / step["call_seconds"] if step["call_seconds"] else float("nan")
    print(f"{name:6} {step['calls']:5} {step['peak']:5} {step['done']:5} {step['missed']:7} "
          f"{step['p99_median']:6.1f} {step['p99_worst']:6.1f} {step['max']:7.1f} {step['cpu']:7.1f} "
          f"{step['wall']:6.0f} {step['cpu'] / step['wall']:5.2f} {per_second * 1000:7.2f}"
          + ("" if clean(step) else "  <- not clean"), flush=True)
    if step["failed"]:
        more = f" (and {len(step['failed']) - 1} more)" if len(step["failed"]) > 1 else ""
        print(f"       failed: {step['failed'][0]}{more}")
    if step["wrong_transport"]:
        print(f"       {step['wrong_transport']} call ends ran on the other transport")
    if step["ends"] != 2 * step["calls"]:
        print(f"       {step['ends']} media reports in the logs for {2 * step['calls']} call ends")


def summary(name, steps, stopped, base_cpu):
    good = [s for s in steps if clean(s)]
    first = steps[0]
    per_second = first["cpu"] / first["call_seconds"] if first["call_seconds"] else float("nan")
    if good:
        best = good[-1]
        cores = best["cpu"] / best["wall"]
        print(f"SIP {name}: {best['peak']} calls at once with no missed deadline or failed page (N={best['calls']}; "
              f"stopped by {stopped}), on {cores:.2f} cores of the two faxd: {best['peak'] / cores:.0f} calls per core")
    else:
        print(f"SIP {name}: no clean step ({stopped})")
    print(f"   extrapolated from N={first['calls']}: {per_second * 1000:.1f} ms CPU per second of call, about "
          f"{1 / per_second:.0f} calls per core; CPU per fax {first['cpu'] / max(first['done'], 1):.3f} s = "
          f"{first['cpu'] / max(first['done'], 1) / base_cpu:.2f}x the bare spandsp call")


def main():
    faxd, bench_faxcall, tiff, work = sys.argv[1:5]
    first = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    last = int(sys.argv[6]) if len(sys.argv) > 6 else 1024   # faxd's port limit
    budget = float(sys.argv[7]) if len(sys.argv) > 7 else 540
    # Every call holds a socket and its TIFF in each faxd: more descriptors than a shell's usual 1024.
    # Raised for this process and the faxd it starts, not beyond.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 16 * last + 1024
    if soft != resource.RLIM_INFINITY and soft < wanted:
        limit = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    out = subprocess.run([bench_faxcall, "call", tiff, os.path.join(work, "rx.tif"), "3"], capture_output=True,
                         text=True, check=True).stdout
    base_cpu = float(re.search(r"cpu-per-call (\S+) (\S+)", out).group(1))
    print(f"baseline, bare spandsp audio call (both ends, one thread, unpaced): {base_cpu:.3f} s CPU per call")
    print("lateness of each 20 ms tick's send, ms: p99 of the median call and of the worst, and the max of all;")
    print("cores = CPU s of both faxd / wall s of the step; a deadline is missed by a tick sent > 20 ms late")
    print(f"{'':6} {'N':>5} {'peak':>5} {'done':>5} {'missed':>7} {'p99':>6} {'worst':>6} {'max':>7} "
          f"{'CPU s':>7} {'wall s':>6} {'cores':>5} {'ms/c-s':>7}")
    results = {}
    load = [open("/proc/loadavg").read().split()[0]]
    for policy in ("prefer", "never"):
        results[policy] = ramp(faxd, tiff, work, policy, first, last, budget / 2)
    load.append(open("/proc/loadavg").read().split()[0])
    # Missed deadlines measure the machine as much as faxd: say how busy it was.
    print(f"load average (1 min) before the ramp {load[0]}, after {load[1]}, on {os.cpu_count()} cores")
    for policy in ("prefer", "never"):
        summary(TRANSPORT[policy], *results[policy], base_cpu)
    return 0


if __name__ == "__main__":
    sys.exit(main())
