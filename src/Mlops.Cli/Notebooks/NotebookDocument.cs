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

    private NotebookDocument(string path, IReadOnlyList<NotebookCell> cells, JsonObject? metadata)
    {
        Path = path;
        Cells = cells;
        Metadata = metadata;
    }

    public string Path { get; }

    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The notebook-level metadata of an .ipynb (kept when writing), or null for a .dib.</summary>
    public JsonObject? Metadata { get; }

    public static NotebookDocument Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new NotebookException($"notebook '{path}' does not exist (looked for {full}).");
        var extension = System.IO.Path.GetExtension(full).ToLowerInvariant();
        if (extension is not ".ipynb" and not ".dib")
            throw new NotebookException($"'{path}' is not a notebook: give an .ipynb or .dib file.");
        var text = File.ReadAllText(full);
        var kernels = new KernelInfoCollection();
        foreach (var (name, language) in KnownKernels) kernels.Add(new KernelInfo(name, language, []));
        kernels.DefaultKernelName = "csharp";
        InteractiveDocument document;
        JsonObject? metadata = null;
        try
        {
            if (extension == ".ipynb")
            {
                metadata = JsonNode.Parse(text)?["metadata"]?.DeepClone() as JsonObject;
                document = Notebook.Parse(text, kernels);
            }
            else document = CodeSubmission.Parse(text, kernels);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            throw new NotebookException($"'{path}' could not be read as a notebook: {e.Message}");
        }
        var cells = document.Elements.Select((element, i) => new NotebookCell(
            string.IsNullOrEmpty(element.Id) ? $"cell-{i + 1}" : element.Id,
            string.IsNullOrEmpty(element.KernelName) ? "csharp" : element.KernelName,
            element.Contents ?? "")).ToList();
        return new NotebookDocument(full, cells, metadata);
    }
}

/// <summary>A notebook that cannot be read or run; the message says why.</summary>
internal sealed class NotebookException(string message) : Exception(message);
