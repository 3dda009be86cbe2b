namespace Mlops;

/// <summary>Per-column statistics of one version, computed inside the store.</summary>
public sealed record DatasetProfile(DatasetVersion Version, IReadOnlyList<ColumnProfile> Columns);

/// <summary>
/// One column: type, count, nulls, distinct values, and for numbers min/max/mean/std and an equal-width histogram; for
/// other types the minimum and maximum as text and the most frequent values.
/// </summary>
public sealed record ColumnProfile(
    string Name,
    string Type,
    long Count,
    long Nulls,
    long Distinct,
    bool Numeric,
    string? Min,
    string? Max,
    double? Mean,
    double? Std,
    IReadOnlyList<ValueCount> Top,
    Histogram? Histogram);

/// <summary>A value and how often it occurs.</summary>
public sealed record ValueCount(string Value, long Count);

/// <summary>Counts per bin; bin i spans Edges[i] to Edges[i+1].</summary>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);
