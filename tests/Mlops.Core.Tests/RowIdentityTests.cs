namespace Mlops.Core.Tests;

/// <summary>The row encoding and version digest are a format: these literal values pin it across engines and releases.</summary>
public class RowIdentityTests
{
    private static UInt128 Hash(Action<RowEncoder> row)
    {
        var e = new RowEncoder();
        row(e);
        return e.Hash();
    }

    [Fact]
    public void A_row_of_every_type_has_the_same_hash_forever()
    {
        var hash = Hash(e =>
        {
            e.Boolean(true);
            e.Integer(-42);
            e.Real(0.1);
            e.Decimal(12.50m);
            e.Text("Åse 🐧");
            e.Blob([1, 2, 3]);
            e.Date(new DateOnly(2024, 2, 29));
            e.Time(3_600_000_001);
            e.Timestamp(new DateTime(2026, 12, 1, 20, 34, 0, 123));
            e.TimestampTz(1_764_621_240_000_000);
            e.Uuid(Convert.FromHexString("0123456789abcdef0123456789abcdef"));
            e.Null();
        });
        Assert.Equal("13ad82e0decbe48899295d4a94b5b56d", hash.ToString("x32"));
    }

    [Fact]
    public void The_encoding_of_a_small_row_is_as_documented()
    {
        var e = new RowEncoder();
        e.Integer(1);
        e.Null();
        e.Text("ab");
        Assert.Equal("02" + "01" + new string('0', 30) + "00" + "06" + "02000000" + "6162", Convert.ToHexStringLower(e.Encoded));
    }

    [Fact]
    public void Widening_and_equal_values_keep_the_hash_and_position_and_nulls_do_not()
    {
        Assert.Equal(Hash(e => e.Integer(7)), Hash(e => e.Unsigned(7)));
        Assert.Equal(Hash(e => e.Real(0.5f)), Hash(e => e.Real(0.5)));
        Assert.Equal(Hash(e => e.Real(-0.0)), Hash(e => e.Real(0.0)));
        Assert.Equal(Hash(e => e.Real(double.NaN)), Hash(e => e.Real(-double.NaN)));
        Assert.Equal(Hash(e => e.Decimal(150, 2)), Hash(e => e.Decimal(15, 1)));
        Assert.Equal(Hash(e => e.Decimal(1.50m)), Hash(e => e.Decimal(1.5m)));
        Assert.Equal(Hash(e => e.Decimal(-2.000m)), Hash(e => e.Decimal(-2, 0)));
        Assert.NotEqual(Hash(e => { e.Integer(1); e.Null(); }), Hash(e => { e.Null(); e.Integer(1); }));
        Assert.NotEqual(Hash(e => { e.Text("a"); e.Text("bc"); }), Hash(e => { e.Text("ab"); e.Text("c"); }));
        Assert.NotEqual(Hash(e => e.Integer(1)), Hash(e => e.Real(1)));
        Assert.NotEqual(Hash(e => e.Text("")), Hash(e => e.Null()));
    }

    [Fact]
    public void A_digest_depends_on_schema_count_and_the_multiset_of_rows_only()
    {
        TableColumn[] columns = [new("b", "VARCHAR"), new("a", "BIGINT")];
        Assert.Equal("7455b5ebebc630405c2509ed605ba98d6afce0d84753514432a6bb97b3055aed", DatasetDigest.Of(columns, 3, DatasetDigest.Sum(5, 7)));
        Assert.Equal(DatasetDigest.Of(columns, 3, 99), DatasetDigest.Of([.. columns.Reverse()], 3, 99));
        Assert.Equal(DatasetDigest.Of(columns, 3, 99), DatasetDigest.Of([new("b", "TEXT"), new("a", "int64")], 3, 99));
        Assert.NotEqual(DatasetDigest.Of(columns, 3, 99), DatasetDigest.Of([new("b", "VARCHAR"), new("a", "DOUBLE")], 3, 99));
        Assert.NotEqual(DatasetDigest.Of(columns, 3, 99), DatasetDigest.Of(columns, 4, 99));
        Assert.Equal(((UInt128)5 << 64) + 7, DatasetDigest.Sum(5, 7));
        Assert.Equal((UInt128)1, DatasetDigest.Sum(System.Numerics.BigInteger.One << 64, 1));   // 2^128 + 1 wraps to 1
    }
}
