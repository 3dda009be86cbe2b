using System.Text.Json;
using DuckDB.NET.Data;
using static Mlops.DuckDb.DatasetSql;

namespace Mlops.DuckDb;

/// <summary>
/// Commits a source as a new version: stage it, hash each row, compare the row multiset with the latest version, then
/// in one transaction close the intervals of rows that went away and insert the rows that are new. Storage grows with
/// the rows that changed; content equal to the latest version (same digest) writes nothing.
/// </summary>
internal sealed class DatasetCommitter(DuckDBConnection c, DatasetCommit commit, ProgressPoller progress, Action<string>? fault)
{
    private static readonly string[] TempTables = ["__in", "__cur", "__delta", "__close", "__add"];

    public DatasetCommitResult Run()
    {
        var dataset = DatasetCatalog.Find(c, commit.Dataset);
        var stored = dataset is null ? [] : DatasetCatalog.Versions(c, dataset);
        // rows are compared with the newest version stored, deleted or not (the intervals run on from it); content is
        // matched against the versions that are not deleted
        var latest = stored.FirstOrDefault();
        var versions = stored.Where(v => v.Version.DeletedAt is null).ToList();
        var latestLive = versions.FirstOrDefault();
        var fingerprint = commit.Source is FileSource file ? DatasetStaging.Fingerprint(file.Path) : null;
        var keyUnchanged = commit.Key is null || (dataset is not null && commit.Key.SequenceEqual(dataset.Key));
        if (fingerprint is not null && keyUnchanged && commit.Renames.Count == 0
            && versions.FirstOrDefault(v => v.SourceFingerprint == fingerprint) is { } sameFile && (sameFile == latestLive || !commit.Rollback))
            return Existing(sameFile, latestLive!);
        try
        {
            var columns = DatasetStaging.Load(c, commit.Source, progress);
            var key = commit.Key ?? dataset?.Key ?? [];
            DatasetChecks.Key(c, key, columns, commit.Source.Description);
            DatasetRenames.Check(commit.Renames, latest?.Version, columns);
            var layout = new ColumnLayout(c, dataset, latest, columns, commit.Renames);

            var digest = Digest(columns);
            // content equal to any version is that version: running a notebook again adds no copies
            var same = keyUnchanged ? versions.FirstOrDefault(v => v.Version.Digest == digest) : null;
            if (same is not null && (same == latestLive || !commit.Rollback)) return Existing(same, latestLive!);
            if (commit.Rollback && same is null)
                throw new MlopsException(MlopsErrorKind.InvalidArgument, $"a rollback restores the content of an earlier version, and this content matches none of {commit.Dataset}'s versions " +
                                             "(it would be new content); commit it without rollback.");

            var (added, removed, changed) = latest is null ? (c.Scalar<long>("SELECT count(*) FROM temp.__in"), 0L, (long?)null) : Compare(latest, layout, key);
            var number = (latest?.Number ?? 0) + 1;
            progress.Stage($"writing version {number}: +{added:N0} -{removed:N0}" + (changed is { } ch ? $" ~{ch:N0}" : ""));
            var message = same is not null && commit.Message is null ? $"rollback to version {same.Number}" : commit.Message;
            var version = c.InTransaction(() => Write(dataset, latest, layout, key, number, digest, fingerprint, added, removed, changed, message));
            progress.Stage($"committed {version.Label}");
            return new DatasetCommitResult(version, Unchanged: false, Restores: same?.Number);
        }
        finally
        {
            foreach (var table in TempTables) c.Execute($"DROP TABLE IF EXISTS temp.{table}");
        }
    }

    private DatasetCommitResult Existing(StoredVersion same, StoredVersion latest)
    {
        if (commit.Run is { } run) DatasetCatalog.RecordUse(c, run, same.Dataset.Id, same.Number, DatasetUse.Committed, commit.At);
        return new DatasetCommitResult(same.Version, Unchanged: true, Latest: same == latest ? null : latest.Number);
    }

    /// <summary>The version digest (<see cref="DatasetDigest"/>): the same multiset of rows with the same schema gives the same digest on any engine.</summary>
    private string Digest(IReadOnlyList<TableColumn> columns) => DatasetSql.Digest(c, columns, "__h", "temp.__in");

    /// <summary>Finds the rows to close (present now, fewer or none in the new content) and to add, as multisets by row hash.</summary>
    private (long Added, long Removed, long? Changed) Compare(StoredVersion latest, ColumnLayout layout, IReadOnlyList<string> key)
    {
        var table = latest.Dataset.Table;
        progress.Run($"comparing with version {latest.Number}", () =>
        {
            c.Execute($"CREATE TEMP TABLE __cur AS SELECT rowid AS __rid, {RowHash(layout.CurrentRowExpressions())} AS __h FROM {table} WHERE __to IS NULL");
            c.Execute("""
                CREATE TEMP TABLE __delta AS
                SELECT __h, coalesce(i.n, 0) AS ni, coalesce(k.n, 0) AS nc
                FROM (SELECT __h, count(*) AS n FROM temp.__in GROUP BY __h) i
                FULL OUTER JOIN (SELECT __h, count(*) AS n FROM temp.__cur GROUP BY __h) k USING (__h)
                WHERE coalesce(i.n, 0) <> coalesce(k.n, 0)
                """);
            c.Execute("""
                CREATE TEMP TABLE __close AS SELECT __rid FROM (
                    SELECT k.__rid, row_number() OVER (PARTITION BY k.__h ORDER BY k.__rid) AS rn, d.nc - d.ni AS surplus
                    FROM temp.__cur k JOIN temp.__delta d USING (__h) WHERE d.nc > d.ni)
                WHERE rn <= surplus
                """);
            c.Execute("""
                CREATE TEMP TABLE __add AS SELECT * EXCLUDE (rn, surplus) FROM (
                    SELECT i.*, i.rowid AS __pos, row_number() OVER (PARTITION BY i.__h) AS rn, d.ni - d.nc AS surplus
                    FROM temp.__in i JOIN temp.__delta d USING (__h) WHERE d.ni > d.nc)
                WHERE rn <= surplus
                """);
        });
        var added = c.Scalar<long>("SELECT count(*) FROM temp.__add");
        var removed = c.Scalar<long>("SELECT count(*) FROM temp.__close");
        if (key.Count == 0 || !key.All(k => layout.PreviousPhysical(k) is not null)) return (added, removed, null);
        // rows stored again only because of a new or retyped column are not changes: count a pair as changed when a
        // column both versions have differs, as the diff does
        var common = layout.Common().Where(col => !key.Contains(col.Name)).ToList();
        var closed = string.Join(", ", key.Select(k => $"{Ident(layout.PreviousPhysical(k)!)} AS {Ident(k)}")
            .Concat(common.Select(col => $"{Ident(col.Physical)} AS {Ident("__old_" + col.Name)}")));
        var on = string.Join(" AND ", key.Select(k => $"a.{Ident(k)} IS NOT DISTINCT FROM r.{Ident(k)}"));
        var differs = common.Count == 0 ? "FALSE" : string.Join(" OR ", common.Select(col =>
        {
            var cast = col.OldType == col.NewType ? "" : IsNumeric(col.OldType) && IsNumeric(col.NewType) ? "::DOUBLE" : "::VARCHAR";
            return $"a.{Ident(col.Name)}{cast} IS DISTINCT FROM r.{Ident("__old_" + col.Name)}{cast}";
        }));
        var (pairs, changed) = c.Query($"""
            SELECT count(*), count(*) FILTER (WHERE {differs}) FROM temp.__add a
            JOIN (SELECT {closed} FROM {table} WHERE rowid IN (SELECT __rid FROM temp.__close)) r ON {on}
            """, r => (r.GetInt64(0), r.GetInt64(1)))[0];
        return (added - pairs, removed - pairs, changed);
    }

    private DatasetVersion Write(DatasetRecord? dataset, StoredVersion? latest, ColumnLayout layout, IReadOnlyList<string> key, int number,
        string digest, string? fingerprint, long added, long removed, long? changed, string? message)
    {
        var keyJson = JsonSerializer.Serialize(key.ToArray(), StoreJson.Default.StringArray);
        if (dataset is null) dataset = DatasetCatalog.Create(c, commit.Dataset, key, commit.At);
        else if (!key.SequenceEqual(dataset.Key))
            c.Execute("UPDATE datasets SET key_columns = $2 WHERE dataset_id = $1", dataset.Id, keyJson);
        foreach (var column in layout.NewPhysical)
        {
            c.Execute($"ALTER TABLE {dataset.Table} ADD COLUMN {Ident(column.Physical)} {column.Type}");
            c.Execute("INSERT INTO dataset_columns VALUES ($1, $2, $3)", dataset.Id, column.Physical, column.Type);
        }
        fault?.Invoke("after schema");
        if (latest is not null)
            c.Execute($"UPDATE {dataset.Table} SET __to = {number} WHERE rowid IN (SELECT __rid FROM temp.__close)");
        var source = latest is null ? "temp.__in" : "temp.__add";
        var physical = string.Join(", ", layout.Columns.Select(col => Ident(col.Physical)));
        var values = string.Join(", ", layout.Columns.Select(col => Ident(col.Name)));
        // in source order: neighbouring rows compress better than rows in hash order
        var order = latest is null ? "" : " ORDER BY __pos";
        c.Execute($"INSERT INTO {dataset.Table} (__from, __to, {physical}) SELECT {number}, NULL, {values} FROM {source}{order}");
        fault?.Invoke("after rows");
        var rows = c.Scalar<long>("SELECT count(*) FROM temp.__in");
        var schema = JsonSerializer.Serialize(layout.Columns.ToArray(), StoreJson.Default.StoredColumnArray);
        c.Execute("""
            INSERT INTO dataset_versions (dataset_id, version, digest, schema, row_count, added, removed, changed, message, author, created_at, source, source_fingerprint, key_columns)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """,
            dataset.Id, number, digest, schema, rows, added, removed, changed, message, commit.Author, commit.At, commit.Source.Description, fingerprint, keyJson);
        if (commit.Run is { } run)
            DatasetCatalog.RecordUse(c, run, dataset.Id, number, DatasetUse.Committed, commit.At);
        DatasetViewsSql.Create(c, dataset.Name, dataset.Table, number, layout.Columns, latest: true);
        fault?.Invoke("after version");
        return new DatasetVersion(dataset.Name, number, digest, layout.Columns.Select(col => new TableColumn(col.Name, col.Type)).ToList(),
            rows, added, removed, changed, message, commit.Author, commit.At, commit.Source.Description, commit.Run is { } r ? [r] : []) { Key = key };
    }
}
