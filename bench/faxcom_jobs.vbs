' The cost of looking at a long queue from VBScript through faxcom.dll (bench/faxcom_bench, against faxd
' holding 1000 queued jobs): GetJobs, then every job's QueueStatus by For Each, the way a queue viewer
' does it; first on one connection, then with Connect and Disconnect around each look (as faxstat does).
' Each is repeated until at least <seconds> of work (VBScript's Timer ticks about every 1/64 s on
' Windows).
' Usage: cscript faxcom_jobs.vbs <server host:port> <seconds>
' Prints "JOBS <count>", "GETJOBS <ms>", "WALK <ms>", "CONNECTED <ms>" and "FRESH <ms>" (milliseconds a look).
Option Explicit
Dim serverName, seconds, fs, jobs, job, status, n, count, started, mark, elapsed, inGetJobs, inWalk

serverName = WScript.Arguments(0)
seconds = CDbl(WScript.Arguments(1))

Function Since(t)
    Since = Timer - t
    If Since < 0 Then Since = Since + 86400   ' past midnight
End Function

Function Ms(value)
    Ms = Replace(CStr(value * 1000), ",", ".")   ' not Round(x, 2): Wine 8 rounds to a whole number
End Function

Set fs = CreateObject("FaxServer.FaxServer")
fs.Connect serverName
Set jobs = fs.GetJobs   ' untimed: the DLL and the server warm up
count = jobs.Count
For Each job In jobs
    status = job.QueueStatus
Next

' One connection: GetJobs and the walk, timed apart (each is much longer than a Timer tick).
n = 0 : inGetJobs = 0 : inWalk = 0
started = Timer
Do
    mark = Timer
    Set jobs = fs.GetJobs
    inGetJobs = inGetJobs + Since(mark)
    mark = Timer
    For Each job In jobs
        status = job.QueueStatus
    Next
    inWalk = inWalk + Since(mark)
    Set jobs = Nothing
    n = n + 1
Loop While Since(started) < seconds
elapsed = Since(started)
fs.Disconnect
WScript.Echo "JOBS " & count
WScript.Echo "GETJOBS " & Ms(inGetJobs / n)
WScript.Echo "WALK " & Ms(inWalk / n)
WScript.Echo "CONNECTED " & Ms(elapsed / n)
WScript.Echo "connected: " & n & " looks in " & FormatNumber(elapsed, 2) & " s"

' A new connection for each look.
n = 0
started = Timer
Do
    Set fs = CreateObject("FaxServer.FaxServer")
    fs.Connect serverName
    For Each job In fs.GetJobs
        status = job.QueueStatus
    Next
    fs.Disconnect
    Set fs = Nothing
    n = n + 1
Loop While Since(started) < seconds
elapsed = Since(started)
WScript.Echo "FRESH " & Ms(elapsed / n)
WScript.Echo "with Connect: " & n & " looks in " & FormatNumber(elapsed, 2) & " s"
