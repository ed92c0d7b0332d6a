// JScript against faxd: every member of FaxServer, FaxDoc, FaxJobs/FaxJob, FaxPorts/FaxPort, FaxStatus
// and the routing methods read or called at least once, with JScript's error objects on failure.
// Usage: cscript faxserver.js <fixture folder> <inbox> <server>
var passed = 0, failed = 0;
var folder = WScript.Arguments(0), server = WScript.Arguments(2);

function check(ok, what) {
    if (ok) { passed++; } else { failed++; WScript.Echo("FAIL " + what); }
}
function failure(action) {
    try { action(); } catch (e) { return e; }
    return null;
}
function hex(e) { return e ? (e.number >>> 0).toString(16) : "none"; }

var fs = new ActiveXObject("FaxServer.FaxServer");
fs.Connect(server);

// FaxServer: every configuration property read back after a write.
var settings = { Retries: 4, RetryDelay: 7, DirtyDays: 2, Branding: 1, UseDeviceTsid: 0, ServerCoverpage: 0,
                 PauseServerQueue: 0, ArchiveOutboundFaxes: 0, ServerMapiProfile: "js profile",
                 DiscountRateStartHour: 21, DiscountRateStartMinute: 5, DiscountRateEndHour: 5, DiscountRateEndMinute: 55 };
for (var name in settings) {
    fs[name] = settings[name];
    check(fs[name] == settings[name], "FaxServer." + name + " = " + fs[name]);
}
fs.Branding = 0;
check(typeof fs.ArchiveDirectory == "string", "ArchiveDirectory reads");

// FaxDoc: every text property round-trips, the booleans and CallHandle too.
var doc = fs.CreateDocument(folder + "\\win2k.tif");
var texts = ["CoverpageName", "RecipientName", "RecipientCompany", "RecipientAddress", "RecipientCity",
             "RecipientState", "RecipientZip", "RecipientCountry", "RecipientTitle", "RecipientDepartment",
             "RecipientOffice", "RecipientHomePhone", "RecipientOfficePhone", "SenderName", "SenderCompany",
             "SenderAddress", "SenderTitle", "SenderDepartment", "SenderOffice", "SenderHomePhone",
             "SenderOfficePhone", "CoverpageNote", "CoverpageSubject", "Tsid", "BillingCode", "EmailAddress",
             "DisplayName", "FaxNumber", "SenderFax"];
for (var i = 0; i < texts.length; i++) {
    doc[texts[i]] = texts[i] + " \u00e9";
    check(doc[texts[i]] == texts[i] + " \u00e9", "FaxDoc." + texts[i]);
}
doc.CoverpageName = "";
doc.Tsid = "+1 555 0100";
doc.FaxNumber = "1002";
doc.SendCoverpage = 1; doc.ServerCoverpage = 0; doc.DiscountSend = 1;
check(doc.SendCoverpage != 0 && doc.ServerCoverpage == 0 && doc.DiscountSend != 0, "FaxDoc booleans");
check(doc.CallHandle == 0, "CallHandle reads 0");
var e = failure(function () { doc.CallHandle = 5; });
check(e && (e.number >>> 0) == 0x80070032, "CallHandle cannot be used: " + hex(e));
check(doc.FileName == folder + "\\win2k.tif", "FileName");
var id = doc.Send();            // waits for the window set above: faxd's test clock says noon
check(id > 0, "Send returns " + id);

// A document with a Unicode file name is sent too (held for the window, then deleted).
var unicodeDoc = fs.CreateDocument(folder + "\\unicode-f\u00e4x-\u4f20\u771f-\u03a9.tif");
unicodeDoc.FaxNumber = "1002";
unicodeDoc.DiscountSend = 1;
var unicodeId = unicodeDoc.Send();
check(unicodeId > 0 && unicodeDoc.FileName.indexOf("\u4f20\u771f") > 0, "a Unicode file name is sent: job " + unicodeId);

// FaxJobs / FaxJob: every property of the held job, then SetStatus and Refresh.
var jobs = fs.GetJobs(), job = null;
for (var en = new Enumerator(jobs); !en.atEnd(); en.moveNext())
    if (en.item().JobId == id) job = en.item();
check(job != null, "the job is in GetJobs (" + jobs.Count + " jobs)");
if (job) {
    check(job.Type == 1 && job.FaxNumber == "1002" && job.UserName.length > 0, "JobId/Type/FaxNumber/UserName");
    check(job.QueueStatus == "Pending" && job.DeviceStatus == "Unknown", "QueueStatus " + job.QueueStatus +
          ", DeviceStatus " + job.DeviceStatus);
    check(job.PageCount >= 0 && job.RecipientName.length > 0 && job.SenderName.length > 0, "PageCount and names");
    check(job.Tsid == "+1 555 0100" && job.BillingCode.length > 0 && job.SenderCompany.length > 0
          && job.SenderDept.length > 0 && job.DisplayName.length > 0 && job.DiscountSend != 0,
          "Tsid/BillingCode/SenderCompany/SenderDept/DisplayName/DiscountSend");
    job.SetStatus(2); job.Refresh();
    check(job.QueueStatus == "Paused", "SetStatus(JC_PAUSE) " + job.QueueStatus);
    job.SetStatus(3); job.Refresh();
    check(job.QueueStatus != "Paused", "SetStatus(JC_RESUME) " + job.QueueStatus);
    job.SetStatus(1);
    e = failure(function () { job.Refresh(); });
    check(e && (e.number >>> 0) == 0x80070490, "SetStatus(JC_DELETE), then Refresh: " + hex(e));
}
for (var en2 = new Enumerator(fs.GetJobs()); !en2.atEnd(); en2.moveNext())
    if (en2.item().JobId == unicodeId) en2.item().SetStatus(1);
e = failure(function () { jobs.Item(jobs.Count + 1); });
check(e && (e.number >>> 0) == 0x80070057, "Item past Count: " + hex(e));

// FaxPorts / FaxPort / FaxStatus / routing methods.
var ports = fs.GetPorts();
check(ports.Count == 2, "GetPorts: " + ports.Count);
var port = ports.Item(1);
check(port.Name.length > 0 && port.DeviceId > 0 && port.Rings > 0 && port.Priority > 0, "Name/DeviceId/Rings/Priority");
check(port.Csid.length > 0 && port.Tsid.length > 0 && port.Send != 0 && port.Receive != 0 && port.CanModify != 0,
      "Csid/Tsid/Send/Receive/CanModify");
port.Receive = 0; check(fs.GetPorts().Item(1).Receive == 0, "Receive off");
port.Receive = 1; check(fs.GetPorts().Item(1).Receive != 0, "Receive on");
var st = port.GetStatus();
check(st.DeviceName == port.Name && st.DeviceId == port.DeviceId && st.CurrentPage == 0 && st.PageCount == 0,
      "FaxStatus of an idle port");
check(st.Send == 0 && st.Receive == 0 && st.Address == "" && st.CallerId == "" && st.RoutingString == ""
      && st.DocumentName == "" && st.DocumentSize == 0 && st.SenderName == "" && st.RecipientName == "",
      "FaxStatus: nothing in progress");
check(typeof st.Csid == "string" && typeof st.Tsid == "string" && st.Description.length > 0, "Csid/Tsid/Description");
// a DATE reaches JScript as a date: 0 is 1899-12-30
function isZeroDate(d) { return new Date(d).getFullYear() == 1899; }
check(isZeroDate(st.StartTime) && isZeroDate(st.SubmittedTime) && isZeroDate(st.ElapsedTime), "no times while idle");
st.Refresh();
var methods = port.GetRoutingMethods();
check(methods.Count == 3, "routing methods: " + methods.Count);
var m = methods.Item(1);
check(m.Guid.charAt(0) == "{" && m.DeviceId == port.DeviceId && m.DeviceName == port.Name && m.FriendlyName.length > 0
      && m.FunctionName.length > 0 && m.ImageName.length > 0 && m.ExtensionName.length > 0
      && typeof m.RoutingData == "string" && typeof m.Enable == "number", "FaxRoutingMethod members");

fs.Disconnect();
e = failure(function () { fs.GetJobs(); });
check(e && (e.number >>> 0) == 0x800708ca, "GetJobs after Disconnect: " + hex(e));

WScript.Echo("FaxServer JScript: " + passed + " passed, " + failed + " failed");
WScript.Quit(failed);
