using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mlops.Cli.Notebooks;

/// <summary>Writes an executed notebook as nbformat 4.5 (cell ids, outputs, execution counts), readable by Jupyter and Polyglot Notebooks.</summary>
internal static class IpynbWriter
{
    // a file, not a page: escaping <, >, &, ' and non-ASCII as \uXXXX (the default, for HTML safety) would grow
    // plotly.js by 150,000 escapes (0.7 MB) and make outputs unreadable in diffs
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(NotebookDocument notebook, string path)
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(notebook.Cells.Select(Cell).ToArray()),
            ["metadata"] = Metadata(notebook),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, root.ToJsonString(Indented) + "\n");
    }

    // the notebook's own metadata, with the parameters it ran with (as papermill records them, under mlops)
    private static JsonNode Metadata(NotebookDocument notebook)
    {
        var metadata = notebook.Metadata?.DeepClone() as JsonObject ?? DefaultMetadata();
        if (notebook.Parameters is { } parameters) metadata["mlops"] = new JsonObject { ["parameters"] = parameters.DeepClone() };
        return metadata;
    }

    private static JsonNode Cell(NotebookCell cell)
    {
        var json = new JsonObject
        {
            ["cell_type"] = cell.IsMarkdown ? "markdown" : "code",
            ["id"] = cell.Id,
            ["metadata"] = cell.IsMarkdown ? new JsonObject() : new JsonObject
            {
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = cell.Kernel },
            },
            ["source"] = Lines(cell.Source),
        };
        if (cell.Tags.Count > 0) ((JsonObject)json["metadata"]!)["tags"] = new JsonArray(cell.Tags.Select(t => (JsonNode)t).ToArray());
        if (!cell.IsMarkdown)
        {
            json["execution_count"] = cell.ExecutionCount;
            json["outputs"] = new JsonArray(cell.Outputs.Select(o => Output(o, cell.ExecutionCount)).ToArray());
        }
        return json;
    }

    private static JsonNode Output(CellOutput output, int? count) => output switch
    {
        StreamOutput s => new JsonObject { ["output_type"] = "stream", ["name"] = s.Name, ["text"] = Lines(s.Text) },
        DisplayOutput { IsResult: true } d => new JsonObject
        {
            ["output_type"] = "execute_result", ["data"] = Data(d), ["metadata"] = new JsonObject(), ["execution_count"] = count,
        },
        DisplayOutput d => new JsonObject { ["output_type"] = "display_data", ["data"] = Data(d), ["metadata"] = new JsonObject() },
        ErrorOutput e => new JsonObject
        {
            ["output_type"] = "error", ["ename"] = e.Name, ["evalue"] = e.Message, ["traceback"] = new JsonArray(e.Traceback.Select(t => (JsonNode)t).ToArray()),
        },
        _ => throw new InvalidOperationException($"unknown output {output}"),
    };

    private static JsonObject Data(DisplayOutput display) =>
        new(display.Data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Lines(kv.Value))));

    // nbformat stores multi-line text as a list of lines that keep their line ends
    private static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private static JsonObject DefaultMetadata() => new()
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["name"] = "csharp" }),
            },
        },
    };
}
