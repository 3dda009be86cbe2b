namespace Mlops;

/// <summary>Which runs to list. Null members do not filter. Newest first.</summary>
public sealed record RunFilter(string? Experiment = null, RunStatus? Status = null, RunId? Parent = null, int Limit = RunFilter.DefaultLimit)
{
    /// <summary>Rows shown when no limit is given.</summary>
    public const int DefaultLimit = 100;
}
