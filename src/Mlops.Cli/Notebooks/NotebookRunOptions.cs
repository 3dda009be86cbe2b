namespace Mlops.Cli.Notebooks;

/// <summary>How to run a notebook.</summary>
/// <param name="NuGetSources">Folders or URLs added with <c>#i "nuget: ..."</c> before the first cell (e.g. a local build's feed).</param>
/// <param name="CellTimeout">How long one cell may run.</param>
/// <param name="Environment">Variables set for the kernel process (tests give it its own HOME, NUGET_PACKAGES, TMPDIR).</param>
/// <param name="AllowErrors">Run every cell even after one fails (nbconvert's --allow-errors).</param>
internal sealed record NotebookRunOptions(IReadOnlyList<string> NuGetSources, TimeSpan CellTimeout, IReadOnlyDictionary<string, string?> Environment, bool AllowErrors = false)
{
    public static NotebookRunOptions Default => new([], TimeSpan.FromMinutes(10), new Dictionary<string, string?>());
}

/// <summary>A cell that failed: its 1-based position in the executed notebook (counting every cell) and the error.</summary>
internal sealed record CellFailure(int Cell, string Error);

/// <summary>How a run went: the cells that failed (at most one unless errors were allowed), or success.</summary>
internal sealed record NotebookRunResult(IReadOnlyList<CellFailure> Failures, TimeSpan Elapsed)
{
    public bool Succeeded => Failures.Count == 0;

    /// <summary>The first failing cell (1-based, counting every cell), if any.</summary>
    public int? FailedCell => Failures.Count > 0 ? Failures[0].Cell : null;

    /// <summary>The first failing cell's error, if any.</summary>
    public string? Error => Failures.Count > 0 ? Failures[0].Error : null;
}
