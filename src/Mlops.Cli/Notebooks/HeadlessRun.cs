using System.Text.Json.Nodes;

namespace Mlops.Cli.Notebooks;

/// <summary>
/// A notebook run headless with provenance: the kernel is told the notebook's path, the SHA-256 of its source and the
/// parameters (runs started in it record them, and store the source), from a private copy of the source taken before
/// the first cell, so an edit during the run changes nothing recorded.
/// </summary>
internal static class HeadlessRun
{
    /// <param name="notebook">The notebook to run, parameters already injected.</param>
    /// <param name="source">The file whose bytes are the source as it runs.</param>
    /// <param name="recordedPath">The path runs record (the notebook's own, also when a reproduction runs a stored copy).</param>
    /// <param name="parameters">The parameters as JSON, or null.</param>
    /// <param name="options">How to run.</param>
    /// <param name="extra">More variables for the kernel (a reproduction's pins and store).</param>
    /// <param name="progress">Where progress goes.</param>
    /// <param name="cancel">Stops the run.</param>
    /// <returns>How the run went, and the runs the notebook started (ids, in order).</returns>
    public static async Task<(NotebookRunResult Result, IReadOnlyList<string> Runs)> RunAsync(NotebookDocument notebook, string source, string recordedPath, JsonObject? parameters,
        NotebookRunOptions options, IReadOnlyDictionary<string, string?> extra, TextWriter progress, CancellationToken cancel)
    {
        var folder = Directory.CreateTempSubdirectory("mlops-notebook-");
        try
        {
            var snapshot = Path.Combine(folder.FullName, Path.GetFileName(recordedPath));
            File.Copy(source, snapshot);
            var runs = Path.Combine(folder.FullName, "runs");
            File.WriteAllText(runs, "");
            var environment = new Dictionary<string, string?>(options.Environment)
            {
                [NotebookProvenance.PathVariable] = recordedPath,
                [NotebookProvenance.Sha256Variable] = NotebookProvenance.HashOf(snapshot),
                [NotebookProvenance.SnapshotVariable] = snapshot,
                [NotebookProvenance.ParametersVariable] = parameters?.ToJsonString(),
                [NotebookProvenance.RunsFileVariable] = runs,
            };
            foreach (var (key, value) in extra) environment[key] = value;
            var result = await new NotebookRunner(options with { Environment = environment }, progress).RunAsync(notebook, cancel);
            return (result, File.ReadAllLines(runs).Where(line => line.Length > 0).Distinct().ToList());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
