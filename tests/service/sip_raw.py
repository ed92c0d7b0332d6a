"""What the SIPp-driven cases of test_sip.py send and read, with no faxd in it: SIP as raw bytes (what SIPp
cannot write), SDP offers, a speech-like talker as an RTP/PCMU pcap for SIPp's play_pcap_audio, and SIPp's
-trace_msg file with the time of each message."""
import calendar
import math
import os
import random
import re
import socket
import struct
import time


def ulaw(sample):
    """G.711 mu-law of a 16-bit sample."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), 32635) + 0x84
    exponent = 7
    for e in range(7, -1, -1):
        if magnitude & (0x4000 >> (7 - e)):
            exponent = e
            break
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF

def speech_like(seconds, seed=8):
    """Syllables of a glottal pulse train (pitch gliding 100-220 Hz) through two formant resonators, each
    syllable 120-300 ms with its own vowel, 60-250 ms gaps, a longer pause every few syllables."""
    rng = random.Random(seed)
    rate, out = 8000, []
    vowels = [(730, 1090), (270, 2290), (530, 1840), (570, 840), (440, 1020), (660, 1720), (300, 870)]
    while len(out) < seconds * rate:
        for _ in range(rng.randint(3, 7)):
            f1, f2 = rng.choice(vowels)
            length = int(rate * rng.uniform(0.12, 0.30))
            pitch0, pitch1 = rng.uniform(100, 220), rng.uniform(100, 220)
            state = [0.0, 0.0, 0.0, 0.0]
            phase = 0.0
            for n in range(length):
                pitch = pitch0 + (pitch1 - pitch0) * n / length
                phase += pitch / rate
                excitation = 1.0 if phase >= 1.0 else 0.0
                phase -= math.floor(phase)
                excitation += rng.uniform(-0.05, 0.05)          # breath
                y = excitation
                for k, (f, bw) in enumerate(((f1, 90), (f2, 120))):
                    r = math.exp(-math.pi * bw / rate)
                    a1, a2 = 2 * r * math.cos(2 * math.pi * f / rate), -r * r
                    y = y + a1 * state[2 * k] + a2 * state[2 * k + 1]
                    state[2 * k + 1], state[2 * k] = state[2 * k], y
                envelope = math.sin(math.pi * n / length) ** 0.5
                out.append(int(max(-32000, min(32000, y * envelope * 900))))
            out.extend([0] * int(rate * rng.uniform(0.06, 0.25)))
        out.extend([0] * int(rate * rng.uniform(0.4, 0.9)))
    return out[:seconds * rate]

def write_rtp_pcap(path, samples, src_port=6000, dst_port=7000):
    """An Ethernet/IPv4/UDP/RTP (PCMU, 20 ms) capture as SIPp's play_pcap_audio reads it."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(len(samples) // 160):
            payload = bytes(ulaw(s) for s in samples[i * 160:(i + 1) * 160])
            rtp = struct.pack("!BBHII", 0x80, 0, i & 0xFFFF, i * 160, 0x5EEC4) + payload
            udp = struct.pack("!HHHH", src_port, dst_port, 8 + len(rtp), 0) + rtp
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xFFFF, 0, 64, 17, 0,
                             bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])) + udp
            frame = b"\x00" * 12 + b"\x08\x00" + ip
            t = i * 20000
            f.write(struct.pack("<IIII", t // 1000000, t % 1000000, len(frame), len(frame)) + frame)


def sipp_messages(path):
    """SIPp's -trace_msg file as (seconds since the epoch, first line, body) per message."""
    messages = []
    text = open(path, errors="replace").read() if os.path.exists(path) else ""
    for block in re.split(r"^-{20,} ", text, flags=re.M)[1:]:
        stamp, _, rest = block.partition("\n")
        day, clock = stamp.split()[:2]
        whole, _, fraction = clock.partition(".")
        seconds = calendar.timegm(tuple(map(int, day.split("-") + whole.split(":"))) + (0, 0, 0))
        first = next((line for line in rest.splitlines() if re.match(r"^(SIP/2.0 |[A-Z]+ sip:)", line)), "")
        messages.append((seconds + float("0." + (fraction or "0")), first, rest))
    return messages


class RawSip:
    """SIP as bytes on a UDP socket: requests SIPp cannot write (no Call-ID, a garbage start line, a
    Content-Length past the body), each answered or not by the far end."""

    def __init__(self, port):
        self.target = ("127.0.0.1", port)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.settimeout(1)
        self.local = self.socket.getsockname()[1]
        self.count = 0
        self.tags = {}

    def request(self, method="OPTIONS", start=None, call_id="", cseq=None, body=b"", content_length=None, extra=b""):
        self.count += 1
        call_id = f"raw{self.count}@127.0.0.1" if call_id == "" else call_id
        branch = f"z9hG4bKraw{os.getpid()}x{self.count}"
        self.tags[call_id] = f"raw{self.count}"
        headers = [start or f"{method} sip:3001@{self.target[0]}:{self.target[1]} SIP/2.0".encode(),
                   f"Via: SIP/2.0/UDP 127.0.0.1:{self.local};branch={branch}".encode(),
                   f"From: <sip:raw@127.0.0.1:{self.local}>;tag=raw{self.count}".encode(),
                   f"To: <sip:3001@127.0.0.1:{self.target[1]}>".encode(), b"Max-Forwards: 70",
                   f"Contact: <sip:raw@127.0.0.1:{self.local}>".encode()]
        if call_id is not None:
            headers.append(f"Call-ID: {call_id}".encode())
        headers.append(f"CSeq: {cseq or '1 ' + method}".encode())
        if body:
            headers.append(b"Content-Type: application/sdp")
        headers.append(b"Content-Length: %d" % (len(body) if content_length is None else content_length))
        if extra:
            headers.append(extra)
        self.socket.sendto(b"\r\n".join(headers) + b"\r\n\r\n" + body, self.target)
        return call_id, branch

    def final(self, call_id, method="OPTIONS", branch=None):
        """The first final response for call_id (None if it never came, or it had no Call-ID of ours: then
        the first final response at all); an INVITE's is acknowledged (a 200 also ended with a BYE)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                data, _ = self.socket.recvfrom(70000)
            except socket.timeout:
                continue
            head, _, _ = data.partition(b"\r\n\r\n")
            lines = head.decode(errors="replace").split("\r\n")
            match = re.match(r"SIP/2.0 (\d{3})", lines[0])
            said = {line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip()
                    for line in lines[1:] if ":" in line}
            if not match or int(match.group(1)) < 200 or (call_id is not None and said.get("call-id") != call_id):
                continue
            status = int(match.group(1))
            if method == "INVITE":
                self.acknowledge(call_id, branch, said.get("to", ""), status)
            return status
        return None

    def acknowledge(self, call_id, branch, to, status):
        ack = [f"ACK sip:3001@{self.target[0]}:{self.target[1]} SIP/2.0",
               f"Via: SIP/2.0/UDP 127.0.0.1:{self.local};branch={branch if status >= 300 else branch + 'a'}",
               f"From: <sip:raw@127.0.0.1:{self.local}>;tag={self.tags[call_id]}", f"To: {to}", f"Call-ID: {call_id}",
               "CSeq: 1 ACK", "Max-Forwards: 70", "Content-Length: 0"]
        self.socket.sendto(("\r\n".join(ack) + "\r\n\r\n").encode(), self.target)
        if status < 300:   # never expected; leave no call behind
            bye = ack[:]
            bye[0] = bye[0].replace("ACK", "BYE")
            bye[1] = bye[1] + "b"
            bye[5] = "CSeq: 2 BYE"
            self.socket.sendto(("\r\n".join(bye) + "\r\n\r\n").encode(), self.target)

    def close(self):
        self.socket.close()


def sdp_body(*lines):
    return ("\r\n".join(lines) + "\r\n").encode()


SDP_HEAD = ("v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0")
SDP_T38 = ("m=image 40010 udptl t38", "a=T38FaxVersion:0", "a=T38MaxBitRate:14400",
           "a=T38FaxRateManagement:transferredTCF", "a=T38FaxUdpEC:t38UDPRedundancy")
