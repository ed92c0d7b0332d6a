' FaxStatus during a real call: faxd paces its loopback calls in real time here, so the sending port's
' status can be watched while the page goes out. Usage: cscript faxstatus.vbs <fixture folder> <inbox> <server>
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

Dim fs, doc, id, ports, port, st, tries, sending, job
Set fs = CreateObject("FaxServer.FaxServer")
fs.Connect WScript.Arguments(2)
Set doc = fs.CreateDocument(WScript.Arguments(0) & "\win2k.tif")
doc.FaxNumber = "1002"
doc.DisplayName = "live status"
doc.RecipientName = "Bob"
id = doc.Send

Set ports = fs.GetPorts
Set port = ports.Item(1)            ' line 1001, the first to send
Set st = port.GetStatus
sending = False
' Training alone takes seconds in real time. The bound is a hang guard: at least 300 s, as each poll
' pauses 0.25 s, so a slow or loaded machine only polls longer.
For tries = 1 To 1200
    st.Refresh
    If st.Send <> 0 And st.CurrentPage >= 1 Then
        sending = True
        Exit For
    End If
    Pause 0.25
Next
Check sending, "the port reports Send and a current page during the call (after " & tries & " polls: Send " _
    & st.Send & ", page " & st.CurrentPage & ", " & st.Description & ")"
If sending Then
    Check st.Address = "1002", "Address is the number dialled: " & st.Address
    Check st.PageCount = 2 And st.CurrentPage <= 2, "page " & st.CurrentPage & " of " & st.PageCount
    Check st.DocumentName = "live status" And st.RecipientName = "Bob", "document and recipient: " & st.DocumentName
    Check st.DocumentSize > 0, "DocumentSize " & st.DocumentSize
    Check st.StartTime > 0 And st.SubmittedTime > 0 And st.ElapsedTime >= 0, "times during the call"
    Check InStr(st.Description, "page") > 0, "Description: " & st.Description
End If
For Each job In fs.GetJobs           ' end the call: the test has seen what it came for
    If job.JobId = id Then job.SetStatus 1
Next
fs.Disconnect
WScript.Echo "FaxStatus VBScript: " & passed & " passed, " & failed & " failed"
WScript.Quit failed
