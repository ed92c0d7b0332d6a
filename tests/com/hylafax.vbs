' faxcom.dll against a stock HylaFAX server (hfaxd + faxq, no modem: jobs wait in the queue), the way a
' legacy script uses it: send a TIFF and a plain-text letter, watch the queue, pause, resume and delete a
' job; then what a HylaFAX server cannot do must fail with a clear error. One job is left in the queue
' for tests/interop/run-faxcom-hylafax to find with HylaFAX's own faxstat ("KEPT <job> <number>").
' Usage: cscript hylafax.vbs <fixture folder> <plain text file> <server host:port> <expected owner>
Option Explicit

Const JC_DELETE = 1, JC_PAUSE = 2, JC_RESUME = 3
Const TIFF_NUMBER = "5550101", TEXT_NUMBER = "5550102", DISCOUNT_NUMBER = "5550103"
Dim passed, failed, folder, textFile, serverName, owner
passed = 0 : failed = 0
folder = WScript.Arguments(0)
textFile = WScript.Arguments(1)
serverName = WScript.Arguments(2)
owner = WScript.Arguments(3)

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

Sub Finish()
    WScript.Echo "faxcom.dll against HylaFAX (VBScript): " & passed & " passed, " & failed & " failed"
    WScript.Quit failed
End Sub

' The job with this id in a fresh GetJobs of server, or Nothing.
Function FindJob(server, id)
    Dim j
    Set FindJob = Nothing
    For Each j In server.GetJobs
        If j.JobId = id Then Set FindJob = j
    Next
End Function

' The job as a new connection sees it: hfaxd keeps a per-session copy of every job it has read, so only
' a new session is sure to show the state faxq has on disk.
Function FreshJob(id)
    Dim other
    Set other = CreateObject("FaxServer.FaxServer")
    other.Connect serverName
    Set FreshJob = FindJob(other, id)
    other.Disconnect
End Function

Function Describe(j)
    If j Is Nothing Then
        Describe = "(not in the queue)"
    Else
        Describe = "job " & j.JobId & ": " & j.QueueStatus & ", number " & j.FaxNumber & ", owner " & j.UserName _
            & ", recipient " & j.RecipientName & ", sender " & j.SenderName & ", display name " & j.DisplayName _
            & ", pages " & j.PageCount
    End If
End Function

Dim fs, doc, tiffJob, textJob, jobs, job, other, i, n, x

' --- Connect, then the two documents ---
Set fs = CreateObject("FaxServer.FaxServer")
fs.Retries = 4
fs.RetryDelay = 3
On Error Resume Next
fs.Connect serverName
Take
On Error GoTo 0
Check errNumber = 0, "Connect """ & serverName & """: " & Hex(errNumber) & " " & errText
If errNumber <> 0 Then Finish

' --- GetPorts reads HylaFAX's modem status: this test server has no modem, so no port, and no error ---
Dim hylafaxPorts, hylafaxPort, portCount
On Error Resume Next
Set hylafaxPorts = fs.GetPorts
Take
On Error GoTo 0
Check errNumber = 0, "GetPorts on HylaFAX: " & Hex(errNumber) & " " & errText
If errNumber = 0 Then
    portCount = 0
    For Each hylafaxPort In hylafaxPorts
        portCount = portCount + 1
    Next
    Check hylafaxPorts.Count = 0 And portCount = 0, "HylaFAX without modems has no ports: " & hylafaxPorts.Count
End If

' --- Connect while connected reconnects cleanly ---
On Error Resume Next
fs.Connect serverName
Take
On Error GoTo 0
Check errNumber = 0, "Connect again while connected: " & Hex(errNumber) & " " & errText

Set doc = fs.CreateDocument(folder & "\win2k.tif")
doc.FaxNumber = TIFF_NUMBER
doc.RecipientName = "Bob Recipient"
doc.RecipientCompany = "ACME"
doc.SenderName = "Alice Sender"
doc.SenderCompany = "openfaxcom"
doc.DisplayName = "Invoice 4711"
doc.CoverpageSubject = "Your invoice"
doc.Tsid = "+1 555 0100"
On Error Resume Next
tiffJob = doc.Send
Take
On Error GoTo 0
Check errNumber = 0 And tiffJob > 0, "Send of a TIFF returns a job id: " & tiffJob & " " & Hex(errNumber) & " " & errText

' Plain text: faxcom.dll makes PostScript of it (HylaFAX takes no text). Fields the TIFF job had are left
' empty here, so the job must not show the TIFF job's values.
Set doc = fs.CreateDocument(textFile)
doc.FaxNumber = TEXT_NUMBER
doc.RecipientName = "Carol Recipient"
doc.SenderName = "Alice Sender"
doc.SendCoverpage = True
doc.CoverpageNote = "A letter follows."
On Error Resume Next
textJob = doc.Send
Take
On Error GoTo 0
Check errNumber = 0 And textJob > 0, "Send of a plain-text file with a cover page returns a job id: " & textJob _
    & " " & Hex(errNumber) & " " & errText
Check tiffJob <> textJob, "two jobs, two ids (" & tiffJob & ", " & textJob & ")"

' --- GetJobs: Count, Item(i), For Each, and the jobs' values ---
Set jobs = fs.GetJobs
Check jobs.Count >= 2, "GetJobs lists the two jobs (" & jobs.Count & " jobs)"
n = 0
For Each job In jobs
    n = n + 1
    If n <= jobs.Count Then Check jobs.Item(n).JobId = job.JobId, "For Each and Item(" & n & ") agree"
Next
Check n = jobs.Count, "For Each walks Count jobs (" & n & " of " & jobs.Count & ")"
Dim tiffRow, textRow
Set tiffRow = Nothing : Set textRow = Nothing
For i = 1 To jobs.Count
    If jobs.Item(i).JobId = tiffJob Then Set tiffRow = jobs.Item(i)
    If jobs.Item(i).JobId = textJob Then Set textRow = jobs(i)
Next
Check Not tiffRow Is Nothing And Not textRow Is Nothing, "both jobs are in GetJobs"
If Not tiffRow Is Nothing Then
    WScript.Echo "  TIFF " & Describe(tiffRow)
    Check tiffRow.FaxNumber = TIFF_NUMBER, "TIFF job FaxNumber: " & tiffRow.FaxNumber
    Check tiffRow.UserName = owner, "TIFF job UserName is the login, " & owner & ": " & tiffRow.UserName
    Check tiffRow.RecipientName = "Bob Recipient" And tiffRow.SenderName = "Alice Sender" _
        And tiffRow.DisplayName = "Invoice 4711", "TIFF job RecipientName/SenderName/DisplayName: " & Describe(tiffRow)
    Check tiffRow.Type = 1, "FaxJob.Type is JT_SEND"
    ' Read with JPARM queries; HylaFAX has no BILLINGCODE (faxd's extension): empty, not an error.
    On Error Resume Next
    x = tiffRow.Tsid & "|" & tiffRow.SenderCompany & "|" & tiffRow.BillingCode & "|" & CStr(tiffRow.DiscountSend <> 0)
    Take
    On Error GoTo 0
    Check errNumber = 0 And x = "+1 555 0100|openfaxcom||False", "TIFF job Tsid|SenderCompany|BillingCode|DiscountSend: " _
        & x & " " & Hex(errNumber) & " " & errText
    Check tiffRow.QueueStatus = "Pending", "TIFF job QueueStatus right after Send, same connection (hfaxd's " _
        & "session copy of a job it submitted says suspended): " & tiffRow.QueueStatus
End If
If Not textRow Is Nothing Then
    WScript.Echo "  text " & Describe(textRow)
    Check textRow.FaxNumber = TEXT_NUMBER, "text job FaxNumber (a second JNEW in one HylaFAX session inherits the " _
        & "previous job's values unless JOB DEFAULT comes first): " & textRow.FaxNumber
    Check textRow.RecipientName = "Carol Recipient", "text job RecipientName: " & textRow.RecipientName
    Check textRow.DisplayName = "", "text job DisplayName is empty, not the TIFF job's: """ & textRow.DisplayName & """"
    Check textRow.UserName = owner, "text job UserName: " & textRow.UserName
    On Error Resume Next
    x = textRow.Tsid & "|" & textRow.SenderCompany
    Take
    On Error GoTo 0
    Check errNumber = 0 And x = "|", "text job Tsid|SenderCompany are empty, not the TIFF job's: " & x & " " & errText
End If
' What a new session sees: the jobs wait for a modem.
Set job = FreshJob(tiffJob)
Check Not job Is Nothing, "a new connection sees the TIFF job"
If Not job Is Nothing Then Check job.QueueStatus = "Pending", "TIFF job QueueStatus from a new connection: " _
    & job.QueueStatus
Set job = FreshJob(textJob)
Check Not job Is Nothing, "a new connection sees the text job"
If Not job Is Nothing Then Check job.QueueStatus = "Pending" And job.FaxNumber = TEXT_NUMBER, _
    "text job from a new connection: " & Describe(job)

' --- SetStatus on the TIFF job: pause, resume, delete ---
If Not tiffRow Is Nothing Then
    Set job = tiffRow
    On Error Resume Next
    job.SetStatus JC_PAUSE
    Take
    On Error GoTo 0
    Check errNumber = 0, "SetStatus JC_PAUSE: " & Hex(errNumber) & " " & errText
    job.Refresh
    Check job.QueueStatus = "Paused", "JC_PAUSE, Refresh: " & job.QueueStatus
    Set other = FreshJob(tiffJob)
    If Not other Is Nothing Then Check other.QueueStatus = "Paused", "JC_PAUSE, from a new connection: " _
        & other.QueueStatus
    On Error Resume Next
    job.SetStatus JC_RESUME
    Take
    On Error GoTo 0
    Check errNumber = 0, "SetStatus JC_RESUME: " & Hex(errNumber) & " " & errText
    job.Refresh
    Check job.QueueStatus <> "Paused", "JC_RESUME, Refresh on the same connection: " & job.QueueStatus
    Set other = FreshJob(tiffJob)
    Check Not other Is Nothing, "the resumed job is still queued"
    If Not other Is Nothing Then Check other.QueueStatus <> "Paused", "JC_RESUME, from a new connection: " _
        & other.QueueStatus
    On Error Resume Next
    job.SetStatus JC_DELETE
    Take
    On Error GoTo 0
    Check errNumber = 0, "SetStatus JC_DELETE: " & Hex(errNumber) & " " & errText
    On Error Resume Next
    job.Refresh
    Take
    On Error GoTo 0
    Check errNumber = &H80070490, "JC_DELETE: Refresh says the job is gone: " & Hex(errNumber) & " " & errText
    Check FindJob(fs, tiffJob) Is Nothing, "JC_DELETE: GetJobs no longer lists the job"
    Check FreshJob(tiffJob) Is Nothing, "JC_DELETE: nor does a new connection"
End If

' --- what HylaFAX cannot do: clear errors, no job left behind ---
Dim before, discountJob
before = fs.GetJobs.Count
Set doc = fs.CreateDocument(folder & "\win2k.tif")
doc.FaxNumber = DISCOUNT_NUMBER
doc.DiscountSend = True
discountJob = 0
On Error Resume Next
discountJob = doc.Send
Take
On Error GoTo 0
WScript.Echo "  DiscountSend: " & Hex(errNumber) & " " & errText
Check errNumber <> 0 And discountJob = 0, "DiscountSend = True: Send fails (" & Hex(errNumber) & ", job " & discountJob & ")"
Check errNumber = &H80070032 And InStr(errText, "HylaFAX") > 0 And InStr(errText, "DiscountSend") > 0, _
    "DiscountSend: ERROR_NOT_SUPPORTED naming DiscountSend and HylaFAX: " & Hex(errNumber) & " " & errText
Check fs.GetJobs.Count = before, "the refused DiscountSend left no job (" & before & " before, " & fs.GetJobs.Count & " after)"

On Error Resume Next
x = fs.Branding
Take
On Error GoTo 0
WScript.Echo "  Branding (read): " & Hex(errNumber) & " " & errText
Check errNumber <> 0 And InStr(errText, "Branding") > 0 And InStr(errText, "HylaFAX") > 0, _
    "reading FaxServer.Branding fails naming it and HylaFAX: " _
    & Hex(errNumber) & " " & errText
On Error Resume Next
fs.Branding = True
Take
On Error GoTo 0
Check errNumber <> 0 And InStr(errText, "Branding") > 0 And InStr(errText, "HylaFAX") > 0, _
    "setting FaxServer.Branding fails naming it and HylaFAX: " _
    & Hex(errNumber) & " " & errText
On Error Resume Next
x = fs.DirtyDays
Take
On Error GoTo 0
Check errNumber <> 0 And InStr(errText, "DirtyDays") > 0, "reading FaxServer.DirtyDays fails naming it: " _
    & Hex(errNumber) & " " & errText
Check fs.Retries = 4 And fs.RetryDelay = 3, "Retries and RetryDelay are kept (" & fs.Retries & ", " & fs.RetryDelay & ")"

' The session still works after the refusals.
Set job = FindJob(fs, textJob)
Check Not job Is Nothing, "the text job is still queued after the refused calls"
fs.Disconnect
WScript.Echo "KEPT " & textJob & " " & TEXT_NUMBER
Finish
