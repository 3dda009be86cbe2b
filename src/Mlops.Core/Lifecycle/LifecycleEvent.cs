namespace Mlops;

/// <summary>
/// One entry of the append-only lifecycle trail: a delete, restore, rename or purge, who did it and when. Kept when what
/// it names is purged, so the trail always says what became of a run or experiment.
/// </summary>
/// <param name="Id">Its position in the trail.</param>
/// <param name="At">When.</param>
/// <param name="Who">The user (on the team store, the database role, with the OS user beside it).</param>
/// <param name="Action">delete, restore, rename or purge.</param>
/// <param name="Kind">run or experiment.</param>
/// <param name="Target">The run id or experiment name.</param>
/// <param name="Detail">More: the new name of a rename, the filter of a bulk delete.</param>
public sealed record LifecycleEvent(long Id, DateTimeOffset At, string Who, string Action, string Kind, string Target, string? Detail);

/// <summary>What a garbage collection removed (or, dry, would remove) and the bytes it freed.</summary>
/// <param name="Runs">Runs purged, with their params, metrics, tags and artifact records.</param>
/// <param name="Experiments">Experiments purged (deleted ones, once their runs are gone).</param>
/// <param name="MetricPoints">Metric points removed.</param>
/// <param name="ArtifactRecords">Artifact records removed.</param>
/// <param name="Blobs">Stored files no record refers to any more, removed.</param>
/// <param name="BlobBytes">Their bytes.</param>
/// <param name="KeptForModels">Deleted runs kept because a model version was registered from them (its decisions name it).</param>
/// <param name="BytesBefore">The store's size before (database and stored files).</param>
/// <param name="BytesAfter">Its size after (the same, for a dry run).</param>
/// <param name="DryRun">Whether nothing was changed.</param>
public sealed record GcReport(int Runs, int Experiments, long MetricPoints, int ArtifactRecords, int Blobs, long BlobBytes, int KeptForModels,
    long BytesBefore, long BytesAfter, bool DryRun)
{
    /// <summary>Deleted dataset versions purged (their rows removed; their numbers, digests and counts kept).</summary>
    public int DatasetVersions { get; init; }

    /// <summary>Stored dataset rows removed: those only purged versions contained.</summary>
    public long DatasetRows { get; init; }

    /// <summary>Deleted dataset versions kept because a decision re-scored on them or a remaining run or model version used them.</summary>
    public int KeptDatasetVersions { get; init; }

    /// <summary>The bytes freed (0 for a dry run).</summary>
    public long BytesFreed => Math.Max(0, BytesBefore - BytesAfter);
}
