#!/usr/bin/env python3
"""check_man.py ROOT: faxd's man pages against docs/faxd.md, their source of truth.

man --warnings finds nothing in docs/man/*.[0-9], and every setting docs/faxd.md's configuration tables name
(settings, line options, SIP options, route methods) is the tag of an entry in faxd.conf(5).
"""
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"  FAIL {what}")


def documented_settings(markdown):
    """The names docs/faxd.md's Configuration tables define: `spool DIR` gives spool, `channels=N` channels=,
    the line row's `name=` options, `route LINE folder DIR` route and folder."""
    section = markdown.split("## Configuration", 1)[1].split("### Access rules", 1)[0]
    names = set()
    for row in section.splitlines():
        if not row.startswith("| `"):
            continue
        cells = row.split("|")
        first, meaning = cells[1], cells[3] if len(cells) > 3 else ""
        for span in re.findall(r"`([^`]+)`", first):
            words = span.split()
            names.add(re.match(r"[a-z0-9-]+=?", words[0]).group(0))
            if words[0] == "route":
                names.add(words[2])
        if first.strip().startswith("`line "):
            names.update(re.findall(r"`([a-z-]+=)", meaning))
    return names


def entry_tags(roff):
    """The tag line of every .TP entry, as plain text."""
    lines = roff.splitlines()
    tags = []
    for i, line in enumerate(lines[:-1]):
        if line.startswith(".TP"):
            tag = re.sub(r"\\f[BIRP]|\\&", "", lines[i + 1]).replace("\\-", "-").replace('"', " ")
            tags.append(re.sub(r"^\.[BIR]+ ", "", tag))
    return tags


pages = sorted((root / "docs/man").glob("*.[0-9]"))
check(len(pages) >= 2, f"docs/man has faxd.8 and faxd.conf.5 (found {[p.name for p in pages]})")
for page in pages:
    run = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", str(page)], capture_output=True, text=True,
                         env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    check(run.returncode == 0 and not run.stderr.strip(), f"man --warnings {page.name}: {run.stderr.strip()}")

settings = documented_settings((root / "docs/faxd.md").read_text())
tags = entry_tags((root / "docs/man/faxd.conf.5").read_text())
check(len(settings) > 30, f"docs/faxd.md's tables name the settings (found {len(settings)})")
for name in sorted(settings):
    pattern = re.compile(r"(?<![\w-])" + re.escape(name) + (r"" if name.endswith("=") else r"(?![\w=-])"))
    check(any(pattern.search(tag) for tag in tags), f"faxd.conf(5) has an entry for {name}, as docs/faxd.md does")
print(f"checked {len(settings)} settings of docs/faxd.md in faxd.conf(5)")
print(f"man pages: {passed} passed, {failed} failed")
sys.exit(failed != 0)
