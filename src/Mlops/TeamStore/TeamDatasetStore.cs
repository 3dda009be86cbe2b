using System.Data.Common;
using System.Text.RegularExpressions;
using Mlops.DuckDb;
using Mlops.Postgres;

namespace Mlops;

/// <summary>
/// Datasets on the team store as the client sees them: commits, versions, keys, lineage, a keyed diff and reading columns
/// for a model are the server's; reading a version's rows, an unkeyed diff, the list of changed rows, profile and drift run
/// on the version's rows in the client's embedded DuckDB, the engine that computes them for a folder store, so both
/// engines give the same results for the same data. The rows are streamed from the
/// server into a private in-memory mirror and checked against the version's digest before anything is computed.
/// </summary>
internal sealed partial class TeamDatasetStore(PostgresStore server) : IDatasetStore
{
    public DatasetCommitResult Commit(DatasetCommit commit, IProgress<DatasetProgress>? progress = null) => server.Commit(commit, progress);

    public IReadOnlyList<DatasetSummary> ListDatasets(bool includeDeleted = false) => server.ListDatasets(includeDeleted);

    public void AddPurgedVersion(DatasetVersion version) => server.AddPurgedVersion(version);

    public IReadOnlyList<DatasetVersion> GetVersions(string dataset, bool includeDeleted = false) => server.GetVersions(dataset, includeDeleted);

    public bool SetVersionDeleted(DatasetVersion version, DateTimeOffset? at) => server.SetVersionDeleted(version, at);

    public IReadOnlyList<(int Version, string Digest)> GetFormerDigests(string dataset) => server.GetFormerDigests(dataset);

    public IReadOnlyList<string> GetKey(string dataset) => server.GetKey(dataset);

    public IReadOnlyDictionary<string, string> GetRenames(DatasetVersion from, DatasetVersion to) => server.GetRenames(from, to);

    public void RecordUse(RunId run, DatasetVersion version, DatasetUse use, DateTimeOffset at) => server.RecordUse(run, version, use, at);

    public IReadOnlyList<RunInput> GetRunInputs(RunId run) => server.GetRunInputs(run);

    public DbDataReader OpenVersion(DatasetVersion version, FilterNode? where = null, int? limit = null)
    {
        var mirror = Mirror(version);
        try
        {
            return new OwningReader(((IDatasetStore)mirror.Store).OpenVersion(mirror.Versions[0], where, limit), mirror.Store);
        }
        catch
        {
            mirror.Store.Dispose();
            throw;
        }
    }

    public ColumnArrays ReadColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns) => server.ReadColumns(version, columns);

    public ColumnStream OpenColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns) => server.OpenColumns(version, columns);

    public DatasetDiff Diff(DatasetVersion from, DatasetVersion to, IReadOnlyList<string> key, int sampleSize)
    {
        if (key.Count > 0) return server.Diff(from, to, key, sampleSize);
        var mirror = Mirror(from, to);
        using var _ = mirror.Store;
        return Labelled(mirror.Versions, [from, to], () => mirror.Store.Diff(mirror.Versions[0], mirror.Versions[1], key, sampleSize) with { From = from, To = to });
    }

    public DbDataReader OpenDiff(DatasetVersion from, DatasetVersion to, IReadOnlyList<string> key)
    {
        var mirror = Mirror(from, to);
        try
        {
            return new OwningReader(Labelled(mirror.Versions, [from, to], () => mirror.Store.OpenDiff(mirror.Versions[0], mirror.Versions[1], key)), mirror.Store);
        }
        catch
        {
            mirror.Store.Dispose();
            throw;
        }
    }

    public DatasetProfile Profile(DatasetVersion version, int bins)
    {
        var mirror = Mirror(version);
        using var _ = mirror.Store;
        return Labelled(mirror.Versions, [version], () => mirror.Store.Profile(mirror.Versions[0], bins) with { Version = version });
    }

    public DatasetDrift Drift(DatasetVersion reference, DatasetVersion current, DriftThresholds thresholds)
    {
        var mirror = Mirror(reference, current);
        using var _ = mirror.Store;
        return Labelled(mirror.Versions, [reference, current], () => mirror.Store.Drift(mirror.Versions[0], mirror.Versions[1], thresholds) with { Reference = reference, Current = current });
    }

    /// <summary>
    /// The versions' rows committed, in order, to a private in-memory store (the same content gives the same version
    /// there too); each must give the digest the server recorded, or its rows are damaged.
    /// </summary>
    private (DuckDbStore Store, DatasetVersion[] Versions) Mirror(params DatasetVersion[] versions)
    {
        var mirror = DuckDbStore.InMemory();
        try
        {
            var mirrored = new DatasetVersion[versions.Length];
            for (var i = 0; i < versions.Length; i++)
            {
                var version = versions[i];
                // a rename between the versions is declared again, so the mirror keeps the column's values as the server did
                var renames = i == 0 ? new Dictionary<string, string>() : server.GetRenames(versions[i - 1], version);
                // without a key: the dataset's key may be one an earlier version does not have, and the mirror only computes
                var commit = new DatasetCommit(version.Dataset, new RowsSource(version.Label, version.Columns, server.ReadRows(version)), [],
                    renames, version.Message, version.Author, null, version.CreatedAt);
                mirrored[i] = ((IDatasetStore)mirror).Commit(commit).Version;
                if (mirrored[i].Digest != version.Digest)
                    throw new MlopsException(MlopsErrorKind.Corrupted,
                        $"the rows of {version.Label} read from {server.Location} give digest {mirrored[i].Digest[..12]}..., but {version.Digest[..12]}... was recorded: its rows were changed outside Mlops. Nothing was computed from them.");
            }
            return (mirror, mirrored);
        }
        catch
        {
            mirror.Dispose();
            throw;
        }
    }

    /// <summary>Runs work on mirrored versions; a refusal names the server's versions, not the mirror's numbers.</summary>
    private static T Labelled<T>(DatasetVersion[] mirrored, DatasetVersion[] original, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (MlopsException e)
        {
            var names = new Dictionary<string, string>();
            for (var i = 0; i < mirrored.Length; i++) names[mirrored[i].Label] = original[i].Label;
            var message = Label().Replace(e.Message, m => names.GetValueOrDefault(m.Value, m.Value));
            throw new MlopsException(e.Kind, message, e);
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9_.\-]+@\d+\b")]
    private static partial Regex Label();
}
