' The server's configuration and its ports from VBScript against faxd (the VB6 "Fax" module of the usage
' examples does this): settings before and after Connect, GetPorts, every FaxPort property and write,
' GetStatus, GetRoutingMethods and Enable. Usage: cscript faxports.vbs <fixture folder> <inbox> <server>
Option Explicit
Dim passed, failed, serverName
passed = 0 : failed = 0
serverName = WScript.Arguments(2)

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

Dim fs, ports, port, i, n, st, methods, method, guids, folder
Set fs = CreateObject("FaxServer.FaxServer")

' --- configuration set before Connect is applied on Connect (usage example 4) ---
fs.Branding = -1
fs.DirtyDays = 3
fs.Retries = 3
fs.RetryDelay = 5
fs.ServerCoverpage = 0
fs.UseDeviceTSID = -1            ' the casing real code uses
fs.Connect serverName
Check fs.Branding <> 0 And fs.DirtyDays = 3 And fs.Retries = 3 And fs.RetryDelay = 5, "settings applied on Connect"
Check fs.UseDeviceTsid <> 0 And fs.ServerCoverpage = 0, "booleans applied on Connect"

' --- reading and writing while connected: the service keeps them ---
fs.DiscountRateStartHour = 22
fs.DiscountRateStartMinute = 30
fs.DiscountRateEndHour = 6
fs.DiscountRateEndMinute = 15
Check fs.DiscountRateStartHour = 22 And fs.DiscountRateStartMinute = 30, "discount start"
Check fs.DiscountRateEndHour = 6 And fs.DiscountRateEndMinute = 15, "discount end"
fs.PauseServerQueue = True
Check fs.PauseServerQueue <> 0, "PauseServerQueue on"
fs.PauseServerQueue = False
Check fs.PauseServerQueue = 0, "PauseServerQueue off"
fs.ServerMapiProfile = "Fax Profile"
Check fs.ServerMapiProfile = "Fax Profile", "ServerMapiProfile"
fs.UseDeviceTsid = 0
fs.Branding = 0
On Error Resume Next
fs.Retries = 500
Take
On Error GoTo 0
Check errNumber = &H80070057 And InStr(errText, "Retries") > 0, "Retries 500 is refused: " & errText
On Error Resume Next
fs.ArchiveOutboundFaxes = True
fs.ArchiveDirectory = "Z:\no\such\folder"
Take
On Error GoTo 0
Check errNumber <> 0 And InStr(errText, "ArchiveDirectory") > 0, "a missing archive folder is refused: " & errText
fs.ArchiveOutboundFaxes = False

' --- a second object sees what the first one set: the settings live in the service ---
Dim other : Set other = CreateObject("FaxServer.FaxServer")
other.Connect serverName
Check other.DiscountRateStartHour = 22 And other.RetryDelay = 5, "another connection reads the same settings"
other.Disconnect

' --- ports ---
Set ports = fs.GetPorts
Check ports.Count = 2, "two loopback lines: " & ports.Count
n = 0
For Each port In ports
    n = n + 1
Next
Check n = 2, "For Each over the ports"
Set port = ports(1)
Check port.Name = ports.Item(1).Name, "ports(1) is ports.Item(1)"
Check port.DeviceId >= 1 And port.Priority = 1, "DeviceId and Priority of the first port"
Check port.CanModify <> 0, "CanModify on faxd"
Check port.Send <> 0 And port.Receive <> 0 And port.Rings >= 1, "Send, Receive, Rings"
port.Tsid = "+1 555 7777"
port.Csid = "+1 555 7777"
port.Rings = 2
Check port.Tsid = "+1 555 7777" And port.Csid = "+1 555 7777" And port.Rings = 2, "writes on the port object"
Set port = fs.GetPorts.Item(1)
Check port.Tsid = "+1 555 7777" And port.Rings = 2, "a new GetPorts sees the writes (kept by faxd)"
port.Priority = 2
Set ports = fs.GetPorts
Check ports.Item(1).Priority <> ports.Item(2).Priority, "priorities stay unique after a change"
On Error Resume Next
port.Rings = 500
Take
On Error GoTo 0
Check errNumber <> 0, "Rings 500 is refused: " & errText
On Error Resume Next
port.Tsid = "a TSID far longer than twenty characters"
Take
On Error GoTo 0
Check errNumber <> 0, "a TSID over 20 characters is refused: " & errText

' --- status of an idle port ---
Set st = ports.Item(1).GetStatus
Check st.DeviceName = ports.Item(1).Name And st.DeviceId = ports.Item(1).DeviceId, "FaxStatus names its port"
Check st.Send = 0 And st.Receive = 0 And st.CurrentPage = 0, "an idle port sends and receives nothing"
Check Len(st.Description) > 0, "Description: " & st.Description
Check st.ElapsedTime = 0 And st.StartTime = 0, "no times while idle"
st.Refresh
Check st.DeviceName = ports.Item(1).Name, "Refresh"

' --- routing methods ---
Set methods = ports.Item(2).GetRoutingMethods
Check methods.Count = 3, "three standard routing methods: " & methods.Count
guids = ""
For Each method In methods
    guids = guids & method.Guid & " "
    Check method.DeviceId = ports.Item(2).DeviceId And method.DeviceName = ports.Item(2).Name, "method's port"
    Check Len(method.FriendlyName) > 0 And Len(method.FunctionName) > 0 And Len(method.ImageName) > 0 _
        And Len(method.ExtensionName) > 0, "method names: " & method.FriendlyName
Next
Check InStr(guids, "{92041a90-9af2-11d0-abf7-00c04fd91a4e}") > 0, "Store in folder has Microsoft's GUID"
Check InStr(guids, "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}") > 0, "e-mail has Microsoft's GUID"
Check InStr(guids, "{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}") > 0, "Print has Microsoft's GUID"
Set method = methods(1)
On Error Resume Next
method.Enable = True
Take
On Error GoTo 0
Check errNumber = 0 Or InStr(errText, "no destination") > 0, "Enable without a destination says so: " & errText

fs.Disconnect
On Error Resume Next
n = port.Rings
port.Rings = 3
Take
On Error GoTo 0
Check errNumber = &H800708CA, "a port after Disconnect: " & Hex(errNumber)

WScript.Echo "FaxPorts VBScript: " & passed & " passed, " & failed & " failed"
WScript.Quit failed
