using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Mlops.DuckDb;

/// <summary>
/// <c>mlops_row_hash(c1, c2, ...)</c>: Core's row hash (<see cref="RowEncoder"/>) as a DuckDB scalar function over
/// the columns given in name order, returning UHUGEINT. It reads DuckDB's vectors directly (no value objects), and
/// DuckDB runs it on all its threads. Arguments must be of the types it encodes natively; <see cref="Argument"/>
/// casts any other column to text first.
/// </summary>
internal static unsafe class RowHashFunction
{
    public const string Name = "mlops_row_hash";

    [ThreadStatic] private static RowEncoder? _encoder;
    [ThreadStatic] private static Column[]? _columns;

    /// <summary>Registers the function on a connection's database instance (once per instance).</summary>
    public static void Register(DuckDBConnection connection)
    {
        var function = NativeMethods.ScalarFunction.DuckDBCreateScalarFunction();
        try
        {
            NativeMethods.ScalarFunction.DuckDBScalarFunctionSetName(function, Name);
            using (var any = NativeMethods.LogicalType.DuckDBCreateLogicalType(DuckDBType.Any))
                NativeMethods.ScalarFunction.DuckDBScalarFunctionSetVarargs(function, any);
            using (var result = NativeMethods.LogicalType.DuckDBCreateLogicalType(DuckDBType.UnsignedHugeInt))
                NativeMethods.ScalarFunction.DuckDBScalarFunctionSetReturnType(function, result);
            // a NULL argument is a value of the row, not a reason to return NULL
            NativeMethods.ScalarFunction.DuckDBScalarFunctionSetSpecialHandling(function);
            NativeMethods.ScalarFunction.DuckDBScalarFunctionSetFunction(function, &Invoke);
            if (NativeMethods.ScalarFunction.DuckDBRegisterScalarFunction(connection.NativeConnection, function) != DuckDBState.Success)
                throw new InvalidOperationException($"DuckDB refused to register {Name}.");
        }
        finally
        {
            NativeMethods.ScalarFunction.DuckDBDestroyScalarFunction(ref function);
        }
    }

    /// <summary>A column as an argument of the function: natively encoded types as they are, others as text.</summary>
    public static string Argument(string type, string expression)
    {
        var t = type.Trim().ToUpperInvariant();
        if (t is "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS") return $"CAST({expression} AS TIMESTAMP)";
        var native = t is "BOOLEAN" or "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT"
            or "UINTEGER" or "UBIGINT" or "UHUGEINT" or "FLOAT" or "DOUBLE" or "VARCHAR" or "BLOB" or "DATE" or "TIME" or "TIMESTAMP"
            or "TIMESTAMP WITH TIME ZONE" or "UUID" || t.StartsWith("DECIMAL", StringComparison.Ordinal);
        return native ? expression : $"CAST({expression} AS VARCHAR)";
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Invoke(IntPtr info, IntPtr input, IntPtr output)
    {
        try
        {
            var chunk = new DuckDBDataChunk(input);   // borrowed: does not own the chunk
            var rows = (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk);
            var count = (int)NativeMethods.DataChunks.DuckDBDataChunkGetColumnCount(chunk);
            var columns = _columns is { } cached && cached.Length >= count ? cached : _columns = new Column[Math.Max(count, 16)];
            for (var i = 0; i < count; i++) columns[i] = Column.Of(NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, i));
            var encoder = _encoder ??= new RowEncoder();
            var hashes = (UInt128*)NativeMethods.Vectors.DuckDBVectorGetData(output);
            for (var row = 0; row < rows; row++)
            {
                encoder.Reset();
                for (var i = 0; i < count; i++) columns[i].Encode(row, encoder);
                hashes[row] = encoder.Hash();
            }
        }
        catch (Exception e)
        {
            NativeMethods.ScalarFunction.DuckDBScalarFunctionSetError(info, $"{Name}: {e.Message}");
        }
    }

    /// <summary>One argument vector: its type, data and validity.</summary>
    private readonly struct Column
    {
        private readonly DuckDBType _type;
        private readonly DuckDBType _decimalStorage;
        private readonly int _scale;
        private readonly byte* _data;
        private readonly ulong* _validity;

        private Column(DuckDBType type, DuckDBType decimalStorage, int scale, void* data, ulong* validity)
        {
            _type = type;
            _decimalStorage = decimalStorage;
            _scale = scale;
            _data = (byte*)data;
            _validity = validity;
        }

        public static Column Of(IntPtr vector)
        {
            using var logical = NativeMethods.Vectors.DuckDBVectorGetColumnType(vector);
            var type = NativeMethods.LogicalType.DuckDBGetTypeId(logical);
            var storage = type == DuckDBType.Decimal ? NativeMethods.LogicalType.DuckDBDecimalInternalType(logical) : DuckDBType.Invalid;
            var scale = type == DuckDBType.Decimal ? NativeMethods.LogicalType.DuckDBDecimalScale(logical) : 0;
            return new Column(type, storage, scale, NativeMethods.Vectors.DuckDBVectorGetData(vector), NativeMethods.Vectors.DuckDBVectorGetValidity(vector));
        }

        public void Encode(int row, RowEncoder e)
        {
            if (_validity != null && (_validity[row >> 6] & (1UL << (row & 63))) == 0)
            {
                e.Null();
                return;
            }
            switch (_type)
            {
                case DuckDBType.Boolean: e.Boolean(_data[row] != 0); break;
                case DuckDBType.TinyInt: e.Integer(((sbyte*)_data)[row]); break;
                case DuckDBType.SmallInt: e.Integer(((short*)_data)[row]); break;
                case DuckDBType.Integer: e.Integer(((int*)_data)[row]); break;
                case DuckDBType.BigInt: e.Integer(((long*)_data)[row]); break;
                case DuckDBType.HugeInt: e.Integer(((Int128*)_data)[row]); break;
                case DuckDBType.UnsignedTinyInt: e.Integer(_data[row]); break;
                case DuckDBType.UnsignedSmallInt: e.Integer(((ushort*)_data)[row]); break;
                case DuckDBType.UnsignedInteger: e.Integer(((uint*)_data)[row]); break;
                case DuckDBType.UnsignedBigInt: e.Integer(((ulong*)_data)[row]); break;
                case DuckDBType.UnsignedHugeInt: e.Unsigned(((UInt128*)_data)[row]); break;
                case DuckDBType.Float: e.Real(((float*)_data)[row]); break;
                case DuckDBType.Double: e.Real(((double*)_data)[row]); break;
                case DuckDBType.Decimal: e.Decimal(Unscaled(row), _scale); break;
                case DuckDBType.Varchar: e.Text(Bytes(row)); break;
                case DuckDBType.Blob: e.Blob(Bytes(row)); break;
                case DuckDBType.Date: e.Date(((int*)_data)[row]); break;
                case DuckDBType.Time: e.Time(((long*)_data)[row]); break;
                case DuckDBType.Timestamp: e.Timestamp(((long*)_data)[row]); break;
                case DuckDBType.TimestampTz: e.TimestampTz(((long*)_data)[row]); break;
                case DuckDBType.Uuid: Uuid(row, e); break;
                default: throw new NotSupportedException($"a {_type} argument; cast it to VARCHAR first.");
            }
        }

        private Int128 Unscaled(int row) => _decimalStorage switch
        {
            DuckDBType.SmallInt => ((short*)_data)[row],
            DuckDBType.Integer => ((int*)_data)[row],
            DuckDBType.BigInt => ((long*)_data)[row],
            _ => ((Int128*)_data)[row],
        };

        // duckdb_string_t: a 4-byte length, then up to 12 bytes inline, or a 4-byte prefix and a pointer
        private ReadOnlySpan<byte> Bytes(int row)
        {
            var entry = _data + 16 * row;
            var length = *(int*)entry;
            return length <= 12 ? new ReadOnlySpan<byte>(entry + 4, length) : new ReadOnlySpan<byte>(*(byte**)(entry + 8), length);
        }

        // DuckDB keeps a uuid as a hugeint with the top bit flipped, so that it sorts as its text does
        private void Uuid(int row, RowEncoder e)
        {
            var value = ((UInt128*)_data)[row] ^ ((UInt128)1 << 127);
            Span<byte> bytes = stackalloc byte[16];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
            e.Uuid(bytes);
        }
    }
}
