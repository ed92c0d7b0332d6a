' A legacy-style VBScript reading received faxes with FaxTiff, then meeting every kind of bad input.
' Usage: cscript faxtiff.vbs <fixture folder>. The expected values repeat tests/support/fixtures.h.
Option Explicit
Dim passed, failed, folder
passed = 0 : failed = 0
folder = WScript.Arguments(0)

Sub Check(ok, what)
    If ok Then
        passed = passed + 1
    Else
        failed = failed + 1
        WScript.Echo "FAIL " & what
    End If
End Sub

Function Fixture(name)
    Fixture = folder & "\" & name
End Function

' Runs a property read or an Image load that must fail; returns "number|description|source".
Function FailureOf(fax, what, arg)
    On Error Resume Next
    Dim value
    Select Case what
        Case "Image" : fax.Image = arg
        Case "Tsid" : value = fax.Tsid
        Case "RecipientName" : value = fax.RecipientName
        Case "ReceiveTime" : value = fax.ReceiveTime
        Case "TiffTagString" : value = fax.TiffTagString(arg)
    End Select
    FailureOf = Err.Number & "|" & Err.Description & "|" & Err.Source
    Err.Clear
End Function

Sub CheckFailure(fax, what, arg, number, mention)
    Dim parts : parts = Split(FailureOf(fax, what, arg), "|")
    Check CLng(parts(0)) = number, what & " " & arg & ": Err.Number " & Hex(parts(0)) & ", want " & Hex(number)
    Check InStr(parts(1), mention) > 0, what & " " & arg & ": Err.Description '" & parts(1) & "' mentions '" & mention & "'"
    Check parts(2) = "FaxTiff.FaxTiff", what & ": Err.Source '" & parts(2) & "'"
End Sub

' --- A received fax, Windows 2000 tags, the way the docs show it ---
Dim fax, parts
Set fax = CreateObject("FaxTiff.FaxTiff")
fax.Image = Fixture("win2k.tif")
Check fax.Image = Fixture("win2k.tif"), "Image = " & fax.Image
' Wine 8's VBScript has no ChrW/AscW; Chr(235) is "e with diaeresis" in Wine's ANSI code page (1252).
' The C and JScript clients check the exact UTF-16 code points.
Check fax.RecipientName = "Zo" & Chr(235) & " Recipient", "RecipientName = " & fax.RecipientName
Check fax.RecipientNumber = "+1 555 0199", "RecipientNumber = " & fax.RecipientNumber
Check fax.SenderName = "Sam Sender", "SenderName = " & fax.SenderName
Check fax.Routing = "DID 4711", "Routing = " & fax.Routing
Check fax.CallerId = "5550100", "CallerId = " & fax.CallerId
Check fax.Tsid = "+1 555 0100", "Tsid = " & fax.Tsid
Check fax.TSID = "+1 555 0100", "member names are case-insensitive"
Check fax.Csid = "+1 555 0199", "Csid = " & fax.Csid
parts = Split(fax.ReceiveTime, "@")
Check UBound(parts) = 1, "ReceiveTime '" & fax.ReceiveTime & "' is date@time"
If UBound(parts) = 1 Then
    Check CDate(parts(0)) = DateSerial(2024, 3, 5), "ReceiveTime date part " & parts(0)
    Check CDate(parts(1)) = TimeSerial(14, 7, 0), "ReceiveTime time part " & parts(1) & " (TZ=UTC)"
End If
Check VarType(fax.RawReceiveTime) = vbCurrency, "RawReceiveTime is Currency (VT_CY), VarType " & VarType(fax.RawReceiveTime)
Check fax.RawReceiveTime = CCur("13354121220000"), "RawReceiveTime holds the FILETIME (/10000 as currency): " & fax.RawReceiveTime
Check fax.TiffTagString(256) = "1728", "TiffTagString(256) = " & fax.TiffTagString(256)
Check fax.TiffTagString(282) = "204/1", "TiffTagString(282) = " & fax.TiffTagString(282)
Check fax.TiffTagString(40003) = "Sam Sender", "TiffTagString(40003)"
Check fax.TiffTagString(40050) = "Unavailable", "an absent tag reads Unavailable"

' --- XP tag set through the versioned ProgID ---
Dim xp
Set xp = CreateObject("FaxTiff.FaxTiff.1")
xp.Image = Fixture("xp.tif")
Check xp.Csid = "+1 555 0199" And xp.Tsid = "+1 555 0100", "XP Csid/Tsid"
Check xp.SenderName = "Sam Sender" And xp.RecipientName = "Zo" & Chr(235) & " Recipient", "XP names"
Check xp.RawReceiveTime = CCur("13354121220000"), "XP receive time"

' --- Faxes written by spandsp (a real T.30 reception) and HylaFAX: the remote ident is the Tsid ---
fax.Image = Fixture("spandsp.tif")
Check fax.Tsid = "+1 555 0100", "spandsp Tsid = " & fax.Tsid
Check fax.Routing = "4711", "spandsp Routing (subaddress) = " & fax.Routing
Check fax.CallerId = "Unavailable", "spandsp CallerId = " & fax.CallerId
Check InStr(fax.ReceiveTime, "@") > 0, "spandsp ReceiveTime = " & fax.ReceiveTime
fax.Image = Fixture("hylafax.tif")
Check fax.Tsid = "+49 30 1234567", "HylaFAX Tsid = " & fax.Tsid
parts = Split(fax.ReceiveTime, "@")
Check CDate(parts(1)) = TimeSerial(15, 7, 0), "HylaFAX DateTime (local) " & fax.ReceiveTime
fax.Image = Fixture("plain.tif")
Check fax.Tsid = "Unavailable" And fax.ReceiveTime = "Unavailable", "a TIFF without fax tags: Unavailable"
Check fax.RawReceiveTime = 0, "RawReceiveTime without a time is 0"

' --- Odd but readable files: correct values ---
fax.Image = Fixture("bigtag.tif")
Check Len(fax.RecipientName) = 65536, "a 64 KB RecipientName reads whole: " & Len(fax.RecipientName)
fax.Image = Fixture("tiled.tif")
Check fax.Tsid = "+1 555 0100", "tiled image: tags read"
fax.Image = Fixture("gray.tif")
Check fax.Csid = "+1 555 0199", "gray image: tags read"
fax.Image = Fixture("windows-raw.tif")
Check fax.RawReceiveTime = CCur("13354121220000"), "Windows 2000 SRATIONAL[8] time"
fax.Image = Fixture("bigendian.tif")
Check fax.Tsid = "+1 555 0100" And fax.RawReceiveTime = CCur("13354121220000"), "big-endian file"

' --- Bad input: a clear error naming the file and the problem ---
Dim fresh
Set fresh = CreateObject("FaxTiff.FaxTiff")
CheckFailure fresh, "Tsid", "", &H8000FFFF, "set FaxTiff.Image"
CheckFailure fresh, "Image", Fixture("no-such-file.tif"), &H80070002, "no-such-file.tif"
CheckFailure fresh, "Image", Fixture("folder.tif"), &H8007010B, "folder"
CheckFailure fresh, "Image", Fixture("notiff.tif"), &H8007000D, "not a TIFF"
CheckFailure fresh, "Image", Fixture("empty.tif"), &H8007000D, "empty.tif"
CheckFailure fresh, "Image", Fixture("truncated.tif"), &H8007000D, "truncated"
CheckFailure fresh, "Image", Fixture("truncated-image.tif"), &H8007000D, "image data"
CheckFailure fresh, "Image", Fixture("loop.tif"), &H8007000D, "loops"
CheckFailure fresh, "Image", "", &H80070057, "empty name"
fresh.Image = Fixture("wrongtype.tif")
CheckFailure fresh, "RecipientName", "", &H8007000D, "SHORT"
CheckFailure fresh, "ReceiveTime", "", &H8007000D, "8-byte time"
CheckFailure fresh, "TiffTagString", 0, &H80070057, "between 1 and 65535"
Check fresh.Tsid = "+1 555 0100", "the good tags of a partly bad file still read"
CheckFailure fresh, "Image", Fixture("notiff.tif"), &H8007000D, "notiff.tif"
Check fresh.Image = Fixture("wrongtype.tif"), "a failed load keeps the loaded file"

' --- A Unicode file name, found the way inbox scripts find faxes: by walking the folder ---
Dim fso, file, unicodePath
Set fso = CreateObject("Scripting.FileSystemObject")
unicodePath = ""
For Each file In fso.GetFolder(folder).Files
    If Left(file.Name, 8) = "unicode-" Then unicodePath = file.Path
Next
Check Len(unicodePath) > 0, "the Unicode-named fixture is listed"
fax.Image = unicodePath
Check fax.Tsid = "+1 555 0100", "Unicode file name loads"
Check fax.Image = unicodePath, "Image keeps the Unicode name"
Check fso.FileExists(fax.Image), "the path FaxTiff returns names the file"

' --- FaxServer: creatable; with no service listening, Connect fails and says where ---
Dim server, message
Set server = CreateObject("FaxServer.FaxServer")
On Error Resume Next
server.Connect "127.0.0.1:1"
Check Err.Number = &H800704C9, "Connect to a closed port fails (Err.Number " & Hex(Err.Number) & ")"
message = Err.Description
Check InStr(message, "127.0.0.1:1") > 0, "and names the server: " & message
Err.Clear
server.Branding = True
Check Err.Number = 0 And server.Branding <> 0, "Branding set before Connect is kept"
Err.Clear
On Error GoTo 0

WScript.Echo "VBScript: " & passed & " passed, " & failed & " failed"
WScript.Quit failed
