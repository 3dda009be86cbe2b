namespace Mlops.Cli.Notebooks;

/// <summary>One cell of a notebook: markdown or code for a named kernel, with the outputs of its last execution.</summary>
internal sealed class NotebookCell(string id, string kernel, string source, IReadOnlyList<string>? tags = null)
{
    public string Id { get; } = id;

    /// <summary>csharp, fsharp, pwsh, html, ... or markdown.</summary>
    public string Kernel { get; } = kernel;

    public string Source { get; } = source;

    public bool IsMarkdown => Kernel == "markdown";

    /// <summary>The cell's tags (an .ipynb cell's metadata.tags): <c>parameters</c>, <c>injected-parameters</c> ...</summary>
    public IReadOnlyList<string> Tags { get; } = tags ?? [];

    /// <summary>The cell's 1-based position in the notebook as written (null for a cell the runner added).</summary>
    public int? SourceIndex { get; set; }

    public List<CellOutput> Outputs { get; } = [];

    public int? ExecutionCount { get; set; }

    public TimeSpan? Elapsed { get; set; }
}
