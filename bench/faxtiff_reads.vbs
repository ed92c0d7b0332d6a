' FaxTiff property reads per second from VBScript, against the baseline of Scripting.Dictionary.Item
' reads in the same process: both are late-bound IDispatch calls returning a string.
' Usage: cscript faxtiff_reads.vbs <fax tiff> <reads per round>
Option Explicit
Dim path, n, fax, dict, i, x, round, start, faxBest, dictBest, elapsed
path = WScript.Arguments(0)
n = CLng(WScript.Arguments(1))
Set fax = CreateObject("FaxTiff.FaxTiff")
fax.Image = path
Set dict = CreateObject("Scripting.Dictionary")
dict.Add "Tsid", fax.Tsid
faxBest = 1E+30 : dictBest = 1E+30
For round = 1 To 3
    start = Timer
    For i = 1 To n : x = fax.Tsid : Next
    elapsed = Timer - start : If elapsed < faxBest Then faxBest = elapsed
    start = Timer
    For i = 1 To n : x = dict.Item("Tsid") : Next
    elapsed = Timer - start : If elapsed < dictBest Then dictBest = elapsed
Next
If faxBest <= 0 Then faxBest = 0.001
If dictBest <= 0 Then dictBest = 0.001
WScript.Echo "FaxTiff.Tsid reads: " & CLng(n / faxBest) & " /s"
WScript.Echo "baseline Scripting.Dictionary.Item reads: " & CLng(n / dictBest) & " /s"
WScript.Echo "FaxTiff/Dictionary time ratio: " & FormatNumber(faxBest / dictBest, 2) & " (goal <= 1.5)"
