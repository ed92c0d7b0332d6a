' An old fax script, unchanged, on a machine where the administrator turned the protocol trace on
' (FAXCOM_TRACE or the TraceFile registry value): it sends a fax, deletes the job, then tries to pause
' it, which the server refuses. The harness (run-wine-tests) then reads the trace file and the
' debugger output. Mode "connect" only connects and lists the queue, for the registry checks.
' Usage: cscript faxtrace.vbs <fixture folder> <server> send|connect
Option Explicit
Const JC_DELETE = 1, JC_PAUSE = 2
Dim passed, failed, folder, serverName, mode
passed = 0 : failed = 0
folder = WScript.Arguments(0)
serverName = WScript.Arguments(1)
mode = WScript.Arguments(2)

Sub Check(ok, what)
    If ok Then
        passed = passed + 1
    Else
        failed = failed + 1
        WScript.Echo "FAIL " & what
    End If
End Sub

Dim fs, doc, jobId, jobs, job, found, errNumber, errText, errSource
Set fs = CreateObject("FaxServer.FaxServer")
fs.Connect serverName
Set jobs = fs.GetJobs
Check jobs.Count >= 0, "GetJobs with the trace on"

If mode = "send" Then
    Set doc = fs.CreateDocument(folder & "\win2k.tif")
    doc.FaxNumber = "1002"
    jobId = doc.Send
    Check jobId > 0, "Send returns a job id with the trace on: " & jobId
    Set jobs = fs.GetJobs
    found = False
    For Each job In jobs
        If job.JobId = jobId Then found = True : Exit For
    Next
    Check found, "job " & jobId & " is in the queue"
    If found Then
        job.SetStatus JC_DELETE
        On Error Resume Next
        job.SetStatus JC_PAUSE
        errNumber = Err.Number : errText = Err.Description : errSource = Err.Source
        On Error GoTo 0
        Check errNumber = &H80070005 And errSource = "FaxServer.FaxJob", _
            "pausing a deleted job fails: " & Hex(errNumber) & " " & errSource & " " & errText
        WScript.Echo "the script saw: " & errText
    End If
End If
fs.Disconnect
WScript.Echo "faxtrace.vbs (" & mode & "): " & passed & " passed, " & failed & " failed"
