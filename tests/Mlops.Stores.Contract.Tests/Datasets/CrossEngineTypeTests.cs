using System.Numerics;

namespace Mlops.Stores.Contract.Tests;

/// <summary>
/// Every column type, edge values included, committed to DuckDB and to PostgreSQL: the same rows read back and the same
/// digest. The team store sends the common types in its own binary encoding and the others through Npgsql's typed
/// writer; both are checked here.
/// </summary>
public class CrossEngineTypeTests
{
    private static readonly TableColumn[] Common =
    [
        new("id", "INTEGER"), new("b", "BOOLEAN"), new("i8", "TINYINT"), new("i16", "SMALLINT"), new("i64", "BIGINT"), new("u8", "UTINYINT"),
        new("u16", "USMALLINT"), new("u32", "UINTEGER"), new("f32", "FLOAT"), new("f64", "DOUBLE"), new("text", "VARCHAR"), new("day", "DATE"),
        new("stamp", "TIMESTAMP"), new("stamp_tz", "TIMESTAMP WITH TIME ZONE"),
    ];

    private static readonly TableColumn[] Other =
    [
        new("id", "INTEGER"), new("price", "DECIMAL(10,2)"), new("big", "HUGEINT"), new("u64", "UBIGINT"), new("at", "TIME"), new("uid", "UUID"),
    ];

    [Fact]
    public void The_common_types_at_their_edges_read_back_alike_with_one_digest()
    {
        Assert.All(Common, column => Assert.True(RowChunk.Reads(column.Type), column.Type));
        var rows = new List<object?[]>
        {
            new object?[] { 1, true, sbyte.MinValue, short.MinValue, long.MinValue, (byte)0, (ushort)0, 0u, float.MinValue, double.MinValue, "",
                new DateOnly(1, 1, 1), new DateTime(1900, 1, 1, 0, 0, 0, 1, 1), new DateTimeOffset(1969, 12, 31, 23, 59, 59, 999, TimeSpan.Zero) },
            new object?[] { 2, false, sbyte.MaxValue, short.MaxValue, long.MaxValue, byte.MaxValue, ushort.MaxValue, uint.MaxValue, float.MaxValue, double.MaxValue,
                "naïve Tromsø 東京 🙂", new DateOnly(9999, 12, 31), new DateTime(2999, 12, 31, 23, 59, 59, 999, 999), new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) },
            new object?[] { 3, true, (sbyte)-1, (short)-1, -1L, (byte)1, (ushort)1, 1u, 0.1f, -0.0, "twelve bytes",
                new DateOnly(1969, 12, 31), new DateTime(1999, 12, 31, 23, 59, 59), new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.FromHours(2)) },
            new object?[] { 4, false, (sbyte)0, (short)0, 0L, (byte)2, (ushort)2, 2u, float.Epsilon, double.NaN, "thirteen byte",
                new DateOnly(2000, 1, 1), new DateTime(2000, 1, 1), new DateTimeOffset(1900, 6, 1, 12, 0, 0, TimeSpan.Zero) },
            // wider than the sender's 64 KB buffer
            new object?[] { 5, null, null, null, null, null, null, null, 1.5f, 1e-300, new string('x', 100_000) + "end", null, null, null },
            new object?[] { 6, null, null, null, null, null, null, null, null, null, null, null, null, null },
        };

        var (duck, team) = Both(new RowsSource("edges", Common, rows));

        Assert.Equal(duck.Rows, team.Rows);
        Assert.Equal(duck.Digest, team.Digest);
        Assert.Equal(duck.Columns, team.Columns);
        Assert.Contains(team.Rows, r => r.Contains("naïve Tromsø 東京 🙂", StringComparison.Ordinal));
        Assert.Contains(team.Rows, r => r.Contains(new string('x', 100_000) + "end", StringComparison.Ordinal));
    }

    [Fact]
    public void The_other_types_read_back_alike_with_one_digest()
    {
        Assert.Contains(Other, column => !RowChunk.Reads(column.Type));
        var rows = new List<object?[]>
        {
            new object?[] { 1, 12.50m, new BigInteger(long.MaxValue) * 4, ulong.MaxValue, new TimeOnly(13, 45, 30, 250), Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") },
            new object?[] { 2, -0.05m, BigInteger.MinusOne, 0UL, new TimeOnly(0, 0), Guid.Empty },
            new object?[] { 3, null, null, null, null, null },
        };

        var (duck, team) = Both(new RowsSource("other", Other, rows));

        Assert.Equal(duck.Rows, team.Rows);
        Assert.Equal(duck.Digest, team.Digest);
        Assert.Equal(duck.Columns, team.Columns);
    }

    [Fact]
    public void A_file_of_the_common_types_reads_back_alike_after_a_second_version()
    {
        var header = "id,city,price,rooms,sold,at,flag";
        string[] v1 = ["1,Oslo,120.5,3,2024-01-03,2024-01-03 10:00:00.123456,true", "2,,80,,1960-02-10,1960-02-10 11:30:00,", "3,Tromsø,99.9,4,,,false"];
        string[] v2 = [v1[0], "2,Bergen,80,2,1960-02-10,1960-02-10 11:30:00,true", v1[2], "4,\"Ås, Viken\",1e6,1,2000-01-01,2000-01-01 00:00:00,false"];
        var results = new[] { Engines.DuckDbFile, Engines.Postgres }.Select(engine =>
        {
            using var f = new DatasetFixture(engine);
            f.Datasets.Commit("homes", FileSource.For(f.Csv("v1.csv", header, v1)), key: ["id"]);
            var second = f.Datasets.Commit("homes", FileSource.For(f.Csv("v2.csv", header, v2))).Version;
            Assert.All(second.Columns, column => Assert.True(RowChunk.Reads(column.Type), column.Type));
            return (Second: second, V1: f.Rows("homes@1"), V2: f.Rows("homes@2"));
        }).ToArray();

        var (duck, team) = (results[0], results[1]);
        Assert.Equal(duck.V1, team.V1);
        Assert.Equal(duck.V2, team.V2);
        Assert.Equal(duck.Second.Digest, team.Second.Digest);
        Assert.Equal((1L, 0L, 1L), (team.Second.Added, team.Second.Removed, team.Second.Changed));
    }

    private static ((List<string> Rows, string Digest, IReadOnlyList<TableColumn> Columns) Duck, (List<string> Rows, string Digest, IReadOnlyList<TableColumn> Columns) Team) Both(RowsSource source)
    {
        var results = new[] { Engines.DuckDbFile, Engines.Postgres }.Select(engine =>
        {
            using var f = new DatasetFixture(engine);
            var version = f.Datasets.Commit("types", source).Version;
            Assert.True(f.Datasets.Commit("types", source).Unchanged);
            return (f.Rows("types@1"), version.Digest, version.Columns);
        }).ToArray();
        return (results[0], results[1]);
    }
}
