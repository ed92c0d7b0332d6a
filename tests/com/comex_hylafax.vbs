' FaxComEx's devices and configuration against a stock HylaFAX server without modems, after hylafax.vbs left a
' job waiting there: no devices and no providers, the waiting job counted as queued, no routing methods, an
' empty "<All Devices>" group, submitting and reading rights, HylaFAX's transfer log folder, and changes the
' server cannot store refused with its name; Vista's Configuration, Security2 and accounts. Then a job of its own
' paused, resumed and cancelled, each step seen at once: hfaxd shows a connection its own stale copy of a job it
' changed within the same second, so fxscomex.dll reads and changes jobs there over a fresh session
' (com_session_for_jobs).
' Usage: cscript comex_hylafax.vbs <server host:port> <fixtures folder>
Option Explicit
Const NOT_SUPPORTED = &H80070032, FILE_NOT_FOUND = &H80070002
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

Dim errNumber, errText
Sub Try(expected, words, what)
    errNumber = Err.Number : errText = Err.Description
    Err.Clear
    Check errNumber = expected And InStr(errText, words) > 0, what & ": 0x" & Hex(errNumber) & " " & errText
End Sub

Dim server, activity, group, receipts, blob
Set server = CreateObject("FaxComEx.FaxServer")
server.Connect WScript.Arguments(0)
Check server.GetDevices.Count = 0, "a HylaFAX server without modems has no devices: " & server.GetDevices.Count
Check server.GetDeviceProviders.Count = 0, "... and no providers"
Set activity = server.Activity
Check activity.QueuedMessages >= 1 And activity.OutgoingMessages = 0 And activity.IncomingMessages = 0, _
    "the job waiting for a modem is queued: " & activity.QueuedMessages
Check server.InboundRouting.GetMethods.Count = 0 And server.InboundRouting.GetExtensions.Count = 0, _
    "HylaFAX routes by FaxDispatch: no routing methods"
Set group = server.OutboundRouting.GetGroups.Item("<All Devices>")
Check group.DeviceIds.Count = 0 And group.Status = 1, "<All Devices> is empty (fgsEMPTY): " & group.Status
Check server.OutboundRouting.GetRules.Item(1).Status = 1, "the default rule's group is empty (frsEMPTY_GROUP)"
Check server.Security.GrantedRights = &H2AF, "submit and read rights: " & Hex(server.Security.GrantedRights)
Check server.LoggingOptions.ActivityLogging.DatabasePath = "etc", "HylaFAX's transfer log lives in etc"

On Error Resume Next
Set receipts = server.ReceiptOptions
receipts.SMTPServer = "mail.example.com"
receipts.Save
Try NOT_SUPPORTED, "(HylaFAX) cannot store", "changing the SMTP server of a HylaFAX server"
blob = server.GetExtensionProperty("{11111111-2222-3333-4444-555555555555}")
Try FILE_NOT_FOUND, "no extension data", "GetExtensionProperty"
On Error GoTo 0

' Vista's IFaxServer2 on HylaFAX: Windows' defaults for the configuration, a faxd setting refused naming the
' server, Vista's reading rights, and the accounts: the users who own the queue's jobs, whose queues add up to it.
Dim config, own, account, total
Set config = server.Configuration
Check config.Retries = 2 And config.RetryDelay = 10 And config.Branding = True And config.UseArchive = False, _
    "Configuration: Windows' defaults on HylaFAX (" & config.Retries & ", " & config.RetryDelay & ")"
config.HighQuotaWaterMark = 10
config.Save
Check True, "Save of a setting kept in the object succeeds"
Check server.Security2.GrantedRights = &HAF, "Security2: submit and read rights: " & Hex(server.Security2.GrantedRights)
Set own = server.CurrentAccount
Check own.AccountName <> "", "CurrentAccount: " & own.AccountName
total = 0
For Each account In server.FaxAccountSet.GetAccounts
    total = total + account.Folders.OutgoingQueue.GetJobs.Count
Next
Check total = server.Folders.OutgoingQueue.GetJobs.Count, "the accounts' queues add up to the server's: " & total
On Error Resume Next
config.Retries = 5
config.Save
Try NOT_SUPPORTED, WScript.Arguments(0), "saving Retries on HylaFAX names the server"
Set account = server.FaxAccountSet.AddAccount("carol")
Try NOT_SUPPORTED, "(HylaFAX) cannot manage fax accounts", "AddAccount on HylaFAX"
On Error GoTo 0

Const fjsPENDING = 1, fjsPAUSED = &H10
Dim document, ids, job, gone
Set document = CreateObject("FaxComEx.FaxDocument")
document.Body = WScript.Arguments(1) & "\plain.tif"
document.DocumentName = "comex pause on HylaFAX"
document.Recipients.Add "5550177", "Pause Test"
ids = document.ConnectedSubmit(server)
Set job = server.Folders.OutgoingQueue.GetJob(ids(0))
Check job.Status = fjsPENDING, "the new job is pending: 0x" & Hex(job.Status)
job.Pause
job.Refresh
Check 0 <> (job.Status And fjsPAUSED), "Pause, then Refresh: paused: 0x" & Hex(job.Status)
job.Resume
job.Refresh
Check 0 = (job.Status And fjsPAUSED), "Resume at once after Pause, then Refresh: not paused: 0x" & Hex(job.Status)
job.Pause
job.Refresh                      ' the job object is a snapshot: Resume needs it to say "paused"
job.Resume
Check server.Folders.OutgoingQueue.GetJob(ids(0)).Status = fjsPENDING, "Pause and Resume back to back: pending"
job.Cancel
On Error Resume Next
Set job = server.Folders.OutgoingQueue.GetJob(ids(0))
gone = Err.Number <> 0 : Err.Clear
If Not gone Then gone = job.Status = &H200
On Error GoTo 0
Check gone, "Cancel: the job is gone or cancelled"
server.Disconnect

WScript.Echo "FaxComEx against HylaFAX: " & passed & " passed, " & failed & " failed"
WScript.Quit failed
