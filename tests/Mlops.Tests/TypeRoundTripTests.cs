using System.Numerics;
using Microsoft.Data.Analysis;

namespace Mlops.Tests;

/// <summary>Loading a version and committing it unchanged is "unchanged, still vN" for every column type the store accepts.</summary>
public sealed class TypeRoundTripTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static readonly TableColumn[] Columns =
    [
        new("i8", "TINYINT"), new("i16", "SMALLINT"), new("i32", "INTEGER"), new("i64", "BIGINT"), new("i128", "HUGEINT"),
        new("u8", "UTINYINT"), new("u16", "USMALLINT"), new("u32", "UINTEGER"), new("u64", "UBIGINT"),
        new("price", "DECIMAL(10,2)"), new("f32", "FLOAT"), new("f64", "DOUBLE"), new("flag", "BOOLEAN"), new("text", "VARCHAR"),
        new("day", "DATE"), new("at", "TIME"), new("stamp", "TIMESTAMP"), new("stamp_tz", "TIMESTAMP WITH TIME ZONE"),
    ];

    private static RowsSource EveryType() => new("every type", Columns,
    [
        [(sbyte)-8, (short)-16, -32, -64L, new BigInteger(long.MaxValue) * 4, (byte)8, (ushort)16, 32u, ulong.MaxValue, 12.50m, 0.1f, 0.1,
            true, "naïve", new DateOnly(2024, 2, 29), new TimeOnly(13, 45, 30, 250), new DateTime(2026, 12, 1, 20, 34, 0, 123),
            new DateTimeOffset(2026, 12, 1, 20, 34, 0, TimeSpan.Zero)],
        [(sbyte)7, (short)300, 70_000, 5_000_000_000L, BigInteger.One, (byte)255, (ushort)65_535, uint.MaxValue, 1UL, -0.05m, -1.5f, 1e300,
            false, "", new DateOnly(1970, 1, 1), new TimeOnly(0, 0), new DateTime(1999, 12, 31, 23, 59, 59),
            new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)],
        [.. Enumerable.Repeat<object?>(null, Columns.Length)],
    ]);

    [Fact]
    public void A_loaded_DataFrame_committed_unchanged_is_the_same_version_for_every_type()
    {
        using var mlops = MlopsClient.Open(_folder.Combine("store"));
        var v1 = mlops.Datasets.Service.Commit("types", EveryType()).Version;
        Assert.Equal(Columns.Select(c => c.Type), v1.Columns.Select(c => c.Type));

        var frame = mlops.Datasets.Load("types@1");
        var again = mlops.Datasets.Commit("types", frame);

        Assert.True(again.Unchanged, $"stored again as {again.Version.Label}: {string.Join(", ", again.Version.Columns.Select(c => c.Type))}");
        Assert.Equal(1, again.Version.Number);
    }

    [Fact]
    public void A_loaded_IDataView_committed_unchanged_is_the_same_version()
    {
        using var mlops = MlopsClient.Open(_folder.Combine("store"));
        mlops.Datasets.Service.Commit("types", EveryType());
        var again = mlops.Datasets.Commit("types", mlops.Datasets.LoadDataView("types"));
        Assert.True(again.Unchanged);
    }

    [Fact]
    public void A_loaded_frame_committed_under_another_name_keeps_the_types_and_the_digest()
    {
        using var mlops = MlopsClient.Open(_folder.Combine("store"));
        var v1 = mlops.Datasets.Service.Commit("types", EveryType()).Version;
        var copy = mlops.Datasets.Commit("types-copy", mlops.Datasets.Load("types@1")).Version;
        Assert.Equal(v1.Columns.Select(c => c.Type), copy.Columns.Select(c => c.Type));
        Assert.Equal(v1.Digest, copy.Digest);
    }

    public sealed record Reading(sbyte Sensor, short Channel, int Count, long Total, byte Level, ushort Port, uint Serial, ulong Big,
        decimal Price, float Ratio, double Value, bool Ok, string Name, DateOnly Day, TimeOnly At, DateTime Stamp, DateTimeOffset StampTz, int? Missing);

    [Fact]
    public void Records_commit_with_their_exact_types_and_again_unchanged_also_after_a_load()
    {
        using var mlops = MlopsClient.Open(_folder.Combine("store"));
        Reading[] readings =
        [
            new(-1, 2, 3, 4, 5, 6, 7, 8, 9.5m, 0.25f, 1.5, true, "a", new DateOnly(2026, 1, 2), new TimeOnly(1, 2, 3), new DateTime(2026, 1, 2, 3, 4, 5),
                new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), null),
        ];
        var v1 = mlops.Datasets.Commit("readings", readings).Version;
        Assert.Equal(["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "DECIMAL(38,10)", "FLOAT", "DOUBLE",
            "BOOLEAN", "VARCHAR", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "INTEGER"], v1.Columns.Select(c => c.Type));
        Assert.True(mlops.Datasets.Commit("readings", readings).Unchanged);
        Assert.True(mlops.Datasets.Commit("readings", mlops.Datasets.Load("readings")).Unchanged);
    }

    [Fact]
    public void A_value_that_no_longer_fits_the_stored_type_keeps_its_own_type()
    {
        using var mlops = MlopsClient.Open(_folder.Combine("store"));
        mlops.Datasets.Service.Commit("types", EveryType());
        var frame = mlops.Datasets.Load("types");
        frame["day"][0] = new DateTime(2024, 2, 29, 12, 30, 0);   // a time of day: no longer a DATE
        var changed = mlops.Datasets.Commit("types", frame);
        Assert.False(changed.Unchanged);
        Assert.Equal("TIMESTAMP", changed.Version.Columns.Single(c => c.Name == "day").Type);
        Assert.Equal("TINYINT", changed.Version.Columns.Single(c => c.Name == "i8").Type);
    }

    public void Dispose() => _folder.Dispose();
}
