namespace Mlops;

/// <summary>What to start a run with. Null members take defaults: a generated name, the current experiment, no parent.</summary>
public sealed record RunStart(
    string? Name = null,
    string? Experiment = null,
    IReadOnlyList<KeyValuePair<string, string>>? Tags = null,
    RunId? Parent = null,
    string? Note = null);
