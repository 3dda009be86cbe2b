using System.Buffers.Binary;

namespace Mlops.Postgres;

/// <summary>SQL text for history tables. Only names this code generated or checked reach it, always quoted.</summary>
internal static class PgDatasetSql
{
    public static string Ident(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>Rows present in <paramref name="version"/>: those whose interval [__from, __to) contains it.</summary>
    public static string Alive(int version, string alias = "") => $"{alias}__from <= {version} AND ({alias}__to IS NULL OR {alias}__to > {version})";

    /// <summary>The logical columns in name order with their types.</summary>
    public static string Signature(IEnumerable<TableColumn> columns) =>
        string.Join("|", columns.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Name + ":" + c.Type.Trim().ToUpperInvariant()));

    /// <summary>A row hash as the uuid the history table keeps it in (its 16 bytes, big-endian).</summary>
    public static Guid Uuid(UInt128 hash)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, hash);
        return new Guid(bytes, bigEndian: true);
    }
}
