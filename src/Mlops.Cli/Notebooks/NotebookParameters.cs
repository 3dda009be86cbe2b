using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mlops.Cli.Notebooks;

/// <summary>
/// Parameters injected the papermill way: the cell tagged <c>parameters</c> (in a .dib, the cell whose first line is
/// <c>// parameters</c>) assigns defaults (<c>double lr = 0.01;</c>, <c>var trainer = "sdca";</c>); a new cell right after
/// it, tagged <c>injected-parameters</c>, assigns each given value as a C# literal of the default's type.
/// </summary>
internal static partial class NotebookParameters
{
    public const string Tag = "parameters", InjectedTag = "injected-parameters";

    private static readonly string[] Types = ["string", "int", "long", "double", "float", "decimal", "bool"];

    /// <summary>A parameter the parameters cell assigns: its name and C# type.</summary>
    public sealed record Declared(string Name, string Type);

    /// <summary>The parameters cell's index and what it declares, or null when the notebook has none.</summary>
    public static (int Index, IReadOnlyList<Declared> Parameters)? Find(NotebookDocument notebook)
    {
        var index = notebook.Cells.ToList().FindIndex(c => !c.IsMarkdown && (c.Tags.Contains(Tag) || FirstLine(c.Source) == "// parameters"));
        if (index < 0) return null;
        var declared = new List<Declared>();
        foreach (Match m in Declaration().Matches(notebook.Cells[index].Source))
        {
            var type = m.Groups["type"].Value;
            var value = m.Groups["value"].Value.Trim();
            type = type == "var" ? Infer(value) : type.TrimEnd('?');
            if (Types.Contains(type) && declared.All(d => d.Name != m.Groups["name"].Value)) declared.Add(new Declared(m.Groups["name"].Value, type));
        }
        if (declared.Count == 0)
            throw new NotebookException($"the parameters cell (cell {index + 1}) of {Path.GetFileName(notebook.Path)} assigns no parameter: declare each with a default, e.g. " +
                                        "`double lr = 0.01;` or `var trainer = \"sdca\";` (types: string, int, long, double, float, decimal, bool).", badInput: true);
        return (index, declared);
    }

    /// <summary>
    /// Checks the given values against the declared parameters and injects them after the parameters cell; returns the
    /// values as JSON (typed), or null when none were given.
    /// </summary>
    public static JsonObject? Inject(NotebookDocument notebook, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        if (values.Count == 0) return null;
        var found = Find(notebook) ?? throw new NotebookException(
            $"{Path.GetFileName(notebook.Path)} has no parameters cell, so -p {values[0].Key} has nothing to set: tag the cell that assigns the defaults " +
            "'parameters' (in a .dib, start it with the line // parameters).", badInput: true);
        var (index, declared) = found;
        var lines = new StringBuilder("// Parameters injected by mlops notebook run\n");
        var json = new JsonObject();
        foreach (var (name, text) in values)
        {
            var parameter = declared.FirstOrDefault(d => d.Name == name) ?? throw new NotebookException(
                $"-p {name}: {Path.GetFileName(notebook.Path)} has no parameter '{name}'; its parameters cell (cell {index + 1}) declares {Describe(declared)}.", badInput: true);
            var (literal, node) = Literal(parameter, text);
            lines.Append(name).Append(" = ").Append(literal).Append(";\n");
            json[name] = node;
        }
        var cell = notebook.Cells[index];
        notebook.Insert(index + 1, new NotebookCell(InjectedTag, cell.Kernel, lines.ToString().TrimEnd('\n'), [InjectedTag]));
        return json;
    }

    /// <summary>-p name=value pairs and a -p-file JSON object, the pairs winning.</summary>
    public static List<KeyValuePair<string, string>> Collect(IReadOnlyList<string> pairs, string? file)
    {
        var values = new List<KeyValuePair<string, string>>();
        if (file is not null)
        {
            if (!File.Exists(file)) throw new NotebookException($"-p-file {file} does not exist.", badInput: true);
            JsonObject? root;
            try { root = JsonNode.Parse(File.ReadAllText(file)) as JsonObject; }
            catch (JsonException e) { throw new NotebookException($"-p-file {file} is not JSON: {e.Message}", badInput: true); }
            if (root is null) throw new NotebookException($"-p-file {file} must hold a JSON object of parameter names to values, e.g. {{\"lr\": 0.1}}.", badInput: true);
            foreach (var (name, node) in root)
                values.Add(new(name, node switch
                {
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                    JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
                    _ => throw new NotebookException($"-p-file {file}: '{name}' must be a string, number or true/false.", badInput: true),
                }));
        }
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=');
            if (at <= 0) throw new NotebookException($"-p {pair}: give name=value, e.g. -p lr=0.1.", badInput: true);
            var name = pair[..at].Trim();
            values.RemoveAll(v => v.Key == name);
            values.Add(new(name, pair[(at + 1)..]));
        }
        return values;
    }

    private static (string Literal, JsonNode Node) Literal(Declared parameter, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        var t = text.Trim();
        NotebookException Wrong(string expected) => new(
            $"-p {parameter.Name}={text}: {parameter.Name} is {Article(parameter.Type)} {parameter.Type} in the parameters cell, and '{text}' is not {expected}.", badInput: true);
        switch (parameter.Type)
        {
            case "string":
                return (Quote(text), JsonValue.Create(text));
            case "bool":
                if (!bool.TryParse(t, out var b)) throw Wrong("true or false");
                return (b ? "true" : "false", JsonValue.Create(b));
            case "int":
                if (!int.TryParse(t, NumberStyles.Integer, invariant, out var i)) throw Wrong($"a whole number from {int.MinValue} to {int.MaxValue}");
                return (i.ToString(invariant), JsonValue.Create(i));
            case "long":
                if (!long.TryParse(t, NumberStyles.Integer, invariant, out var l)) throw Wrong("a whole number");
                return (l.ToString(invariant) + "L", JsonValue.Create(l));
            case "decimal":
                if (!decimal.TryParse(t, NumberStyles.Float, invariant, out var m)) throw Wrong("a number");
                return (m.ToString(invariant) + "m", JsonValue.Create(m));
            case "float":
                if (!float.TryParse(t, NumberStyles.Float, invariant, out var f) || !float.IsFinite(f)) throw Wrong("a number");
                return (f.ToString("R", invariant) + "f", JsonValue.Create(f));
            default:
                if (!double.TryParse(t, NumberStyles.Float, invariant, out var d) || !double.IsFinite(d)) throw Wrong("a number");
                return (d.ToString("R", invariant), JsonValue.Create(d));
        }
    }

    private static string Article(string type) => type is "int" ? "an" : "a";

    private static string Describe(IReadOnlyList<Declared> declared) => string.Join(", ", declared.Select(d => $"{d.Name} ({d.Type})"));

    // the type of a `var` default from its literal
    private static string Infer(string value) => value switch
    {
        _ when value.StartsWith('"') || value.StartsWith("@\"", StringComparison.Ordinal) => "string",
        "true" or "false" => "bool",
        _ when value.EndsWith('f') || value.EndsWith('F') => "float",
        _ when value.EndsWith('m') || value.EndsWith('M') => "decimal",
        _ when value.EndsWith('L') || value.EndsWith('l') => "long",
        _ when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) => "int",
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => "double",
        _ => "",
    };

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
            quoted.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\0' => "\\0",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return quoted.Append('"').ToString();
    }

    private static string FirstLine(string source) => source.TrimStart().Split('\n')[0].Trim();

    // `double lr = 0.01;`, `var trainer = "sdca";`, `string? name = null;` at the start of a line
    [GeneratedRegex(@"^[ \t]*(?<type>[A-Za-z_][\w]*\??)[ \t]+(?<name>[A-Za-z_]\w*)[ \t]*=[ \t]*(?<value>[^;\n]+);", RegexOptions.Multiline)]
    private static partial Regex Declaration();
}
