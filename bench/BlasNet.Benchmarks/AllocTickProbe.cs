using System.Diagnostics.Tracing;

namespace BlasNet.Benchmarks;

/// <summary>
/// Counts the runtime's GC AllocationTick events (one per ~100 KB allocated on a thread) by type and heap while <see cref="On"/>:
/// heap 0 small objects (gen 0), 1 the large object heap, 2 the pinned object heap — the last two reclaimed only by full
/// (gen-2) collections. A sample, not a count of bytes: it says which heap a benchmark's allocations go to (lm-alloc-quick).
/// </summary>
internal sealed class AllocTickProbe : EventListener
{
    /// <summary>Events seen per "type heap kind".</summary>
    public readonly Dictionary<string, long> Counts = new();

    /// <summary>Whether events are counted now.</summary>
    public bool On;

    protected override void OnEventSourceCreated(EventSource source)
    {
        // Keyword 0x1: the GC events, AllocationTick among them at the verbose level.
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!On || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)) return;
        string key = e.Payload![e.PayloadNames!.IndexOf("TypeName")] + " heap " + e.Payload[e.PayloadNames.IndexOf("AllocationKind")];
        lock (Counts) Counts[key] = Counts.GetValueOrDefault(key) + 1;
    }
}
