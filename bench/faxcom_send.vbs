' Faxes submitted per second from VBScript through faxcom.dll, the way a legacy script sends one fax:
' CreateObject, Connect, CreateDocument, a few fields, Send, Disconnect, every time. Run against faxd and
' against HylaFAX with the same document (bench/faxcom_bench). One untimed send first (the DLL loads,
' the server creates its files), then rounds of at least <seconds> each (VBScript's Timer ticks about
' every 1/64 s on Windows); the best round counts.
' Usage: cscript faxcom_send.vbs <server host:port> <document> <seconds a round> <rounds>
' Prints "RATE <sends per second>" last.
Option Explicit
Dim serverName, document, seconds, rounds, r, n, started, elapsed, best, total

serverName = WScript.Arguments(0)
document = WScript.Arguments(1)
seconds = CDbl(WScript.Arguments(2))
rounds = CLng(WScript.Arguments(3))

Function SendOne()
    Dim fs, doc
    Set fs = CreateObject("FaxServer.FaxServer")
    fs.Connect serverName
    Set doc = fs.CreateDocument(document)
    doc.FaxNumber = "1002"
    doc.RecipientName = "Bob Recipient"
    doc.SenderName = "Alice Sender"
    doc.DisplayName = "Benchmark"
    SendOne = doc.Send
    Set doc = Nothing
    fs.Disconnect
End Function

SendOne
best = 0 : total = 1
For r = 1 To rounds
    n = 0
    started = Timer
    Do
        SendOne
        n = n + 1
        elapsed = Timer - started
        If elapsed < 0 Then elapsed = elapsed + 86400   ' past midnight
    Loop While elapsed < seconds
    total = total + n
    WScript.Echo "round " & r & ": " & n & " sends in " & FormatNumber(elapsed, 2) & " s: " _
        & FormatNumber(n / elapsed, 1) & " /s"
    If n / elapsed > best Then best = n / elapsed
Next
WScript.Echo total & " jobs submitted"
WScript.Echo "RATE " & Replace(CStr(best), ",", ".")   ' not Round(x, 2): Wine 8 rounds to a whole number
