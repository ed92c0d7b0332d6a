// JScript reading fax TIFFs through FaxTiff, including its error objects.
// Usage: cscript faxtiff.js <fixture folder>. The expected values repeat tests/support/fixtures.h.
var passed = 0, failed = 0;
var folder = WScript.Arguments(0);

function check(ok, what) {
    if (ok) { passed++; } else { failed++; WScript.Echo("FAIL " + what); }
}
function fixture(name) { return folder + "\\" + name; }
function failure(action) {
    try { action(); } catch (e) { return e; }
    return null;
}
function hresult(e) { return e ? (e.number >>> 0).toString(16) : "none"; }

var fax = new ActiveXObject("FaxTiff.FaxTiff");
fax.Image = fixture("win2k.tif");
check(fax.RecipientName === "Zo\u00eb Recipient", "RecipientName " + fax.RecipientName);
check(fax.Tsid === "+1 555 0100" && fax.Csid === "+1 555 0199", "Tsid/Csid");
check(fax.SenderName === "Sam Sender" && fax.CallerId === "5550100", "SenderName/CallerId");
check(fax.Routing === "DID 4711" && fax.RecipientNumber === "+1 555 0199", "Routing/RecipientNumber");
check(fax.RawReceiveTime === 13354121220000, "RawReceiveTime (currency) " + fax.RawReceiveTime);
check(/^[^@]+@[^@]+$/.test(fax.ReceiveTime), "ReceiveTime " + fax.ReceiveTime);
check(fax.TiffTagString(257) === "1100", "TiffTagString(257) " + fax.TiffTagString(257));
check(fax.TiffTagString(40099) === "Unavailable", "absent tag");

fax.Image = fixture("spandsp.tif");
check(fax.Tsid === "+1 555 0100", "spandsp Tsid " + fax.Tsid);

var e = failure(function () { fax.Image = fixture("truncated.tif"); });
check(e && (e.number >>> 0) === 0x8007000d, "truncated: number " + hresult(e));
check(e && e.description.indexOf("truncated.tif") >= 0, "truncated: description " + (e && e.description));
check(fax.Image === fixture("spandsp.tif"), "a failed load keeps the loaded file");

e = failure(function () { fax.Image = fixture("no-such-file.tif"); });
check(e && (e.number >>> 0) === 0x80070002, "missing: number " + hresult(e));

var fresh = new ActiveXObject("FaxTiff.FaxTiff.1");
e = failure(function () { return fresh.Csid; });
check(e && (e.number >>> 0) === 0x8000ffff && e.description.indexOf("FaxTiff.Image") >= 0,
      "Csid before Image: " + hresult(e) + " " + (e && e.description));

var unicodeName = fixture("unicode-f\u00e4x-\u4f20\u771f-\u03a9.tif");
fax.Image = unicodeName;
check(fax.Image === unicodeName && fax.Tsid === "+1 555 0100", "Unicode file name " + fax.Image);

var server = new ActiveXObject("FaxServer.FaxServer");
e = failure(function () { server.Connect("127.0.0.1:1"); });
check(e && (e.number >>> 0) === 0x800704c9 && e.description.indexOf("127.0.0.1:1") >= 0,
      "FaxServer.Connect to a closed port: " + hresult(e) + " " + (e && e.description));

WScript.Echo("JScript: " + passed + " passed, " + failed + " failed");
WScript.Quit(failed);
