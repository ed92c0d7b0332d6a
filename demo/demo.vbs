' The openfaxcom demo, as a legacy script would do it: send a two-page letter with a cover page from
' line 1001 to line 1002 of the local fax service, watch the queue, and read the received fax.
' Usage: cscript demo.vbs <letter.ps> <the service's inbox folder>
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
Dim fs, doc, jobs, job, id, still, tiff, fso, f, received, waited

Set fs = CreateObject("FaxServer.FaxServer")
fs.Connect ""                           ' the local fax service
Set doc = fs.CreateDocument(WScript.Arguments(0))
doc.FaxNumber = "1002"
doc.RecipientName = "Bob at line 1002"
doc.RecipientCompany = "Receiving Ltd."
doc.SenderName = "Alice at line 1001"
doc.SenderCompany = "openfaxcom"
doc.Tsid = "+1 555 1001"
doc.CoverpageSubject = "The openfaxcom demo"
doc.CoverpageNote = "A cover page made from the FaxDoc fields, then a two-page letter."
doc.SendCoverpage = True
doc.DisplayName = "demo letter"
id = doc.Send
WScript.Echo "submitted job " & id & " to 1002"

Do
    still = False
    Set jobs = fs.GetJobs
    For Each job In jobs
        If job.JobId = id Then
            still = True
            WScript.Echo "  job " & id & ": " & job.QueueStatus & ", device " & job.DeviceStatus
        End If
    Next
    If Not still Then Exit Do
    Pause 0.25
Loop
WScript.Echo "  job " & id & " has left the queue"

Set fso = CreateObject("Scripting.FileSystemObject")
received = ""
For waited = 1 To 100
    For Each f In fso.GetFolder(WScript.Arguments(1)).Files
        If LCase(fso.GetExtensionName(f.Name)) = "tif" Then received = f.Path
    Next
    If received <> "" Then Exit For
    Pause 0.1
Next
If received = "" Then
    WScript.Echo "no fax arrived"
    WScript.Quit 1
End If

Set tiff = CreateObject("FaxTiff.FaxTiff")
tiff.Image = received
WScript.Echo "received " & fso.GetFileName(received) & ":"
WScript.Echo "  from (TSID)  " & tiff.Tsid
WScript.Echo "  to (CSID)    " & tiff.Csid
WScript.Echo "  received     " & tiff.ReceiveTime
Dim pageTag : pageTag = tiff.TiffTagString(297)        ' PageNumber of page 1: "0 <pages>"
WScript.Echo "  pages        " & Mid(pageTag, InStr(pageTag, " ") + 1)
WScript.Echo "  width        " & tiff.TiffTagString(256) & " pixels at " & tiff.TiffTagString(282) & " dpi"
WScript.Echo "RECEIVED " & received
fs.Disconnect
