using System.Globalization;
using Mlops.Cli.Terminal;

namespace Mlops.Cli.Notebooks;

/// <summary>
/// <c>mlops notebook reproduce</c>: runs the notebook stored with a run again, headless, with the same parameters and every
/// dataset version the run read pinned, into a new run tagged with the one it reproduces; then compares the two.
/// </summary>
internal sealed class Reproduction(MlopsClient client, string storeLocation, TextWriter output)
{
    /// <summary>Exit code when a metric drifted beyond its tolerance (or a param differs).</summary>
    public const int Drifted = 4;

    public sealed record Outcome(int Exit, RunDetails Original, RunDetails? Reproduction, IReadOnlyList<ReproductionRow> Rows);

    /// <param name="overrides">Parameters to run with instead of the run's (to see what a change does); none for a reproduction proper.</param>
    public async Task<Outcome> RunAsync(string runId, (double Default, IReadOnlyDictionary<string, double> PerMetric) tolerance, NotebookRunOptions options,
        string? executedPath, IReadOnlyList<KeyValuePair<string, string>> overrides, CancellationToken cancel)
    {
        var original = client.GetRun(runId);
        var tags = original.Tags;
        if (!tags.TryGetValue(NotebookProvenance.ArtifactTag, out var artifact) || !tags.TryGetValue(NotebookProvenance.Sha256Tag, out var sha)
            || !tags.TryGetValue(NotebookProvenance.PathTag, out var recordedPath))
            throw new NotebookException(
                $"run {original.Info.Id.Short} has no stored notebook, so there is nothing to run again. Runs started by a notebook run headless " +
                "(mlops notebook run <notebook>) store it; run the notebook that way and reproduce one of its runs.", badInput: true);
        var name = Path.GetFileName(recordedPath);
        // beside the original (its relative paths hold there), or here when that folder is not on this machine
        var folder = Path.GetDirectoryName(recordedPath) is { } dir && Directory.Exists(dir) ? dir : Directory.GetCurrentDirectory();
        var copy = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(name)}.reproduce-{original.Info.Id.Short}{Path.GetExtension(name)}");
        try
        {
            try
            {
                client.DownloadArtifact(original.Info.Id.Value, artifact, copy);
            }
            catch (MlopsException e) when (e.Kind == MlopsErrorKind.Corrupted)
            {
                throw new NotebookException($"the notebook stored with run {original.Info.Id.Short} ({artifact}) is damaged: {e.Message} Nothing was run.", badInput: true);
            }
            if (NotebookProvenance.HashOf(copy) != sha)
                throw new NotebookException($"the notebook stored with run {original.Info.Id.Short} ({artifact}) no longer matches the SHA-256 the run recorded " +
                                            $"({sha[..12]}...): its bytes were changed. Nothing was run.", badInput: true);
            var notebook = NotebookDocument.Load(copy);
            var parameters = NotebookProvenance.ParseParameters(tags.GetValueOrDefault(NotebookProvenance.ParametersTag))
                .Select(p => KeyValuePair.Create(p.Key, p.Value.StartsWith('"') ? System.Text.Json.JsonSerializer.Deserialize<string>(p.Value)! : p.Value))
                .Where(p => overrides.All(o => o.Key != p.Key)).Concat(overrides).ToList();
            notebook.Parameters = NotebookParameters.Inject(notebook, parameters);
            var pins = Pins(original);
            output.WriteLine($"Reproducing run {original.Info.Id.Short} ({original.Info.Name}) with {name}" +
                             (parameters.Count == 0 ? "" : $", parameters {string.Join(", ", parameters.Select(p => $"{p.Key}={p.Value}"))}") +
                             (pins.Count == 0 ? "" : $", datasets pinned: {string.Join(", ", pins.Select(p => $"{p.Key}@{p.Value}"))}"));
            var earlier = Reproductions(original).Select(r => r.Info.Id).ToHashSet();
            var extra = new Dictionary<string, string?>
            {
                ["MLOPS_STORE"] = storeLocation,
                [DatasetPins.Variable] = DatasetPins.Format(pins),
                [NotebookProvenance.ReproducesVariable] = original.Info.Id.Value,
            };
            var (result, _) = await HeadlessRun.RunAsync(notebook, copy, recordedPath, notebook.Parameters, options, extra, output, cancel);
            executedPath ??= $"{Path.GetFileNameWithoutExtension(name)}.reproduction.ipynb";
            IpynbWriter.Write(notebook, executedPath);
            output.WriteLine($"Wrote {Path.GetFullPath(executedPath)}");
            if (!result.Succeeded)
            {
                output.WriteLine($"The reproduction failed at cell {result.FailedCell}: {result.Error?.Split('\n')[0]}");
                return new Outcome(1, original, null, []);
            }
            var reproduction = Find(original, earlier) ?? throw new NotebookException(
                $"the notebook ran, but started no run in {StoreLocation.Describe(storeLocation)} (it may use another store than the run's: `#!mlops use` in the notebook wins over MLOPS_STORE).");
            var rows = ReproductionCheck.Compare(original, reproduction, tolerance.Default, tolerance.PerMetric);
            Print(original, reproduction, rows);
            return new Outcome(rows.All(r => r.Within) ? 0 : Drifted, original, reproduction, rows);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    // each dataset at the version the run read (loaded, else committed; the newest when it used several)
    private static Dictionary<string, int> Pins(RunDetails run) => run.Inputs
        .GroupBy(i => i.Dataset)
        .ToDictionary(g => g.Key, g => (g.Any(i => i.Use == DatasetUse.Loaded) ? g.Where(i => i.Use == DatasetUse.Loaded) : g).Max(i => i.Version));

    // the run the same cell started in the reproduction (or the first the reproduction started)
    private RunDetails? Find(RunDetails original, HashSet<RunId> earlier)
    {
        var runs = Reproductions(original).Where(r => !earlier.Contains(r.Info.Id)).OrderBy(r => r.Info.StartTime).Select(r => client.GetRun(r.Info.Id.Value)).ToList();
        var cell = original.Tags.GetValueOrDefault(NotebookProvenance.CellTag);
        return runs.FirstOrDefault(r => cell is not null && r.Tags.GetValueOrDefault(NotebookProvenance.CellTag) == cell && r.Info.Name == original.Info.Name)
               ?? runs.FirstOrDefault(r => cell is not null && r.Tags.GetValueOrDefault(NotebookProvenance.CellTag) == cell)
               ?? runs.FirstOrDefault();
    }

    private RunList Reproductions(RunDetails original) =>
        client.ListRuns(RunFilter.Parse($"tags.`{NotebookProvenance.ReproducesTag}` = '{original.Info.Id.Value}'", "start_time", 10_000));

    private void Print(RunDetails original, RunDetails reproduction, IReadOnlyList<ReproductionRow> rows)
    {
        output.WriteLine($"Run {original.Info.Id.Short} and its reproduction {reproduction.Info.Id.Short}:");
        var table = rows.Select(r => (IReadOnlyList<string>)[
            $"{r.Kind} {r.Name}", r.Original ?? "-", r.Reproduction ?? "-",
            r.Difference is { } d ? d.ToString("G6", CultureInfo.InvariantCulture) : r.Kind == "param" ? (r.Within ? "" : "differs") : "missing",
            r.Kind == "timing" ? "(timing)" : r.Within ? "yes" : "NO"]).ToList();
        TextTable.Write(output, ["", "original", "reproduction", "difference", "within tolerance"], table, new HashSet<int> { 1, 2, 3 });
        var drifted = rows.Count(r => !r.Within);
        output.WriteLine(drifted == 0 ? "Reproduced: every param equal and every metric within tolerance."
            : $"Not reproduced: {drifted} of {rows.Count} differ beyond tolerance ({string.Join(", ", rows.Where(r => !r.Within).Select(r => r.Name))}).");
    }
}
