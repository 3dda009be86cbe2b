namespace Mlops.Cli.Notebooks;

/// <summary>An output in nbformat terms: a stream, rich display data, a cell's return value, or an error.</summary>
internal abstract record CellOutput;

/// <summary>Text written to stdout or stderr.</summary>
internal sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary>A displayed value as a mime bundle; <see cref="ValueId"/> lets later updates replace it.</summary>
internal sealed record DisplayOutput(IReadOnlyDictionary<string, string> Data, string? ValueId, bool IsResult) : CellOutput;

/// <summary>A cell that failed.</summary>
internal sealed record ErrorOutput(string Name, string Message, IReadOnlyList<string> Traceback) : CellOutput;
