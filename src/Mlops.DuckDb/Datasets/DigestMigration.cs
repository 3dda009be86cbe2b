using DuckDB.NET.Data;
using static Mlops.DuckDb.DatasetSql;

namespace Mlops.DuckDb;

/// <summary>
/// Schema 5: dataset digests and row identity no longer rest on DuckDB's hash() (not stable across DuckDB releases)
/// but on Core's <see cref="RowEncoder"/> and <see cref="DatasetDigest"/>. Every version's digest is computed again
/// from its rows, and the digest it had is kept in <c>dataset_former_digests</c>, so a digest recorded before (by a
/// promotion decision, a model's inputs, a notebook) still names its version.
/// </summary>
internal static class DigestMigration
{
    public const string Sql = """
        CREATE TABLE dataset_former_digests (
            dataset_id  INTEGER NOT NULL,
            version     INTEGER NOT NULL,
            digest      VARCHAR NOT NULL,
            replaced_at TIMESTAMP NOT NULL,
            PRIMARY KEY (dataset_id, version, digest));
        """;

    public static void Apply(DuckDBConnection c, DateTimeOffset now)
    {
        foreach (var dataset in DatasetCatalog.All(c))
            foreach (var stored in DatasetCatalog.Versions(c, dataset, lifecycle: false))
            {
                var digest = Compute(c, stored);
                if (digest == stored.Version.Digest) continue;
                c.Execute("INSERT INTO dataset_former_digests VALUES ($1, $2, $3, $4)", dataset.Id, stored.Number, stored.Version.Digest, now);
                c.Execute("UPDATE dataset_versions SET digest = $3 WHERE dataset_id = $1 AND version = $2", dataset.Id, stored.Number, digest);
            }
    }

    /// <summary>A stored version's digest, from its rows as they are stored now.</summary>
    public static string Compute(DuckDBConnection c, StoredVersion stored)
    {
        var hash = RowHash(stored.Columns.Select(col => (col.Name, col.Type, Ident(col.Physical))));
        return Digest(c, stored.Version.Columns, hash, $"{stored.Dataset.Table} WHERE {Alive(stored.Number)}");
    }
}
