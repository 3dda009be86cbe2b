namespace Mlops.Cli.Notebooks;

/// <summary>How to run a notebook.</summary>
/// <param name="NuGetSources">Folders or URLs added with <c>#i "nuget: ..."</c> before the first cell (e.g. a local build's feed).</param>
/// <param name="CellTimeout">How long one cell may run.</param>
/// <param name="Environment">Variables set for the kernel process (tests give it its own HOME, NUGET_PACKAGES, TMPDIR).</param>
internal sealed record NotebookRunOptions(IReadOnlyList<string> NuGetSources, TimeSpan CellTimeout, IReadOnlyDictionary<string, string?> Environment)
{
    public static NotebookRunOptions Default => new([], TimeSpan.FromMinutes(10), new Dictionary<string, string?>());
}

/// <summary>How a run went: the failing cell (1-based, counting every cell) and its error, or success.</summary>
internal sealed record NotebookRunResult(bool Succeeded, int? FailedCell, string? Error, TimeSpan Elapsed);
