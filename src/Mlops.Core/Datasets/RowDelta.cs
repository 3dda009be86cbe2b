using System.Runtime.InteropServices;

namespace Mlops;

/// <summary>
/// What turns the rows a version holds into new content, compared as multisets of row hashes: the stored rows that go
/// (for a hash several stored rows share, the lowest ids first) and the new rows that come (for a hash several new rows
/// share, the first in source order). Rows whose hash is on both sides stay as they are stored.
/// </summary>
/// <param name="Closed">The ids of the stored rows that go, ascending.</param>
/// <param name="Added">The positions (0-based, in source order) of the new rows that come, ascending.</param>
public sealed record RowDelta(IReadOnlyList<long> Closed, IReadOnlyList<long> Added)
{
    /// <summary>Compares the <paramref name="stored"/> rows (id and hash, in any order) with the <paramref name="incoming"/> hashes in source order.</summary>
    public static RowDelta Of(IReadOnlyList<(long Id, UInt128 Hash)> stored, IReadOnlyList<UInt128> incoming)
    {
        // each hash's surplus: how many more times the new content has it than the stored rows (negative: fewer)
        var surplus = new Dictionary<UInt128, int>(Math.Max(stored.Count, incoming.Count));
        foreach (var (_, hash) in stored) CollectionsMarshal.GetValueRefOrAddDefault(surplus, hash, out _)--;
        foreach (var hash in incoming) CollectionsMarshal.GetValueRefOrAddDefault(surplus, hash, out _)++;

        var added = new List<long>();
        for (var position = 0; position < incoming.Count; position++)
        {
            ref var more = ref CollectionsMarshal.GetValueRefOrNullRef(surplus, incoming[position]);
            if (more <= 0) continue;
            added.Add(position);
            more--;
        }
        var closed = new List<long>();
        // only the rows of hashes with fewer copies now are put in id order
        foreach (var (id, hash) in stored.Where(row => surplus[row.Hash] < 0).OrderBy(row => row.Id).ToList())
        {
            ref var more = ref CollectionsMarshal.GetValueRefOrNullRef(surplus, hash);
            if (more >= 0) continue;
            closed.Add(id);
            more++;
        }
        return new RowDelta(closed, added);
    }
}
