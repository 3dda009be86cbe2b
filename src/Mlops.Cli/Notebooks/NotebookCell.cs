namespace Mlops.Cli.Notebooks;

/// <summary>One cell of a notebook: markdown or code for a named kernel, with the outputs of its last execution.</summary>
internal sealed class NotebookCell(string id, string kernel, string source)
{
    public string Id { get; } = id;

    /// <summary>csharp, fsharp, pwsh, html, ... or markdown.</summary>
    public string Kernel { get; } = kernel;

    public string Source { get; } = source;

    public bool IsMarkdown => Kernel == "markdown";

    public List<CellOutput> Outputs { get; } = [];

    public int? ExecutionCount { get; set; }

    public TimeSpan? Elapsed { get; set; }
}
