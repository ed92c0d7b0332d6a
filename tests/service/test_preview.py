#!/usr/bin/env python3
"""RETR docq/preview<id>.tif (docs/protocol.md), what winfax.dll's FaxGetPageData asks for: a queued job's
first page, rendered on request by faxd's own conversion. A text job's preview is its first page alone, the
same as a one-page text of those words and not the second page's; so for a TIFF job; no job is 550, and
nothing is left in the spool.
Usage: test_preview.py FAXD WORKDIR"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hfxclient import Checks, Client, Reply, free_port, start_faxd  # noqa: E402


def pages(tiff):
    """[(width, length, first strip's bytes)] of each page of a little- or big-endian classic TIFF."""
    order = "<" if tiff[:2] == b"II" else ">"
    offset, found = struct.unpack(order + "I", tiff[4:8])[0], []
    while offset and len(found) < 100:
        count = struct.unpack(order + "H", tiff[offset:offset + 2])[0]
        tags = {}
        for i in range(count):
            tag, kind, n = struct.unpack(order + "HHI", tiff[offset + 2 + 12 * i:offset + 10 + 12 * i])
            if tag not in (256, 257, 273, 279):
                continue
            at = offset + 10 + 12 * i
            size = 2 if kind == 3 else 4
            if n * size > 4:
                at = struct.unpack(order + "I", tiff[at:at + 4])[0]   # the values elsewhere: the first strip's
            tags[tag] = struct.unpack(order + ("H" if kind == 3 else "I"), tiff[at:at + size])[0]
        strip = tiff[tags[273]:tags[273] + tags[279]]
        found.append((tags[256], tags[257], strip))
        offset = struct.unpack(order + "I", tiff[offset + 2 + 12 * count:offset + 6 + 12 * count])[0]
    return found


def bilevel_tiff(images, width=1728, length=200):
    """A little-endian TIFF, one uncompressed 1-bit page per image (a row of bytes repeated down the page),
    at fax resolution: pages faxd converts as any client's TIFF."""
    out = bytearray(b"II*\0\0\0\0\0")
    link = 4
    for row in images:
        strip = row * length
        strip_at = len(out)
        out += strip
        resolution_at = len(out)
        out += struct.pack("<IIII", 204, 1, 196, 1)
        if len(out) % 2:
            out += b"\0"
        struct.pack_into("<I", out, link, len(out))
        entries = [(256, 4, 1, width), (257, 4, 1, length), (258, 3, 1, 1), (259, 3, 1, 1), (262, 3, 1, 0),
                   (273, 4, 1, strip_at), (277, 3, 1, 1), (278, 4, 1, length), (279, 4, 1, len(strip)),
                   (282, 5, 1, resolution_at), (283, 5, 1, resolution_at + 8), (296, 3, 1, 2)]
        out += struct.pack("<H", len(entries))
        for tag, kind, n, value in entries:
            out += struct.pack("<HHII", tag, kind, n, value)
        link = len(out)
        out += b"\0\0\0\0"
    return bytes(out)


def main():
    faxd, work = sys.argv[1], os.path.abspath(sys.argv[2])
    checks = Checks("job previews")
    os.makedirs(work, exist_ok=True)
    config = os.path.join(work, "faxd.conf")
    with open(config, "w") as f:
        f.write("line 1001 send=no\nline 1002 send=no\n")   # jobs stay queued, as FaxGetPageData sees them
    port, spool = free_port(), os.path.join(work, "spool")
    process = start_faxd(faxd, spool, port, config, os.path.join(work, "faxd.log"))
    try:
        c = Client(port)
        c.login("alice")
        both = c.submit("1002", [c.upload(b"Page one\fPage two\n", "PS")])
        one = c.submit("1002", [c.upload(b"Page one\n", "PS")])
        two = c.submit("1002", [c.upload(b"Page two\n", "PS")])
        preview = {job: pages(c.retrieve(f"docq/preview{job}.tif")) for job in (both, one, two)}
        checks.check(len(preview[both]) == 1 and preview[both][0][0] == 1728,
                     f"a two-page text's preview is one fax page, 1728 pixels wide ({len(preview[both])} pages)")
        checks.check(preview[both] == preview[one], "it is the first page: the same as a text of its words alone")
        checks.check(preview[both] != preview[two], "and not the second page")

        # TIFF pages: stripes and dots, on a two-page TIFF and on each page alone
        stripes, dots = b"\xff\x00" * 108, b"\x81" * 216
        jobs = [c.submit("1002", [c.upload(bilevel_tiff(images), "TIFF")]) for images in ([stripes, dots], [stripes],
                                                                                          [dots])]
        got = [pages(c.retrieve(f"/docq/preview{job}.tif")) for job in jobs]
        checks.check(len(got[0]) == 1 and got[0][0][0] == 1728,
                     f"a two-page TIFF's preview is one fax page ({len(got[0])} pages)")
        checks.check(got[0] == got[1] and got[0] != got[2], "its first page: the first page alone, not the second")
        tiff = jobs[0]

        for path, why in (("docq/preview999999.tif", "no such job"), (f"docq/preview{tiff}.tif.1", "a suffix"),
                          ("docq/preview0.tif", "job 0"), ("docq/previewx.tif", "no number")):
            try:
                c.retrieve(path)
                checks.check(False, f"RETR {path} ({why}) was answered")
            except Reply as refused:
                checks.check(refused.code == 550, f"RETR {path} ({why}): 550 ({refused.code})")
        checks.check(c.command("NOOP")[0] == 200, "the session goes on")
        c.close()
        left = [name for name in os.listdir(os.path.join(spool, "tmp")) if not name.startswith("doc")]   # uploads
        checks.check(not left, f"no preview is left in the spool's tmp ({left})")
        checks.check(not any("preview" in name for name in os.listdir(os.path.join(spool, "docq"))),
                     "nor in docq")
    finally:
        process.terminate()
        process.wait(10)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
