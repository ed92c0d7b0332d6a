' Send-and-track from VBScript, the same script through fxscomex.dll or faxcom.dll (bench/run item 11): on one
' connection, <jobs> times: submit <document> to 1002, then find the job in the server's queue by its id and
' read its state until it is queued (faxd's lines do not send, so queued is where a job stays). One untimed
' job first (the DLL loads, the server creates its files).
' Usage: cscript comex_track.vbs comex|faxcom <server host:port> <document> <jobs>
' Prints "SECONDS <time for the timed jobs>" last (VBScript's Timer: about 1/64 s resolution on Windows).
Option Explicit
Const fjsPENDING = 1
Dim which, serverName, document, jobs, server, queue, i, started, elapsed

which = WScript.Arguments(0)
serverName = WScript.Arguments(1)
document = WScript.Arguments(2)
jobs = CLng(WScript.Arguments(3))

' FaxComEx: a FaxDocument submitted with ConnectedSubmit, the job by OutgoingQueue.GetJob(id).Status.
Sub ComExOne()
    Dim doc, ids, job
    Set doc = CreateObject("FaxComEx.FaxDocument")
    doc.Body = document
    doc.DocumentName = "Benchmark"
    doc.Sender.Name = "Alice Sender"
    doc.Recipients.Add "1002", "Bob Recipient"
    ids = doc.ConnectedSubmit(server)
    Set job = queue.GetJob(ids(0))
    If (job.Status And fjsPENDING) = 0 Then Err.Raise 5, "comex_track.vbs", "job " & ids(0) & ": " & job.Status
End Sub

' faxcom.dll: CreateDocument + Send, the job found in GetJobs by its JobId, its QueueStatus read.
Sub FaxcomOne()
    Dim doc, id, job, found
    Set doc = server.CreateDocument(document)
    doc.FaxNumber = "1002"
    doc.RecipientName = "Bob Recipient"
    doc.SenderName = "Alice Sender"
    doc.DisplayName = "Benchmark"
    id = doc.Send
    found = False
    For Each job In server.GetJobs
        If job.JobId = id Then
            If job.QueueStatus <> "Pending" And job.QueueStatus <> "No Line" Then _
                Err.Raise 5, "comex_track.vbs", "job " & id & ": " & job.QueueStatus
            found = True
        End If
    Next
    If Not found Then Err.Raise 5, "comex_track.vbs", "job " & id & " is not in the queue"
End Sub

Sub One()
    If which = "comex" Then ComExOne Else FaxcomOne
End Sub

If which = "comex" Then
    Set server = CreateObject("FaxComEx.FaxServer")
    server.Connect serverName
    Set queue = server.Folders.OutgoingQueue
Else
    Set server = CreateObject("FaxServer.FaxServer")
    server.Connect serverName
End If
One
started = Timer
For i = 1 To jobs
    One
Next
elapsed = Timer - started
If elapsed < 0 Then elapsed = elapsed + 86400   ' past midnight
server.Disconnect
WScript.Echo which & ": " & jobs & " jobs submitted and tracked to queued"
WScript.Echo "SECONDS " & Replace(CStr(elapsed), ",", ".")
