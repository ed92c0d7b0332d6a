' FaxComEx's incoming queue during a real call: faxd paces its loopback calls in real time here, so the
' reception on line 1002 can be watched through Folders.IncomingQueue while it lasts, then found over.
' Usage: cscript comex_incoming.vbs <fixture folder> <server>
Option Explicit
Const fjsINPROGRESS = 2, fjsCOMPLETED = &H100, fjtRECEIVE = 1, fjesRECEIVING = 6
Const NOT_ALLOWED = &H800710DD, FAX_E_MESSAGE_NOT_FOUND = &H80041B61

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

Dim passed, failed
passed = 0 : failed = 0
Sub Check(ok, what)
    If ok Then
        passed = passed + 1
    Else
        failed = failed + 1
        WScript.Echo "FAIL " & what
    End If
End Sub

Dim errNumber, errText
Sub Try(expected, words, what)
    errNumber = Err.Number : errText = Err.Description
    Err.Clear
    Check errNumber = expected And InStr(errText, words) > 0, what & ": 0x" & Hex(errNumber) & " " & errText
End Sub

Dim server, doc, ids, incoming, jobs, job, tries, seen, receptionId
Set server = CreateObject("FaxComEx.FaxServer")
server.Connect WScript.Arguments(1)
Set incoming = server.Folders.IncomingQueue
Check incoming.GetJobs.Count = 0, "no reception before the call"
Set doc = CreateObject("FaxComEx.FaxDocument")
doc.Body = WScript.Arguments(0) & "\win2k.tif"
doc.Recipients.Add "1002", "Bob"
ids = doc.ConnectedSubmit(server)

' Training alone takes seconds in real time. The bound is a hang guard: at least 300 s, as each poll
' pauses 0.25 s, so a slow or loaded machine only polls longer.
seen = False
For tries = 1 To 1200
    Set jobs = incoming.GetJobs
    If jobs.Count > 0 Then
        ' faxd gives the call's start with its first page; the first of two leaves a page's time for the checks
        If jobs(1).CurrentPage = 1 Then
            seen = True
            Exit For
        End If
    End If
    Pause 0.25
Next
Check seen, "IncomingQueue.GetJobs shows the reception and its page while it lasts (after " & tries & " polls)"
If seen Then
    Set job = jobs(1)
    receptionId = job.Id
    Check Left(receptionId, 9) = "loop1002:", "the reception's id names the line: " & receptionId
    Check job.JobType = fjtRECEIVE And job.Status = fjsINPROGRESS And job.DeviceId = 2, _
        "a reception in progress on device 2: type " & job.JobType & ", status " & job.Status & ", device " & _
        job.DeviceId
    Check job.ExtendedStatusCode = fjesRECEIVING And InStr(job.ExtendedStatus, "Receiving page") = 1, _
        "receiving: " & job.ExtendedStatusCode & " " & job.ExtendedStatus
    Check job.TransmissionStart > DateSerial(2020, 1, 1) And job.TransmissionEnd = 0 And job.CSID = "1002" _
        And job.AvailableOperations = 0 And job.Retries = 0, "its start, end, CSID and operations: " & _
        job.TransmissionStart & " " & job.TransmissionEnd & " " & job.CSID & " " & job.AvailableOperations
    Check incoming.GetJob(receptionId).Id = receptionId, "GetJob finds it by id"
    On Error Resume Next
    job.Cancel
    Try NOT_ALLOWED, "cut short", "Cancel of a reception"
    job.CopyTiff "C:\nowhere.tif"
    Try NOT_ALLOWED, "pages", "CopyTiff of a reception"
    On Error GoTo 0
End If

Dim queue, done
Set queue = server.Folders.OutgoingQueue
done = False
For tries = 1 To 1200
    If queue.GetJob(ids(0)).Status = fjsCOMPLETED Then
        done = True
        Exit For
    End If
    Pause 0.25
Next
Check done, "the job was sent (after " & tries & " polls)"
Check incoming.GetJobs.Count = 0, "no reception once the call is over"
If seen Then
    On Error Resume Next
    job.Refresh
    Try FAX_E_MESSAGE_NOT_FOUND, "it ended", "Refresh of a reception that ended"
    Set job = incoming.GetJob(receptionId)
    Try FAX_E_MESSAGE_NOT_FOUND, receptionId, "GetJob of a reception that ended"
    On Error GoTo 0
End If
server.Disconnect
WScript.Echo "FaxComEx incoming queue (VBScript): " & passed & " passed, " & failed & " failed"
