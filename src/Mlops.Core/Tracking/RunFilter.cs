namespace Mlops;

/// <summary>
/// Which runs to list and in what order. Null members do not filter. <see cref="Where"/> is a parsed filter
/// (<see cref="RunQueryParser.ParseFilter"/>); <see cref="OrderBy"/> defaults to newest first.
/// </summary>
public sealed record RunFilter(
    string? Experiment = null,
    RunStatus? Status = null,
    RunId? Parent = null,
    int Limit = RunFilter.DefaultLimit,
    FilterNode? Where = null,
    IReadOnlyList<RunOrder>? OrderBy = null)
{
    /// <summary>Deleted runs (and runs of deleted experiments) too; they are left out otherwise.</summary>
    public bool IncludeDeleted { get; init; }

    /// <summary>Rows shown when no limit is given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>A filter from the filter language's text (and optionally an order, e.g. "metrics.auc desc").</summary>
    /// <exception cref="MlopsException">InvalidArgument with a caret at the mistake.</exception>
    public static RunFilter Parse(string? where, string? orderBy = null, int limit = DefaultLimit, string? experiment = null) =>
        new(experiment, Limit: limit,
            Where: string.IsNullOrWhiteSpace(where) ? null : RunQueryParser.ParseFilter(where),
            OrderBy: string.IsNullOrWhiteSpace(orderBy) ? null : RunQueryParser.ParseOrder(orderBy));
}
