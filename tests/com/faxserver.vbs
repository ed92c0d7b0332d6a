' A legacy fax script against faxd: connect, send a document the way the classic samples do, watch
' the queue, then read the received fax back with FaxTiff. Then the errors a script meets.
' Usage: cscript faxserver.vbs <fixture folder> <faxd recvq folder> <server>
Option Explicit

' WScript.Sleep, falling back to waiting on Timer where the host lacks it (Wine 8's cscript).
Sub Pause(seconds)
    Dim started
    On Error Resume Next
    WScript.Sleep seconds * 1000
    If Err.Number <> 0 Then
        Err.Clear
        started = Timer
        Do While Timer - started < seconds And Timer >= started
        Loop
    End If
End Sub
Const JC_DELETE = 1, JC_PAUSE = 2, JC_RESUME = 3
Dim passed, failed, folder, inbox, serverName
passed = 0 : failed = 0
folder = WScript.Arguments(0)
inbox = WScript.Arguments(1)
serverName = WScript.Arguments(2)

Sub Check(ok, what)
    If ok Then
        passed = passed + 1
    Else
        failed = failed + 1
        WScript.Echo "FAIL " & what
    End If
End Sub

' Wine 8's VBScript has no Execute, so each failing statement runs under On Error Resume Next and
' Take keeps what it raised.
Dim errNumber, errText
Sub Take()
    errNumber = Err.Number
    errText = Err.Description
    Err.Clear
End Sub

' Send expected to fail: its error lands in errNumber/errText.
Sub TrySend(d)
    On Error Resume Next
    d.Send
    Take
End Sub

Dim fs, doc, jobId, jobs, job, found, fso, i, x
Set fso = CreateObject("Scripting.FileSystemObject")

' --- before Connect: a clear error, not a crash ---
Set fs = CreateObject("FaxServer.FaxServer")
On Error Resume Next
Set doc = fs.CreateDocument("x.tif")
Take
On Error GoTo 0
Check errNumber = &H800708CA And InStr(errText, "Connect") > 0, "CreateDocument before Connect: " & Hex(errNumber) & " " & errText
On Error Resume Next
Set jobs = fs.GetJobs
Take
On Error GoTo 0
Check errNumber = &H800708CA, "GetJobs before Connect: " & Hex(errNumber)
fs.Retries = 3            ' set before Connect, as real scripts do
fs.RetryDelay = 1
Check fs.Retries = 3 And fs.RetryDelay = 1, "Retries/RetryDelay kept before Connect"
On Error Resume Next
fs.Connect "127.0.0.1:1"
Take
On Error GoTo 0
Check errNumber = &H800704C9 And InStr(errText, "127.0.0.1:1") > 0, "Connect to a closed port: " & Hex(errNumber) & " " & errText
On Error Resume Next
fs.Connect "[::1"
Take
On Error GoTo 0
Check errNumber = &H80070057, "a malformed server name: " & Hex(errNumber)

' --- the classic send (usage examples 3 and 4) ---
fs.Connect serverName
Set doc = fs.CreateDocument(folder & "\win2k.tif")
Check doc.FileName = folder & "\win2k.tif", "CreateDocument presets FileName"
doc.FaxNumber = "1002"
doc.DisplayName = "Invoice 4711"
doc.RecipientName = "Bob Recipient"
doc.RecipientCompany = "ACME"
doc.SenderName = "Alice Sender"
doc.SenderCompany = "openfaxcom"
doc.SenderDepartment = "Testing"
doc.BillingCode = "CC-42"
doc.Tsid = "+1 555 0100"
doc.CoverpageSubject = "Your invoice"
doc.CoverpageNote = "Two pages follow."
doc.SendCoverpage = 1        ' VB passes 1 and -1 for booleans
doc.CoverpageName = ""
doc.DiscountSend = 0
Check doc.SendCoverpage <> 0 And doc.DisplayName = "Invoice 4711", "FaxDoc keeps what it is given"
jobId = doc.Send
Check jobId > 0, "Send returns a job id: " & jobId

' --- the queue: GetJobs, Count/Item, jobs(1), For Each ---
Set jobs = fs.GetJobs
found = False
For i = 1 To jobs.Count
    If jobs.Item(i).JobId = jobId Then found = True
Next
Check found Or jobs.Count = 0, "GetJobs lists the job until it is sent (" & jobs.Count & " jobs)"
If jobs.Count > 0 Then
    Set job = jobs(1)
    Check job.JobId = jobs.Item(1).JobId, "jobs(1) is jobs.Item(1)"
    Check job.Type = 1 And job.FaxNumber = "1002", "FaxJob: Type and FaxNumber"
    Dim n : n = 0
    For Each job In jobs
        n = n + 1
    Next
    Check n = jobs.Count, "For Each walks the jobs (" & n & ")"
End If
On Error Resume Next
Set job = jobs.Item(0)
Take
On Error GoTo 0
Check errNumber = &H80070057, "Item(0): " & Hex(errNumber)

' --- wait for the fax to arrive on line 1002, then read it with FaxTiff ---
Dim received, waited, f
received = ""
For waited = 1 To 3000   ' a hang guard: at least 300 s; a slow or loaded machine only polls longer
    For Each f In fso.GetFolder(inbox).Files
        If LCase(fso.GetExtensionName(f.Name)) = "tif" Then received = f.Path
    Next
    If received <> "" Then Exit For
    Pause 0.1
Next
Check received <> "", "the fax arrived in faxd's inbox (" & fso.GetFolder(inbox).Files.Count & " files there after " _
    & (waited - 1) & " polls 0.1 s apart)"
If received <> "" Then
    Dim tiff : Set tiff = CreateObject("FaxTiff.FaxTiff")
    tiff.Image = received
    Check tiff.Tsid = "+1 555 0100", "the received fax carries the document's TSID: " & tiff.Tsid
    Check tiff.Csid = "1002", "and the receiving line's CSID: " & tiff.Csid
    Check tiff.TiffTagString(297) = "0 3", "a cover page and the 2 pages arrived: PageNumber " & tiff.TiffTagString(297)
End If

' --- JC_ commands on a job that waits for the discount window: a window at night, and faxd's test
' clock (FAXD_TEST_TIME_OF_DAY) says noon, so the job waits whatever hour this runs at ---
fs.DiscountRateStartHour = 22
fs.DiscountRateStartMinute = 0
fs.DiscountRateEndHour = 6
fs.DiscountRateEndMinute = 0
Set doc = fs.CreateDocument(folder & "\win2k.tif")
doc.FaxNumber = "1002"
doc.DiscountSend = True
Dim held : held = doc.Send
Set job = Nothing
For Each f In fs.GetJobs
    If f.JobId = held Then Set job = f
Next
Check Not job Is Nothing, "the discount job waits in the queue"
If Not job Is Nothing Then
    Check job.DiscountSend <> 0 And job.BillingCode = "" And job.UserName <> "", "FaxJob: DiscountSend, BillingCode, UserName"
    job.SetStatus JC_PAUSE
    job.Refresh
    Check job.QueueStatus = "Paused", "JC_PAUSE: " & job.QueueStatus
    job.SetStatus JC_RESUME
    job.Refresh
    Check job.QueueStatus = "Pending", "JC_RESUME: " & job.QueueStatus
    On Error Resume Next
job.SetStatus 9
Take
On Error GoTo 0
    Check errNumber = &H80070057 And InStr(errText, "JC_DELETE") > 0, "SetStatus 9: " & errText
    job.SetStatus JC_DELETE
    On Error Resume Next
job.Refresh
Take
On Error GoTo 0
    Check errNumber = &H80070490, "JC_DELETE: the job is gone, Refresh says so: " & errText
End If

' --- errors at Send: clear, and no job left half-submitted ---
Set doc = fs.CreateDocument(folder & "\no-such-file.tif")
doc.FaxNumber = "1002"
TrySend doc
Check errNumber = &H80070002 And InStr(errText, "no-such-file.tif") > 0, "a missing file: " & errText
Set doc = fs.CreateDocument(folder & "\win2k.tif")
TrySend doc
Check errNumber = &H80070057 And InStr(errText, "FaxNumber") > 0, "an empty FaxNumber: " & errText
doc.FaxNumber = "1002"
doc.SendCoverpage = True
doc.CoverpageName = "C:\fax\confidential.cov"
TrySend doc
Check errNumber = &H80070032 And InStr(errText, ".cov") > 0, "a .cov template says it cannot be rendered: " & errText
Set doc = fs.CreateDocument(folder & "\folder.tif")
doc.FaxNumber = "1002"
TrySend doc
Check errNumber = &H80070005 And InStr(errText, "folder.tif") > 0, "a folder as the document: " & errText
Set doc = fs.CreateDocument(folder & "\empty.tif")
doc.FaxNumber = "1002"
TrySend doc
Check errNumber = &H8007000B And InStr(errText, "empty.tif") > 0, "an empty file is not a document: " & errText

' --- Disconnect: children fail cleanly afterwards ---
fs.Disconnect
On Error Resume Next
x = jobs.Item(1).BillingCode
Take
On Error GoTo 0
Check errNumber = &H800708CA Or jobs.Count = 0, "a child after Disconnect: " & Hex(errNumber)
TrySend doc
Check errNumber = &H800708CA, "Send after Disconnect: " & Hex(errNumber) & " " & errText
fs.Connect serverName       ' and Connect again works
Set jobs = fs.GetJobs
Check jobs.Count >= 0, "reconnected"
fs.Disconnect
fs.Disconnect               ' twice is harmless

WScript.Echo "FaxServer VBScript: " & passed & " passed, " & failed & " failed"
WScript.Quit failed
