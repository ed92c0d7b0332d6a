' FaxComEx's devices and server configuration from VBScript against a faxd with two loopback lines and a SIP
' line: the devices listed with For Each, their settings changed, saved and read back through faxcom.dll's
' FaxPort (the same line settings), Refresh discarding edits, a routing method switched off and on, the
' providers, the activity counters around a job held in the queue (a discount-period job, and faxd's clock
' says noon while its window is at night), inbound and outbound routing, security for an administrator and
' for a plain user, receipts, logging, extension properties, and every error a script can meet.
' Usage: cscript comex_devices.vbs <fixture folder> <server> <server whose users are not administrators>
Option Explicit
Const fdrmNO_ANSWER = 0, fdrmAUTO_ANSWER = 1, fdrmMANUAL_ANSWER = 2
Const fstDISCOUNT_PERIOD = 2
Const E_INVALIDARG = &H80070057, FILE_NOT_FOUND = &H80070002, NOT_SUPPORTED = &H80070032
Const NOT_CONNECTED = &H800708CA, ACCESS_DENIED = &H80070005
Const FAX_E_GROUP_NOT_FOUND = &H80041B5A, FAX_E_GROUP_IN_USE = &H80041B5C, FAX_E_RULE_NOT_FOUND = &H80041B5D
Const FOLDER_GUID = "{92041a90-9af2-11d0-abf7-00c04fd91a4e}"
Const ALL_RIGHTS = &H7FF, USER_RIGHTS = &H2AF   ' far* flags: every right; submit and read only

Dim passed, failed, folder, serverName, userServerName
passed = 0 : failed = 0
folder = WScript.Arguments(0)
serverName = WScript.Arguments(1)
userServerName = WScript.Arguments(2)

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

' faxcom.dll's view of port n (1-based), the same line settings FaxDevice changes.
Function LegacyPort(n)
    Dim legacy : Set legacy = CreateObject("FaxServer.FaxServer")
    legacy.Connect serverName
    Set LegacyPort = legacy.GetPorts.Item(n)
End Function

Function Joined(values)
    Dim v, text : text = ""
    For Each v In values
        text = text & v & ","
    Next
    Joined = text
End Function

' ---- the devices, as a script lists them ----
Dim server, devices, device, names, providers, ids
Set server = CreateObject("FaxComEx.FaxServer")
server.Connect serverName
Set devices = server.GetDevices
Check devices.Count = 3, "three devices: " & devices.Count
names = "" : providers = "" : ids = ""
For Each device In devices
    names = names & device.DeviceName & ","
    providers = providers & device.ProviderUniqueName & ","
    ids = ids & device.Id & ","
Next
Check names = "loop1001,loop1002,sip3001,", "For Each lists the lines in order: " & names
Check ids = "1,2,3,", "device ids are the lines' places: " & ids
Check providers = "openfaxcom.faxd.loopback,openfaxcom.faxd.loopback,openfaxcom.faxd.sip,", _
    "each device names its provider: " & providers
Check devices(1).DeviceName = "loop1001" And devices.Item(2).Id = 2, "Item by index (the default member too)"
Check devices("LOOP1002").Id = 2, "Item by device name, in any case"
Check devices.ItemById(3).DeviceName = "sip3001", "ItemById"
Set device = devices.ItemById(2)
Check device.SendEnabled = False And device.ReceiveMode = fdrmAUTO_ANSWER, _
    "line 1002 (send=no) may not send and answers: " & device.SendEnabled & " " & device.ReceiveMode
Check device.PoweredOff = False And device.SendingNow = False And device.ReceivingNow = False _
    And device.RingingNow = False, "an idle line is on and doing nothing"
Check device.CSID = "1002" And device.Description = "", "CSID is the line's number; no description: " & device.CSID
Check Joined(device.UsedRoutingMethods) = FOLDER_GUID & ",", _
    "the folder route of faxd.conf is the routing method in use: " & Joined(device.UsedRoutingMethods)

' ---- settings: local until Save, then the server's; Refresh discards edits ----
device.TSID = "Devices TSID" : device.CSID = "Devices CSID" : device.RingsBeforeAnswer = 4
device.ReceiveMode = fdrmNO_ANSWER : device.SendEnabled = True
Check device.TSID = "Devices TSID" And device.RingsBeforeAnswer = 4, "puts change the object at once"
Check server.GetDevices.ItemById(2).TSID = "1002", "... but not the server before Save"
device.Save
Dim port : Set port = LegacyPort(2)
Check port.Tsid = "Devices TSID" And port.Csid = "Devices CSID" And port.Rings = 4, _
    "after Save faxcom.dll's FaxPort shows TSID, CSID, rings: " & port.Tsid & "/" & port.Csid & "/" & port.Rings
Check port.Receive = 0 And port.Send <> 0, "... and no answering, sending allowed: " & port.Receive & " " & port.Send
Dim again : Set again = server.GetDevices.ItemById(2)
Check again.TSID = "Devices TSID" And again.CSID = "Devices CSID" And again.RingsBeforeAnswer = 4 _
    And again.ReceiveMode = fdrmNO_ANSWER And again.SendEnabled = True, "a new FaxDevices reads the saved settings"
device.TSID = "unsaved" : device.Refresh
Check device.TSID = "Devices TSID", "Refresh discards an unsaved edit: " & device.TSID
port.Tsid = "From FaxPort"
device.Refresh
Check device.TSID = "From FaxPort", "Refresh reads a change made through faxcom.dll: " & device.TSID
device.Save
Check LegacyPort(2).Tsid = "From FaxPort", "Save without edits changes nothing"
device.TSID = "1002" : device.CSID = "1002" : device.RingsBeforeAnswer = 1
device.ReceiveMode = fdrmAUTO_ANSWER : device.SendEnabled = False
device.Save
Set port = LegacyPort(2)
Check port.Tsid = "1002" And port.Receive <> 0 And port.Send = 0 And port.Rings = 1, "the settings are restored"

' ---- routing methods of a device: immediate, as the spec says ----
device.UseRoutingMethod FOLDER_GUID, False
Check Joined(server.GetDevices.ItemById(2).UsedRoutingMethods) = "", "UseRoutingMethod False switches it off"
device.UseRoutingMethod Mid(FOLDER_GUID, 2, 36), True
Check Joined(server.GetDevices.ItemById(2).UsedRoutingMethods) = FOLDER_GUID & ",", _
    "... and True on again (the GUID without braces)"

' ---- providers: one per kind of line ----
Dim list, provider
Set list = server.GetDeviceProviders
Check list.Count = 2, "two providers (loopback, SIP): " & list.Count
names = ""
For Each provider In list
    names = names & provider.UniqueName & "=" & Joined(provider.DeviceIds) & ";"
Next
Check names = "openfaxcom.faxd.loopback=1,2,;openfaxcom.faxd.sip=3,;", "providers and their device ids: " & names
Set provider = list("openfaxcom.faxd.sip")
Check provider.FriendlyName <> "" And provider.ImageName = "faxd" And provider.Status = 0 _
    And provider.InitErrorCode = 0 And provider.MajorVersion = 0 And provider.MinorVersion = 1, _
    "a provider by unique name: " & provider.FriendlyName & " " & provider.ImageName

' ---- activity around a job held in the queue ----
Dim activity, queued, doc
Set activity = server.Activity
queued = activity.QueuedMessages
Check activity.IncomingMessages = 0 And activity.OutgoingMessages = 0 And activity.RoutingMessages = 0, _
    "an idle server: nothing received, sent or routed"
Set doc = CreateObject("FaxComEx.FaxDocument")
doc.Body = folder & "\win2k.tif"
doc.Recipients.Add "1002"
doc.ScheduleType = fstDISCOUNT_PERIOD
doc.ConnectedSubmit server
Check activity.QueuedMessages = queued, "Activity is a snapshot"
activity.Refresh
Check activity.QueuedMessages = queued + 1 And activity.OutgoingMessages = 0, _
    "after Refresh the held job is counted as queued: " & activity.QueuedMessages
Check server.Activity.QueuedMessages = queued + 1, "a new FaxActivity counts it too"

' ---- inbound routing: Microsoft's routing extension and its three methods ----
Dim extensions, methods, method
Set extensions = server.InboundRouting.GetExtensions
Check extensions.Count = 1, "one routing extension: " & extensions.Count
Check extensions(1).UniqueName = "Microsoft Routing Extension" And extensions(1).Status = 0, _
    "Microsoft's routing extension: " & extensions(1).UniqueName
Check UBound(extensions("Microsoft Routing Extension").Methods) = 2, "with three methods"
Set methods = server.InboundRouting.GetMethods
Check methods.Count = 3, "three routing methods: " & methods.Count
names = ""
For Each method In methods
    names = names & method.Priority & ":" & method.GUID & ","
Next
Check names = "1:{92041a90-9af2-11d0-abf7-00c04fd91a4e},2:{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}," & _
    "3:{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e},", "folder, print, e-mail in that order: " & names
Set method = methods(FOLDER_GUID)
Check method.Name <> "" And method.FunctionName = "RouteToFolder" And method.ExtensionImageName = "faxd", _
    "a method by GUID: " & method.Name & " " & method.FunctionName
method.Save

' ---- outbound routing: "<All Devices>" and the default rule ----
Dim groups, group, rules, rule
Set groups = server.OutboundRouting.GetGroups
Check groups.Count = 1, "one routing group"
Set group = groups("<All Devices>")
Check group.Name = "<All Devices>" And group.Status = 0 And group.DeviceIds.Count = 3, "<All Devices> holds every device"
Check group.DeviceIds(1) = 1 And group.DeviceIds.Item(3) = 3, "in the lines' priority order"
Set rules = server.OutboundRouting.GetRules
Check rules.Count = 1, "one routing rule"
Set rule = rules(1)
Check rule.CountryCode = 0 And rule.AreaCode = 0 And rule.UseDevice = False And rule.GroupName = "<All Devices>" _
    And rule.Status = 0, "the default rule sends through <All Devices>"
Check rules.ItemByCountryAndArea(0, 0).GroupName = "<All Devices>", "ItemByCountryAndArea(0, 0)"
rule.Save

' ---- security ----
Dim security
Set security = server.Security
Check security.GrantedRights = ALL_RIGHTS, "faxd without an access file: every right: " & Hex(security.GrantedRights)
Check security.InformationType = 7 And VarType(security.Descriptor) = 8209, _
    "a descriptor (a byte array) with owner, group and DACL: " & VarType(security.Descriptor)
security.Descriptor = security.Descriptor
security.Save
Dim userServer : Set userServer = CreateObject("FaxComEx.FaxServer")
userServer.Connect userServerName
Check userServer.Security.GrantedRights = USER_RIGHTS, _
    "a user without ADMIN may submit and read, not manage: " & Hex(userServer.Security.GrantedRights)

' ---- receipts and logging: what faxd has ----
Dim receipts, events, calls
Set receipts = server.ReceiptOptions
Check receipts.SMTPServer = "localhost" And receipts.SMTPPort = 25 And receipts.AuthenticationType = 0 _
    And receipts.AllowedReceipts = 1 And receipts.UseForInboundRouting = True And receipts.SMTPUser = "", _
    "receipts go by the local mail server, anonymous, mail only"
receipts.Save
Set events = server.LoggingOptions.EventLogging
Check events.InitEventsLevel = 3 And events.InboundEventsLevel = 3 And events.OutboundEventsLevel = 3 _
    And events.GeneralEventsLevel = 3, "faxd logs every event (fllMAX)"
events.Save
Set calls = server.LoggingOptions.ActivityLogging
Check calls.LogIncoming = True And calls.LogOutgoing = True And calls.DatabasePath = "log", _
    "every call is logged to the spool's log folder: " & calls.DatabasePath
calls.Save

' ---- every error a script can meet ----
On Error Resume Next
Set device = devices(0)
Try E_INVALIDARG, "1 to Count (3)", "devices(0)"
Set device = devices("no such line")
Try E_INVALIDARG, "no device of that name", "a device name that does not exist"
Set device = devices.ItemById(99)
Try E_INVALIDARG, "no device with that id", "ItemById(99)"
Set device = devices(server)
Try E_INVALIDARG, "a name", "an object as index"
On Error GoTo 0
Set device = devices.ItemById(2)
On Error Resume Next
device.ReceiveMode = 5
Try E_INVALIDARG, "not a receive mode", "ReceiveMode 5"
device.RingsBeforeAnswer = 100
Try E_INVALIDARG, "0 to 99", "RingsBeforeAnswer 100"
device.TSID = "123456789012345678901"
Try E_INVALIDARG, "longer than 20", "a 21-character TSID"
device.ReceiveMode = fdrmMANUAL_ANSWER
device.Save
Try NOT_SUPPORTED, "never manually", "manual answering"
device.Refresh
device.Description = "front desk"
device.Save
Try NOT_SUPPORTED, "no description", "a description"
device.Refresh
device.AnswerCall
Try NOT_SUPPORTED, "answer calls by themselves", "AnswerCall"
device.UseRoutingMethod "{00000000-0000-0000-0000-000000000000}", True
Try E_INVALIDARG, "not a routing method", "an unknown routing method"
device.UseRoutingMethod "{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}", True
Try &H80004005, "no destination", "a print route without a command"
Dim blob : blob = server.GetExtensionProperty("{11111111-2222-3333-4444-555555555555}")
Try FILE_NOT_FOUND, "no extension data", "GetExtensionProperty of an unknown GUID"
blob = server.GetExtensionProperty("not a guid")
Try E_INVALIDARG, "not a GUID", "GetExtensionProperty with a malformed GUID"
server.SetExtensionProperty "{11111111-2222-3333-4444-555555555555}", "text"
Try E_INVALIDARG, "byte array", "SetExtensionProperty with text"
server.SetExtensionProperty "{11111111-2222-3333-4444-555555555555}", security.Descriptor
Try NOT_SUPPORTED, "extension configuration", "SetExtensionProperty with bytes"
blob = device.GetExtensionProperty("{11111111-2222-3333-4444-555555555555}")
Try FILE_NOT_FOUND, "no extension data", "FaxDevice.GetExtensionProperty"
' Provider and routing extension registration: arguments checked first, then the server's refusal.
Const PROVIDER_GUID = "{11111111-2222-3333-4444-555555555555}"
Const METHOD_ENTRY = "Archive;Archive faxes;ArchiveFax;{22222222-3333-4444-5555-666666666666}"
server.RegisterDeviceProvider "not a guid", "My FSP", "C:\fsp.dll", "", &H10000
Try E_INVALIDARG, "not a GUID", "RegisterDeviceProvider with a malformed GUID"
server.RegisterDeviceProvider PROVIDER_GUID, "", "C:\fsp.dll", "", &H10000
Try E_INVALIDARG, "friendly name is empty", "RegisterDeviceProvider without a friendly name"
server.RegisterDeviceProvider PROVIDER_GUID, "My FSP", "", "", &H10000
Try E_INVALIDARG, "image name", "RegisterDeviceProvider without an image"
server.RegisterDeviceProvider PROVIDER_GUID, "My FSP", "C:\fsp.dll", "", &H10000
Try NOT_SUPPORTED, "the fax server " & serverName & " (faxd) cannot load device providers", _
    "RegisterDeviceProvider refused, naming the server"
server.UnregisterDeviceProvider ""
Try E_INVALIDARG, "unique name is empty", "UnregisterDeviceProvider without a name"
server.UnregisterDeviceProvider "openfaxcom.faxd.loopback"
Try NOT_SUPPORTED, "the fax server " & serverName & " (faxd) cannot load or unload device providers", _
    "UnregisterDeviceProvider refused, naming the server"
server.RegisterInboundRoutingExtension "", "Archiver", "C:\route.dll", Array(METHOD_ENTRY)
Try E_INVALIDARG, "extension name is empty", "RegisterInboundRoutingExtension without a name"
server.RegisterInboundRoutingExtension "Archiver", "", "C:\route.dll", Array(METHOD_ENTRY)
Try E_INVALIDARG, "friendly name is empty", "RegisterInboundRoutingExtension without a friendly name"
server.RegisterInboundRoutingExtension "Archiver", "Archiver", "", Array(METHOD_ENTRY)
Try E_INVALIDARG, "image name", "RegisterInboundRoutingExtension without an image"
server.RegisterInboundRoutingExtension "Archiver", "Archiver", "C:\route.dll", METHOD_ENTRY
Try E_INVALIDARG, "one-dimensional array", "RegisterInboundRoutingExtension with a string, not an array"
server.RegisterInboundRoutingExtension "Archiver", "Archiver", "C:\route.dll", Array()
Try E_INVALIDARG, "at least one", "RegisterInboundRoutingExtension with no methods"
server.RegisterInboundRoutingExtension "Archiver", "Archiver", "C:\route.dll", Array(METHOD_ENTRY, "Archive;x;y;z")
Try E_INVALIDARG, "method 1 is not", "RegisterInboundRoutingExtension with a method whose GUID is not one"
server.RegisterInboundRoutingExtension "Archiver", "Archiver", "C:\route.dll", Array("Archive;;ArchiveFax;" & FOLDER_GUID)
Try E_INVALIDARG, "method 0 is not", "RegisterInboundRoutingExtension with an empty field"
server.RegisterInboundRoutingExtension "Archiver", "Archiver", "C:\route.dll", Array(METHOD_ENTRY)
Try NOT_SUPPORTED, "the fax server " & serverName & " (faxd) cannot load inbound routing extensions", _
    "RegisterInboundRoutingExtension refused, naming the server"
server.UnregisterInboundRoutingExtension ""
Try E_INVALIDARG, "unique name is empty", "UnregisterInboundRoutingExtension without a name"
server.UnregisterInboundRoutingExtension "Microsoft Routing Extension"
Try NOT_SUPPORTED, "(faxd) cannot load or unload inbound routing extensions", _
    "UnregisterInboundRoutingExtension refused"
method.Priority = 3
method.Save
Try NOT_SUPPORTED, "fixed order", "a routing method's priority"
groups.Add "Fast lines"
Try NOT_SUPPORTED, "no routing groups", "Groups.Add"
groups.Remove "<All Devices>"
Try FAX_E_GROUP_IN_USE, "cannot be removed", "removing <All Devices>"
Set group = groups("Fast lines")
Try FAX_E_GROUP_NOT_FOUND, "one group", "a group that does not exist"
groups(1).DeviceIds.Remove 1
Try NOT_SUPPORTED, "always holds every device", "DeviceIds.Remove"
Set rule = rules.ItemByCountryAndArea(1, 212)
Try FAX_E_RULE_NOT_FOUND, "only the default rule", "a rule that does not exist"
rules.RemoveByCountryAndArea 0, 0
Try E_INVALIDARG, "cannot be removed", "removing the default rule"
rules.Add 1, 212, True, "", 1
Try NOT_SUPPORTED, "no routing rules", "rules.Add"
rule.UseDevice = True
rule.Save
Try NOT_SUPPORTED, "priority order", "a rule changed to one device"
security.Descriptor = "text"
Try E_INVALIDARG, "security descriptor", "a descriptor that is text"
receipts.SMTPServer = "mail.example.com"
receipts.Save
Try NOT_SUPPORTED, "sendmail", "changing the SMTP server"
receipts.Refresh
Check receipts.SMTPServer = "localhost", "Refresh discards the change"
receipts.SMTPPort = 0
Try E_INVALIDARG, "not a TCP port", "SMTP port 0"
events.InitEventsLevel = 9
Try E_INVALIDARG, "not a log level", "log level 9"
events.InitEventsLevel = 1
events.Save
Try NOT_SUPPORTED, "every event", "lowering a log level"
calls.LogIncoming = False
calls.Save
Try NOT_SUPPORTED, "transfer log", "switching the activity log off"
Set device = userServer.GetDevices.ItemById(1)
device.TSID = "not mine"
device.Save
Try ACCESS_DENIED, "needs ADMIN", "a user without ADMIN saving a device"
userServer.Disconnect
server.Disconnect
Set devices = server.GetDevices
Try NOT_CONNECTED, "FaxServer.Connect first", "GetDevices after Disconnect"
server.RegisterDeviceProvider PROVIDER_GUID, "My FSP", "C:\fsp.dll", "", &H10000
Try NOT_CONNECTED, "FaxServer.Connect first", "RegisterDeviceProvider after Disconnect"
Set activity = server.Activity
Try NOT_CONNECTED, "FaxServer.Connect first", "Activity after Disconnect"
activity.Refresh
Try NOT_CONNECTED, "FaxServer.Connect first", "Activity.Refresh after Disconnect"
Set device = Nothing
Set device = again
device.Save
Try NOT_CONNECTED, "FaxServer.Connect first", "a device's Save after Disconnect"
On Error GoTo 0

WScript.Echo "FaxComEx devices (VBScript): " & passed & " passed, " & failed & " failed"
WScript.Quit failed
