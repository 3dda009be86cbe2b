using System.Data.Common;
using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>
/// Parameterized SQL on a connection: positional <c>$1, $2, ...</c> parameters, so user text never becomes SQL text.
/// </summary>
internal static class Sql
{
    public static int Execute(this DuckDBConnection connection, string sql, params object?[] args)
    {
        using var command = Command(connection, sql, args);
        return command.ExecuteNonQuery();
    }

    public static T? Scalar<T>(this DuckDBConnection connection, string sql, params object?[] args)
    {
        using var command = Command(connection, sql, args);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static List<T> Query<T>(this DuckDBConnection connection, string sql, Func<DbDataReader, T> read, params object?[] args)
    {
        using var command = Command(connection, sql, args);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    public static void InTransaction(this DuckDBConnection connection, Action work)
    {
        using var transaction = connection.BeginTransaction();
        work();
        transaction.Commit();
    }

    public static T InTransaction<T>(this DuckDBConnection connection, Func<T> work)
    {
        using var transaction = connection.BeginTransaction();
        var result = work();
        transaction.Commit();
        return result;
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset Utc(this DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    public static DateTimeOffset? NullableUtc(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Utc(ordinal);

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, object?[] args)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var arg in args) command.Parameters.Add(new DuckDBParameter(ToDb(arg)));
        return command;
    }

    private static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset d => d.UtcDateTime,
        RunId id => id.Value,
        RunStatus s => s.ToText(),
        _ => value,
    };
}
