// FaxComEx from JScript: the same send as comex_send.vbs in JScript's shape (VBArray for the ids, try/catch for
// the errors). One document to three recipients through ConnectedSubmit, each job found finished in faxd's doneq.
// Usage: cscript comex_send.js <fixture folder> <faxd spool folder> <server>
var passed = 0, failed = 0;
var folder = WScript.Arguments(0), spool = WScript.Arguments(1), serverName = WScript.Arguments(2);
var fso = new ActiveXObject("Scripting.FileSystemObject");

function check(ok, what) {
    if (ok) passed++;
    else { failed++; WScript.Echo("FAIL " + what); }
}

function jobFile(id) {
    var path = spool + "\\doneq\\q" + id;
    return fso.FileExists(path) ? fso.OpenTextFile(path).ReadAll() : "";
}

// The HRESULT and description of what fn throws, or null when it does not.
function failure(fn) {
    try { fn(); } catch (e) { return { hr: e.number >>> 0, text: e.description }; }
    return null;
}

var server = new ActiveXObject("FaxComEx.FaxServer");
server.Connect(serverName);
var doc = new ActiveXObject("FaxComEx.FaxDocument");
doc.Body = folder + "\\win2k.tif";
doc.DocumentName = "Report (JScript)";
doc.Sender.Name = "Alice";
doc.Recipients.Add("1002", "Bob");
doc.Recipients.Add("1002", "Carol");
doc.Recipients.Add("1002", "Dave");
doc.CoverPageType = 2;   // fcptSERVER
doc.CoverPage = "generic";
doc.Note = "From JScript";

var ids = new VBArray(doc.ConnectedSubmit(server)).toArray();
check(ids.length == 3, "one job id per recipient: " + ids.length);
var names = ["Bob", "Carol", "Dave"];
var fs = new ActiveXObject("FaxServer.FaxServer");   // the legacy object paces the wait: a round trip a poll
fs.Connect(serverName);
for (var i = 0; i < ids.length; i++) {
    var text = "";
    for (var polls = 0; polls < 20000 && (text = jobFile(ids[i])) == ""; polls++)
        fs.GetJobs();
    check(text.indexOf("\nstate:D\n") >= 0, "job " + ids[i] + " was sent");
    check(text.indexOf("\nparam:TOUSER:" + names[i] + "\n") >= 0, "job " + ids[i] + " went to " + names[i]);
    check(text.indexOf("\nparam:JOBINFO:Report (JScript)\n") >= 0, "job " + ids[i] + " carries the document name");
}
fs.Disconnect();

var f = failure(function () { new ActiveXObject("FaxComEx.FaxDocument").ConnectedSubmit(server); });
check(f && f.hr == 0x80070057 && f.text.indexOf("no recipients") >= 0,
      "no recipients: " + (f ? f.hr.toString(16) + " " + f.text : "no error"));
f = failure(function () { doc.Recipients.Item(4); });
check(f && f.hr == 0x80070057 && f.text.indexOf("1 to Count (3)") >= 0,
      "Item(4) of three: " + (f ? f.text : "no error"));
server.Disconnect();
f = failure(function () { doc.ConnectedSubmit(server); });
check(f && f.hr == 0x800708CA && f.text.indexOf("Connect first") >= 0,
      "a disconnected server: " + (f ? f.hr.toString(16) + " " + f.text : "no error"));

WScript.Echo("FaxComEx send (JScript): " + passed + " passed, " + failed + " failed");
WScript.Quit(failed);
