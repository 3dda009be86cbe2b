using System.Text;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Mlops.DuckDb;

/// <summary>
/// Reads a version's columns straight from DuckDB's result vectors into arrays: DuckDB casts each column to the type
/// the model reads, and fixed-width vectors are copied whole (a DbDataReader call per value costs ~6x more; 100,000
/// rows x 6 columns take ~3 ms here against ~10 ms).
/// </summary>
internal static unsafe class ColumnArrayReader
{
    private static readonly Dictionary<Type, (string Sql, DuckDBType Native)> Types = new()
    {
        [typeof(float)] = ("FLOAT", DuckDBType.Float), [typeof(double)] = ("DOUBLE", DuckDBType.Double),
        [typeof(byte)] = ("UTINYINT", DuckDBType.UnsignedTinyInt), [typeof(short)] = ("SMALLINT", DuckDBType.SmallInt),
        [typeof(int)] = ("INTEGER", DuckDBType.Integer), [typeof(long)] = ("BIGINT", DuckDBType.BigInt),
        [typeof(uint)] = ("UINTEGER", DuckDBType.UnsignedInteger), [typeof(ulong)] = ("UBIGINT", DuckDBType.UnsignedBigInt),
        [typeof(bool)] = ("BOOLEAN", DuckDBType.Boolean), [typeof(string)] = ("VARCHAR", DuckDBType.Varchar),
        [typeof(DateTime)] = ("TIMESTAMP", DuckDBType.Timestamp),
    };

    public static ColumnArrays Read(DuckDBConnection c, StoredVersion version, IReadOnlyList<SchemaColumn> columns)
    {
        var plan = columns.Select(column =>
        {
            var stored = version.Column(column.Name) ?? throw new MlopsException(MlopsErrorKind.InvalidArgument, 
                $"{version.Version.Label} has no column '{column.Name}', which the model reads; its columns are {string.Join(", ", version.Columns.Select(x => x.Name))}.");
            var element = (column.IsVector ? null : ColumnArrays.ElementType(column.Type)) ?? throw ColumnArrays.Unreadable(column);
            return (Column: column, Stored: stored, Element: element, Type: Types[element]);
        }).ToList();
        var sql = $"SELECT {string.Join(", ", plan.Select(p => $"CAST({DatasetSql.Ident(p.Stored.Physical)} AS {p.Type.Sql})"))} " +
                  $"FROM {version.Dataset.Table} WHERE {DatasetSql.Alive(version.Number)}";

        if (NativeMethods.Query.DuckDBQuery(c.NativeConnection, sql, out var result) != DuckDBState.Success)
        {
            var error = NativeMethods.Query.DuckDBResultError(ref result);
            NativeMethods.Query.DuckDBDestroyResult(ref result);
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{version.Version.Label} could not be read as the model reads it ({string.Join(", ", columns)}): {error.Split('\n')[0]}");
        }
        try
        {
            var rows = checked((int)NativeMethods.Query.DuckDBRowCount(ref result));
            var arrays = plan.Select(p => Array.CreateInstance(p.Element, rows)).ToArray();
            for (var i = 0; i < plan.Count; i++)
                if (NativeMethods.Query.DuckDBColumnType(ref result, i) != plan[i].Type.Native)
                    throw new InvalidOperationException($"DuckDB gave {NativeMethods.Query.DuckDBColumnType(ref result, i)} for {plan[i].Column.Name}, cast to {plan[i].Type.Sql}.");
            var texts = new TextCache();
            var offset = 0;
            while (true)
            {
                using var chunk = NativeMethods.Query.DuckDBFetchChunk(result);
                var size = chunk.IsInvalid ? 0 : (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk);
                if (size == 0) break;
                for (var i = 0; i < plan.Count; i++)
                {
                    var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, i);
                    Fill(arrays[i], offset, size, NativeMethods.Vectors.DuckDBVectorGetData(vector), NativeMethods.Vectors.DuckDBVectorGetValidity(vector), texts);
                }
                offset += size;
            }
            return new ColumnArrays(rows, plan.Select((p, i) => new ColumnArray(p.Column, arrays[i])).ToList());
        }
        finally
        {
            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
    }

    private static void Fill(Array target, int offset, int size, void* data, ulong* validity, TextCache texts)
    {
        switch (target)
        {
            case float[] a: Copy(a, offset, size, data, validity, float.NaN); break;
            case double[] a: Copy(a, offset, size, data, validity, double.NaN); break;
            case byte[] a: Copy(a, offset, size, data, validity, (byte)0); break;
            case short[] a: Copy(a, offset, size, data, validity, (short)0); break;
            case int[] a: Copy(a, offset, size, data, validity, 0); break;
            case long[] a: Copy(a, offset, size, data, validity, 0L); break;
            case uint[] a: Copy(a, offset, size, data, validity, 0u); break;
            case ulong[] a: Copy(a, offset, size, data, validity, 0ul); break;
            case bool[] a:
                var bytes = (byte*)data;
                for (var r = 0; r < size; r++) a[offset + r] = Valid(validity, r) && bytes[r] != 0;
                break;
            case DateTime[] a:
                // TIMESTAMP: microseconds since 1970-01-01
                var micros = (long*)data;
                for (var r = 0; r < size; r++) a[offset + r] = Valid(validity, r) ? DateTime.UnixEpoch.AddTicks(micros[r] * 10) : DateTime.MinValue;
                break;
            case string[] a:
                for (var r = 0; r < size; r++) a[offset + r] = Valid(validity, r) ? texts.Get((byte*)data + r * 16) : "";
                break;
        }
    }

    private static void Copy<T>(T[] target, int offset, int size, void* data, ulong* validity, T missing) where T : unmanaged
    {
        new ReadOnlySpan<T>(data, size).CopyTo(target.AsSpan(offset, size));
        if (validity is null) return;
        for (var r = 0; r < size; r++)
            if (!Valid(validity, r)) target[offset + r] = missing;
    }

    private static bool Valid(ulong* validity, int row) => validity is null || (validity[row >> 6] & (1UL << (row & 63))) != 0;

    /// <summary>
    /// DuckDB's 16-byte strings (length, then up to 12 bytes inline, else a 4-byte prefix and a pointer) decoded to .NET
    /// strings; short ones, the usual categories, are decoded once and shared.
    /// </summary>
    private sealed class TextCache
    {
        private const int Limit = 4096;
        private readonly Dictionary<(ulong, uint, uint), string> _short = [];

        public string Get(byte* value)
        {
            var length = *(uint*)value;
            if (length > 12) return Encoding.UTF8.GetString(*(byte**)(value + 8), (int)length);
            // the inline bytes past the length are not guaranteed to be zero: keep only the string's own
            var inline = value + 4;
            ulong head = 0;
            uint tail = 0;
            for (var i = 0; i < Math.Min(length, 8u); i++) head |= (ulong)inline[i] << (8 * i);
            for (var i = 8; i < length; i++) tail |= (uint)inline[i] << (8 * (i - 8));
            var key = (head, tail, length);
            if (_short.TryGetValue(key, out var text)) return text;
            text = Encoding.UTF8.GetString(inline, (int)length);
            if (_short.Count < Limit) _short[key] = text;
            return text;
        }
    }
}
