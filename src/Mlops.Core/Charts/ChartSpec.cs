namespace Mlops;

/// <summary>
/// A chart as a domain value: what to draw, not how. Mlops.Charts renders these to plotly figures; notebooks and
/// reports only display the result.
/// </summary>
public abstract record ChartSpec(string Title);

/// <summary>Named values, one per category or point.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);

/// <summary>Bars per category, one group per series.</summary>
public sealed record BarChart(string Title, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series,
    string? XTitle = null, string? YTitle = null, bool Horizontal = false) : ChartSpec(Title);

/// <summary>Counts over numeric bins: bin i spans Edges[i] to Edges[i+1].</summary>
public sealed record HistogramChart(string Title, IReadOnlyList<double> Edges, IReadOnlyList<long> Counts, string? XTitle = null) : ChartSpec(Title);

/// <summary>Lines through (x, y) points, one per series; <paramref name="WholeNumbers"/>: both axes tick at whole numbers only.</summary>
public sealed record LineChart(string Title, IReadOnlyList<LineSeries> Series, string XTitle, string YTitle, bool WholeNumbers = false) : ChartSpec(Title);

/// <summary>
/// One line of a <see cref="LineChart"/>. <paramref name="Style"/>: a line through the points, a step (the value holds
/// until the next point), or markers alone.
/// </summary>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, LineStyle Style = LineStyle.Line);

/// <summary>How a <see cref="LineSeries"/> is drawn.</summary>
public enum LineStyle
{
    /// <summary>Straight segments between points.</summary>
    Line,
    /// <summary>Holds each value until the next point, with markers.</summary>
    Step,
    /// <summary>Markers only.</summary>
    Markers,
}

/// <summary>One axis per dimension; each line is a run, colored by <see cref="ColorBy"/>.</summary>
public sealed record ParallelCoordinatesChart(string Title, IReadOnlyList<ChartDimension> Dimensions, ChartDimension ColorBy) : ChartSpec(Title);

/// <summary>
/// A parallel-coordinates axis: numbers, or categories (then <see cref="Categories"/> names the values 0, 1, 2, ...).
/// A missing value is NaN.
/// </summary>
public sealed record ChartDimension(string Label, IReadOnlyList<double> Values, IReadOnlyList<string>? Categories = null);

/// <summary>Points (x, y), each with a label shown on hover.</summary>
public sealed record ScatterChart(string Title, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<string> Labels, string XTitle, string YTitle) : ChartSpec(Title);

/// <summary>A grid of counts, such as a confusion matrix: <see cref="Values"/>[row][column], rows labelled by <see cref="Rows"/>.</summary>
public sealed record HeatmapChart(string Title, IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<double>> Values,
    string RowTitle, string ColumnTitle) : ChartSpec(Title);
