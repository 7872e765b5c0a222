/// <summary>
/// The machine's processor time from /proc/stat: how much of a stretch its processors were busy,
/// idle, and taken by the host for other machines (steal). On a shared virtual machine the last
/// swings from nothing to a third within minutes, which a rate measured meanwhile cannot show.
/// </summary>
public readonly record struct CpuTimes(long Busy, long Idle, long Steal)
{
    public static CpuTimes Now()
    {
        if (!File.Exists("/proc/stat")) return default;
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return new CpuTimes(f[0] + f[1] + f[2] + f[5] + f[6], f[3] + f[4], f.Length > 7 ? f[7] : 0);
    }

    public string Since(CpuTimes start)
    {
        var (busy, idle, steal) = (Busy - start.Busy, Idle - start.Idle, Steal - start.Steal);
        var all = (double)(busy + idle + steal);
        return all <= 0 ? "not known here (no /proc/stat)" : $"busy {busy / all:P0}, idle {idle / all:P0}, taken by the host (steal) {steal / all:P0}";
    }
}
