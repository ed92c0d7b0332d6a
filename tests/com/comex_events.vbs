' FaxComEx events from VBScript, as scripts in the wild write them: WScript.ConnectObject with a prefix, then
' ListenToServerEvents, a job submitted, and the script polling the server until the job's removal arrives.
' Wine 8's cscript has no WScript.ConnectObject (nor CreateObject with a prefix, nor WScript.Sleep): there the
' script says so, skips the sink part and checks what a script can still see (the mask, listening while it
' submits and polls, Disconnect while listening); tests/com/comex_events.c takes the events from C. Then every
' error a script can meet, each with its number and text.
' Usage: cscript comex_events.vbs <fixture folder> <server> <receiving number>
Option Explicit
Const fsetNONE = 0, fsetIN_QUEUE = 1, fsetOUT_QUEUE = 2, fsetOUT_ARCHIVE = &H40, fsetDEVICE_STATUS = &H100
Const E_INVALIDARG = &H80070057, NOT_CONNECTED = &H800708CA

Dim passed, failed, folder, serverName, number
passed = 0 : failed = 0
folder = WScript.Arguments(0)
serverName = WScript.Arguments(1)
number = WScript.Arguments(2)

Sub Check(ok, what)
    If ok Then
        passed = passed + 1
    Else
        failed = failed + 1
        WScript.Echo "FAIL " & what
    End If
End Sub

Dim errNumber, errText
Sub Take()
    errNumber = Err.Number
    errText = Err.Description
    Err.Clear
End Sub

Sub CheckError(number, words, what)
    Check errNumber = number And InStr(errText, words) > 0, what & ": 0x" & Hex(errNumber) & " """ & errText & """"
End Sub

' ---- the sink: the prefix's subs, called by the host for IFaxServerNotify's events ----
Dim added, removed, changes, jobId
added = "" : removed = "" : changes = 0
Sub events_OnOutgoingJobAdded(server, id)
    added = added & id & " "
End Sub
Sub events_OnOutgoingJobChanged(server, id, status)
    If id = jobId Then changes = changes + 1
End Sub
Sub events_OnOutgoingJobRemoved(server, id)
    removed = removed & id & " "
End Sub

Function Submit(server)
    Dim doc, ids
    Set doc = CreateObject("FaxComEx.FaxDocument")
    doc.Body = folder & "\win2k.tif"
    doc.Recipients.Add number, "Bob"
    ids = doc.ConnectedSubmit(server)
    Submit = ids(0)
End Function

Dim server, connected, polls
Set server = CreateObject("FaxComEx.FaxServer")

' ---- before Connect ----
On Error Resume Next
server.ListenToServerEvents fsetOUT_QUEUE : Take
CheckError NOT_CONNECTED, "Connect first", "ListenToServerEvents before Connect"
Dim mask : mask = server.RegisteredEvents : Take
CheckError NOT_CONNECTED, "Connect first", "RegisteredEvents before Connect"
On Error GoTo 0

server.Connect serverName
Check server.RegisteredEvents = fsetNONE, "RegisteredEvents is fsetNONE after Connect: " & server.RegisteredEvents

' ---- the sink, where the host can connect one ----
On Error Resume Next
WScript.ConnectObject server, "events_" : Take
On Error GoTo 0
connected = (errNumber = 0)
If Not connected Then
    WScript.Echo "SKIP the sink part: this cscript has no WScript.ConnectObject (0x" & Hex(errNumber) & " " & _
        errText & "; Wine 8 does not implement it); comex_events.exe checks the events from C"
End If

server.ListenToServerEvents fsetOUT_QUEUE Or fsetOUT_ARCHIVE
Check server.RegisteredEvents = (fsetOUT_QUEUE Or fsetOUT_ARCHIVE), "RegisteredEvents says what was asked: " & _
    server.RegisteredEvents
jobId = Submit(server)
Check jobId <> "", "the job was submitted while listening: " & jobId
' Polling the server is what brings events to a script whose host pumps no messages; with no sink it is a
' loop over a property that must keep answering.
For polls = 1 To 20000
    If InStr(" " & removed, " " & jobId & " ") > 0 Then Exit For
    If Not connected And polls = 200 Then Exit For
    If server.RegisteredEvents <> (fsetOUT_QUEUE Or fsetOUT_ARCHIVE) Then Exit For
Next
Check server.RegisteredEvents = (fsetOUT_QUEUE Or fsetOUT_ARCHIVE), "the mask stays while the script polls"
If connected Then
    Check InStr(" " & added, " " & jobId & " ") > 0, "OnOutgoingJobAdded(" & jobId & ") reached the script: " & added
    Check changes > 0, "OnOutgoingJobChanged reached the script " & changes & " times"
    Check InStr(" " & removed, " " & jobId & " ") > 0, "OnOutgoingJobRemoved(" & jobId & ") reached the script"
End If

' ---- the mask ----
server.ListenToServerEvents fsetDEVICE_STATUS
Check server.RegisteredEvents = fsetDEVICE_STATUS, "a new mask replaces the old: " & server.RegisteredEvents
server.ListenToServerEvents fsetNONE
Check server.RegisteredEvents = fsetNONE, "fsetNONE stops: " & server.RegisteredEvents

' ---- errors ----
On Error Resume Next
server.ListenToServerEvents &H400 : Take
CheckError E_INVALIDARG, "fset", "ListenToServerEvents(&H400), a flag that does not exist"
server.ListenToServerEvents -1 : Take
CheckError E_INVALIDARG, "not a combination", "ListenToServerEvents(-1)"
Check server.RegisteredEvents = fsetNONE, "a refused mask leaves the old one: " & server.RegisteredEvents
On Error GoTo 0

' ---- Disconnect while listening ends the listener; the calls then need a connection again ----
server.ListenToServerEvents fsetOUT_QUEUE Or fsetIN_QUEUE
server.Disconnect
On Error Resume Next
mask = server.RegisteredEvents : Take
CheckError NOT_CONNECTED, "Connect first", "RegisteredEvents after Disconnect"
server.ListenToServerEvents fsetOUT_QUEUE : Take
CheckError NOT_CONNECTED, "Connect first", "ListenToServerEvents after Disconnect"
On Error GoTo 0
server.Connect serverName
Check server.RegisteredEvents = fsetNONE, "a new Connect starts with fsetNONE: " & server.RegisteredEvents
server.ListenToServerEvents fsetOUT_QUEUE
Set server = Nothing   ' the last reference while listening: the listener stops with it

WScript.Echo "FaxComEx events from VBScript: " & passed & " passed, " & failed & " failed"
