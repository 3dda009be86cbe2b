using System.Data.Common;
using Npgsql;

namespace Mlops.Postgres;

/// <summary>
/// Parameterized SQL on a connection: positional <c>$1, $2, ...</c> parameters, so user text never becomes SQL text
/// (the same helpers as the embedded store's, over Npgsql).
/// </summary>
internal static class PgSql
{
    public static int Execute(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        using var command = Command(connection, sql, args);
        return command.ExecuteNonQuery();
    }

    public static T? Scalar<T>(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        using var command = Command(connection, sql, args);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static List<T> Query<T>(this NpgsqlConnection connection, string sql, Func<DbDataReader, T> read, params object?[] args)
    {
        using var command = Command(connection, sql, args);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    public static T InTransaction<T>(this NpgsqlConnection connection, Func<T> work)
    {
        using var transaction = connection.BeginTransaction();
        var result = work();
        transaction.Commit();
        return result;
    }

    public static void InTransaction(this NpgsqlConnection connection, Action work) => connection.InTransaction(() => { work(); return 0; });

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset Utc(this DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    public static DateTimeOffset? NullableUtc(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Utc(ordinal);

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object?[] args)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = ToDb(arg) });
        return command;
    }

    internal static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset d => d.UtcDateTime,
        DateTime d => d.Kind == DateTimeKind.Utc ? d : DateTime.SpecifyKind(d, DateTimeKind.Utc),
        RunId id => id.Value,
        RunStatus s => s.ToText(),
        _ => value,
    };
}
