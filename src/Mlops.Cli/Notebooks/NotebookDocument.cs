using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace Mlops.Cli.Notebooks;

/// <summary>A notebook read from .ipynb or .dib with the host's own parser (Microsoft.DotNet.Interactive.Documents).</summary>
internal sealed class NotebookDocument
{
    private static readonly (string Name, string Language)[] KnownKernels =
    [
        ("csharp", "C#"), ("fsharp", "F#"), ("pwsh", "PowerShell"), ("javascript", "JavaScript"), ("html", "HTML"),
        ("markdown", "Markdown"), ("sql", "SQL"), ("kql", "KQL"), ("mermaid", "Mermaid"), ("http", "HTTP"), ("value", "value"),
    ];

    private readonly List<NotebookCell> _cells;

    private NotebookDocument(string path, List<NotebookCell> cells, JsonObject? metadata)
    {
        Path = path;
        _cells = cells;
        Metadata = metadata;
    }

    public string Path { get; }

    public IReadOnlyList<NotebookCell> Cells => _cells;

    /// <summary>The parameters the notebook runs with (injected after its parameters cell), or null.</summary>
    public JsonObject? Parameters { get; set; }

    /// <summary>Adds a cell the runner made (injected parameters) at <paramref name="index"/>.</summary>
    public void Insert(int index, NotebookCell cell) => _cells.Insert(index, cell);

    /// <summary>The notebook-level metadata of an .ipynb (kept when writing), or null for a .dib.</summary>
    public JsonObject? Metadata { get; }

    public static NotebookDocument Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new NotebookException($"notebook '{path}' does not exist (looked for {full}).", badInput: true);
        var extension = System.IO.Path.GetExtension(full).ToLowerInvariant();
        if (extension is not ".ipynb" and not ".dib")
            throw new NotebookException($"'{path}' is not a notebook: give an .ipynb or .dib file.", badInput: true);
        var text = File.ReadAllText(full);
        var kernels = new KernelInfoCollection();
        foreach (var (name, language) in KnownKernels) kernels.Add(new KernelInfo(name, language, []));
        kernels.DefaultKernelName = "csharp";
        InteractiveDocument document;
        JsonObject? metadata = null;
        JsonArray? rawCells = null;
        try
        {
            if (extension == ".ipynb")
            {
                var root = JsonNode.Parse(text);
                metadata = root?["metadata"]?.DeepClone() as JsonObject;
                rawCells = root?["cells"] as JsonArray;
                document = Notebook.Parse(text, kernels);
            }
            else document = CodeSubmission.Parse(text, kernels);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            throw new NotebookException($"'{path}' could not be read as a notebook: {e.Message}", badInput: true);
        }
        // the host's parser keeps no cell tags: they are read from the file's cells, which it parses one for one
        var tags = rawCells is not null && rawCells.Count == document.Elements.Count
            ? rawCells.Select(c => (c?["metadata"]?["tags"] as JsonArray)?.Select(t => t?.GetValue<string>() ?? "").ToList() ?? []).ToList()
            : null;
        var cells = document.Elements.Select((element, i) => new NotebookCell(
            string.IsNullOrEmpty(element.Id) ? $"cell-{i + 1}" : element.Id,
            string.IsNullOrEmpty(element.KernelName) ? "csharp" : element.KernelName,
            element.Contents ?? "", tags?[i]) { SourceIndex = i + 1 }).ToList();
        return new NotebookDocument(full, cells, metadata);
    }
}

/// <summary>A notebook that cannot be read or run; the message says why. Bad input (exit 2) when nothing was run.</summary>
internal sealed class NotebookException(string message, bool badInput = false) : Exception(message)
{
    public bool BadInput { get; } = badInput;
}
