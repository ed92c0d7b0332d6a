#!/usr/bin/env python3
"""SITE FAXD, the extension faxcom.dll uses for FaxServer's settings and its ports (docs/protocol.md).
An administrator reads and changes every setting, and faxd obeys at once: a paused queue sends nothing,
a discount job waits for its window, retries come after RetryDelay, sent faxes are archived, the line's
TSID replaces the job's. Ports are ranked, stop sending or answering, change their idents; a routing
method is switched off and on. A restarted faxd keeps all of it, and ages old jobs out (DirtyDays).
With an access file only ADMIN may change anything. A real-time call is watched through STATUS.
Usage: test_site.py FAXD WORKDIR [discount]
"discount" runs only the discount-window checks, for runs under faketime at a chosen hour (make service-tests
runs them just before midnight)."""
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, config_quote, free_port, start_faxd, wait_for  # noqa: E402

PAGE = b"SITE FAXD test page\nA second line.\n"
FOLDER = "{92041a90-9af2-11d0-abf7-00c04fd91a4e}"
PRINT = "{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}"
EMAIL = "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}"
NUMBERS = {"Retries": 99, "RetryDelay": 1440, "DirtyDays": 365, "DiscountRateStartHour": 23,
           "DiscountRateStartMinute": 59, "DiscountRateEndHour": 23, "DiscountRateEndMinute": 59}
FLAGS = ("Branding", "UseDeviceTsid", "ServerCoverpage", "PauseServerQueue")


def lines(c, command):
    """Sends command; returns (code, the inner lines' texts, the last line's text)."""
    c.send_raw(command.encode() + b"\r\n")
    inner, first = [], None
    while True:
        raw = c.file.readline()
        if not raw:
            raise ConnectionError("the server closed the connection")
        m = re.match(r"^(\d{3})([ -])(.*)$", raw.decode("utf-8", "replace").rstrip("\r\n"))
        if not m:
            continue
        code, separator, text = int(m.group(1)), m.group(2), m.group(3)
        first = code if first is None else first
        if separator == " " and code == first:
            return code, inner, text
        inner.append(text)


def ports(c):
    code, inner, _ = lines(c, "SITE FAXD PORTS")
    table = {}
    for text in inner:
        f = text.split("|", 10)
        table[f[1]] = {"id": f[0], "number": f[2], "rings": f[3], "csid": f[4], "tsid": f[5], "send": f[6],
                       "receive": f[7], "priority": f[8], "modify": f[9], "state": f[10]}
    return table


def status(c, port):
    code, inner, _ = lines(c, f"SITE FAXD STATUS {port}")
    return dict(text.split(": ", 1) if ": " in text else (text.rstrip(":"), "") for text in inner)


def routes(c, port):
    code, inner, last = lines(c, f"SITE FAXD ROUTES {port}")
    return {f[0]: f for f in (text.split("|", 6) for text in inner)}, last


def get(c, name):
    return c.command(f"SITE FAXD GET {name}")


def put(c, name, value):
    return c.command(f"SITE FAXD SET {name} {value}")


def param(c, job, name):
    c.command(f"JOB {job}", 200)
    return c.command(f"JPARM {name}")[1]


def wait_job(c, job, states=("DONE", "FAILED")):
    """Polls until the job is in one of states; returns (state, status text) as last seen."""
    return wait_for(f"job {job} in {'/'.join(states)}", lambda: c.job_state(job), done=lambda seen: seen[0] in states)


def wait_status(c, job, words):
    """Polls until the job's status says words (the scheduler's decision, e.g. why it waits)."""
    return wait_for(f"job {job}'s status to say {words!r}", lambda: c.job_state(job),
                    done=lambda seen: words in seen[1])


def wait_dials(c, job, dials):
    return wait_for(f"job {job} dialled {dials} time(s)", lambda: int(param(c, job, "NDIALS") or 0),
                    done=lambda seen: seen >= dials)


def scheduler_passed(checks, c, what):
    """Proves the scheduler looked at the queue after now, and found nothing earlier due: it picks the
    earliest submitted of the jobs due, so once a job submitted now to a line that answers is sent, every
    earlier job that was due has been dialled before it. What a test then finds undialled was not due."""
    probe = send(c, "1002")
    state, text = wait_job(c, probe)
    checks.check(state == "DONE", f"{what}: a job submitted later was sent meanwhile ({state} {text})")


def wait_log(log, text):
    """Polls faxd's log for a line holding text; returns that line, or the log's last line."""
    def last_or_matching():
        lines = open(log, errors="replace").read().splitlines() or [""]
        return next((line for line in lines if text in line), lines[-1])
    return wait_for(f"faxd's log to say {text!r}", last_or_matching, done=lambda line: text in line)


def jobs_listed(c, queue, fmt):
    c.command(f'JOBFMT "{fmt}"', 200)
    return {row.split()[0]: row.split()[1:] for row in c.listing(queue).splitlines() if row.strip()}


def send(c, number, **params):
    return c.submit(number, [c.upload(PAGE, "PS")], **params)


def received(spool):
    folder = os.path.join(spool, "recvq")
    return sorted(n for n in os.listdir(folder) if n.endswith(".tif"))


def wait_new_fax(spool, before):
    new = wait_for("a new fax in recvq", lambda: [n for n in received(spool) if n not in before])
    return os.path.join(spool, "recvq", new[0]) if new else None


def settings(checks, c, work):
    """Every GET and SET: round trips, ranges, unknown names."""
    for name, high in NUMBERS.items():
        checks.check(put(c, name, high) == (200, f"{name} set to {high}."), f"SET {name} {high}")
        checks.check(get(c, name) == (213, str(high)), f"GET {name} gives {high} back")
        for bad in (high + 1, -1, "abc", '""'):
            code, text = put(c, name, bad)
            checks.check(code == 501 and text.startswith(f"{name}: "), f"SET {name} {bad}: 501 ({code} {text})")
        checks.check(get(c, name.lower())[1] == str(high), f"{name} unchanged by refused values (lower-case GET)")
        put(c, name, 0)
    for name in FLAGS:
        checks.check(put(c, name, "-1") == (200, f"{name} set to 1."), f"SET {name} -1 (true) is 1")
        checks.check(get(c, name.upper()) == (213, "1"), f"GET {name} after -1")
        checks.check(put(c, name, 0) == (200, f"{name} set to 0."), f"SET {name} 0")
        checks.check(get(c, name) == (213, "0"), f"GET {name} after 0")
        code, text = put(c, name, 2)
        checks.check(code == 501 and "0 or 1" in text, f"SET {name} 2: 501 ({text})")
    profile = 'Fax "Office" profile'
    reply = put(c, "ServerMapiProfile", '"Fax \\"Office\\" profile"')
    checks.check(reply == (200, f"ServerMapiProfile set to {profile}."), f"SET ServerMapiProfile, quoted: {reply}")
    checks.check(get(c, "ServerMapiProfile") == (213, profile), "GET ServerMapiProfile unquoted")
    archive = os.path.join(work, "archive")
    os.makedirs(archive, exist_ok=True)
    code, text = put(c, "ArchiveOutboundFaxes", 1)
    checks.check(code == 501 and "ArchiveDirectory" in text, f"archiving without a folder: 501 ({text})")
    for bad in ("/nonexistent/faxes", "relative/folder", os.path.join(work, "faxd.conf")):
        code, text = put(c, "ArchiveDirectory", f'"{bad}"')
        checks.check(code == 501 and "writable directory" in text, f"ArchiveDirectory {bad}: 501 ({text})")
    checks.check(put(c, "ArchiveDirectory", f'"{archive}"') == (200, f"ArchiveDirectory set to {archive}."),
                 "SET ArchiveDirectory to a writable folder")
    checks.check(put(c, "ArchiveOutboundFaxes", 1)[0] == 200, "SET ArchiveOutboundFaxes 1")
    code, text = put(c, "ArchiveDirectory", '""')
    checks.check(code == 501, f"emptying ArchiveDirectory while archiving: 501 ({text})")
    checks.check(get(c, "ArchiveDirectory") == (213, archive), "GET ArchiveDirectory")
    for command in ("SITE FAXD GET Nonsense", "SITE FAXD SET Nonsense 1"):
        code, text = c.command(command)
        checks.check(code == 500 and text.endswith("unknown setting Nonsense."), f"{command}: {code} {text}")
    checks.check(c.command("SITE FAXD FROB")[0] == 500, "an unknown SITE FAXD command: 500")
    checks.check(c.command("SITE IDLE 5")[0] == 500, "another SITE command: 500")
    code, inner, _ = lines(c, "HELP SITE")
    checks.check(code == 214 and any("FAXD" in text for text in inner), "HELP SITE lists FAXD")


def enforced(checks, c, spool, work):
    """Archive, branding and UseDeviceTsid act on the next fax."""
    before = received(spool)
    job = send(c, "1002", TSI="JOB TSI")
    checks.check(wait_job(c, job)[0] == "DONE", "a fax with archiving on is sent")
    checks.check(os.path.exists(os.path.join(work, "archive", f"q{job}.tif")), "ArchiveOutboundFaxes: it was archived")
    fax = wait_new_fax(spool, before)
    checks.check(fax and b"JOB TSI" in open(fax, "rb").read(), "the job's TSI is sent while UseDeviceTsid is 0")
    plain = os.path.getsize(os.path.join(spool, "docq", f"job{job}.tif"))

    put(c, "ArchiveOutboundFaxes", 0)
    put(c, "UseDeviceTsid", 1)
    put(c, "Branding", 1)
    c.command('SITE FAXD PORT loop1001 Tsid "LINE ONE TSID"', 200)
    before = received(spool)
    job = send(c, "1002", TSI="JOB TSI")
    checks.check(wait_job(c, job)[0] == "DONE", "a fax with UseDeviceTsid and Branding is sent")
    checks.check(not os.path.exists(os.path.join(work, "archive", f"q{job}.tif")), "archiving off: not archived")
    fax = wait_new_fax(spool, before)
    data = open(fax, "rb").read() if fax else b""
    checks.check(b"LINE ONE TSID" in data and b"JOB TSI" not in data,
                 "UseDeviceTsid: the line's TSID (changed a moment ago) replaced the job's")
    branded = os.path.getsize(os.path.join(spool, "docq", f"job{job}.tif"))
    checks.check(branded > plain, f"Branding: the pages carry a header ({branded} > {plain} bytes)")
    put(c, "UseDeviceTsid", 0)
    put(c, "Branding", 0)


def paused(checks, c):
    checks.check(put(c, "PauseServerQueue", 1)[0] == 200, "pause the queue")
    code, inner, _ = lines(c, "STAT")
    checks.check(any("paused" in text for text in inner), "STAT says the queue is paused")
    job = send(c, "1002")
    state, text = wait_status(c, job, "paused")
    checks.check(state not in ("DONE", "RUNNING", "FAILED") and "paused" in text,
                 f"a paused queue sends nothing: {state} {text}")
    put(c, "PauseServerQueue", 0)
    checks.check(wait_job(c, job)[0] == "DONE", "the job goes once the queue runs again")


def window(c, start_minute, end_minute):
    for name, minutes in (("Start", start_minute), ("End", end_minute)):
        put(c, f"DiscountRate{name}Hour", minutes // 60)
        put(c, f"DiscountRate{name}Minute", minutes % 60)


def discount(checks, c):
    """Windows an hour or more from now on faxd's own clock (the same clock and zone as ours), so the
    minute between reading the clock here and faxd judging the window never matters, midnight or not."""
    local = time.localtime()
    now = local.tm_hour * 60 + local.tm_min
    window(c, (now + 120) % 1440, (now + 180) % 1440)
    checks.check(get(c, "DiscountRateStartHour")[1] == str((now + 120) % 1440 // 60), "the window was set")
    job = send(c, "1002", SCHEDULE="discount")
    state, text = wait_status(c, job, "discount")
    checks.check(state not in ("DONE", "RUNNING") and "discount" in text,
                 f"a discount job waits while the window is elsewhere ({local.tm_hour:02}:{local.tm_min:02}): "
                 f"{state} {text}")
    window(c, (now + 1380) % 1440, (now + 60) % 1440)
    state, text = wait_job(c, job)
    checks.check(state == "DONE", f"it goes once the window (across midnight) includes now: {state} {text}")
    window(c, 0, 0)


def unclosed_quote(checks, faxd, work):
    """A configuration value whose double quote is never closed (a path ending in a lone backslash) stops
    faxd with the line named, rather than swallowing the rest of the line."""
    config = os.path.join(work, "unclosed.conf")
    with open(config, "w") as f:
        f.write('archive "/srv/fax archive\\"\nbranding yes\n')
    bad = subprocess.run([faxd, "-c", config, "--spool", os.path.join(work, "unclosed-spool"), "--listen",
                          "127.0.0.1:1"], capture_output=True, text=True, timeout=20)
    checks.check(bad.returncode == 1 and "unclosed.conf:1: a double quote is not closed" in bad.stderr,
                 f"an unclosed quote is refused with its line: {bad.returncode} {bad.stderr.strip()}")


def fixed_time_of_day(checks, faxd, work):
    """FAXD_TEST_TIME_OF_DAY, the clock tests hold discount jobs with: faxd judges windows by it, not by the
    hour of the run; a malformed value stops faxd with a clear error."""
    bad = subprocess.run([faxd, "--spool", os.path.join(work, "bad-clock-spool"), "--listen", "127.0.0.1:1"],
                         env=dict(os.environ, FAXD_TEST_TIME_OF_DAY="25:00"), capture_output=True, text=True,
                         timeout=20)
    checks.check(bad.returncode == 1 and "FAXD_TEST_TIME_OF_DAY takes HH:MM" in bad.stderr,
                 f"FAXD_TEST_TIME_OF_DAY=25:00 is refused: {bad.returncode} {bad.stderr.strip()}")
    port, log = free_port(), os.path.join(work, "fixed-clock.log")
    process = start_faxd(faxd, os.path.join(work, "fixed-clock-spool"), port, log=log,
                         env={"FAXD_TEST_TIME_OF_DAY": "23:30"})
    try:
        c = Client(port)
        c.login("admin")
        window(c, 0, 6 * 60)
        job = send(c, "1002", SCHEDULE="discount")
        state, text = wait_status(c, job, "discount")
        checks.check(state not in ("DONE", "RUNNING") and "discount" in text,
                     f"fixed at 23:30, a job waits for 00:00-06:00 whatever the hour: {state} {text}")
        window(c, 22 * 60, 6 * 60)
        state, text = wait_job(c, job)
        checks.check(state == "DONE", f"and goes in 22:00-06:00: {state} {text}")
        c.close()
    finally:
        process.terminate()
        process.wait(20)
    return log


def retries(checks, c):
    """Line 1003 does not answer: each dial is a retry after RetryDelay (or the job's RETRYTIME)."""
    checks.check(c.command("SITE FAXD PORT loop1003 Receive 0") == (200, "loop1003 Receive set to 0."),
                 "PORT loop1003 Receive 0")
    # An hour, so that however slowly this runs, the retry is never due before the checks are done.
    put(c, "RetryDelay", 60)
    put(c, "Retries", 4)
    submitted = int(time.time())
    job = send(c, "1003")
    checks.check(wait_dials(c, job, 1) == 1, "Receive 0: the call was not answered")
    state, text = c.job_state(job)
    checks.check(state == "SLEEPING" and "No answer" in text, f"no answer: sleeping ({state} {text})")
    scheduler_passed(checks, c, "RetryDelay 60")
    checks.check(param(c, job, "NDIALS") == "1", "RetryDelay 60: no second dial in a pass after the first")
    # The dial ended between the submission and now (faxd's clock is ours), so the next try is an hour later.
    expected = {time.strftime("%H:%M", time.gmtime(t)) for t in range(submitted + 3600, int(time.time()) + 3601)}
    row = jobs_listed(c, "sendq", "%j %u %z").get(str(job), [])
    checks.check(len(row) == 2 and row[1] in expected, f"the next try is RetryDelay after the dial: {row}")
    checks.check(row[:1] == ["5"], f"Retries 4: a job without MAXTRIES gets 5 tries ({row})")
    c.command(f"JKILL {job}", 200)

    put(c, "RetryDelay", 0)
    job = send(c, "1003", MAXDIALS="3")
    state, text = wait_job(c, job)
    checks.check(state == "FAILED" and "Too many attempts to dial" in text and param(c, job, "NDIALS") == "3",
                 f"RetryDelay 0: redialled at once until MAXDIALS 3 ({state} {text})")
    job = send(c, "1003", RETRYTIME="5900")   # 59 minutes: never due during the test
    wait_dials(c, job, 1)
    scheduler_passed(checks, c, "RETRYTIME 5900")
    checks.check(param(c, job, "NDIALS") == "1", "the job's RETRYTIME 5900 wins over RetryDelay 0")
    c.command(f"JKILL {job}", 200)
    job = send(c, "9999")
    state, text = wait_job(c, job)
    checks.check(state == "FAILED" and param(c, job, "NDIALS") == "1",
                 f"a number nobody has fails at once, without retries ({text})")
    c.command("SITE FAXD PORT loop1003 Receive 1", 200)
    job = send(c, "1003")
    checks.check(wait_job(c, job)[0] == "DONE", "Receive 1: line 1003 answers again")
    put(c, "RetryDelay", 5)
    put(c, "Retries", 2)


def sent_by(c, job):
    return jobs_listed(c, "doneq", "%j %m").get(str(job), ["?"])[0]


def port_settings(checks, c, spool):
    table = ports(c)
    checks.check(sorted(table) == ["loop1001", "loop1002", "loop1003"], f"PORTS lists the lines: {sorted(table)}")
    checks.check([table[p]["id"] for p in sorted(table)] == ["1", "2", "3"], "DeviceIds are stable places")
    checks.check([table[p]["priority"] for p in sorted(table)] == ["1", "2", "3"], "priorities from the configuration")
    checks.check(all(t["modify"] == "1" for t in table.values()), "CanModify without an access file")
    checks.check(table["loop1002"]["number"] == "1002" and table["loop1002"]["send"] == "1", "a PORTS line's fields")
    job = send(c, "1003")
    wait_job(c, job)
    checks.check(sent_by(c, job) == "loop1001", "priority 1 (loop1001) sends first")

    checks.check(c.command("SITE FAXD PORT loop1001 Send 0") == (200, "loop1001 Send set to 0."), "PORT Send 0")
    job = send(c, "1003")
    wait_job(c, job)
    checks.check(sent_by(c, job) == "loop1002", "Send 0: loop1001 is not used; loop1002 sent it")
    checks.check(c.command("SITE FAXD PORT loop1003 Priority 1") == (200, "loop1003 Priority set to 1."),
                 "PORT loop1003 Priority 1")
    table = ports(c)
    ranks = {p: table[p]["priority"] for p in table}
    checks.check(ranks == {"loop1003": "1", "loop1001": "2", "loop1002": "3"}, f"the others were re-ranked: {ranks}")
    job = send(c, "1002")
    wait_job(c, job)
    checks.check(sent_by(c, job) == "loop1003", "the new priority 1 (loop1003) sends")
    c.command("SITE FAXD PORT loop1001 Priority 3", 200)
    ranks = {p: t["priority"] for p, t in ports(c).items()}
    checks.check(ranks == {"loop1003": "1", "loop1002": "2", "loop1001": "3"}, f"moved down, unique: {ranks}")
    checks.check(c.command("SITE FAXD PORT loop1001 Send -1")[0] == 200, "PORT Send -1 (true)")
    checks.check(ports(c)["loop1001"]["send"] == "1", "loop1001 sends again")

    checks.check(c.command("SITE FAXD PORT loop1002 Rings 5") == (200, "loop1002 Rings set to 5."), "PORT Rings 5")
    checks.check(ports(c)["loop1002"]["rings"] == "5", "PORTS shows Rings 5")
    reply = c.command('SITE FAXD PORT 1002 Csid "NEW CSID 1002"')
    checks.check(reply == (200, "loop1002 Csid set to NEW CSID 1002."), f"PORT by number, Csid with spaces: {reply}")
    before = received(spool)
    job = send(c, "1002")
    wait_job(c, job)
    fax = wait_new_fax(spool, before)
    checks.check(fax and b"NEW CSID 1002" in open(fax, "rb").read(), "the new CSID is in the fax received at once")
    for command, code in (("PORT loop1002 Rings 100", 501), ("PORT loop1002 Rings 0", 501),
                          ("PORT loop1002 Priority 4", 501), ("PORT loop1002 Priority 0", 501),
                          ("PORT loop1002 Send 2", 501), ('PORT loop1002 Tsid "123456789012345678901"', 501),
                          ('PORT loop1002 Tsid "a|b"', 501), ('PORT loop1002 Csid "Zoë"', 501),
                          ("PORT loop1002 Volume 3", 501), ("PORT loop9 Rings 2", 550), ("PORT loop1002", 500)):
        got, text = c.command(f"SITE FAXD {command}")
        checks.check(got == code, f"{command}: {code} ({got} {text})")
    checks.check(c.command("SITE FAXD PORT loop9 Rings 2")[1] == "No port loop9.", "the 550 text")
    checks.check(ports(c)["loop1002"]["csid"] == "NEW CSID 1002", "refused values changed nothing")


def routing(checks, c, spool, inbox, log):
    table, last = routes(c, "loop1002")
    checks.check(last == "End of routing methods." and sorted(table) == sorted([FOLDER, PRINT, EMAIL]),
                 f"ROUTES lists the three methods: {sorted(table)}")
    folder = table.get(FOLDER, [""] * 7)
    checks.check(folder[1:] == ["1", "Store in folder", "RouteToFolder", "faxd", "openfaxcom faxd routing", inbox],
                 f"the folder route: {folder}")
    checks.check(table.get(PRINT, [""] * 7)[1:3] == ["0", "Print"] and table[PRINT][6] == "", "no print route")
    other, _ = routes(c, "loop1001")
    checks.check(len(other) == 3 and all(f[1] == "0" for f in other.values()), "every line lists all three methods")
    code, text = c.command(f"SITE FAXD ROUTE loop1002 {PRINT} ENABLE 1")
    checks.check((code, text) == (501, "Print has no destination configured for loop1002."), f"{code} {text}")
    checks.check(c.command("SITE FAXD ROUTE loop1002 {00000000-0000-0000-0000-000000000000} ENABLE 1")[0] == 501,
                 "an unknown GUID: 501")
    checks.check(c.command(f"SITE FAXD ROUTE loop1002 {FOLDER} ENABLE 0")[0] == 200, "ROUTE folder ENABLE 0")
    checks.check(routes(c, "loop1002")[0][FOLDER][1] == "0", "ROUTES shows it disabled")
    before, before_received = set(os.listdir(inbox)), received(spool)
    job = send(c, "1002")
    wait_job(c, job)
    fax = wait_new_fax(spool, before_received)
    name = os.path.basename(fax or "none")
    # faxd decides on the routes before it logs the fax as received, and logs when every one is off.
    said = wait_log(log, f"received recvq/{name}")
    decided = "every routing method is off; " + name
    checks.check(decided in open(log, errors="replace").read() and set(os.listdir(inbox)) == before,
                 f"a disabled folder route does not run ({name}: {said})")
    guid = FOLDER.strip("{}").upper()
    checks.check(c.command(f"SITE FAXD ROUTE loop1002 {guid} ENABLE 1")[0] == 200, "ENABLE 1 (GUID in any form)")
    job = send(c, "1002")
    wait_job(c, job)
    stored = wait_for("a fax in the route's folder", lambda: set(os.listdir(inbox)) - before)
    checks.check(len(stored) == 1, f"the enabled folder route stores the fax ({sorted(stored)})")
    c.command(f"SITE FAXD ROUTE loop1002 {FOLDER} ENABLE 0", 200)   # kept across the restart


def restart(checks, faxd, spool, port, config, log, c, process):
    """Everything set survives a restart; DirtyDays ages out an old job with its files."""
    put(c, "DirtyDays", 2)
    put(c, "Retries", 7)
    put(c, "RetryDelay", 9)
    names = list(NUMBERS) + list(FLAGS) + ["ServerMapiProfile", "ArchiveDirectory", "ArchiveOutboundFaxes"]
    before = {name: get(c, name)[1] for name in names}
    table = ports(c)
    done = sorted(int(j) for j in jobs_listed(c, "doneq", "%j %a"))
    c.close()
    process.send_signal(signal.SIGTERM)
    process.wait(20)
    old, kept = done[0], done[-1]
    path = os.path.join(spool, "doneq", f"q{old}")
    text = open(path).read()
    files = [os.path.join(spool, f) for f in re.findall(r"^(?:document|fax_file):(.*)$", text, re.M)]
    with open(path, "w") as f:
        f.write(re.sub(r"^finished:\d+$", f"finished:{int(time.time()) - 3 * 86400}", text, flags=re.M))
    process = start_faxd(faxd, spool, port, config, log)
    c = Client(port)
    c.login("admin")
    after = {name: get(c, name)[1] for name in before}
    checks.check(after == before, f"the settings survived a restart ({after['Retries']} retries)")
    checks.check(ports(c) == table, "the ports survived a restart")
    checks.check(routes(c, "loop1002")[0][FOLDER][1] == "0", "the disabled route stayed disabled")
    listed = wait_for(f"job {old} out of doneq", lambda: jobs_listed(c, "doneq", "%j %a"),
                      done=lambda seen: str(old) not in seen)
    checks.check(str(old) not in listed and str(kept) in listed,
                 f"DirtyDays 2: job {old} (3 days old) left doneq, job {kept} stayed")
    checks.check(files and not any(os.path.exists(f) for f in files), f"its documents went with it: {files}")
    checks.check(not os.path.exists(path), "its doneq file is gone")
    return c, process


def rights(checks, faxd, work):
    """With an access file, only a session that did ADMIN changes anything."""
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import crypt
        digest = crypt.crypt("adminpw", crypt.mksalt(crypt.METHOD_SHA512))
    except ImportError:
        digest = subprocess.run(["openssl", "passwd", "-6", "adminpw"], capture_output=True, text=True).stdout.strip()
    access, config = os.path.join(work, "hosts.faxd"), os.path.join(work, "rights.conf")
    with open(access, "w") as f:
        f.write(f"127\\.0\\.0\\.1:::{digest}\n")
    with open(config, "w") as f:
        f.write(f"access-file {config_quote(access)}\n")
    port, log = free_port(), os.path.join(work, "rights.log")
    process = start_faxd(faxd, os.path.join(work, "rights-spool"), port, config, log)
    try:
        c = Client(port)
        c.login("clerk")
        for command in ("SET Retries 3", "PORT loop1001 Rings 2", f"ROUTE loop1001 {FOLDER} ENABLE 0"):
            got = c.command(f"SITE FAXD {command}")
            checks.check(got == (530, "Changing the server's settings needs ADMIN."), f"{command} without ADMIN: {got}")
        checks.check(get(c, "Retries") == (213, "2"), "GET needs no ADMIN")
        checks.check(ports(c)["loop1001"]["modify"] == "0", "PORTS: CanModify 0 without ADMIN")
        checks.check(c.command("ADMIN wrong")[0] == 530, "a wrong ADMIN password: 530")
        checks.check(c.command("ADMIN adminpw")[0] == 230, "ADMIN")
        checks.check(put(c, "Retries", 3) == (200, "Retries set to 3."), "SET after ADMIN: 200")
        checks.check(c.command("SITE FAXD PORT loop1001 Rings 2")[0] == 200, "PORT after ADMIN: 200")
        checks.check(ports(c)["loop1001"]["modify"] == "1", "PORTS: CanModify 1 after ADMIN")
        c.close()
    finally:
        process.terminate()
        process.wait(20)
    return log


def live_status(checks, faxd, work):
    """STATUS during a real-time call (about 30 s of line time)."""
    config, port, log = os.path.join(work, "realtime.conf"), free_port(), os.path.join(work, "realtime.log")
    with open(config, "w") as f:
        f.write("pacing real-time\n")
    process = start_faxd(faxd, os.path.join(work, "realtime-spool"), port, config, log)
    try:
        c = Client(port)
        c.login("watcher")
        idle = status(c, "loop1001")
        checks.check(idle.get("State") == "Idle" and idle.get("JobId") == "0" and idle.get("Csid") == "1001",
                     f"an idle line's STATUS: {idle}")
        checks.check(c.command("SITE FAXD STATUS loop9") == (550, "No port loop9."), "STATUS of no port: 550")
        before = int(time.time())
        job = send(c, "1002", DISPLAYNAME="Quarterly report", FROMUSER="Ann Sender", TOUSER="Bob Recipient")
        seen = wait_for("loop1001 sending page 1", lambda: status(c, "loop1001"),
                        done=lambda seen: seen.get("State") == "Sending" and int(seen.get("CurrentPage", "0")) >= 1)
        now = time.time()
        checks.check(seen.get("State") == "Sending" and seen.get("Send") == "1" and seen.get("Receive") == "0",
                     f"STATUS while sending: {seen}")
        checks.check(int(seen.get("CurrentPage", 0)) >= 1 and seen.get("PageCount") == "1", "CurrentPage and PageCount")
        checks.check(seen.get("Address") == "1002" and seen.get("JobId") == str(job), "Address and JobId")
        checks.check(seen.get("Kind") == "loopback", f"Kind: the line's kind ({seen.get('Kind')})")
        checks.check(seen.get("DocumentName") == "Quarterly report" and seen.get("SenderName") == "Ann Sender"
                     and seen.get("RecipientName") == "Bob Recipient", "DocumentName, SenderName, RecipientName")
        checks.check(int(seen.get("DocumentSize", 0)) > 0 and seen.get("Tsid") == "1001", f"DocumentSize, Tsid: {seen}")
        times = [int(seen.get(key, 0)) for key in ("StartTime", "SubmittedTime")]
        checks.check(all(before <= t <= now for t in times), f"StartTime and SubmittedTime: Unix seconds ({times})")
        description = seen.get("Description", "")
        checks.check(description.startswith("Sending page 1"), f"Description: {description}")
        other = status(c, "loop1002")
        checks.check(other.get("State") == "Receiving" and other.get("Receive") == "1" and other.get("Csid") == "1002",
                     f"the answering line's STATUS: {other}")
        checks.check("Sending page" in ports(c)["loop1001"]["state"], "PORTS shows the activity too")
        c.command(f"JKILL {job}", 200)
        state, _ = wait_job(c, job)
        checks.check(state == "FAILED", "the call ends when the job is killed")
        after = wait_for("loop1001 idle", lambda: status(c, "loop1001"), done=lambda seen: seen.get("State") == "Idle")
        checks.check(after.get("State") == "Idle" and after.get("JobId") == "0" and after.get("CurrentPage") == "0",
                     f"idle again: {after}")
        c.close()
    finally:
        process.terminate()
        process.wait(20)
    return log


def discount_only(faxd, work):
    """The discount-window checks alone, against a faxd of their own."""
    local = time.localtime()
    checks = Checks(f"SITE extension, discount window at {local.tm_hour:02}:{local.tm_min:02}:{local.tm_sec:02}")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    port = free_port()
    process = start_faxd(faxd, os.path.join(work, "spool"), port, log=os.path.join(work, "faxd.log"))
    try:
        c = Client(port)
        c.login("admin")
        discount(checks, c)
        c.close()
    finally:
        process.terminate()
        process.wait(20)
    return checks.summary()


def main():
    faxd, work = sys.argv[1], os.path.abspath(sys.argv[2])
    if sys.argv[3:] == ["discount"]:
        return discount_only(faxd, work)
    checks = Checks("SITE extension")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    spool, inbox = os.path.join(work, "spool"), os.path.join(work, "inbox")
    os.makedirs(inbox)
    config, log, port = os.path.join(work, "faxd.conf"), os.path.join(work, "faxd.log"), free_port()
    with open(config, "w") as f:
        f.write(f"line 1001\nline 1002\nline 1003\nroute 1002 folder {config_quote(inbox)}\n")
    logs = [log]
    process = start_faxd(faxd, spool, port, config, log)
    try:
        c = Client(port)
        c.login("admin")
        settings(checks, c, work)
        enforced(checks, c, spool, work)
        paused(checks, c)
        discount(checks, c)
        retries(checks, c)
        port_settings(checks, c, spool)
        routing(checks, c, spool, inbox, log)
        c, process = restart(checks, faxd, spool, port, config, log, c, process)
        c.close()
    finally:
        process.terminate()
        process.wait(20)
    logs.append(rights(checks, faxd, work))
    logs.append(live_status(checks, faxd, work))
    logs.append(fixed_time_of_day(checks, faxd, work))
    unclosed_quote(checks, faxd, work)
    text = "".join(open(name, errors="replace").read() for name in logs)
    checks.check("Retries not set to 100" in text, "a refused value is logged")
    checks.check("etc/settings loaded" in text, "the stored settings were loaded at the restart")
    checks.check(not re.search(r"AddressSanitizer|LeakSanitizer|runtime error:", text), "no sanitizer report")
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
