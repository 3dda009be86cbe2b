namespace Mlops;

/// <summary>A commit as the service hands it to the store: checked and complete.</summary>
/// <param name="Dataset">The dataset name (created by the first commit).</param>
/// <param name="Source">Where the rows come from.</param>
/// <param name="Key">Key columns to remember (and check unique) for keyed diffs; null keeps the dataset's key.</param>
/// <param name="Renames">Columns renamed since the previous version, old name to new name, so their stored values are reused.</param>
/// <param name="Message">The commit message.</param>
/// <param name="Author">Who commits.</param>
/// <param name="Run">The run committing it, recorded as lineage.</param>
/// <param name="At">When.</param>
/// <param name="Rollback">Commit content equal to an earlier version as a new latest version (it restores that
/// version) instead of answering with the earlier version.</param>
public sealed record DatasetCommit(
    string Dataset,
    DatasetSource Source,
    IReadOnlyList<string>? Key,
    IReadOnlyDictionary<string, string> Renames,
    string? Message,
    string Author,
    RunId? Run,
    DateTimeOffset At,
    bool Rollback = false);

/// <summary>Where a long commit is, for a progress display.</summary>
/// <param name="Stage">What it is doing ("reading the file", "comparing with version 3", ...).</param>
/// <param name="Percent">How far the current stage is, when the engine can tell (0-100).</param>
/// <param name="Elapsed">Time since the commit started.</param>
public sealed record DatasetProgress(string Stage, double? Percent, TimeSpan Elapsed);
