' FaxComEx's folders from VBScript against a faxd of its own (line 1001 sends, line 1002 receives): the outgoing
' queue's settings through Save and a fresh object; three jobs submitted with ConnectedSubmit and followed by id
' through OutgoingQueue.GetJob to the end; a job held by a send time in 2099 paused, resumed, cancelled and
' removed; the received faxes listed with the iterator, copied with CopyTiff and read back with faxcom.dll's
' FaxTiff; one deleted; the sent faxes in the outgoing archive; the incoming queue; every error by Err.Number
' and Err.Description.
' Usage: cscript comex_folders.vbs <fixture folder> <work folder> <server> <archive folder on the faxd host>
' The sent-fax archive is switched on into that folder and left on: the harness finds the copies of the faxes
' comex_folders.js sends there.
Option Explicit
Const fcptSERVER = 2
Const fstSPECIFIC_TIME = 1
Const fptLOW = 0, fptNORMAL = 1, fptHIGH = 2
Const frtNONE = 0, frtMAIL = 1
Const fjsPENDING = 1, fjsINPROGRESS = 2, fjsFAILED = 8, fjsPAUSED = &H10, fjsRETRYING = &H40, fjsCOMPLETED = &H100
Const fjsCANCELED = &H200
Const fjesNONE = 0, fjesCALL_COMPLETED = 18, fjesCALL_ABORTED = 19
Const fjoVIEW = 1, fjoPAUSE = 2, fjoRESUME = 4, fjoRESTART = 8, fjoDELETE = &H10
Const fjoRECIPIENT_INFO = &H20, fjoSENDER_INFO = &H40
Const E_INVALIDARG = &H80070057, E_UNEXPECTED = &H8000FFFF, NOT_SUPPORTED = &H80070032
Const NOT_CONNECTED = &H800708CA, NOT_ALLOWED = &H800710DD, FAX_E_MESSAGE_NOT_FOUND = &H80041B61

Dim passed, failed, folder, work, serverName, fso
passed = 0 : failed = 0
folder = WScript.Arguments(0)
work = WScript.Arguments(1)
serverName = WScript.Arguments(2)
Dim archiveFolder : archiveFolder = WScript.Arguments(3)
Set fso = CreateObject("Scripting.FileSystemObject")

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

Dim server, folders, queue, queue2
Set server = CreateObject("FaxComEx.FaxServer")
server.Connect serverName
Set folders = server.Folders
Check folders Is server.Folders, "server.Folders is the same object on every call"

' ---- the outgoing queue's settings: Save writes them, a new object reads them back ----
Set queue = folders.OutgoingQueue
Check queue.Retries = 2 And queue.Paused = False And queue.Blocked = False And queue.AgeLimit = 0, _
    "faxd's defaults: " & queue.Retries & " retries, not paused, not blocked, age limit " & queue.AgeLimit
queue.Retries = 5
queue.RetryDelay = 7
queue.Branding = False
queue.AllowPersonalCoverPages = False
queue.DiscountRateStart = TimeSerial(22, 30, 0)
queue.DiscountRateEnd = TimeSerial(6, 15, 0)
queue.AgeLimit = 9
queue.Save
Set queue2 = folders.OutgoingQueue
Check queue2.Retries = 5 And queue2.RetryDelay = 7 And queue2.Branding = False And queue2.AgeLimit = 9, _
    "a new OutgoingQueue reads what Save wrote: " & queue2.Retries & " " & queue2.RetryDelay & " " & queue2.AgeLimit
Check queue2.AllowPersonalCoverPages = False, "AllowPersonalCoverPages is faxd's ServerCoverpage, inverted"
Check Hour(queue2.DiscountRateStart) = 22 And Minute(queue2.DiscountRateStart) = 30 _
    And Hour(queue2.DiscountRateEnd) = 6 And Minute(queue2.DiscountRateEnd) = 15, _
    "the discount window, hour and minute: " & queue2.DiscountRateStart & " - " & queue2.DiscountRateEnd
queue2.Retries = 1
Check queue2.Retries = 1, "a put changes the object"
queue2.Refresh
Check queue2.Retries = 5, "Refresh drops what was not saved"
queue.Retries = 2 : queue.RetryDelay = 10 : queue.Branding = True : queue.AllowPersonalCoverPages = True
queue.AgeLimit = 0
queue.Save

' ---- three jobs followed by id to the end, a fourth held by its send time ----
Dim doc, ids, id, held
Set doc = CreateObject("FaxComEx.FaxDocument")
doc.Body = folder & "\win2k.tif"
doc.DocumentName = "Report"
doc.Subject = "Quarterly figures"
doc.Sender.Name = "Alice"
doc.Sender.Company = "Example Ltd"
doc.Sender.TSID = "+1 555 0100"
doc.Priority = fptHIGH
doc.Recipients.Add "1002", "Bob"
doc.Recipients.Add "1002", "Carol"
doc.Recipients.Add "1002", "Dave"
ids = doc.ConnectedSubmit(server)

Dim job, polls, done, statuses
For polls = 1 To 20000   ' a bound on round trips, not a time
    done = 0
    For Each id In ids
        Set job = queue.GetJob(id)
        If job.Status = fjsCOMPLETED Then done = done + 1
    Next
    If done = 3 Then Exit For
Next
Check done = 3, "OutgoingQueue.GetJob(id).Status reached fjsCOMPLETED for all three jobs (" & polls & " polls)"
Set job = queue.GetJob(ids(1))
Check job.ExtendedStatusCode = fjesCALL_COMPLETED, "a sent job's extended status is fjesCALL_COMPLETED: " & _
    job.ExtendedStatusCode
Check job.Id = ids(1) And job.Recipient.Name = "Carol" And job.Recipient.FaxNumber = "1002", _
    "the job's id and recipient: " & job.Id & " " & job.Recipient.Name
Check job.Pages = 2 And job.Priority = fptHIGH And job.Subject = "Quarterly figures" And job.DocumentName = "Report", _
    "pages, priority, subject, document name: " & job.Pages & " " & job.Priority & " " & job.Subject
Check job.Sender.Name = "Alice" And job.Sender.Company = "Example Ltd" And job.TSID = "+1 555 0100", _
    "the sender and TSID: " & job.Sender.Name & " " & job.TSID
Check job.SubmissionTime > DateSerial(2020, 1, 1) _
    And job.AvailableOperations = (fjoVIEW Or fjoRECIPIENT_INFO Or fjoSENDER_INFO), _
    "submitted after 2020; a sent job's pages may be copied, nothing else: " & job.SubmissionTime & " 0x" & _
    Hex(job.AvailableOperations)
Dim tiff
Set tiff = CreateObject("FaxTiff.FaxTiff")
job.CopyTiff work & "\job" & job.Id & ".tif"
tiff.Image = work & "\job" & job.Id & ".tif"   ' fails the script unless FaxTiff takes it as a fax TIFF
Check fso.GetFile(work & "\job" & job.Id & ".tif").Size > fso.GetFile(folder & "\win2k.tif").Size, _
    "CopyTiff of a sent job gives the pages faxd sent (the body's two pages, branded): " & _
    fso.GetFile(work & "\job" & job.Id & ".tif").Size & " bytes"

doc.Recipients.Remove 3
doc.Recipients.Remove 2
doc.ScheduleType = fstSPECIFIC_TIME
doc.ScheduleTime = DateSerial(2099, 1, 2) + TimeSerial(3, 4, 0)
doc.Priority = fptNORMAL
Dim heldIds : heldIds = doc.ConnectedSubmit(server)
held = heldIds(0)
Set job = queue.GetJob(held)
Check job.Status = fjsPENDING And job.ExtendedStatusCode = fjesNONE, "a job waiting for 2099 is pending: " & job.Status
Check job.ScheduledTime = DateSerial(2099, 1, 2) + TimeSerial(3, 4, 0) _
    And job.OriginalScheduledTime = job.ScheduledTime, _
    "ScheduledTime is the send time: " & job.ScheduledTime
Check job.AvailableOperations = (fjoPAUSE Or fjoDELETE Or fjoRECIPIENT_INFO Or fjoSENDER_INFO), _
    "a pending job may be paused and cancelled: 0x" & Hex(job.AvailableOperations)
Check job.Priority = fptNORMAL And job.Retries = 0 And job.CurrentPage = 0 And job.DeviceId = 0 And job.CSID = "" _
    And job.ReceiptType = frtNONE And job.GroupBroadcastReceipts = False And job.SubmissionId = held, _
    "the held job's other properties"

Dim jobs, count, found
Set jobs = queue.GetJobs
count = 0 : found = False
For Each job In jobs
    count = count + 1
    If job.Id = held Then found = True
Next
Check count = jobs.Count And found, "For Each walks the " & jobs.Count & " queued jobs, the held one among them"
Check jobs(1).Id = jobs.Item(1).Id And jobs(CStr(held)).Id = held, "Item takes an index or a job id"

On Error Resume Next
Set job = queue.GetJob(held)
job.CopyTiff work & "\held.tif"
Try NOT_ALLOWED, "no pages yet", "CopyTiff of a job not yet sent"
job.Resume
Try NOT_ALLOWED, "is not paused", "Resume of a job that is not paused"
job.Restart
Try NOT_ALLOWED, "cannot be restarted", "Restart"
job.Pause
Check Err.Number = 0, "Pause: " & Err.Description
job.Refresh
Check job.Status = (fjsPENDING Or fjsPAUSED) And job.AvailableOperations = (fjoRESUME Or fjoDELETE Or _
    fjoRECIPIENT_INFO Or fjoSENDER_INFO), "a paused job: status 0x" & Hex(job.Status)
job.Pause
Try NOT_ALLOWED, "cannot be paused", "Pause of a paused job"
job.Resume
job.Refresh
Check Err.Number = 0 And job.Status = fjsPENDING, "Resume: pending again: " & job.Status & " " & Err.Description
job.Cancel
job.Refresh
Check Err.Number = 0 And job.Status = fjsCANCELED And job.ExtendedStatusCode = fjesCALL_ABORTED, _
    "Cancel: the job is cancelled: 0x" & Hex(job.Status) & " " & Err.Description
Set jobs = queue.GetJobs
Set job = jobs(CStr(held))
Check Err.Number = 0 And job.Status = fjsCANCELED, "a cancelled job stays in the queue's listing (as failed jobs do)"
job.Cancel
Check Err.Number = 0, "Cancel of a cancelled job removes it: " & Err.Description
Set job = queue.GetJob(held)
Try FAX_E_MESSAGE_NOT_FOUND, """" & held & """", "GetJob of a removed job"
Set job = queue.GetJob("nosuchjob")
Try FAX_E_MESSAGE_NOT_FOUND, "nosuchjob", "GetJob of an unknown id names it"
Set job = queue.GetJobs.Item(999)
Try E_INVALIDARG, "1 to Count", "GetJobs.Item out of range"
queue.Retries = 100
Try E_INVALIDARG, "0 to 99", "Retries out of range"
queue.Blocked = True
queue.Save
Try NOT_SUPPORTED, "Blocked", "a blocked queue cannot be saved"
On Error GoTo 0

' ---- the received faxes: the iterator, CopyTiff, FaxTiff, Delete ----
Dim archive, iterator, message, copies, path, sentTsids, firstId
Set archive = folders.IncomingArchive
Check archive.UseArchive = True And archive.ArchiveFolder = "recvq" And archive.SizeLow > 0 And archive.SizeHigh = 0, _
    "the incoming archive is faxd's recvq: " & archive.ArchiveFolder & ", " & archive.SizeLow & " bytes"
Set iterator = archive.GetMessages(2)
Check iterator.PrefetchSize = 2 And iterator.AtEOF = False, "a new iterator: PrefetchSize 2, not at EOF"
On Error Resume Next
Set message = iterator.Message
Try E_UNEXPECTED, "MoveFirst", "Message before MoveFirst"
On Error GoTo 0
copies = 0
iterator.MoveFirst
Do Until iterator.AtEOF
    Set message = iterator.Message
    path = work & "\" & message.Id & ".tif"
    message.CopyTiff path
    tiff.Image = path
    Check fso.GetFile(path).Size = message.Size, message.Id & ": the copy has the listed size " & message.Size
    Check tiff.Tsid = message.TSID And message.TSID = "+1 555 0100", _
        message.Id & ": FaxTiff reads its TSID: " & tiff.Tsid
    Check message.Pages = 2 And message.TransmissionEnd >= message.TransmissionStart _
        And message.TransmissionStart > DateSerial(2020, 1, 1), _
        message.Id & ": 2 pages, and its times: " & message.Pages
    If copies = 0 Then firstId = message.Id
    copies = copies + 1
    iterator.MoveNext
Loop
Check copies = 3, "the iterator walked the three received faxes: " & copies
On Error Resume Next
iterator.MoveNext
Try E_UNEXPECTED, "past the last", "MoveNext at EOF"
Set iterator = archive.GetMessages(0)
Try E_INVALIDARG, "prefetch", "GetMessages(0)"
On Error GoTo 0
Set message = archive.GetMessage(firstId)
Check message.Id = firstId And message.Pages = 2, "GetMessage finds " & firstId
message.Delete
On Error Resume Next
Set message = archive.GetMessage(firstId)
Try FAX_E_MESSAGE_NOT_FOUND, firstId, "a deleted message is gone"
archive.UseArchive = False
archive.Save
Try NOT_SUPPORTED, "recvq", "the incoming archive cannot be switched off"
On Error GoTo 0

' ---- the sent faxes ----
Dim sent, sentIds
Set sent = folders.OutgoingArchive
Check sent.UseArchive = False And sent.AgeLimit = 0, "faxd archives no copies unless told: " & sent.UseArchive
Set iterator = sent.GetMessages
sentIds = ""
iterator.MoveFirst
Do Until iterator.AtEOF
    sentIds = sentIds & iterator.Message.Id & " "
    iterator.MoveNext
Loop
For Each id In ids
    Check InStr(" " & sentIds, " " & id & " ") > 0, "sent job " & id & " is in the outgoing archive: " & sentIds
Next
Set message = sent.GetMessage(ids(0))
Check message.Recipient.Name = "Bob" And message.Subject = "Quarterly figures" And message.Pages = 2 _
    And message.Sender.Name = "Alice" And message.Priority = fptHIGH And message.DeviceName = "loop1001", _
    "a sent message's properties: " & message.Recipient.Name & " " & message.DeviceName
message.CopyTiff work & "\sent.tif"
tiff.Image = work & "\sent.tif"
Check fso.GetFile(work & "\sent.tif").Size > fso.GetFile(folder & "\win2k.tif").Size, _
    "CopyTiff of a sent fax gives the pages sent: " & fso.GetFile(work & "\sent.tif").Size & " bytes"
On Error Resume Next
message.Delete
Check Err.Number = 0, "Delete of a sent fax: " & Err.Description
Set message = sent.GetMessage(ids(0))
Try FAX_E_MESSAGE_NOT_FOUND, ids(0), "a deleted sent fax is gone"
On Error GoTo 0
sent.AgeLimit = 30
sent.Save
Check folders.OutgoingArchive.AgeLimit = 30 And folders.OutgoingQueue.AgeLimit = 30, _
    "the outgoing archive's AgeLimit is faxd's DirtyDays, as the queue's"
sent.AgeLimit = 0
sent.Save
sent.ArchiveFolder = archiveFolder
sent.UseArchive = True
sent.HighQuotaWaterMark = 50
sent.LowQuotaWaterMark = 40
sent.SizeQuotaWarning = True
sent.Save
Set sent = folders.OutgoingArchive
Check sent.UseArchive = True And sent.ArchiveFolder = archiveFolder, _
    "UseArchive and ArchiveFolder are faxd's ArchiveOutboundFaxes and ArchiveDirectory: " & sent.ArchiveFolder
Check sent.HighQuotaWaterMark = 0 And sent.SizeQuotaWarning = False, _
    "the quotas are kept in the object only: a new object has the defaults"
On Error Resume Next
sent.ArchiveFolder = ""
sent.Save
Try &H80004005, "ArchiveDirectory", "faxd refuses to empty the folder while archiving is on"
On Error GoTo 0

' ---- the incoming queue: no reception in progress now ----
Dim incoming
Set incoming = folders.IncomingQueue
Check incoming.Blocked = False And incoming.GetJobs.Count = 0, "nothing is being received now"
On Error Resume Next
Set job = incoming.GetJob("loop1002:1")
Try FAX_E_MESSAGE_NOT_FOUND, "loop1002:1", "GetJob of a reception that is not there"
incoming.Blocked = True
incoming.Save
Try NOT_SUPPORTED, "Blocked", "the incoming queue cannot be blocked"

' ---- after Disconnect ----
server.Disconnect
Set jobs = queue.GetJobs
Try NOT_CONNECTED, "Connect", "a queue of a disconnected server"
Set folders = server.Folders
Try NOT_CONNECTED, "FaxServer.Folders", "Folders after Disconnect"
On Error GoTo 0

WScript.Echo "FaxComEx folders (VBScript): " & passed & " passed, " & failed & " failed"
