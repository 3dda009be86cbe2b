using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Mlops;

/// <summary>
/// The canonical encoding of a row, and its 128-bit row hash: the identity of a row on every engine and every
/// release. Values are appended in column-name order (ordinal); each is a one-byte tag and a fixed layout, all
/// integers little-endian:
/// <list type="table">
/// <item><term>0x00</term><description>NULL (of any type)</description></item>
/// <item><term>0x01</term><description>boolean: one byte, 0 or 1</description></item>
/// <item><term>0x02</term><description>integer of any width, signed or unsigned: 16 bytes, two's complement (an
/// unsigned value above the signed 128-bit range: tag 0x03 and 16 bytes unsigned)</description></item>
/// <item><term>0x04</term><description>real (float widened exactly, or double): the 8 bytes of the IEEE-754 double,
/// with -0 as +0 and every NaN as 0x7FF8000000000000</description></item>
/// <item><term>0x05</term><description>decimal: 1 byte scale, 16 bytes unscaled value, trailing zeros removed (1.50 is
/// 15 at scale 1, 2.000 is 2 at scale 0)</description></item>
/// <item><term>0x06</term><description>text: 4 bytes length, the UTF-8 bytes</description></item>
/// <item><term>0x07</term><description>bytes: 4 bytes length, the bytes</description></item>
/// <item><term>0x08</term><description>date: 4 bytes, days since 1970-01-01</description></item>
/// <item><term>0x09</term><description>time of day: 8 bytes, microseconds since midnight</description></item>
/// <item><term>0x0A</term><description>timestamp without time zone: 8 bytes, microseconds since 1970-01-01</description></item>
/// <item><term>0x0B</term><description>timestamp with time zone: 8 bytes, microseconds since 1970-01-01 UTC</description></item>
/// <item><term>0x0C</term><description>uuid: its 16 bytes in RFC 4122 order</description></item>
/// </list>
/// Any other type (lists, structs, intervals, enums) is encoded as the text the engine gives it. The row hash is
/// XXH3-128 (seed 0) of the whole encoding. An integer widened (INTEGER to BIGINT) or a float widened to double keeps
/// its hash; the schema, which the version digest includes, records the type.
/// </summary>
public sealed class RowEncoder
{
    private byte[] _buffer = new byte[512];
    private int _length;

    /// <summary>The bytes encoded since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Encoded => _buffer.AsSpan(0, _length);

    /// <summary>Starts a new row.</summary>
    public void Reset() => _length = 0;

    /// <summary>The row hash of what was encoded since <see cref="Reset"/>.</summary>
    public UInt128 Hash() => XxHash128.HashToUInt128(Encoded);

    /// <summary>A NULL of any type.</summary>
    public void Null() => Room(1)[0] = 0x00;

    /// <summary>A boolean.</summary>
    public void Boolean(bool value)
    {
        var span = Room(2);
        span[0] = 0x01;
        span[1] = value ? (byte)1 : (byte)0;
    }

    /// <summary>An integer of any width.</summary>
    public void Integer(Int128 value)
    {
        var span = Room(17);
        span[0] = 0x02;
        BinaryPrimitives.WriteInt128LittleEndian(span[1..], value);
    }

    /// <summary>An unsigned integer of any width.</summary>
    public void Unsigned(UInt128 value)
    {
        if (value <= (UInt128)Int128.MaxValue)
        {
            Integer((Int128)value);
            return;
        }
        var span = Room(17);
        span[0] = 0x03;
        BinaryPrimitives.WriteUInt128LittleEndian(span[1..], value);
    }

    /// <summary>A float or double.</summary>
    public void Real(double value)
    {
        var bits = double.IsNaN(value) ? 0x7FF8000000000000L : value == 0 ? 0L : BitConverter.DoubleToInt64Bits(value);
        var span = Room(9);
        span[0] = 0x04;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], bits);
    }

    /// <summary>A decimal given as its unscaled value and scale (12.50 at scale 2 is 1250).</summary>
    public void Decimal(Int128 unscaled, int scale)
    {
        while (scale > 0 && unscaled % 10 == 0)
        {
            unscaled /= 10;
            scale--;
        }
        var span = Room(18);
        span[0] = 0x05;
        span[1] = (byte)scale;
        BinaryPrimitives.WriteInt128LittleEndian(span[2..], unscaled);
    }

    /// <summary>A .NET decimal.</summary>
    public void Decimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        System.Decimal.GetBits(value, bits);
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        Decimal(value < 0 ? -magnitude : magnitude, (bits[3] >> 16) & 0xFF);
    }

    /// <summary>Text as UTF-8 bytes.</summary>
    public void Text(ReadOnlySpan<byte> utf8) => Counted(0x06, utf8);

    /// <summary>Text.</summary>
    public void Text(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        var span = Room(5 + count);
        span[0] = 0x06;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], count);
        Encoding.UTF8.GetBytes(value, span[5..]);
    }

    /// <summary>Bytes.</summary>
    public void Blob(ReadOnlySpan<byte> bytes) => Counted(0x07, bytes);

    /// <summary>A date as days since 1970-01-01.</summary>
    public void Date(int daysSinceEpoch) => Fixed32(0x08, daysSinceEpoch);

    /// <summary>A date.</summary>
    public void Date(DateOnly date) => Date(date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber);

    /// <summary>A time of day as microseconds since midnight.</summary>
    public void Time(long microseconds) => Fixed64(0x09, microseconds);

    /// <summary>A timestamp without time zone as microseconds since 1970-01-01.</summary>
    public void Timestamp(long microseconds) => Fixed64(0x0A, microseconds);

    /// <summary>A timestamp without time zone (its ticks, whatever its Kind).</summary>
    public void Timestamp(DateTime value) => Timestamp((value.Ticks - DateTime.UnixEpoch.Ticks) / 10);

    /// <summary>A timestamp with time zone as microseconds since 1970-01-01 UTC.</summary>
    public void TimestampTz(long microseconds) => Fixed64(0x0B, microseconds);

    /// <summary>A uuid given as its 16 bytes in RFC 4122 (big-endian) order.</summary>
    public void Uuid(ReadOnlySpan<byte> rfc4122)
    {
        var span = Room(17);
        span[0] = 0x0C;
        rfc4122[..16].CopyTo(span[1..]);
    }

    private void Counted(byte tag, ReadOnlySpan<byte> bytes)
    {
        var span = Room(5 + bytes.Length);
        span[0] = tag;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], bytes.Length);
        bytes.CopyTo(span[5..]);
    }

    private void Fixed32(byte tag, int value)
    {
        var span = Room(5);
        span[0] = tag;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], value);
    }

    private void Fixed64(byte tag, long value)
    {
        var span = Room(9);
        span[0] = tag;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], value);
    }

    private Span<byte> Room(int bytes)
    {
        if (_length + bytes > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        var span = _buffer.AsSpan(_length, bytes);
        _length += bytes;
        return span;
    }
}
