' A Vista-era administration script against faxd (faxcomex-api.md 6.2-6.14): the FaxServer it already has answers
' IFaxServer2 late-bound (Configuration, Security2, CurrentAccount, FaxAccountSet) while its XP members keep
' working; the server's configuration read, changed, saved and read back through a fresh FaxServer and through the
' XP folder objects that show the same settings; Refresh and Save's "only what was put" rule; Vista's rights for an
' administrator and for a plain user; the accounts (the logged-in user and bob, who owns one job) listed, found by
' index and name, each account's outgoing queue and archive holding only its own jobs, the incoming folders the
' server's; and every error by Err.Number and Err.Description.
' Usage: cscript comex_server2.vbs <fixture folder> <server> <plain-user server> <bob's job id> <archive folder>
Option Explicit
Const fcptNONE = 0, fstNOW = 0, fstSPECIFIC_TIME = 1
Const fjsCOMPLETED = &H100, fjsFAILED = 8
Const E_INVALIDARG = &H80070057, NOT_SUPPORTED = &H80070032, NOT_CONNECTED = &H800708CA
Const MESSAGE_NOT_FOUND = &H80041B61

Dim passed, failed, folder, serverName, usersName, bobJob, archiveFolder
passed = 0 : failed = 0
folder = WScript.Arguments(0)
serverName = WScript.Arguments(1)
usersName = WScript.Arguments(2)
bobJob = WScript.Arguments(3)
archiveFolder = WScript.Arguments(4)

Sub Check(ok, what)
    If ok Then
        passed = passed + 1
    Else
        failed = failed + 1
        WScript.Echo "FAIL " & what
    End If
End Sub

Dim errNumber, errText
Sub Caught()
    errNumber = Err.Number : errText = Err.Description : Err.Clear
End Sub

Function Connected(name)
    Dim s
    Set s = CreateObject("FaxComEx.FaxServer")
    s.Connect name
    Set Connected = s
End Function

Function Submit(server, scheduleType)
    Dim doc, ids
    Set doc = CreateObject("FaxComEx.FaxDocument")
    doc.Body = folder & "\win2k.tif"
    doc.Recipients.Add "1002", "Bob"
    doc.ScheduleType = scheduleType
    If scheduleType = fstSPECIFIC_TIME Then doc.ScheduleTime = DateSerial(2099, 1, 1)
    ids = doc.ConnectedSubmit(server)
    Submit = ids(0)
End Function

Dim server, config, queue, archive, fresh
Set server = Connected(serverName)

' ---- IFaxServer2 on the FaxServer a script already has ----
Set config = server.Configuration
Check TypeName(config) = "IFaxConfiguration", "server.Configuration resolves late-bound (" & TypeName(config) & ")"
Check server.ServerName = serverName And server.Folders.OutgoingQueue.Retries >= 0, _
    "the XP members still answer through the same IDispatch"

' ---- FaxConfiguration shows what the XP folder objects show ----
Set queue = server.Folders.OutgoingQueue
Set archive = server.Folders.OutgoingArchive
Check config.Retries = queue.Retries And config.RetryDelay = queue.RetryDelay, _
    "Retries/RetryDelay as the outgoing queue's (" & config.Retries & "/" & config.RetryDelay & ")"
Check config.OutgoingQueuePaused = queue.Paused And config.Branding = queue.Branding _
    And config.UseDeviceTSID = queue.UseDeviceTSID And config.AllowPersonalCoverPages = queue.AllowPersonalCoverPages, _
    "the queue's flags as the outgoing queue's"
Check config.DiscountRateStart = queue.DiscountRateStart And config.DiscountRateEnd = queue.DiscountRateEnd, _
    "the discount period as the outgoing queue's (" & config.DiscountRateStart & "-" & config.DiscountRateEnd & ")"
Check config.OutgoingQueueAgeLimit = queue.AgeLimit And config.ArchiveAgeLimit = archive.AgeLimit, _
    "the age limits as the queue's and the sent-fax archive's"
Check config.UseArchive = archive.UseArchive And config.ArchiveLocation = archive.ArchiveFolder, _
    "UseArchive/ArchiveLocation as the sent-fax archive's (" & config.UseArchive & ", """ & _
    config.ArchiveLocation & """)"
Check config.OutgoingQueueBlocked = False And config.IncomingQueueBlocked = False, "nothing is blocked"
Check config.AutoCreateAccountOnConnect = True, "every user let in is an account: AutoCreateAccountOnConnect"
Check config.IncomingFaxesArePublic = True, "received faxes are the server's: IncomingFaxesArePublic"
Check config.ArchiveSizeLow = 0 And config.ArchiveSizeHigh = 0, "the sent-fax archive's size is 0 (doneq lists none)"
Check config.SizeQuotaWarning = False And config.HighQuotaWaterMark = 0 And config.LowQuotaWaterMark = 0, _
    "no quotas (Windows' defaults)"

' ---- put, Save, read back through a fresh FaxServer and the XP objects ----
config.Retries = 5
config.RetryDelay = 7
config.DiscountRateStart = TimeSerial(21, 30, 0)
config.DiscountRateEnd = TimeSerial(6, 15, 0)
config.Branding = False
config.UseDeviceTSID = False
config.AllowPersonalCoverPages = False
config.OutgoingQueueAgeLimit = 3
config.ArchiveLocation = archiveFolder
config.UseArchive = True
config.HighQuotaWaterMark = 50
config.Save
Check config.Retries = 5 And config.HighQuotaWaterMark = 50, "the object keeps its values after Save"
Set fresh = Connected(serverName).Configuration
Check fresh.Retries = 5 And fresh.RetryDelay = 7, "a fresh FaxServer reads Retries 5, RetryDelay 7 (" & _
    fresh.Retries & ", " & fresh.RetryDelay & ")"
Check Hour(fresh.DiscountRateStart) = 21 And Minute(fresh.DiscountRateStart) = 30 _
    And Hour(fresh.DiscountRateEnd) = 6 And Minute(fresh.DiscountRateEnd) = 15, _
    "the discount period read back: " & fresh.DiscountRateStart & "-" & fresh.DiscountRateEnd
Check fresh.Branding = False And fresh.UseDeviceTSID = False And fresh.AllowPersonalCoverPages = False, _
    "the flags read back"
Check fresh.OutgoingQueueAgeLimit = 3 And fresh.ArchiveAgeLimit = 3, _
    "the age limit (faxd's DirtyDays) read back in both"
Check fresh.UseArchive = True And fresh.ArchiveLocation = archiveFolder, "the archive read back: " & _
    fresh.UseArchive & " """ & fresh.ArchiveLocation & """"
Check fresh.HighQuotaWaterMark = 0, "the quota, which faxd has no setting for, stays with the object that was given it"
Set queue = Connected(serverName).Folders.OutgoingQueue
Check queue.Retries = 5 And queue.RetryDelay = 7 And queue.Branding = False And queue.AgeLimit = 3, _
    "the XP FaxOutgoingQueue of a fresh server reads the saved values"
Check Hour(queue.DiscountRateStart) = 21 And Minute(queue.DiscountRateEnd) = 15, "and the discount period"
Set archive = Connected(serverName).Folders.OutgoingArchive
Check archive.UseArchive = True And archive.ArchiveFolder = archiveFolder, "the XP FaxOutgoingArchive reads the archive"

' ---- Refresh discards; Save writes only what was put since Refresh ----
config.Retries = 9
config.Refresh
Check config.Retries = 5, "Refresh discards an unsaved put (" & config.Retries & ")"
queue.Retries = 4
queue.Save                       ' another client changes Retries after this object's Refresh
config.RetryDelay = 12
config.Save
Set fresh = Connected(serverName).Configuration
Check fresh.Retries = 4 And fresh.RetryDelay = 12, "Save wrote RetryDelay only, not the stale Retries (" & _
    fresh.Retries & ", " & fresh.RetryDelay & ")"
config.OutgoingQueuePaused = True
config.Save
Check Connected(serverName).Folders.OutgoingQueue.Paused = True, "OutgoingQueuePaused is the queue's Paused"
config.OutgoingQueuePaused = False
config.UseArchive = False
config.Save
Check Connected(serverName).Configuration.UseArchive = False, "archiving switched off again"

' ---- the configuration's errors ----
On Error Resume Next
config.Retries = 100
Caught
Check errNumber = E_INVALIDARG And InStr(errText, "Retries must be 0 to 99") > 0, _
    "Retries = 100: 0x" & Hex(errNumber) & " " & errText
config.RetryDelay = -1
Caught
Check errNumber = E_INVALIDARG And InStr(errText, "RetryDelay") > 0, _
    "RetryDelay = -1: 0x" & Hex(errNumber) & " " & errText
config.OutgoingQueueAgeLimit = 400
Caught
Check errNumber = E_INVALIDARG, "OutgoingQueueAgeLimit = 400: 0x" & Hex(errNumber)
config.OutgoingQueueBlocked = True
config.Save
Caught
Check errNumber = NOT_SUPPORTED And InStr(errText, "OutgoingQueueBlocked") > 0, _
    "Save with OutgoingQueueBlocked: 0x" & Hex(errNumber) & " " & errText
config.Refresh
config.IncomingQueueBlocked = True
config.Save
Caught
Check errNumber = NOT_SUPPORTED And InStr(errText, serverName) > 0 And InStr(errText, "IncomingQueueBlocked") > 0, _
    "Save with IncomingQueueBlocked names the server: 0x" & Hex(errNumber) & " " & errText
config.Refresh
config.IncomingFaxesArePublic = False
config.Save
Caught
Check errNumber = NOT_SUPPORTED And InStr(errText, serverName) > 0 And InStr(errText, "IncomingFaxesArePublic") > 0, _
    "Save with private incoming faxes: 0x" & Hex(errNumber) & " " & errText
config.Refresh
config.AutoCreateAccountOnConnect = False
config.Save
Caught
Check errNumber = NOT_SUPPORTED And InStr(errText, "AutoCreateAccountOnConnect") > 0, _
    "Save with AutoCreateAccountOnConnect False: 0x" & Hex(errNumber) & " " & errText
config.Refresh
config.UseArchive = True
config.ArchiveLocation = ""
config.Save
Caught
Check errNumber <> 0 And InStr(errText, "ArchiveDirectory") > 0, "archiving into no folder is faxd's refusal: 0x" & _
    Hex(errNumber) & " " & errText
config.Refresh
On Error GoTo 0

' ---- Security2: Vista's rights ----
Dim security
Set security = server.Security2
Check security.GrantedRights = &H3FF, "an administrator (faxd without an access file) has every far2 right (0x" & _
    Hex(security.GrantedRights) & ")"
Check VarType(security.Descriptor) = (vbArray Or vbByte), "Descriptor is a byte array (" & _
    VarType(security.Descriptor) & ")"
security.Descriptor = security.Descriptor
Check security.InformationType = 7, "InformationType: owner, group, DACL"
security.Save
security.Refresh
Check True, "Save of an unchanged descriptor and Refresh succeed"
Check Connected(usersName).Security2.GrantedRights = &HAF, "a plain user may submit and read jobs, configuration " & _
    "and archives (0x" & Hex(Connected(usersName).Security2.GrantedRights) & ")"
On Error Resume Next
security.InformationType = &H10
Caught
Check errNumber = E_INVALIDARG And InStr(errText, "SECURITY_INFORMATION") > 0, _
    "InformationType = 0x10: 0x" & Hex(errNumber) & " " & errText
security.Descriptor = 42
Caught
Check errNumber = E_INVALIDARG, "Descriptor = 42: 0x" & Hex(errNumber)
On Error GoTo 0

' ---- accounts: the logged-in user and bob ----
Dim later, sent, own, account, accounts, names, bob, job, ids, polls
later = Submit(server, fstSPECIFIC_TIME)
sent = Submit(server, fstNOW)
Set queue = server.Folders.OutgoingQueue
For polls = 1 To 20000   ' a bound on round trips, not a time (Wine's cscript has no WScript.Sleep)
    Set job = queue.GetJob(sent)
    If job.Status = fjsCOMPLETED Or job.Status = fjsFAILED Then Exit For
Next
Check job.Status = fjsCOMPLETED, "a fax to 1002 was sent (" & job.Status & ", " & polls & " polls)"

Set own = server.CurrentAccount
Check own.AccountName <> "", "CurrentAccount is the logged-in user (" & own.AccountName & ")"
Set accounts = server.FaxAccountSet.GetAccounts
Check accounts.Count = 2, "two accounts: the logged-in user and bob (" & accounts.Count & ")"
names = ""
For Each account In accounts
    names = names & account.AccountName & ";"
Next
Check names = own.AccountName & ";bob;", "For Each: the logged-in user first, then bob (" & names & ")"
Check accounts(1).AccountName = own.AccountName And accounts.Item("bob").AccountName = "bob", _
    "Item by index and by name"
Set bob = server.FaxAccountSet.GetAccount("bob")
Check bob.AccountName = "bob", "GetAccount(""bob"")"

' each account's outgoing queue: its own jobs only
Dim found, foreign
found = 0 : foreign = 0
For Each job In own.Folders.OutgoingQueue.GetJobs
    If job.Id = later Then found = found + 1
    If job.Id = bobJob Then foreign = foreign + 1
Next
Check found = 1 And foreign = 0, "my queue has my job and not bob's (" & found & ", " & foreign & ")"
Set ids = bob.Folders.OutgoingQueue.GetJobs
Check ids.Count = 1, "bob's queue holds one job (" & ids.Count & ")"
Check ids(1).Id = bobJob, "and it is bob's (" & ids(1).Id & ")"
Set job = own.Folders.OutgoingQueue.GetJob(later)
Check job.Id = later And job.ScheduleType = fstSPECIFIC_TIME And job.HasCoverPage = False, _
    "GetJob gives the same FaxOutgoingJob (IFaxOutgoingJob2) as the server's queue"
job.Cancel
Check True, "a job from the account's queue can be cancelled"

' the outgoing archive: the account's sent faxes
Dim it, message
found = 0
Set it = own.Folders.OutgoingArchive.GetMessages(5)
it.MoveFirst
Do Until it.AtEOF
    If it.Message.Id = sent Then found = found + 1
    it.MoveNext
Loop
Check found = 1, "my sent fax is in my outgoing archive"
Set message = own.Folders.OutgoingArchive.GetMessage(sent)
Check message.Id = sent And message.HasCoverPage = False, _
    "GetMessage gives the FaxOutgoingMessage (IFaxOutgoingMessage2)"
Set it = bob.Folders.OutgoingArchive.GetMessages
it.MoveFirst
Check it.AtEOF, "bob sent nothing: his outgoing archive is empty"
Check own.Folders.OutgoingArchive.SizeLow = 0, "the archive's size is 0, as the server's"

' the incoming folders are the server's
Dim inbox, count
Set inbox = own.Folders.IncomingArchive
Set it = inbox.GetMessages
it.MoveFirst
count = 0
Do Until it.AtEOF
    count = count + 1
    it.MoveNext
Loop
Check count >= 1, "the received fax is in the account's incoming archive (" & count & ")"
inbox.Refresh
Check inbox.SizeLow > 0 And inbox.SizeLow = server.Folders.IncomingArchive.SizeLow, "its size is the server's (" & _
    inbox.SizeLow & ")"
Set it = bob.Folders.IncomingArchive.GetMessages
it.MoveFirst
Check Not it.AtEOF, "bob sees the server's received faxes too"
Check own.Folders.IncomingQueue.GetJobs.Count = 0, "nothing is being received now"

' account events: the mask is kept
own.ListenToAccountEvents 3
Check own.RegisteredEvents = 3, "ListenToAccountEvents keeps the mask (" & own.RegisteredEvents & ")"
own.ListenToAccountEvents 0

' ---- the accounts' errors ----
On Error Resume Next
Set account = server.FaxAccountSet.GetAccount("nobody")
Caught
Check errNumber = E_INVALIDARG And InStr(errText, "nobody") > 0, _
    "GetAccount(""nobody""): 0x" & Hex(errNumber) & " " & errText
Set account = server.FaxAccountSet.AddAccount("carol")
Caught
Check errNumber = NOT_SUPPORTED And InStr(errText, serverName) > 0 And InStr(errText, "carol") > 0, _
    "AddAccount names the server: 0x" & Hex(errNumber) & " " & errText
server.FaxAccountSet.RemoveAccount "bob"
Caught
Check errNumber = NOT_SUPPORTED And InStr(errText, serverName) > 0, "RemoveAccount: 0x" & Hex(errNumber) & " " & errText
Set account = server.FaxAccountSet.AddAccount("")
Caught
Check errNumber = E_INVALIDARG, "AddAccount(""""): 0x" & Hex(errNumber)
Set account = accounts(3)
Caught
Check errNumber = E_INVALIDARG, "Item(3) of two accounts: 0x" & Hex(errNumber) & " " & errText
Set account = accounts("nobody")
Caught
Check errNumber = E_INVALIDARG And InStr(errText, "nobody") > 0, "Item(""nobody""): 0x" & Hex(errNumber) & " " & errText
Set job = bob.Folders.OutgoingQueue.GetJob(later)
Caught
Check errNumber = MESSAGE_NOT_FOUND And InStr(errText, later) > 0, "my job is not in bob's queue: 0x" & _
    Hex(errNumber) & " " & errText
Set message = bob.Folders.OutgoingArchive.GetMessage(sent)
Caught
Check errNumber = MESSAGE_NOT_FOUND, "my sent fax is not in bob's archive: 0x" & Hex(errNumber) & " " & errText
Set job = own.Folders.IncomingQueue.GetJob("loop1002:0")
Caught
Check errNumber = MESSAGE_NOT_FOUND, "no such reception: 0x" & Hex(errNumber)
Set it = own.Folders.OutgoingArchive.GetMessages(0)
Caught
Check errNumber = E_INVALIDARG, "GetMessages(0): 0x" & Hex(errNumber)
own.ListenToAccountEvents &H20
Caught
Check errNumber = E_INVALIDARG And InStr(errText, "faet") > 0, "ListenToAccountEvents(0x20): 0x" & Hex(errNumber) & " " & errText

server.Disconnect
Set config = server.Configuration
Caught
Check errNumber = NOT_CONNECTED And InStr(errText, "FaxServer.Configuration") > 0, _
    "Configuration after Disconnect: 0x" & Hex(errNumber) & " " & errText
Set account = server.CurrentAccount
Caught
Check errNumber = NOT_CONNECTED, "CurrentAccount after Disconnect: 0x" & Hex(errNumber)
Set accounts = server.FaxAccountSet
Caught
Check errNumber = NOT_CONNECTED, "FaxAccountSet after Disconnect: 0x" & Hex(errNumber)
Set security = server.Security2
Caught
Check errNumber = NOT_CONNECTED, "Security2 after Disconnect: 0x" & Hex(errNumber)
count = own.RegisteredEvents
Caught
Check errNumber = NOT_CONNECTED, "an account of a disconnected server: 0x" & Hex(errNumber)
Set it = own.Folders
Caught
Check errNumber = NOT_CONNECTED, "its folders: 0x" & Hex(errNumber)
config.Refresh
Caught
Check errNumber = NOT_CONNECTED, "a configuration's Refresh after Disconnect: 0x" & Hex(errNumber)
On Error GoTo 0

WScript.Echo passed & " passed, " & failed & " failed"
WScript.Quit failed
