' FaxComEx's Vista additions from VBScript (faxcomex-api.md 6), against a faxd whose clock says noon and whose
' discount window lies at night: IFaxOutgoingJob2's HasCoverPage, ReceiptAddress and ScheduleType on the jobs
' FaxDocument submitted, read through the same FaxOutgoingJob object an XP script gets (its IDispatch is
' IFaxOutgoingJob2, as on Vista), from OutgoingQueue.GetJob and from GetJobs; IFaxDocument2's Bodies (text and
' array), ConnectedSubmit2 and Submit2 with their ids and failed-body index, SubmissionId, and their errors;
' IFaxOutgoingMessage2 on a fax sent from line 1001 to 1002 (HasCoverPage, receipt, Read, Save, Refresh), and
' IFaxIncomingMessage2 on the fax it became (local edits, Save, ReAssign refused, Refresh).
' Usage: cscript comex_vista.vbs <fixture folder> <server> [unused]
Option Explicit
Const fstNOW = 0, fstSPECIFIC_TIME = 1, fstDISCOUNT_PERIOD = 2
Const fcptNONE = 0, fcptSERVER = 2, frtNONE = 0, frtMAIL = 1
Const E_INVALIDARG = &H80070057, FILE_NOT_FOUND = &H80070002, NOT_SUPPORTED = &H80070032
Const fjsCOMPLETED = &H100, fjsFAILED = 8

Dim passed, failed, folder, serverName
passed = 0 : failed = 0
folder = WScript.Arguments(0)
serverName = WScript.Arguments(1)

Sub Check(ok, what)
    If ok Then
        passed = passed + 1
    Else
        failed = failed + 1
        WScript.Echo "FAIL " & what
    End If
End Sub

Dim server, queue
Set server = CreateObject("FaxComEx.FaxServer")
server.Connect serverName
Set queue = server.Folders.OutgoingQueue

' One job to the number nobody answers for long: 1002 on a faxd whose line 1002 does not send.
Function Submit(coverType, scheduleType, receiptAddress)
    Dim doc, ids
    Set doc = CreateObject("FaxComEx.FaxDocument")
    doc.Body = folder & "\win2k.tif"
    doc.Recipients.Add "1002", "Bob"
    doc.CoverPageType = coverType
    If coverType <> fcptNONE Then doc.CoverPage = "generic"
    doc.ScheduleType = scheduleType
    If scheduleType = fstSPECIFIC_TIME Then doc.ScheduleTime = DateSerial(2099, 1, 1)
    If receiptAddress <> "" Then
        doc.ReceiptType = frtMAIL
        doc.ReceiptAddress = receiptAddress
    End If
    ids = doc.ConnectedSubmit(server)
    Submit = ids(0)
End Function

Dim plain, covered, later, discount, job
plain = Submit(fcptNONE, fstSPECIFIC_TIME, "")
covered = Submit(fcptSERVER, fstSPECIFIC_TIME, "alice@example.com")
discount = Submit(fcptNONE, fstDISCOUNT_PERIOD, "")

Set job = queue.GetJob(plain)
Check job.HasCoverPage = False, "a job without a cover page: HasCoverPage False"
Check job.ScheduleType = fstSPECIFIC_TIME, "a job for 2099: fstSPECIFIC_TIME (" & job.ScheduleType & ")"
Check job.ReceiptAddress = "", "no receipt: ReceiptAddress empty (" & job.ReceiptAddress & ")"
Set job = queue.GetJob(covered)
Check job.HasCoverPage = True, "a job with the built-in cover page: HasCoverPage True"
Check job.ReceiptAddress = "alice@example.com", "ReceiptAddress is the document's (" & job.ReceiptAddress & ")"
Check job.ReceiptType = frtMAIL, "its ReceiptType is frtMAIL"
Set job = queue.GetJob(discount)
Check job.ScheduleType = fstDISCOUNT_PERIOD, "a discount-period job: fstDISCOUNT_PERIOD (" & job.ScheduleType & ")"
Check job.HasCoverPage = False, "the discount-period job has no cover page"

Dim found : found = 0
For Each job In queue.GetJobs
    If job.Id = covered Then
        found = found + 1
        Check job.HasCoverPage And job.ScheduleType = fstSPECIFIC_TIME, "the same job from GetJobs"
    End If
Next
Check found = 1, "GetJobs lists the covered job once"

' ---- IFaxDocument2: several bodies in one job per recipient ----
Dim doc, ids, failedBody, bodies, twoBodies, errNumber, errText

Set doc = CreateObject("FaxComEx.FaxDocument")
Check doc.SubmissionId = "", "SubmissionId is empty before a submission"
Check IsEmpty(doc.Bodies), "Bodies is Empty until set"
doc.Bodies = folder & "\win2k.tif;" & folder & "\xp.tif"
Check doc.Bodies = folder & "\win2k.tif;" & folder & "\xp.tif", "Bodies returns the text it was given"
doc.Recipients.Add "1002", "Bob"
doc.Recipients.Add "1002", "Carol"
doc.ScheduleType = fstSPECIFIC_TIME : doc.ScheduleTime = DateSerial(2099, 1, 1)
failedBody = doc.ConnectedSubmit2(server, ids)
Check failedBody = -1, "ConnectedSubmit2: no body failed (" & failedBody & ")"
Check UBound(ids) = 1, "ConnectedSubmit2: one id per recipient, in a script array (" & UBound(ids) & ")"
Check doc.SubmissionId = ids(0), "SubmissionId is the submission's first job id (" & doc.SubmissionId & ")"
twoBodies = ids
Set job = queue.GetJob(ids(1))
Check job.Id = ids(1) And job.ScheduleType = fstSPECIFIC_TIME, "the second recipient's job is queued"

bodies = Array(folder & "\xp.tif", folder & "\win2k.tif")
doc.Bodies = bodies
Check IsArray(doc.Bodies), "Bodies keeps an array"
failedBody = doc.Submit2(serverName, ids)
Check failedBody = -1 And UBound(ids) = 1, "Submit2 with an array of bodies: " & failedBody & " " & UBound(ids)
Check doc.SubmissionId = ids(0), "SubmissionId follows the last submission"
Dim arrayBodies : arrayBodies = ids

On Error Resume Next
doc.Bodies = Array(folder & "\xp.tif", folder & "\missing.tif")
failedBody = doc.ConnectedSubmit2(server, ids)
errNumber = Err.Number : errText = Err.Description : Err.Clear
Check errNumber = FILE_NOT_FOUND And InStr(errText, "missing.tif") > 0, _
    "a missing second body fails naming it: 0x" & Hex(errNumber) & " " & errText
doc.Body = folder & "\xp.tif"
failedBody = doc.ConnectedSubmit2(server, ids)
errNumber = Err.Number : errText = Err.Description : Err.Clear
Check errNumber = E_INVALIDARG And InStr(errText, "both Body and Bodies") > 0, _
    "Body and Bodies together: 0x" & Hex(errNumber) & " " & errText
doc.Bodies = 42
errNumber = Err.Number : errText = Err.Description : Err.Clear
Check errNumber = E_INVALIDARG And InStr(errText, "file names") > 0, "Bodies = 42: 0x" & Hex(errNumber) & " " & errText
On Error GoTo 0

'  ---- IFaxOutgoingMessage2: a fax sent now, with a cover page and a mail receipt, found in the archive ----
Dim sent, polls, message
sent = Submit(fcptSERVER, fstNOW, "carol@example.com")
For polls = 1 To 20000   ' a bound on round trips, not a time (Wine's cscript has no WScript.Sleep)
    Set job = queue.GetJob(sent)
    If job.Status = fjsCOMPLETED Or job.Status = fjsFAILED Then Exit For
Next
Check job.Status = fjsCOMPLETED, "the fax to 1002 was sent (" & job.Status & ", " & polls & " polls)"
Set message = server.Folders.OutgoingArchive.GetMessage(sent)
Check message.HasCoverPage = True, "the sent fax had a cover page"
Check message.ReceiptType = frtMAIL And message.ReceiptAddress = "carol@example.com", _
    "its receipt: " & message.ReceiptType & " " & message.ReceiptAddress
Check message.Read = False, "a sent fax is unread"
message.Save
Check True, "Save of an unchanged message succeeds"
message.Read = True
Check message.Read = True, "Read is kept until Save"
On Error Resume Next
message.Save
errNumber = Err.Number : errText = Err.Description : Err.Clear
On Error GoTo 0
Check errNumber = NOT_SUPPORTED And InStr(errText, "the fax server " & serverName & " (faxd) cannot store") > 0 _
    And InStr(errText, "read flag") > 0, "marking a sent fax read is refused: 0x" & Hex(errNumber) & " " & errText
message.Refresh
Check message.Read = False And message.HasCoverPage = True, "Refresh discards the change and reads the fax again"

'  ---- IFaxIncomingMessage2: the same fax, received on line 1002 ----
Dim iterator, received
For polls = 1 To 20000   ' faxd stores the reception as the call ends, about when the sender's job completes
    Set iterator = server.Folders.IncomingArchive.GetMessages(10)
    iterator.MoveFirst
    If Not iterator.AtEOF Then Exit For
Next
Check Not iterator.AtEOF, "the fax arrived in the incoming archive (" & polls & " polls)"
Set received = iterator.Message
Check received.Subject = "" And received.SenderName = "" And received.Recipients = "", _
    "a received fax has no subject, sender name or recipients"
Check received.SenderFaxNumber = received.TSID, "SenderFaxNumber is the TSI (" & received.SenderFaxNumber & ")"
Check received.HasCoverPage = False And received.WasReAssigned = False And received.Read = False, _
    "no cover page mark, not reassigned, unread"
received.Subject = "Invoice" : received.SenderName = "Alice"
Check received.Subject = "Invoice" And received.SenderName = "Alice", "edits are kept on the object"
received.Save
Check True, "Save without marking it read succeeds"
received.Read = True
On Error Resume Next
received.Save
errNumber = Err.Number : errText = Err.Description : Err.Clear
Check errNumber = NOT_SUPPORTED And InStr(errText, "(faxd) cannot store") > 0 And InStr(errText, "read flag") > 0, _
    "marking a received fax read is refused: 0x" & Hex(errNumber) & " " & errText
received.ReAssign
errNumber = Err.Number : errText = Err.Description : Err.Clear
Check errNumber = E_INVALIDARG And InStr(errText, "Recipients") > 0, "ReAssign without recipients: 0x" & Hex(errNumber)
received.Recipients = "bob;carol"
received.ReAssign
errNumber = Err.Number : errText = Err.Description : Err.Clear
Check errNumber = NOT_SUPPORTED And InStr(errText, "no fax accounts") > 0, "ReAssign is refused: 0x" & Hex(errNumber) _
    & " " & errText
On Error GoTo 0
received.Refresh
Check received.Subject = "" And received.Read = False And received.Recipients = "", "Refresh discards the edits"

For Each job In queue.GetJobs   ' leave the queue as found
    If job.Id = plain Or job.Id = covered Or job.Id = discount Or job.Id = arrayBodies(0) Or job.Id = arrayBodies(1) _
        Or job.Id = twoBodies(0) Or job.Id = twoBodies(1) Then job.Cancel
Next
server.Disconnect
WScript.Echo "FaxComEx Vista (VBScript): " & passed & " passed, " & failed & " failed"
