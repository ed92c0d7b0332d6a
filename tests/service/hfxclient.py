"""A minimal HylaFAX-protocol client for faxd's tests (the real tools cover the common paths;
this one reaches what they cannot: raw bytes, half-finished transfers, bursts)."""
import os
import re
import socket
import subprocess
import time
import zlib


class Reply(Exception):
    def __init__(self, code, text):
        super().__init__(f"{code} {text}")
        self.code, self.text = code, text


class Client:
    def __init__(self, port, host="127.0.0.1", timeout=20):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.file = self.sock.makefile("rb")
        self.greeting = self.read_reply()

    def close(self):
        """Closes the connection: the reader made by makefile holds the socket open too, so both go."""
        try:
            self.file.close()
            self.sock.close()
        except OSError:
            pass

    def send_raw(self, data):
        self.sock.sendall(data)

    def read_reply(self):
        """Returns (code, text of the last line), reading multi-line replies whole."""
        first = None
        while True:
            line = self.file.readline()
            if not line:
                raise ConnectionError("the server closed the connection")
            line = line.decode("utf-8", "replace").rstrip("\r\n")
            m = re.match(r"^(\d{3})([ -])(.*)$", line)
            if not m:
                continue
            code, sep, text = int(m.group(1)), m.group(2), m.group(3)
            if first is None:
                first = code
            if sep == " " and code == first:
                return code, text

    def command(self, line, expect=None):
        self.send_raw(line.encode() + b"\r\n")
        code, text = self.read_reply()
        if expect is not None and code // 100 != expect // 100:
            raise Reply(code, text)
        return code, text

    def login(self, user="tester", password=None):
        code, text = self.command(f"USER {user}")
        if code == 331:
            code, text = self.command(f"PASS {password or ''}")
        if code != 230:
            raise Reply(code, text)

    def _passive(self):
        code, text = self.command("EPSV", 229)
        port = int(re.search(r"\(\|\|\|(\d+)\|\)", text).group(1))
        return socket.create_connection(("127.0.0.1", port), timeout=20)

    def upload(self, data, form="PS", zipped=False):
        self.command(f"FORM {form}", 200)
        self.command("TYPE I", 200)
        self.command(f"MODE {'Z' if zipped else 'S'}", 200)
        data_sock = self._passive()
        code, text = self.command("STOT", 150)
        name = re.search(r"FILE: (\S+)", text).group(1)
        data_sock.sendall(zlib.compress(data) if zipped else data)
        data_sock.close()
        code, text = self.read_reply()
        if code // 100 != 2:
            raise Reply(code, text)
        return name

    def listing(self, what):
        data_sock = self._passive()
        self.command(f"LIST {what}", 150)
        chunks = []
        while True:
            chunk = data_sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        data_sock.close()
        code, text = self.read_reply()
        if code // 100 != 2:
            raise Reply(code, text)
        return b"".join(chunks).decode("utf-8", "replace")

    def retrieve(self, path):
        """RETR path in TYPE I: its bytes, or Reply with the refusal."""
        self.command("TYPE I", 200)
        data_sock = self._passive()
        code, text = self.command(f"RETR {path}")
        if code != 150:
            data_sock.close()
            raise Reply(code, text)
        chunks = []
        while True:
            chunk = data_sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        data_sock.close()
        code, text = self.read_reply()
        if code // 100 != 2:
            raise Reply(code, text)
        return b"".join(chunks)

    def submit(self, number, documents, **params):
        code, text = self.command("JNEW", 200)
        job = int(re.search(r"jobid: (\d+)", text).group(1))
        params.setdefault("LASTTIME", "000259")
        params.setdefault("MAXDIALS", "12")
        for name, value in params.items():
            self.command(f'JPARM {name} "{value}"', 200)
        self.command(f'JPARM DIALSTRING "{number}"', 200)
        for document in documents:
            self.command(f"JPARM DOCUMENT {document}", 200)
        self.command("JSUBM", 200)
        return job

    def job_state(self, job):
        self.command(f"JOB {job}", 200)
        code, state = self.command("JPARM STATE", 200)
        code, status = self.command("JPARM STATUS", 200)
        return state, status


# How long a wait polls before it calls faxd hung. Only a hung faxd gets near it: a loaded CI machine
# (qemu emulating i686 in the same make check, valgrind) takes tens of seconds where a quiet one takes one.
HANG_GUARD = 300


def wait_for(what, probe, seconds=HANG_GUARD, every=0.05, done=bool):
    """Polls probe() until done(value) (by default: until it returns something true) and returns the last
    value it returned; a wait that gives up says so, with that value, so the failed check can be read."""
    end = time.monotonic() + seconds
    while True:
        seen = probe()
        if done(seen):
            return seen
        if time.monotonic() >= end:
            print(f"  gave up waiting for {what} after {seconds} s; last seen: {seen!r}", flush=True)
            return seen
        time.sleep(every)


def accepts(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Checks:
    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {what}", flush=True)
        return ok

    def summary(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed else 0


def config_quote(value):
    """A faxd.conf word for value, which may hold spaces (a checkout path may): double-quoted, with \\ and \"."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def start_faxd(faxd, spool, port, config=None, log=None, env=None):
    """env: variables added to ours (e.g. FAXD_TEST_TIME_OF_DAY)."""
    args = [faxd, "--spool", spool, "--listen", f"127.0.0.1:{port}", "--foreground"]
    if config:
        args[1:1] = ["-c", config]
    out = open(log, "ab") if log else subprocess.DEVNULL
    process = subprocess.Popen(args, stdout=out, stderr=out, env=dict(os.environ, **env) if env else None)
    # Up once it accepts; a faxd that exited (a bad configuration) is not waited for.
    wait_for(f"faxd on port {port}", lambda: accepts(port) or process.poll() is not None)
    if process.poll() is not None or not accepts(port):
        process.kill()
        process.wait()
        said = open(log, errors="replace").read()[-600:] if log else "(no log kept)"
        raise RuntimeError(f"faxd did not start on port {port} (exit status {process.returncode}); it said:\n{said}")
    return process
