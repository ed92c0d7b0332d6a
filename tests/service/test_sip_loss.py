#!/usr/bin/env python3
"""A T.38 fax between two faxd over SIP survives 5 % random UDPTL loss, thanks to UDPTL redundancy.

The loss is real packet loss made by the kernel, not by our code: the test runs in a network namespace of its
own (unshare -n, root as in CI), where an nftables rule drops 5 % of the UDP datagrams, chosen at random, sent
to the two faxd's media ports (rtp-ports=, a range outside the ephemeral ports, so SIP and the test's own
connections are untouched). Counters on the rule prove the loss happened. The fax is two pages, sent with
ECM off so that only UDPTL's redundancy (3 earlier IFPs in each datagram) can bring back what was lost; the
sending faxd's log says what its receiver recovered. The pages must arrive pixel for pixel.
Usage: test_sip_loss.py FAXD WORKDIR FAX_INSPECT"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hfxclient import Checks, wait_for  # noqa: E402
from test_sip import Pair, same_pages  # noqa: E402

MEDIA_A, MEDIA_B = "20000-20499", "20500-20999"
LOSS_PERCENT = 5
RULES = f"""table inet faxloss {{
    chain input {{
        type filter hook input priority 0; policy accept;
        udp dport 20000-20999 counter
        udp dport 20000-20999 numgen random mod 100 < {LOSS_PERCENT} counter drop
    }}
}}
"""
# Two pages of dense text: about 1 800 UDPTL datagrams, so 5 % loss makes dozens of holes.
DOCUMENT = b"".join(b"Page text for the loss test, line %d, with enough ink to make real image data.\n" % i
                    for i in range(100))


def counters():
    listing = subprocess.run(["nft", "list", "table", "inet", "faxloss"], capture_output=True, text=True).stdout
    seen = [int(n) for n in re.findall(r"counter packets (\d+)", listing)]
    return (seen + [0, 0])[:2]


def in_namespace(faxd, work, inspect):
    checks = Checks("faxd over SIP with 5% UDPTL loss")
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    nft = subprocess.run(["nft", "-f", "-"], input=RULES, capture_output=True, text=True)
    if not checks.check(nft.returncode == 0, f"loss: nftables takes the loss rule ({nft.stderr.strip()[-200:]})"):
        return checks.summary()
    pair = None
    try:
        pair = Pair(work, faxd, "loss", "t38=prefer proxy=sip:127.0.0.1:{b} rtp-ports=" + MEDIA_A,
                    "t38=prefer rtp-ports=" + MEDIA_B)
        c = pair.client("a")
        job = c.submit("3001", [c.upload(DOCUMENT)], TSI="SIP-A", USEECM="NO", MAXDIALS="1")
        c.close()
        state, status = pair.wait_job("a", job)
        checks.check(state == "DONE" and "over SIP T.38" in status,
                     f"loss: the job is done over T.38 at the first try ({state}: {status})")
        seen, dropped = counters()
        checks.check(seen > 1000 and 0.02 * seen < dropped < 0.09 * seen,
                     f"loss: the kernel dropped about {LOSS_PERCENT} % of the media datagrams ({dropped} of {seen})")
        received = wait_for("loss: the fax in B's recvq", lambda: pair.received("b"))
        if checks.check(len(received) == 1, f"loss: one fax received ({received})"):
            sent = os.path.join(pair.a["spool"], "docq", f"job{job}.tif")
            ok, said = same_pages(inspect, sent, os.path.join(pair.b["spool"], "recvq", received[0]))
            checks.check(ok, f"loss: the received pages equal the sent ones pixel for pixel ({said})")
        # Each faxd logs what its UDPTL receiver saw; B received the page data, A the far end's answers.
        logged = [re.search(r"UDPTL (\d+) datagrams received, (\d+) IFPs recovered from redundancy, (\d+) lost",
                            open(pair.__dict__[side]["log"], errors="replace").read()) for side in ("a", "b")]
        checks.check(all(logged), f"loss: both faxd log their UDPTL reception ({[m and m.group(0) for m in logged]})")
        if all(logged):
            recovered = sum(int(m.group(2)) for m in logged)
            checks.check(recovered > 0, f"loss: lost datagrams were recovered from redundancy "
                                        f"({[m.group(0) for m in logged]})")
    finally:
        if pair:
            pair.stop()
    return checks.summary()


def main():
    faxd, work, inspect = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    if os.environ.get("FAXD_LOSS_NETNS") == "1":
        return in_namespace(os.path.abspath(faxd), work, inspect)
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, FAXD_LOSS_NETNS="1")
    result = subprocess.run(["unshare", "--net", sys.executable, os.path.abspath(__file__), faxd, work, inspect],
                            env=env)
    if result.returncode != 0 and result.returncode != 1:
        print(f"FAIL loss: could not run in a network namespace of its own (unshare --net: exit "
              f"{result.returncode}; it needs root, as in CI)\nfaxd over SIP with 5% UDPTL loss: 0 passed, 1 failed")
        return 1
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
