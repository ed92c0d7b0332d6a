' faxcom.dll or fxscomex.dll against a hostile server (tests/com/hostile_server.py): for every case the
' server lists, Connect (through the saboteur, which relays to a real faxd until its case's step), then the
' one call that meets the misbehaviour. That call (or Connect, for a case at the greeting or the login) must
' raise an error whose description names the cause the server lists; nothing may crash or hang. The harness
' bounds the whole run.
' Usage: cscript hostile.vbs faxcom|comex <fixture folder> <port file> <work folder>
Option Explicit
Dim passed, failed, which, folder, portFile, work, fso
passed = 0 : failed = 0
which = WScript.Arguments(0)
folder = WScript.Arguments(1)
portFile = WScript.Arguments(2)
work = WScript.Arguments(3)
Set fso = CreateObject("Scripting.FileSystemObject")

Sub Check(ok, what)
    If ok Then
        passed = passed + 1
    Else
        failed = failed + 1
        WScript.Echo "FAIL " & what
    End If
End Sub

' The seconds a call took, across midnight too; only shown, never judged (a loaded machine is slow, not wrong).
Function Since(started)
    Since = Timer - started
    If Since < 0 Then Since = Since + 86400
End Function

Dim errNumber, errText
Sub Take()
    errNumber = Err.Number
    errText = Err.Description
    Err.Clear
End Sub

' ---- the calls, one per operation the server's cases name; each leaves its error in errNumber/errText ----
Dim server
Sub Connect(address)
    On Error Resume Next
    If which = "faxcom" Then
        Set server = CreateObject("FaxServer.FaxServer")
    Else
        Set server = CreateObject("FaxComEx.FaxServer")
    End If
    server.Connect address
    Take
End Sub

' The operation's statements, one at a time: the first that fails ends it (Resume Next would run the rest
' and their own errors would hide the one that matters).
Sub Operation(op)
    Dim doc, ids, jobs, ports, methods, iterator, message, steps, i
    errNumber = 0 : errText = ""
    If which = "faxcom" Then
        Select Case op
        Case "send": steps = 3
        Case "jobs", "ports": steps = 2
        Case Else: steps = 1
        End Select
    Else
        Select Case op
        Case "send": steps = 4
        Case "jobs", "ports", "messages": steps = 2
        Case "pages": steps = 4
        Case Else: steps = 1
        End Select
    End If
    On Error Resume Next
    For i = 1 To steps
        If which = "faxcom" Then
            Select Case op & i
            Case "send1": Set doc = server.CreateDocument(folder & "\win2k.tif")
            Case "send2": doc.FaxNumber = "1002"
            Case "send3": doc.Send
            Case "jobs1": Set jobs = server.GetJobs
            Case "jobs2": WScript.Echo "    GetJobs gave " & jobs.Count & " jobs"
            Case "ports1": Set ports = server.GetPorts
            Case "ports2": WScript.Echo "    GetPorts gave " & ports.Count & " ports"
            Case "routing1": Set methods = server.GetPorts.Item(1).GetRoutingMethods
            End Select
        Else
            Select Case op & i
            Case "send1": Set doc = CreateObject("FaxComEx.FaxDocument")
            Case "send2": doc.Body = folder & "\win2k.tif"
            Case "send3": doc.Recipients.Add "1002", "Bob"
            Case "send4": ids = doc.ConnectedSubmit(server)
            Case "jobs1": Set jobs = server.Folders.OutgoingQueue.GetJobs
            Case "jobs2": WScript.Echo "    GetJobs gave " & jobs.Count & " jobs"
            Case "ports1": Set ports = server.GetDevices
            Case "ports2": WScript.Echo "    GetDevices gave " & ports.Count & " devices"
            Case "routing1": Set methods = server.InboundRouting.GetMethods
            Case "messages1", "pages1": Set iterator = server.Folders.IncomingArchive.GetMessages(100)
            Case "messages2", "pages2": iterator.MoveFirst
            Case "pages3": Set message = iterator.Message
            Case "pages4": message.CopyTiff work & "\hostile-copy.tif"
            End Select
        End If
        If Err.Number <> 0 Then
            Take
            Exit Sub
        End If
    Next
End Sub

Function Covered(op)
    If which = "faxcom" Then
        Covered = op <> "messages" And op <> "pages"
    Else
        Covered = True
    End If
End Function

' ---- the cases ----
Dim stream, fields, name, op, address, started, line, ran, cause
ran = ""
Set stream = fso.OpenTextFile(portFile, 1)
Do Until stream.AtEndOfStream
    line = stream.ReadLine
    fields = Split(line, " ", 4)
    name = fields(0) : op = fields(1) : address = "127.0.0.1:" & fields(2) : cause = fields(3)
    If Not Covered(op) Then
        WScript.Echo "skip " & name & ": " & which & " has no " & op & " call"
    Else
        started = Timer
        Connect address
        If op <> "connect" Then
            Check errNumber = 0, name & ": Connect before the misbehaviour fails: " & Hex(errNumber) & " " & errText
            If errNumber = 0 Then Operation op
        End If
        Check errNumber <> 0, name & ": the " & op & " call reports a failure"
        Check Len(errText) > 10, name & ": the failure has a description: " & Hex(errNumber) & " """ & errText & """"
        Check InStr(errText, cause) > 0, name & ": the description names the cause (""" & cause & """): " & errText
        WScript.Echo "ran " & name & " (" & op & "): " & Hex(errNumber) & " in " & FormatNumber(Since(started), 1) & _
            " s: " & errText
        ran = ran & name & " "
        On Error Resume Next
        server.Disconnect
        Err.Clear
        On Error GoTo 0
        Set server = Nothing
    End If
Loop
stream.Close
WScript.Echo "cases run: " & ran
WScript.Echo "hostile server (" & which & "): " & passed & " passed, " & failed & " failed"
