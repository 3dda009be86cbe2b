using System.Security.Cryptography;
using System.Text.Json;

namespace Mlops;

/// <summary>
/// Which notebook a run was started from, read from the process environment when the run starts: a headless run
/// (<c>mlops notebook run</c>) sets every variable; Jupyter gives the kernel the notebook's path (<c>JPY_SESSION_NAME</c>),
/// whose saved source is then hashed. Recorded on the run as tags under <c>mlops.notebook.</c>, and the source as an artifact.
/// </summary>
/// <param name="Path">The notebook's full path.</param>
/// <param name="Sha256">The SHA-256 of the notebook's source as it ran (hex, lower case).</param>
/// <param name="Cell">The 1-based index (counting every cell) of the cell that started the run, when the host says.</param>
/// <param name="Parameters">The parameters the notebook ran with, as JSON (headless runs with -p).</param>
/// <param name="Snapshot">A copy of the source as it ran, to store with the run (headless runs), or the notebook itself.</param>
/// <param name="Reproduces">The run this run reproduces (<c>mlops notebook reproduce</c>).</param>
/// <param name="RunsFile">A file the headless runner reads afterwards: each run started is appended to it (its id only).</param>
public sealed record NotebookProvenance(string Path, string Sha256, int? Cell, string? Parameters, string Snapshot, string? Reproduces, string? RunsFile = null)
{
    /// <summary>Environment variables a headless run sets for its kernel.</summary>
    public const string PathVariable = "MLOPS_NOTEBOOK_PATH", Sha256Variable = "MLOPS_NOTEBOOK_SHA256", CellVariable = "MLOPS_NOTEBOOK_CELL",
        ParametersVariable = "MLOPS_NOTEBOOK_PARAMETERS", SnapshotVariable = "MLOPS_NOTEBOOK_SNAPSHOT", ReproducesVariable = "MLOPS_REPRODUCES",
        RunsFileVariable = "MLOPS_NOTEBOOK_RUNS_FILE";

    /// <summary>Run tags the provenance is recorded under.</summary>
    public const string PathTag = "mlops.notebook.path", Sha256Tag = "mlops.notebook.sha256", CellTag = "mlops.notebook.cell",
        ParametersTag = "mlops.notebook.parameters", ArtifactTag = "mlops.notebook.artifact", ReproducesTag = "mlops.reproduces";

    /// <summary>The folder of run artifacts the notebook's source is stored under.</summary>
    public const string ArtifactFolder = "notebook";

    /// <summary>The provenance the environment gives, or null when this process is not running a notebook it can name.</summary>
    public static NotebookProvenance? FromEnvironment()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable);
        var reproduces = Environment.GetEnvironmentVariable(ReproducesVariable);
        if (!string.IsNullOrEmpty(path))
        {
            var sha = Environment.GetEnvironmentVariable(Sha256Variable);
            var snapshot = Environment.GetEnvironmentVariable(SnapshotVariable);
            if (string.IsNullOrEmpty(snapshot) || !File.Exists(snapshot)) snapshot = path;
            sha = string.IsNullOrEmpty(sha) ? HashOf(snapshot) : sha;
            if (sha is null) return null;
            var cell = int.TryParse(Environment.GetEnvironmentVariable(CellVariable), out var c) && c > 0 ? c : (int?)null;
            var parameters = Environment.GetEnvironmentVariable(ParametersVariable);
            var runs = Environment.GetEnvironmentVariable(RunsFileVariable);
            return new NotebookProvenance(path, sha, cell, string.IsNullOrEmpty(parameters) ? null : parameters, snapshot, string.IsNullOrEmpty(reproduces) ? null : reproduces,
                string.IsNullOrEmpty(runs) ? null : runs);
        }
        // Jupyter names the notebook a kernel serves, relative to the folder the server started in (usually the kernel's)
        var session = Environment.GetEnvironmentVariable("JPY_SESSION_NAME");
        if (string.IsNullOrEmpty(session)) return null;
        var full = System.IO.Path.GetFullPath(session);
        if (!File.Exists(full) || HashOf(full) is not { } hash) return null;
        return new NotebookProvenance(full, hash, null, null, full, null);
    }

    /// <summary>The tags a run started from this notebook gets.</summary>
    public IEnumerable<KeyValuePair<string, string>> Tags()
    {
        yield return new(PathTag, Path);
        yield return new(Sha256Tag, Sha256);
        if (Cell is { } cell) yield return new(CellTag, cell.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Parameters is not null) yield return new(ParametersTag, Parameters);
        if (Reproduces is not null) yield return new(ReproducesTag, Reproduces);
    }

    /// <summary>Tells the headless runner that this process started a run (appends its id to <see cref="RunsFile"/>, if any).</summary>
    public void Announce(RunId run)
    {
        if (RunsFile is null) return;
        try
        {
            File.AppendAllText(RunsFile, run.Value + "\n");
        }
        catch (IOException)
        {
            // the runner then attaches nothing to this run; the run itself is unaffected
        }
    }

    /// <summary>The artifact name the source is stored under: the notebook's file name in <see cref="ArtifactFolder"/>.</summary>
    public string ArtifactName => $"{ArtifactFolder}/{System.IO.Path.GetFileName(Path)}";

    /// <summary>The parameters as name to JSON value text, in the order given; empty when there are none.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseParameters(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetRawText())).ToList();
    }

    /// <summary>The SHA-256 of a file (hex, lower case), or null when it cannot be read.</summary>
    public static string? HashOf(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
