using Npgsql;

namespace Mlops.Postgres.Tests;

/// <summary>The team store's own binary COPY writer: rows the server takes, rows it refuses, a copy given up.</summary>
public class BinaryCopyTests
{
    private static NpgsqlConnection Connect()
    {
        var store = PostgresServer.Shared.NewDatabase();
        var connection = new NpgsqlConnection(PostgresServer.Shared.ConnectionString(store[(store.LastIndexOf('/') + 1)..]));
        connection.Open();
        connection.Execute("CREATE TABLE t (n integer, h uuid, s text, x double precision)");
        return connection;
    }

    private static void Row(PgBinaryCopy copy, int n, string? s)
    {
        copy.Row(4);
        copy.Int32(n);
        copy.Uuid(UInt128.MaxValue - (ulong)n);
        if (s is null) copy.Null();
        else copy.Bytes(System.Text.Encoding.UTF8.GetBytes(s));
        copy.Float8(n / 4.0);
    }

    [Fact]
    public void Rows_across_many_buffers_arrive_whole()
    {
        using var c = Connect();
        using (var copy = new PgBinaryCopy(c, "COPY t FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 0; n < 20_000; n++) Row(copy, n, n % 5 == 0 ? null : n % 1000 == 1 ? new string('é', 70_000) : $"row {n}");
            copy.Complete();
        }

        Assert.Equal(20_000L, c.Scalar<long>("SELECT count(*) FROM t"));
        Assert.Equal(4_000L, c.Scalar<long>("SELECT count(*) FROM t WHERE s IS NULL"));
        Assert.Equal(140_000L, c.Scalar<long>("SELECT max(octet_length(s)) FROM t"));
        Assert.Equal("row 19999", c.Scalar<string>("SELECT s FROM t WHERE n = 19999"));
        Assert.Equal("ffffffff-ffff-ffff-ffff-ffffffffb1e0", c.Scalar<string>("SELECT h::text FROM t WHERE n = 19999"));
        Assert.Equal(4999.75, c.Scalar<double>("SELECT x FROM t WHERE n = 19999"));
    }

    [Fact]
    public void A_copy_given_up_part_way_keeps_nothing_and_the_connection_goes_on()
    {
        using var c = Connect();
        using (var copy = new PgBinaryCopy(c, "COPY t FROM STDIN (FORMAT BINARY)"))
            for (var n = 0; n < 10_000; n++) Row(copy, n, "row");

        Assert.Equal(0L, c.Scalar<long>("SELECT count(*) FROM t"));
    }

    [Fact]
    public void A_row_the_server_refuses_fails_the_copy_with_its_message_and_keeps_nothing()
    {
        using var c = Connect();
        var error = Assert.Throws<PostgresException>(() =>
        {
            using var copy = new PgBinaryCopy(c, "COPY t FROM STDIN (FORMAT BINARY)");
            Row(copy, 1, "fine");
            copy.Row(4);
            copy.Int32(2);
            copy.Uuid(1);
            copy.Bytes([0x61, 0x00, 0x62]);   // a NUL byte, which text cannot hold
            copy.Float8(0);
            copy.Complete();
        });

        Assert.Contains("0x00", error.MessageText);
        Assert.Equal(0L, c.Scalar<long>("SELECT count(*) FROM t"));
    }
}
