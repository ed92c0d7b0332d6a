' After a silent install: a script that names no server ("Connect """, Submit("")) faxes through the DLLs the
' installer registered, to the server the installer wrote (/SERVER=), once through faxcom.dll and once through
' fxscomex.dll, and both faxes arrive on faxd's receiving line.
' Usage: cscript installed_send.vbs <fixture folder> <faxd recvq folder> <server the installer was given>
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

Dim shell, fso
Set shell = CreateObject("WScript.Shell")
Set fso = CreateObject("Scripting.FileSystemObject")
Check shell.ExpandEnvironmentStrings("%FAXCOM_SERVER%") = "%FAXCOM_SERVER%", _
    "FAXCOM_SERVER is unset, so only the installer's setting names the server"

' --- faxcom.dll: the classic FaxServer object ---
Dim fs, doc, jobId
Set fs = CreateObject("FaxServer.FaxServer")
fs.Connect ""
Set doc = fs.CreateDocument(folder & "\win2k.tif")
doc.FaxNumber = "1002"
doc.Tsid = "installed faxcom"
doc.SendCoverpage = 0
jobId = doc.Send
Check jobId > 0, "faxcom.dll: Send through the installed DLL returns a job id: " & jobId
fs.Disconnect

' --- fxscomex.dll: FaxComEx ---
Dim server, comexDoc, ids
Set server = CreateObject("FaxComEx.FaxServer")
server.Connect ""
Set comexDoc = CreateObject("FaxComEx.FaxDocument")
comexDoc.Body = folder & "\win2k.tif"
comexDoc.Sender.TSID = "installed comex"
comexDoc.Recipients.Add "1002", "Bob"
ids = comexDoc.ConnectedSubmit(server)
Check IsArray(ids), "fxscomex.dll: ConnectedSubmit through the installed DLL returns job ids"
server.Disconnect

' --- both faxes arrive (a hang guard of at least 300 s; a loaded machine only polls longer) ---
Dim waited, f, count
For waited = 1 To 3000
    count = 0
    For Each f In fso.GetFolder(inbox).Files
        If LCase(fso.GetExtensionName(f.Name)) = "tif" Then count = count + 1
    Next
    If count >= 2 Then Exit For
    Pause 0.1
Next
Check count = 2, "both faxes arrived at " & serverName & " (" & count & " there after " & (waited - 1) & " polls)"

Dim tsids, tiff
tsids = ""
Set tiff = CreateObject("FaxTiff.FaxTiff")
For Each f In fso.GetFolder(inbox).Files
    If LCase(fso.GetExtensionName(f.Name)) = "tif" Then
        tiff.Image = f.Path
        tsids = tsids & "[" & tiff.Tsid & "]"
    End If
Next
Check InStr(tsids, "[installed faxcom]") > 0 And InStr(tsids, "[installed comex]") > 0, _
    "each fax carries its sender's TSID: " & tsids

WScript.Echo "installed DLLs send: " & passed & " passed, " & failed & " failed"
