' Send and track, the short story for the i686 run: send a fax now, find it in the queue or see it leave,
' read the received fax with FaxTiff, and meet one misuse error. Nothing here waits on a clock.
' Usage: cscript sendtrack.vbs <fixture folder> <faxd recvq folder> <server> [<number> [sip]]
' With a number (default 1002) the fax goes there; "sip" says the server's line is a real-time SIP line to
' another faxd (whose recvq is the folder given): a call of tens of seconds, so the count of polls that
' bounds the wait is larger (Wine's WScript.Sleep is not implemented, and a clock is what we avoid).
Option Explicit
Dim passed, failed, folder, inbox, serverName, number, maxPolls
passed = 0 : failed = 0
folder = WScript.Arguments(0)
inbox = WScript.Arguments(1)
serverName = WScript.Arguments(2)
number = "1002" : maxPolls = 5000
If WScript.Arguments.Count > 3 Then number = WScript.Arguments(3)
If WScript.Arguments.Count > 4 Then maxPolls = 200000

Sub Check(ok, what)
    If ok Then
        passed = passed + 1
    Else
        failed = failed + 1
        WScript.Echo "FAIL " & what
    End If
End Sub

Dim fs, doc, jobId, job, found, fso, f, received, polls, errNumber, errText
Set fso = CreateObject("Scripting.FileSystemObject")
Set fs = CreateObject("FaxServer.FaxServer")
fs.Connect serverName

Set doc = fs.CreateDocument(folder & "\win2k.tif")
doc.FaxNumber = number
doc.Tsid = "+1 555 0186"
jobId = doc.Send
Check jobId > 0, "Send returns a job id: " & jobId
found = False
For Each job In fs.GetJobs
    If job.JobId = jobId Then found = (job.FaxNumber = number)
Next
Check found Or fso.GetFolder(inbox).Files.Count > 0, "the job is queued with its number, or already delivered"

' Track the job until it leaves the queue and its fax is in the inbox. Each GetJobs is a round trip to faxd,
' which paces the poll; the bound is a count, so the wait never depends on the clock.
Dim queued
received = ""
For polls = 1 To maxPolls
    queued = False
    For Each job In fs.GetJobs
        If job.JobId = jobId Then queued = True
    Next
    For Each f In fso.GetFolder(inbox).Files
        If LCase(fso.GetExtensionName(f.Name)) = "tif" Then received = f.Path
    Next
    If Not queued And received <> "" Then Exit For
Next
Check Not queued, "the job left the queue (" & polls & " polls of GetJobs)"
Check received <> "", "the fax arrived in faxd's inbox"
If received <> "" Then
    Dim tiff : Set tiff = CreateObject("FaxTiff.FaxTiff")
    tiff.Image = received
    Check tiff.Tsid = "+1 555 0186", "the received fax carries the document's TSID: " & tiff.Tsid
    Check tiff.Csid = number, "and the receiving line's CSID: " & tiff.Csid
End If

Set doc = fs.CreateDocument(folder & "\win2k.tif")
On Error Resume Next
doc.Send
errNumber = Err.Number : errText = Err.Description
Err.Clear
On Error GoTo 0
Check errNumber = &H80070057 And InStr(errText, "FaxNumber") > 0, "an empty FaxNumber: " & errText
fs.Disconnect

WScript.Echo "send and track (VBScript): " & passed & " passed, " & failed & " failed"
WScript.Quit failed
