namespace Mlops;

/// <summary>A run as a row of a list: its info, params and the latest value of each metric.</summary>
public sealed record RunListItem(RunInfo Info, IReadOnlyDictionary<string, string> Params, IReadOnlyDictionary<string, double> Metrics);
