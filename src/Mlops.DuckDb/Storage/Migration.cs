namespace Mlops.DuckDb;

/// <summary>One forward step of the store schema. Applied in one transaction, in version order, never edited once shipped.</summary>
internal sealed record Migration(int Version, string Description, string Sql, Action<DuckDB.NET.Data.DuckDBConnection, DateTimeOffset>? Then = null);
