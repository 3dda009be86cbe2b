using System.Runtime.CompilerServices;

namespace Mlops.Postgres;

/// <summary>
/// The flush id of each batch segment whose last write ended without knowing whether the server committed it (a
/// connection dropped during COMMIT). The metric writer retries the very same segment (same buffer, offset and
/// count: a buffer is reused only after its points are stored), so the retry carries the same id, and the server's
/// <c>metric_flushes</c> table tells whether it is already there. A segment written with a known outcome forgets its id.
/// </summary>
internal sealed class PgFlushLedger
{
    private readonly Dictionary<(object Buffer, int Offset, int Count), Guid> _uncertain = new(new SegmentComparer());

    /// <summary>The id to write <paramref name="segment"/> under: the one of an uncertain earlier try, else a new one.</summary>
    public Guid IdOf(ArraySegment<MetricRow> segment)
    {
        lock (_uncertain)
        {
            var key = ((object)segment.Array!, segment.Offset, segment.Count);
            if (_uncertain.TryGetValue(key, out var id)) return id;
            id = Guid.NewGuid();
            _uncertain[key] = id;   // uncertain until the write's outcome is known
            return id;
        }
    }

    /// <summary>The segments' outcome is known (committed, or certainly rolled back): forget their ids.</summary>
    public void Settle(IEnumerable<ArraySegment<MetricRow>> segments)
    {
        lock (_uncertain)
            foreach (var segment in segments) _uncertain.Remove(((object)segment.Array!, segment.Offset, segment.Count));
    }

    private sealed class SegmentComparer : IEqualityComparer<(object Buffer, int Offset, int Count)>
    {
        public bool Equals((object Buffer, int Offset, int Count) x, (object Buffer, int Offset, int Count) y) =>
            ReferenceEquals(x.Buffer, y.Buffer) && x.Offset == y.Offset && x.Count == y.Count;

        public int GetHashCode((object Buffer, int Offset, int Count) key) => HashCode.Combine(RuntimeHelpers.GetHashCode(key.Buffer), key.Offset, key.Count);
    }
}
