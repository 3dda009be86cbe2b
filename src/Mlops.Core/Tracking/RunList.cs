using System.Collections;

namespace Mlops;

/// <summary>A list of runs, newest first; a type of its own so notebooks display it as a table.</summary>
public sealed class RunList(IReadOnlyList<RunListItem> runs) : IReadOnlyList<RunListItem>
{
    /// <inheritdoc/>
    public RunListItem this[int index] => runs[index];

    /// <inheritdoc/>
    public int Count => runs.Count;

    /// <inheritdoc/>
    public IEnumerator<RunListItem> GetEnumerator() => runs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
