namespace Mlops.Cli.Terminal;

/// <summary>
/// A plain-text table with aligned columns, for terminals and CI logs. It fits a width: long cells are cut with "…",
/// and columns past the width are left out, which the caller says (with how to see them).
/// </summary>
internal static class TextTable
{
    /// <summary>The longest a cell is shown.</summary>
    public const int MaxCell = 32;

    /// <summary>
    /// The width to fit: the terminal's when output goes to one, else <c>COLUMNS</c>, else 120 (a CI log).
    /// </summary>
    public static int Width
    {
        get
        {
            if (!Console.IsOutputRedirected)
                try { if (Console.WindowWidth > 20) return Console.WindowWidth; } catch (IOException) { }
            return int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 20 ? columns : 120;
        }
    }

    /// <summary>Writes the table; returns the headers of the columns left out to fit <paramref name="width"/> (the first <paramref name="keep"/> always stay).</summary>
    public static IReadOnlyList<string> Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? rightAligned = null,
        int? width = null, int keep = 1)
    {
        var all = rows.Select(r => (IReadOnlyList<string>)r.Select(Cut).ToList()).ToList();
        var widths = header.Select((h, i) => Math.Max(Cut(h).Length, all.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var limit = width ?? int.MaxValue;
        var shown = new List<int>();
        var used = 0;
        for (var i = 0; i < header.Count; i++)
        {
            var need = widths[i] + (shown.Count == 0 ? 0 : 2);
            if (i >= keep && used + need > limit) continue;
            shown.Add(i);
            used += need;
        }
        string Line(IReadOnlyList<string> cells) => string.Join("  ", shown.Select(i =>
            rightAligned?.Contains(i) == true ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(header.Select(Cut).ToList()));
        output.WriteLine(string.Join("  ", shown.Select(i => new string('-', widths[i]))));
        foreach (var row in all) output.WriteLine(Line(row));
        return Enumerable.Range(0, header.Count).Except(shown).Select(i => header[i]).ToList();
    }

    private static string Cut(string cell)
    {
        var flat = cell.ReplaceLineEndings(" ");
        return flat.Length <= MaxCell ? flat : flat[..(MaxCell - 1)] + "…";
    }
}
