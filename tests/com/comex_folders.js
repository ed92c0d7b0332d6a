// FaxComEx's folders from JScript: two jobs followed by id through OutgoingQueue.GetJob to fjsCOMPLETED, a held
// job (a discount-period job: faxd's window lies at night and its clock says noon) paused and cancelled, the
// queue walked with Enumerator, the received faxes with the iterator, and the errors as exceptions. Runs after
// comex_folders.vbs against the same faxd.
// Usage: cscript comex_folders.js <fixture folder> <server>
var passed = 0, failed = 0;
var folder = WScript.Arguments(0), serverName = WScript.Arguments(1);
var fjsPENDING = 1, fjsPAUSED = 0x10, fjsCOMPLETED = 0x100, fjsCANCELED = 0x200, fstDISCOUNT_PERIOD = 2;

function check(ok, what) {
    if (ok) passed++;
    else { failed++; WScript.Echo("FAIL " + what); }
}

// The HRESULT and description of what fn throws, or null when it does not.
function failure(fn) {
    try { fn(); } catch (e) { return { hr: e.number >>> 0, text: e.description }; }
    return null;
}

var server = new ActiveXObject("FaxComEx.FaxServer");
server.Connect(serverName);
var queue = server.Folders.OutgoingQueue;
var doc = new ActiveXObject("FaxComEx.FaxDocument");
doc.Body = folder + "\\win2k.tif";
doc.DocumentName = "Report (JScript)";
doc.Recipients.Add("1002", "Erin");
doc.Recipients.Add("1002", "Frank");
var ids = new VBArray(doc.ConnectedSubmit(server)).toArray();
check(ids.length == 2, "one job id per recipient: " + ids.length);

var done = 0, polls;
for (polls = 1; polls <= 20000 && done < ids.length; polls++) {   // a bound on round trips, not a time
    done = 0;
    for (var i = 0; i < ids.length; i++)
        if (queue.GetJob(ids[i]).Status == fjsCOMPLETED) done++;
}
check(done == 2, "both jobs reached fjsCOMPLETED (" + polls + " polls)");
var job = queue.GetJob(ids[1]);
check(job.Recipient.Name == "Frank" && job.DocumentName == "Report (JScript)", "the job's recipient and document name");

doc.Recipients.Remove(2);
doc.ScheduleType = fstDISCOUNT_PERIOD;
var held = new VBArray(doc.ConnectedSubmit(server)).toArray()[0];
job = queue.GetJob(held);
check(job.Status == fjsPENDING, "the held job is pending: " + job.Status);
job.Pause();
job.Refresh();
check(job.Status == (fjsPENDING | fjsPAUSED), "paused: " + job.Status);
var seen = false;
for (var e = new Enumerator(queue.GetJobs()); !e.atEnd(); e.moveNext())
    if (e.item().Id == held) seen = true;
check(seen, "Enumerator walks the queue and finds the held job");
job.Cancel();
job.Refresh();
check(job.Status == fjsCANCELED, "cancelled: " + job.Status);
job.Cancel();
var f = failure(function () { queue.GetJob(held); });
check(f && f.hr == 0x80041B61 && f.text.indexOf(held) >= 0, "a removed job is not found: " + (f && f.text));
f = failure(function () { job.Pause(); });
check(f && f.hr == 0x800710DD, "Pause of a cancelled job is not allowed: " + (f && f.text));

var iterator = server.Folders.IncomingArchive.GetMessages(), count = 0;
for (iterator.MoveFirst(); !iterator.AtEOF; iterator.MoveNext()) {
    check(iterator.Message.Pages == 2, "a received fax has the two pages sent: " + iterator.Message.Id);
    count++;
}
check(count >= 2, "the iterator walks the received faxes: " + count);
server.Disconnect();
WScript.Echo("FaxComEx folders (JScript): " + passed + " passed, " + failed + " failed");
