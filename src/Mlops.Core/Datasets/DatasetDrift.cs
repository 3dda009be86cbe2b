namespace Mlops;

/// <summary>Per-column drift of <see cref="Current"/> against <see cref="Reference"/>, with the thresholds used.</summary>
public sealed record DatasetDrift(DatasetVersion Reference, DatasetVersion Current, IReadOnlyList<ColumnDrift> Columns, DriftThresholds Thresholds);

/// <summary>
/// One column: the population stability index over shared bins (deciles of the reference for numbers, categories
/// otherwise, nulls as a bin of their own), and for numbers the two-sample Kolmogorov-Smirnov statistic and p-value.
/// </summary>
public sealed record ColumnDrift(
    string Name,
    string Type,
    double Psi,
    double? Ks,
    double? KsPValue,
    DriftLevel Level,
    IReadOnlyList<string> Bins,
    IReadOnlyList<double> ReferenceShare,
    IReadOnlyList<double> CurrentShare);

/// <summary>How far a column drifted.</summary>
public enum DriftLevel
{
    /// <summary>Below every threshold.</summary>
    None,
    /// <summary>PSI at or above the moderate threshold, or a KS test rejecting equal distributions.</summary>
    Moderate,
    /// <summary>PSI at or above the significant threshold.</summary>
    Significant,
}

/// <summary>Drift thresholds. Defaults: PSI 0.1 moderate and 0.25 significant (the usual rule of thumb); KS at p &lt; 0.05 with a statistic of at least 0.1.</summary>
public sealed record DriftThresholds(double PsiModerate = 0.1, double PsiSignificant = 0.25, double KsAlpha = 0.05, double KsMinimumStatistic = 0.1)
{
    /// <summary>The level for a column's statistics.</summary>
    public DriftLevel Classify(double psi, double? ks, double? pValue) =>
        psi >= PsiSignificant ? DriftLevel.Significant
        : psi >= PsiModerate || (pValue < KsAlpha && ks >= KsMinimumStatistic) ? DriftLevel.Moderate
        : DriftLevel.None;
}
