#!/usr/bin/env python3
"""SIP fax calls per core: CPU that faxd spends per second of SIP fax call, over T.38 and over G.711,
against the bare spandsp audio call (bench_faxcall, the same page) measured in the same run.

Usage: sip_calls.py FAXD BENCH_FAXCALL TIFF WORKDIR [CALLS]

Two faxd processes on loopback, A (line 2001, channels=CALLS, proxy = B) and B (line 3001, channels=CALLS),
t38=prefer on both for the T.38 round and t38=never for the G.711 round. A sends CALLS jobs of TIFF at once;
they run side by side in real time. The CPU of both processes (user+sys from /proc/PID/stat, before the
submissions and after the last job is done) divided by the seconds of call time (each job's call, from
its dialing to its end, summed) is the CPU one second of call costs both ends; its inverse is the number
of calls one core could carry (both ends, signalling and media, real-time pacing). The baseline is the
bare spandsp call: CPU per second of simulated line time, both ends in one thread, unpaced.
"""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "service"))
from hfxclient import Client, free_port, start_faxd, wait_for  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def call_seconds(log):
    """Seconds from each job's dialing to its attempt's end, from faxd's log."""
    starts, total = {}, 0.0
    for line in open(log, errors="replace"):
        m = re.match(r"(\S+ \S+) faxd: job (\d+): (dialing|attempt over)", line)
        if not m:
            continue
        t = time.mktime(time.strptime(m.group(1)[:19], "%Y-%m-%d %H:%M:%S")) + float("0" + m.group(1)[19:])
        if m.group(3) == "dialing":
            starts[m.group(2)] = t
        elif m.group(2) in starts:
            total += t - starts.pop(m.group(2))
    return total


def sip_round(faxd, tiff, work, calls, policy):
    os.makedirs(work, exist_ok=True)
    sip_a, sip_b = free_port(), free_port()
    procs = []
    try:
        sides = {}
        for side, line in (("b", f"line 3001 type=sip listen=127.0.0.1:{sip_b} channels={calls} t38={policy}"),
                           ("a", f"line 2001 type=sip listen=127.0.0.1:{sip_a} channels={calls} t38={policy} "
                                 f"proxy=sip:127.0.0.1:{sip_b}")):
            config = os.path.join(work, f"{side}.conf")
            with open(config, "w") as f:
                f.write(line + "\n")
            port = free_port()
            log = os.path.join(work, f"{side}.log")
            proc = start_faxd(faxd, os.path.join(work, f"spool-{side}"), port, config, log)
            procs.append(proc)
            sides[side] = (port, proc, log)
        c = Client(sides["a"][0])
        c.login("bench")
        document = c.upload(open(tiff, "rb").read(), form="TIFF")
        before = cpu(sides["a"][1].pid) + cpu(sides["b"][1].pid)
        jobs = [c.submit("3001", [document]) for _ in range(calls)]
        states = [wait_for(f"job {j}", lambda j=j: c.job_state(j), done=lambda s: s[0] in ("DONE", "FAILED"))
                  for j in jobs]
        used = cpu(sides["a"][1].pid) + cpu(sides["b"][1].pid) - before
        c.close()
        done = sum(1 for s in states if s[0] == "DONE")
        seconds = call_seconds(sides["a"][2])
        return used, seconds, done, states[0][1]
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(60)


def main():
    faxd, bench_faxcall, tiff, work = sys.argv[1:5]
    calls = int(sys.argv[5]) if len(sys.argv) > 5 else 8
    out = subprocess.run([bench_faxcall, "call", tiff, os.path.join(work, "rx.tif"), "3"], capture_output=True,
                         text=True, check=True).stdout
    m = re.search(r"cpu-per-call (\S+) (\S+)", out)
    base_cpu = float(m.group(1))
    print(f"baseline, bare spandsp audio call (both ends, one thread, unpaced): {base_cpu:.3f} s CPU per call")
    for policy, name in (("prefer", "T.38"), ("never", "G.711")):
        used, seconds, done, status = sip_round(faxd, tiff, os.path.join(work, policy), calls, policy)
        per_second = used / seconds if seconds else float("nan")
        print(f"SIP {name}: {calls} calls at once, {done} done ({status}); {seconds:.0f} s of calls, "
              f"{used:.2f} s CPU (both faxd)")
        print(f"   {per_second * 1000:.1f} ms CPU per second of call: about {1 / per_second:.0f} calls per core; "
              f"CPU per fax {used / max(done, 1):.3f} s = {used / max(done, 1) / base_cpu:.2f}x the bare spandsp call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
