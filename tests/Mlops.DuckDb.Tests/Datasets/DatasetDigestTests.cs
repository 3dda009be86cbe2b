using System.Security.Cryptography;
using System.Text;

namespace Mlops.DuckDb.Tests;

/// <summary>DuckDB computes Core's row hash and version digest exactly: pinned by literal values, across vector chunks.</summary>
public class DatasetDigestTests
{
    private const string EveryTypeRow = """
        true, (-42)::TINYINT, 0.1::DOUBLE, 12.50::DECIMAL(10,2), 'Åse 🐧', '\x01\x02\x03'::BLOB, DATE '2024-02-29',
        TIME '01:00:00.000001', TIMESTAMP '2026-12-01 20:34:00.123', to_timestamp(1764621240), '01234567-89ab-cdef-0123-456789abcdef'::UUID, NULL::VARCHAR
        """;

    [Fact]
    public void DuckDB_hashes_a_row_of_every_type_to_the_literal_value_Core_pins()
    {
        using var s = Engines.Open("memory");
        var hash = s.Store.Use(c => c.Scalar<string>($"SELECT lower(printf('%032x', {RowHashFunction.Name}({EveryTypeRow})))"));
        Assert.Equal("13ad82e0decbe48899295d4a94b5b56d", hash);
    }

    [Fact]
    public void DuckDB_and_Core_agree_on_every_row_of_a_table_spanning_many_vectors()
    {
        using var s = Engines.Open("file");
        var (fromDuckDb, fromCore) = s.Store.Use(c =>
        {
            c.Execute("""
                CREATE TEMP TABLE t AS SELECT
                    CASE WHEN i % 7 = 0 THEN NULL ELSE i END::BIGINT AS n,
                    CASE WHEN i % 5 = 0 THEN NULL ELSE 'value number ' || i END AS long_text,
                    (i % 3)::VARCHAR AS short_text,
                    CASE WHEN i % 11 = 0 THEN NULL ELSE i / 4.0 END::DOUBLE AS x,
                    (i * 1.25)::DECIMAL(18,2) AS price,
                    DATE '2020-01-01' + (i % 400)::INTEGER AS day
                FROM range(5000) r(i)
                """);
            var duck = c.Query($"SELECT {RowHashFunction.Name}(day, long_text, n, price, short_text, x)::VARCHAR FROM temp.t ORDER BY rowid", r => UInt128.Parse(r.GetString(0)));
            var encoder = new RowEncoder();
            var core = c.Query("SELECT day, long_text, n, price, short_text, x FROM temp.t ORDER BY rowid", r =>
            {
                encoder.Reset();
                if (r.IsDBNull(0)) encoder.Null(); else encoder.Date(DateOnly.FromDateTime(r.GetDateTime(0)));
                if (r.IsDBNull(1)) encoder.Null(); else encoder.Text(r.GetString(1));
                if (r.IsDBNull(2)) encoder.Null(); else encoder.Integer(r.GetInt64(2));
                encoder.Decimal(r.GetDecimal(3));
                encoder.Text(r.GetString(4));
                if (r.IsDBNull(5)) encoder.Null(); else encoder.Real(r.GetDouble(5));
                return encoder.Hash();
            });
            return (duck, core);
        });
        Assert.Equal(5000, fromDuckDb.Count);
        Assert.Equal(fromCore, fromDuckDb);
        Assert.Equal(5000, fromDuckDb.Distinct().Count());
    }

    [Fact]
    public void A_fixed_table_has_a_fixed_digest_whichever_way_it_arrives()
    {
        using var f = new DatasetFixture();
        var csv = f.Csv("fixed.csv", "id,name,score", ["1,ann,0.5", "2,bob,0.7", "3,,0.9", "3,,0.9"]);
        var fromFile = f.Datasets.Commit("fixed", FileSource.For(csv)).Version;
        var fromRows = f.Datasets.Commit("fixed-rows", FixedRows()).Version;
        var reordered = f.Datasets.Commit("fixed-reordered", FixedRows(reverse: true)).Version;

        Assert.Equal(["BIGINT", "VARCHAR", "DOUBLE"], fromFile.Columns.Select(c => c.Type));
        Assert.Equal("1e38d5d456531299ad3692539e12a5c06d8ec36f9d2c37f9dcd13541ce1ee0a0", fromFile.Digest);
        Assert.Equal(fromFile.Digest, fromRows.Digest);
        Assert.Equal(fromFile.Digest, reordered.Digest);
    }

    private static RowsSource FixedRows(bool reverse = false)
    {
        object?[][] rows = [[1L, "ann", 0.5], [2L, "bob", 0.7], [3L, null, 0.9], [3L, null, 0.9]];
        if (reverse) Array.Reverse(rows);
        return new RowsSource("rows", DatasetFixture.PeopleColumns, rows);
    }

    [Fact]
    public void A_store_with_digests_of_DuckDBs_hash_is_migrated_and_old_digests_still_resolve()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("store");
        string newDigest, oldDigest;
        using (var store = DuckDbStore.Open(folder))
        {
            var datasets = new DatasetService(store, TimeProvider.System, new SystemEnvironmentProbe(temp.Path));
            newDigest = datasets.Commit("people", FixedRows()).Version.Digest;
            // the store as schema 4 left it: the digest of the old definition, no table of former digests
            oldDigest = store.Use(c =>
            {
                var (rows, sum, mixed) = c.Query("SELECT count(*), sum(h)::VARCHAR, sum(hash(h, 7))::VARCHAR FROM (SELECT hash(c_1, c_2, c_3) AS h FROM ds_1)",
                    r => (r.GetInt64(0), r.GetString(1), r.GetString(2)))[0];
                var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"id:BIGINT;name:VARCHAR;score:DOUBLE|{rows}|{sum}|{mixed}")));
                c.Execute("UPDATE dataset_versions SET digest = $1", digest);
                c.Execute("DROP TABLE dataset_former_digests; DROP SCHEMA datasets CASCADE; DELETE FROM mlops_schema WHERE version >= 5");
                return digest;
            });
        }
        Assert.NotEqual(oldDigest, newDigest);

        using var reopened = DuckDbStore.Open(folder);
        Assert.Equal(Schema.Latest, reopened.SchemaVersion);
        var service = new DatasetService(reopened, TimeProvider.System, new SystemEnvironmentProbe(temp.Path));
        Assert.Equal(newDigest, service.Resolve("people@1").Digest);
        Assert.Equal(1, service.Resolve($"people@{oldDigest[..10]}").Number);   // as a decision recorded it
        Assert.Equal([(1, oldDigest)], reopened.GetFormerDigests("people"));
        Assert.True(service.Commit("people", FixedRows(reverse: true)).Unchanged);
    }
}
