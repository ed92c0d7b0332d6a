' FaxComEx from VBScript, the send path as scripts in the wild write it: a FaxComEx.FaxServer connects, a
' FaxComEx.FaxDocument with a body, a cover page and a sender goes to three recipients through ConnectedSubmit,
' whose job ids are tracked until faxd has sent each (the legacy FaxServer.FaxServer's GetJobs paces the polls;
' the finished job files in faxd's doneq say what was sent). Then Submit(""), a scheduled and a discount-period
' job, the default sender round trip through the registry, and every error a script can meet.
' Usage: cscript comex_send.vbs <fixture folder> <faxd spool folder> <server> <refusing server> <closed port server>
' Submit("") reaches the local server: the harness sets FAXCOM_SERVER to <server> for this run.
Option Explicit
Const fcptNONE = 0, fcptLOCAL = 1, fcptSERVER = 2
Const fstNOW = 0, fstSPECIFIC_TIME = 1, fstDISCOUNT_PERIOD = 2
Const fptLOW = 0, fptNORMAL = 1, fptHIGH = 2
Const frtNONE = 0, frtMAIL = 1, frtMSGBOX = 4
Const JC_DELETE = 1
Const E_INVALIDARG = &H80070057, E_POINTER = &H80004003
Const FILE_NOT_FOUND = &H80070002, NOT_SUPPORTED = &H80070032, NOT_CONNECTED = &H800708CA
Const ACCESS_DENIED = &H80070005, CONNECTION_REFUSED = &H800704C9

Dim passed, failed, folder, spool, serverName, refusingServer, closedServer, fso
passed = 0 : failed = 0
folder = WScript.Arguments(0)
spool = WScript.Arguments(1)
serverName = WScript.Arguments(2)
refusingServer = WScript.Arguments(3)
closedServer = WScript.Arguments(4)
Set fso = CreateObject("Scripting.FileSystemObject")

Sub Check(ok, what)
    If ok Then
        passed = passed + 1
    Else
        failed = failed + 1
        WScript.Echo "FAIL " & what
    End If
End Sub

' A faxd job file (sendq or doneq) as text, "" when it is not there.
Function JobFile(queue, id)
    Dim path : path = spool & "\" & queue & "\q" & id
    JobFile = ""
    If fso.FileExists(path) Then JobFile = fso.OpenTextFile(path).ReadAll
End Function

Function HasLine(text, line)
    HasLine = InStr(vbLf & text, vbLf & line & vbLf) > 0
End Function

' A job parameter as faxd keeps it ("param:NAME:value").
Function HasParam(text, name, value)
    HasParam = HasLine(text, "param:" & name & ":" & value)
End Function

' ---- one document, three recipients ----
Dim server, doc, ids, id, count, legacy
Set server = CreateObject("FaxComEx.FaxServer")
Check server.ServerName = "", "ServerName is empty before Connect"
server.Connect serverName
Check server.ServerName = serverName, "ServerName is what Connect was given: " & server.ServerName
Check server.APIVersion = &H20000, "APIVersion is fsAPI_VERSION_2: " & Hex(server.APIVersion)
Check server.MajorVersion = 0 And server.MinorVersion = 1 And server.Debug = False, _
    "faxd's version 0.1, not a debug build: " & server.MajorVersion & "." & server.MinorVersion
Check server.registeredevents = 0, "no events registered (names in any case)"

Set doc = CreateObject("FaxComEx.FaxDocument")
Check doc.Priority = fptLOW And doc.ScheduleType = fstNOW And doc.CoverPageType = fcptNONE _
    And doc.ReceiptType = frtNONE And doc.Body = "", "a new FaxDocument has the spec's defaults"
doc.Body = folder & "\win2k.tif"
doc.DocumentName = "Report"
doc.Subject = "Quarterly figures"
doc.Note = "Three pages follow."
doc.Sender.Name = "Alice"
doc.Sender.FaxNumber = "5550100"
doc.Sender.Company = "Example Ltd"
doc.Sender.TSID = "+1 555 0100"
doc.Recipients.Add "1002", "Bob"
doc.Recipients.Add "1002", "Carol"
doc.Recipients.Add "1002"
doc.Recipients(3).Name = "Dave"
Check doc.Recipients.Count = 3, "three recipients: " & doc.Recipients.Count
Check doc.Recipients.Item(2).Name = "Carol" And doc.Recipients(3).Name = "Dave", "Item is 1-based and the default member"
Dim names, r
names = ""
For Each r In doc.Recipients
    names = names & r.Name & ";"
Next
Check names = "Bob;Carol;Dave;", "For Each walks the recipients in order: " & names
doc.CoverPageType = fcptSERVER
doc.CoverPage = "generic"
doc.Priority = fptHIGH
doc.ReceiptType = frtMAIL
doc.ReceiptAddress = "alice@example.com"
Check doc.Sender.Name = "Alice" And doc.coverpagetype = fcptSERVER And doc.PRIORITY = fptHIGH, _
    "FaxDocument keeps what it is given"

ids = doc.ConnectedSubmit(server)
Check IsArray(ids), "ConnectedSubmit returns an array"
Check UBound(ids) - LBound(ids) + 1 = 3, "one job id per recipient: " & (UBound(ids) - LBound(ids) + 1)
count = 0
Dim idList : idList = ""
For Each id In ids
    count = count + 1
    idList = idList & id & " "
    Check CLng(id) > 0, "job id " & count & " is a number: " & id
Next
Check count = 3, "For Each reads the ids: " & idList
WScript.Echo "job ids: " & idList

' Track every job until faxd has finished it; each GetJobs is a round trip that paces the wait, and the bound
' is a count, so nothing depends on the clock.
Set legacy = CreateObject("FaxServer.FaxServer")
legacy.Connect serverName
Dim polls, allDone, job, queued
For polls = 1 To 20000
    allDone = True
    For Each id In ids
        If JobFile("doneq", id) = "" Then allDone = False
    Next
    If allDone Then Exit For
    queued = 0
    For Each job In legacy.GetJobs
        For Each id In ids
            If CStr(job.JobId) = id Then queued = queued + 1
        Next
    Next
Next
Check allDone, "faxd finished all three jobs (" & polls & " polls)"
Dim recipientsSent : recipientsSent = Array("Bob", "Carol", "Dave")
count = 0
For Each id In ids
    Dim text : text = JobFile("doneq", id)
    Check HasLine(text, "state:D") And HasLine(text, "pages_sent:3"), _
        "job " & id & " was sent (state D): its cover page and the body's two pages"
    Check HasParam(text, "TOUSER", recipientsSent(count)), "job " & id & " went to " & recipientsSent(count)
    Check HasParam(text, "DIALSTRING", "1002") And HasParam(text, "FROMUSER", "Alice") And HasParam(text, "JOBINFO", "Report") _
        And HasParam(text, "REGARDING", "Quarterly figures") And HasParam(text, "TSI", "+1 555 0100"), _
        "job " & id & " carries the number, sender, document name, subject and TSID"
    Check HasParam(text, "SCHEDPRI", "63"), "fptHIGH is a high scheduling priority"
    Check HasParam(text, "NOTIFY", "done") And HasParam(text, "NOTIFYADDR", "alice@example.com"), "frtMAIL asks for a receipt"
    Check InStr(text, "document:docq/cover") > 0, "job " & id & " has its own cover page, first"
    count = count + 1
Next

' ---- Submit(""): connects to the local server, submits, disconnects ----
Dim doc2
Set doc2 = CreateObject("FaxComEx.FaxDocument")
doc2.Body = folder & "\win2k.tif"
doc2.Recipients.Add "1002", "Erin"
ids = doc2.Submit("")
Check UBound(ids) = 0, "Submit returns one id for one recipient"
Check JobFile("sendq", ids(0)) <> "" Or JobFile("doneq", ids(0)) <> "", "Submit's job is in faxd's queue: " & ids(0)

' ---- a cover page alone, the local built-in one ----
Set doc2 = CreateObject("FaxComEx.FaxDocument")
doc2.CoverPageType = fcptLOCAL
doc2.Note = "Only a cover page."
doc2.Recipients.Add "1002", "Frank"
ids = doc2.ConnectedSubmit(server)
text = JobFile("sendq", ids(0)) & JobFile("doneq", ids(0))
Check InStr(text, "document:docq/cover") > 0 And InStr(text, "document:docq/doc") = 0, _
    "a document without a body sends its cover page alone"

' ---- scheduled jobs stay queued: a time in 2099, and the discount period (faxd's window is at night and
' its clock says noon) ----
Set doc2 = CreateObject("FaxComEx.FaxDocument")
doc2.Body = folder & "\win2k.tif"
doc2.Recipients.Add "1002", "Grace"
doc2.ScheduleType = fstSPECIFIC_TIME
doc2.ScheduleTime = DateSerial(2099, 1, 2) + TimeSerial(3, 4, 0)
ids = doc2.ConnectedSubmit(server)
Check HasParam(JobFile("sendq", ids(0)), "SENDTIME", "209901020304"), "fstSPECIFIC_TIME sends at ScheduleTime (UTC)"
Dim scheduled : scheduled = ids(0)
doc2.ScheduleType = fstDISCOUNT_PERIOD
ids = doc2.ConnectedSubmit(server)
Check HasParam(JobFile("sendq", ids(0)), "SCHEDULE", "discount"), "fstDISCOUNT_PERIOD waits for the discount window"
For Each job In legacy.GetJobs
    If CStr(job.JobId) = scheduled Or CStr(job.JobId) = ids(0) Then job.SetStatus JC_DELETE
Next
legacy.Disconnect

' ---- the default sender, through HKCU ----
Dim shell
Set shell = CreateObject("WScript.Shell")
doc.Sender.SaveDefaultSender
Check shell.RegRead("HKCU\Software\openfaxcom\FaxComEx\DefaultSender\Name") = "Alice", _
    "SaveDefaultSender writes the current user's registry"
Set doc2 = CreateObject("FaxComEx.FaxDocument")
Check doc2.Sender.Name = "", "a new document's sender is empty"
doc2.Sender.LoadDefaultSender
Check doc2.Sender.Name = "Alice" And doc2.Sender.FaxNumber = "5550100" And doc2.Sender.Company = "Example Ltd" _
    And doc2.Sender.TSID = "+1 555 0100", "LoadDefaultSender reads every field back"

' ---- errors: Err.Number and Err.Description ----
Dim errNumber, errText
Sub Try(expected, words, what)
    errNumber = Err.Number : errText = Err.Description
    Err.Clear
    Check errNumber = expected And InStr(errText, words) > 0, what & ": 0x" & Hex(errNumber) & " " & errText
End Sub

On Error Resume Next
Set doc2 = CreateObject("FaxComEx.FaxDocument")
doc2.Body = folder & "\win2k.tif"
ids = doc2.ConnectedSubmit(server)
Try E_INVALIDARG, "no recipients", "no recipients"
Set r = doc2.Recipients(1)
Try E_INVALIDARG, "1 to Count (0)", "Recipients(1) of none"
doc2.Recipients.Add "1002", "Heidi"
doc2.Recipients.Remove 2
Try E_INVALIDARG, "Remove(2)", "Remove past the end"
doc2.Recipients.Add ""
Try E_INVALIDARG, "fax number is empty", "Add without a number"
doc2.Body = folder & "\no such file.tif"
ids = doc2.ConnectedSubmit(server)
Try FILE_NOT_FOUND, "does not exist", "a body that does not exist"
doc2.Body = ""
ids = doc2.ConnectedSubmit(server)
Try E_INVALIDARG, "nothing to send", "no body and no cover page"
doc2.Body = folder & "\win2k.tif"
doc2.CoverPageType = fcptSERVER
doc2.CoverPage = "fancy"
ids = doc2.ConnectedSubmit(server)
Try FILE_NOT_FOUND, "server cover page 'fancy'", "a server cover page that does not exist"
doc2.CoverPageType = fcptNONE
doc2.ScheduleType = fstSPECIFIC_TIME
ids = doc2.ConnectedSubmit(server)
Try E_INVALIDARG, "ScheduleTime is not set", "a specific time without a time"
doc2.ScheduleType = fstNOW
doc2.ReceiptType = frtMSGBOX
ids = doc2.ConnectedSubmit(server)
Try NOT_SUPPORTED, "frtMSGBOX", "a message-box receipt"
doc2.ReceiptType = frtMAIL
ids = doc2.ConnectedSubmit(server)
Try E_INVALIDARG, "ReceiptAddress is empty", "a mail receipt without an address"
doc2.ReceiptType = frtNONE
doc2.Priority = 7
Try E_INVALIDARG, "fptHIGH", "a priority outside the enum"
doc2.CallHandle = 5
Try NOT_SUPPORTED, "TAPI", "a TAPI call handle"
ids = doc2.ConnectedSubmit(Nothing)
Try E_POINTER, "no FaxServer", "ConnectedSubmit(Nothing)"
Dim folders
Set folders = server.Folders
Check Err.Number = 0 And Not folders Is Nothing, "FaxServer.Folders is built (comex_folders.vbs tests it)"
server.ListenToServerEvents &H400
Try E_INVALIDARG, "fset", "ListenToServerEvents with a flag that does not exist (comex_events.vbs has the rest)"

server.Disconnect
Check server.ServerName = "", "ServerName is empty after Disconnect"
ids = doc2.ConnectedSubmit(server)
Try NOT_CONNECTED, "FaxServer.Connect first", "ConnectedSubmit on a disconnected server"
server.Disconnect
Try NOT_CONNECTED, "FaxServer.Disconnect", "Disconnect twice"
Dim version : version = server.MajorVersion
Try NOT_CONNECTED, "FaxServer.MajorVersion", "versions need a connection"
server.Connect refusingServer
Try ACCESS_DENIED, "asks user", "a server that refuses the user without a password"
server.Connect closedServer
Try CONNECTION_REFUSED, "Connect on fax server", "a server that is not there"
ids = doc2.Submit(closedServer)
Try CONNECTION_REFUSED, "Connect on fax server", "Submit to a server that is not there"
server.Connect "[::1"
Try E_INVALIDARG, "is not a server name", "a malformed server name"
On Error GoTo 0

WScript.Echo "FaxComEx send (VBScript): " & passed & " passed, " & failed & " failed"
WScript.Quit failed
