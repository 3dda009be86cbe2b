using System.Runtime.CompilerServices;
using DuckDB.NET.Native;

namespace Mlops.DuckDb;

/// <summary>
/// One of DuckDB's vectors read in place: its type, data and validity, and each cell as the row hash encodes it or as a
/// <see cref="RowChunk"/> gives it. Valid as long as the chunk that holds the vector.
/// </summary>
internal readonly unsafe struct VectorColumn
{
    private readonly DuckDBType _type;
    private readonly DuckDBType _decimalStorage;
    private readonly int _scale;
    private readonly byte* _data;
    private readonly ulong* _validity;

    private VectorColumn(DuckDBType type, DuckDBType decimalStorage, int scale, void* data, ulong* validity)
    {
        _type = type;
        _decimalStorage = decimalStorage;
        _scale = scale;
        _data = (byte*)data;
        _validity = validity;
    }

    public static VectorColumn Of(IntPtr vector)
    {
        using var logical = NativeMethods.Vectors.DuckDBVectorGetColumnType(vector);
        var type = NativeMethods.LogicalType.DuckDBGetTypeId(logical);
        var storage = type == DuckDBType.Decimal ? NativeMethods.LogicalType.DuckDBDecimalInternalType(logical) : DuckDBType.Invalid;
        var scale = type == DuckDBType.Decimal ? NativeMethods.LogicalType.DuckDBDecimalScale(logical) : 0;
        return new VectorColumn(type, storage, scale, NativeMethods.Vectors.DuckDBVectorGetData(vector), NativeMethods.Vectors.DuckDBVectorGetValidity(vector));
    }

    public bool IsNull(int row) => _validity != null && (_validity[row >> 6] & (1UL << (row & 63))) == 0;

    public bool Boolean(int row) => _data[row] != 0;

    public long Integer(int row) => _type switch
    {
        DuckDBType.TinyInt => ((sbyte*)_data)[row],
        DuckDBType.SmallInt => ((short*)_data)[row],
        DuckDBType.Integer => ((int*)_data)[row],
        DuckDBType.BigInt => ((long*)_data)[row],
        DuckDBType.UnsignedTinyInt => _data[row],
        DuckDBType.UnsignedSmallInt => ((ushort*)_data)[row],
        DuckDBType.UnsignedInteger => ((uint*)_data)[row],
        _ => throw Unread("an integer"),
    };

    public double Real(int row) => _type switch
    {
        DuckDBType.Float => ((float*)_data)[row],
        DuckDBType.Double => ((double*)_data)[row],
        _ => throw Unread("a float"),
    };

    // DuckDB keeps -infinity as the negated largest value; a chunk gives the smallest
    public int Date(int row) => _type == DuckDBType.Date ? ((int*)_data)[row] is var days && days == -int.MaxValue ? int.MinValue : days : throw Unread("a date");

    public long Timestamp(int row) => _type is DuckDBType.Timestamp or DuckDBType.TimestampTz
        ? ((long*)_data)[row] is var micros && micros == -long.MaxValue ? long.MinValue : micros
        : throw Unread("a timestamp");

    // duckdb_string_t: a 4-byte length, then up to 12 bytes inline, or a 4-byte prefix and a pointer
    public ReadOnlySpan<byte> Bytes(int row)
    {
        if (_type is not (DuckDBType.Varchar or DuckDBType.Blob)) throw Unread("text");
        var entry = _data + 16 * row;
        var length = *(int*)entry;
        return length <= 12 ? new ReadOnlySpan<byte>(entry + 4, length) : new ReadOnlySpan<byte>(*(byte**)(entry + 8), length);
    }

    /// <summary>The cell as the row hash encodes it (<see cref="RowEncoder"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Encode(int row, RowEncoder e)
    {
        if (IsNull(row))
        {
            e.Null();
            return;
        }
        switch (_type)
        {
            case DuckDBType.Boolean: e.Boolean(Boolean(row)); break;
            case DuckDBType.TinyInt or DuckDBType.SmallInt or DuckDBType.Integer or DuckDBType.BigInt
                or DuckDBType.UnsignedTinyInt or DuckDBType.UnsignedSmallInt or DuckDBType.UnsignedInteger: e.Integer(Integer(row)); break;
            case DuckDBType.HugeInt: e.Integer(((Int128*)_data)[row]); break;
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

    // DuckDB keeps a uuid as a hugeint with the top bit flipped, so that it sorts as its text does
    private void Uuid(int row, RowEncoder e)
    {
        var value = ((UInt128*)_data)[row] ^ ((UInt128)1 << 127);
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        e.Uuid(bytes);
    }

    private InvalidOperationException Unread(string what) => new($"a {_type} vector read as {what}.");
}
