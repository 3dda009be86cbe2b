using System.Buffers.Binary;
using System.Text.Json;
using Npgsql;
using static Mlops.Postgres.PgDatasetSql;

namespace Mlops.Postgres;

/// <summary>
/// Commits a source to the team store: the client-side parser reads it and hashes each row, content equal to a version is
/// that version (nothing is sent). A new dataset's rows go by one binary COPY into its new history table. Otherwise the
/// row multiset is compared by hash with the latest version's, whose row ids and hashes come from the server; only the
/// rows to add go to the server, into a temporary table, and in one transaction the rows that went away are closed and
/// the new ones inserted, after checking that nobody committed to the dataset meanwhile.
/// </summary>
internal sealed class PgDatasetCommitter(NpgsqlConnection c, ITableParser parser, DatasetCommit commit, IProgress<DatasetProgress>? progress)
{
    private static readonly string[] TempTables = ["__cur", "__close", "__add"];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public DatasetCommitResult Run()
    {
        var dataset = PgDatasetCatalog.Find(c, commit.Dataset);
        var stored = dataset is null ? [] : PgDatasetCatalog.Versions(c, dataset);
        // rows are compared with the newest version stored, deleted or not (the intervals run on from it); content is
        // matched against the versions that are not deleted
        var latest = stored.FirstOrDefault();
        var versions = stored.Where(v => v.Version.DeletedAt is null).ToList();
        var latestLive = versions.FirstOrDefault();
        var fingerprint = commit.Source is FileSource file ? SourceFingerprint.Of(file.Path) : null;
        var keyUnchanged = commit.Key is null || (dataset is not null && commit.Key.SequenceEqual(dataset.Key));
        if (fingerprint is not null && keyUnchanged && commit.Renames.Count == 0
            && versions.FirstOrDefault(v => v.SourceFingerprint == fingerprint) is { } sameFile && (sameFile == latestLive || !commit.Rollback))
            return Existing(sameFile, latestLive!);
        // a new dataset's first version can have no equal: its rows go to the server while the file is parsed
        if (dataset is null && !commit.Rollback && commit.Renames.Count == 0 && parser.ParseStreaming(commit.Source, progress) is { } streamed)
            using (streamed)
                if (FirstVersionStreamed(streamed, fingerprint) is { } result) return result;
        using var parsed = parser.Parse(commit.Source, progress);
        var key = commit.Key ?? dataset?.Key ?? [];
        parsed.CheckKey(key);
        DatasetRenames.Check(commit.Renames, latest?.Version, parsed.Columns);
        var digest = parsed.Digest;
        var same = keyUnchanged ? versions.FirstOrDefault(v => v.Version.Digest == digest) : null;
        if (same is not null && (same == latestLive || !commit.Rollback)) return Existing(same, latestLive!);
        if (commit.Rollback && same is null)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"a rollback restores the content of an earlier version, and this content matches none of {commit.Dataset}'s versions " +
                                         "(it would be new content); commit it without rollback.");
        try
        {
            var layout = new PgColumnLayout(c, dataset, latest, parsed.Columns, commit.Renames);
            var number = (latest?.Number ?? 0) + 1;
            var message = same is not null && commit.Message is null ? $"rollback to version {same.Number}" : commit.Message;
            DatasetVersion version;
            if (dataset is null)
            {
                // a new dataset's rows go straight into its new history table, in the transaction that creates it
                Stage($"writing {parsed.RowCount:N0} rows as version 1");
                version = c.InTransaction(() => Write(null, null, layout, key, number, parsed, fingerprint, null, 0, null, false, message,
                    table => PgRowSender.Send(c, parsed, layout, Into(table, layout), number)));
            }
            else
            {
                var (added, removed, changed, rehashed) = Compare(parsed, latest!, layout, key);
                Stage($"writing version {number}: +{added:N0} -{removed:N0}" + (changed is { } ch ? $" ~{ch:N0}" : ""));
                version = c.InTransaction(() => Write(dataset, latest, layout, key, number, parsed, fingerprint, added, removed, changed, rehashed, message,
                    table => c.Execute($"INSERT INTO {Into(table, layout)} " +
                                       $"SELECT {number}, __h, {string.Join(", ", layout.Columns.Select((_, i) => $"v_{i}"))} FROM __add ORDER BY __pos")));
            }
            Stage($"committed {version.Label}");
            return new DatasetCommitResult(version, Unchanged: false, Restores: same?.Number);
        }
        finally
        {
            foreach (var table in TempTables) c.Execute($"DROP TABLE IF EXISTS pg_temp.{table}");
        }
    }

    /// <summary>
    /// A new dataset's first version from a file parsed as its rows are sent: the server takes rows in at about the pace
    /// DuckDB parses them, so the two overlap instead of following each other. The key is checked once the rows are in,
    /// inside the transaction. Null when the file could not be read to the end: the transaction, and with it every row
    /// sent, is rolled back, and the caller parses the file the usual way, which reports what is wrong with it or reads
    /// it with types guessed from every row.
    /// </summary>
    private DatasetCommitResult? FirstVersionStreamed(ParsedTable streamed, string? fingerprint)
    {
        var key = commit.Key ?? [];
        if (key.Any(k => streamed.Columns.All(col => col.Name != k))) return null;   // the usual way names the columns there are
        var layout = new PgColumnLayout(c, null, null, streamed.Columns, commit.Renames);
        var sent = false;
        try
        {
            Stage("writing version 1 as the rows are read");
            var version = c.InTransaction(() => Write(null, null, layout, key, 1, streamed, fingerprint, null, 0, null, false, commit.Message, table =>
            {
                PgRowSender.Send(c, streamed, layout, Into(table, layout), 1);
                sent = true;
                streamed.CheckKey(key);
            }));
            Stage($"committed {version.Label}");
            return new DatasetCommitResult(version, Unchanged: false);
        }
        catch (Exception) when (!sent)
        {
            return null;
        }
    }

    private DatasetCommitResult Existing(PgStoredVersion same, PgStoredVersion latest)
    {
        if (commit.Run is { } run) PgDatasetCatalog.RecordUse(c, run, same.Dataset.Id, same.Number, DatasetUse.Committed, commit.At);
        return new DatasetCommitResult(same.Version, Unchanged: true, Latest: same == latest ? null : latest.Number);
    }

    /// <summary>A history table with the columns a version's rows are written to: the version, the row hash, then the layout's.</summary>
    private static string Into(string table, PgColumnLayout layout) => $"{table} (__from, __h, {string.Join(", ", layout.Columns.Select(col => Ident(col.Physical)))})";

    private void Stage(string stage) => progress?.Report(new DatasetProgress(stage, null, _clock.Elapsed));

    /// <summary>
    /// The rows to close (present now, fewer or none in the new content) and to add, as multisets by row hash, compared
    /// on the client: the latest version's row ids and hashes come from the server (24 bytes a row), and only the rows
    /// to add go to it, into <c>__add</c>, with the ids to close in <c>__close</c>. The stored hashes are right when the
    /// latest version's columns are the new version's; otherwise the parser hashes its rows again as the new columns see
    /// them (NULL for a new column), and those hashes are kept (<c>__cur</c>).
    /// </summary>
    private (long Added, long Removed, long? Changed, bool Rehashed) Compare(ParsedTable parsed, PgStoredVersion latest, PgColumnLayout layout, IReadOnlyList<string> key)
    {
        var table = Ident(latest.Dataset.Table);
        var rehash = latest.Signature != Signature(layout.Columns.Select(col => new TableColumn(col.Name, col.Type)));
        Stage($"comparing with version {latest.Number}");
        var delta = RowDelta.Of(rehash ? Rehash(latest, layout) : StoredHashes(table), parsed.Hashes());
        Stage($"sending {delta.Added.Count:N0} rows");
        c.Execute($"CREATE TEMP TABLE __add (__pos bigint NOT NULL, __h uuid NOT NULL{string.Concat(layout.Columns.Select((col, i) => $", v_{i} {PgColumnTypes.Physical(col.Type)}"))})");
        PgRowSender.Send(c, parsed, layout, "__add", null, delta.Added);
        c.Execute("CREATE TEMP TABLE __close (__rid bigint NOT NULL)");
        using (var copy = c.BeginBinaryImport("COPY __close FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var rid in delta.Closed) copy.WriteRow(rid);
            copy.Complete();
        }
        // temporary tables are never analyzed by autovacuum: without their sizes the planner guesses them, and may sort
        // the history table where probing it for these few rows would do
        c.Execute("ANALYZE __add, __close");
        var (added, removed) = ((long)delta.Added.Count, (long)delta.Closed.Count);
        if (key.Count == 0 || !key.All(k => layout.PreviousPhysical(k) is not null)) return (added, removed, null, rehash);
        // rows stored again only because of a new or retyped column are not changes: count a pair as changed when a
        // column both versions have differs, as the diff does
        var common = layout.Common().Where(col => !key.Contains(col.Name)).ToList();
        var closed = string.Join(", ", key.Select(k => $"{Ident(layout.PreviousPhysical(k)!)} AS {Ident("k_" + k)}")
            .Concat(common.Select(col => $"{Ident(col.Physical)} AS {Ident("o_" + col.Name)}")));
        // = rather than IS NOT DISTINCT FROM, which the planner can only join by a nested loop: the new key is never NULL
        var on = string.Join(" AND ", key.Select(k => $"a.v_{layout.IndexOf(k)} = r.{Ident("k_" + k)}"));
        var differs = common.Count == 0 ? "FALSE" : string.Join(" OR ", common.Select(col =>
        {
            var cast = col.OldType == col.NewType ? "" : PgColumnTypes.IsNumeric(col.OldType) && PgColumnTypes.IsNumeric(col.NewType) ? "::double precision" : "::text";
            return $"a.v_{layout.IndexOf(col.Name)}{cast} IS DISTINCT FROM r.{Ident("o_" + col.Name)}{cast}";
        }));
        var (pairs, changed) = c.Query($"""
            SELECT count(*), count(*) FILTER (WHERE {differs}) FROM __add a
            JOIN (SELECT {closed} FROM {table} WHERE __rid IN (SELECT __rid FROM __close)) r ON {on}
            """, r => (r.GetInt64(0), r.GetInt64(1)))[0];
        return (added - pairs, removed - pairs, changed, rehash);
    }

    /// <summary>
    /// The row ids and stored hashes of the latest version's rows, read from a binary COPY by hand (each row is a field
    /// count, then the id with its length 8 and the hash with its length 16: 34 bytes), with none of a typed reader's
    /// per-value work.
    /// </summary>
    private List<(long Id, UInt128 Hash)> StoredHashes(string table)
    {
        var stored = new List<(long, UInt128)>();
        using var copy = c.BeginRawBinaryCopy($"COPY (SELECT __rid, __h FROM {table} WHERE __to IS NULL) TO STDOUT (FORMAT BINARY)");
        var buffer = new byte[1 << 16];
        var (start, end) = (0, 0);
        bool Fill(int bytes)
        {
            if (end - start >= bytes) return true;
            Array.Copy(buffer, start, buffer, 0, end - start);
            (end, start) = (end - start, 0);
            while (end < bytes && copy.Read(buffer, end, buffer.Length - end) is var read and > 0) end += read;
            return end >= bytes;
        }
        const int header = 19, row = 34;
        if (!Fill(header)) throw Malformed();
        start = header;
        while (Fill(2))
        {
            var fields = BinaryPrimitives.ReadInt16BigEndian(buffer.AsSpan(start));
            if (fields == -1) return stored;   // the trailer
            if (fields != 2 || !Fill(row)) throw Malformed();
            var span = buffer.AsSpan(start);
            if (BinaryPrimitives.ReadInt32BigEndian(span[2..]) != 8 || BinaryPrimitives.ReadInt32BigEndian(span[14..]) != 16) throw Malformed();
            stored.Add((BinaryPrimitives.ReadInt64BigEndian(span[6..]), BinaryPrimitives.ReadUInt128BigEndian(span[18..])));
            start += row;
        }
        throw Malformed();
    }

    private static InvalidOperationException Malformed() => new("the server's copy of row ids and hashes ended early or was not in the expected shape.");

    /// <summary>The latest version's rows hashed again as the new columns see them; the new hashes wait in <c>__cur</c> to be stored.</summary>
    private List<(long Id, UInt128 Hash)> Rehash(PgStoredVersion latest, PgColumnLayout layout)
    {
        var table = Ident(latest.Dataset.Table);
        var columns = layout.Columns.Select(col => new TableColumn(col.Name, col.Type)).ToList();
        var expressions = layout.CurrentRowExpressions().ToList();
        var rids = new List<long>();
        var rows = new List<object?[]>();
        using (var command = new NpgsqlCommand($"SELECT __rid{string.Concat(expressions.Select(e => ", " + e))} FROM {table} WHERE __to IS NULL ORDER BY __rid", c))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
            {
                rids.Add(reader.GetInt64(0));
                var values = new object?[columns.Count];
                for (var i = 0; i < columns.Count; i++) values[i] = reader.IsDBNull(i + 1) ? null : PgColumnTypes.FromServer(reader.GetValue(i + 1), columns[i].Type);
                rows.Add(values);
            }
        var hashes = parser.Hash(columns, rows);
        c.Execute("CREATE TEMP TABLE __cur (__rid bigint NOT NULL, __h uuid NOT NULL)");
        using var copy = c.BeginBinaryImport("COPY __cur FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < rids.Count; i++)
        {
            copy.StartRow();
            copy.Write(rids[i], NpgsqlTypes.NpgsqlDbType.Bigint);
            copy.Write(Uuid(hashes[i]), NpgsqlTypes.NpgsqlDbType.Uuid);
        }
        copy.Complete();
        return rids.Select((rid, i) => (rid, hashes[i])).ToList();
    }

    private DatasetVersion Write(PgDatasetRecord? dataset, PgStoredVersion? latest, PgColumnLayout layout, IReadOnlyList<string> key, int number,
        ParsedTable parsed, string? fingerprint, long? added, long removed, long? changed, bool rehashed, string? message, Action<string> insertRows)
    {
        var keyJson = JsonSerializer.Serialize(key.ToArray(), PgJson.Default.StringArray);
        var created = dataset is null;
        if (dataset is null)
        {
            dataset = PgDatasetCatalog.Create(c, commit.Dataset, key, commit.At);
        }
        else
        {
            // commits to one dataset take turns: the second finds the version the first made and is told to commit again
            PgDatasetCatalog.Find(c, dataset.Name, forUpdate: true);
            var now = c.Scalar<int?>("SELECT max(version) FROM dataset_versions WHERE dataset_id = $1", dataset.Id);
            if (now != latest?.Number)
                throw new MlopsException(MlopsErrorKind.Conflict,
                    $"{dataset.Name} got version {now} from another commit while this one was being prepared; nothing was written. Commit again.");
            if (!key.SequenceEqual(dataset.Key)) c.Execute("UPDATE datasets SET key_columns = $2 WHERE dataset_id = $1", dataset.Id, keyJson);
        }
        var table = Ident(dataset.Table);
        foreach (var column in layout.NewPhysical)
        {
            c.Execute($"ALTER TABLE {table} ADD COLUMN {Ident(column.Physical)} {PgColumnTypes.Physical(column.Type)}");
            c.Execute("INSERT INTO dataset_columns VALUES ($1, $2, $3)", dataset.Id, column.Physical, column.Type);
        }
        if (latest is not null)
        {
            c.Execute($"UPDATE {table} SET __to = {number} WHERE __rid IN (SELECT __rid FROM __close)");
            if (rehashed) c.Execute($"UPDATE {table} t SET __h = k.__h FROM __cur k WHERE t.__rid = k.__rid AND t.__to IS NULL");
        }
        insertRows(table);
        // known once the rows are in (a streamed parse reads the file while they are sent); a first version adds them all
        var (digest, rows) = (parsed.Digest, parsed.RowCount);
        var counted = added ?? rows;
        if (created)
        {
            // a new table's key is built once its first rows are in: one sort instead of an index update per row. No
            // index on the intervals: a version, or the rows in one of two versions, are found by a scan, which reads a
            // large share of a table faster than an index would
            Stage("indexing");
            c.Execute($"ALTER TABLE {table} ADD PRIMARY KEY (__rid)");
        }
        // the planner learns a later version's intervals now, not when autovacuum comes by (a sample, not a scan)
        else c.Execute($"ANALYZE {table}");
        c.Execute("""
            INSERT INTO dataset_versions (dataset_id, version, digest, schema, row_count, added, removed, changed, message, author, created_at, source, source_fingerprint, key_columns)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """,
            dataset.Id, number, digest, PgDatasetCatalog.ColumnsJson(layout.Columns), rows, counted, removed, changed, message, commit.Author, commit.At,
            commit.Source.Description, fingerprint, keyJson);
        if (commit.Run is { } run) PgDatasetCatalog.RecordUse(c, run, dataset.Id, number, DatasetUse.Committed, commit.At);
        return new DatasetVersion(dataset.Name, number, digest, layout.Columns.Select(col => new TableColumn(col.Name, col.Type)).ToList(),
            rows, counted, removed, changed, message, commit.Author, commit.At, commit.Source.Description, commit.Run is { } r ? [r] : []) { Key = key };
    }
}
