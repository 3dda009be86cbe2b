using System.Buffers.Binary;
using Npgsql;

namespace Mlops.Postgres;

/// <summary>
/// A <c>COPY ... FROM STDIN (FORMAT BINARY)</c> written field by field into a buffer: PostgreSQL's binary copy format
/// (a header, then per row a field count and each field as a length and its bytes in network order, then a trailer),
/// with none of a typed writer's per-value work. Disposed before <see cref="Complete"/>, the copy is cancelled and the
/// server keeps none of its rows.
/// </summary>
internal sealed class PgBinaryCopy : IDisposable
{
    // the signature "PGCOPY\n\xFF\r\n\0", then no flags and no header extension
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly NpgsqlRawCopyStream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _length;
    private bool _completed;

    public PgBinaryCopy(NpgsqlConnection c, string command)
    {
        _stream = c.BeginRawBinaryCopy(command);
        Header.CopyTo(_buffer);
        _length = Header.Length;
    }

    /// <summary>Starts a row of <paramref name="fields"/> fields.</summary>
    public void Row(int fields)
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), (short)fields);
        _length += 2;
    }

    public void Null()
    {
        Room(4);
        Length(-1);
    }

    public void Boolean(bool value)
    {
        Room(5);
        Length(1);
        _buffer[_length++] = value ? (byte)1 : (byte)0;
    }

    public void Int16(short value)
    {
        Room(6);
        Length(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void Int32(int value)
    {
        Room(8);
        Length(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void Int64(long value)
    {
        Room(12);
        Length(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void Float4(float value)
    {
        Room(8);
        Length(4);
        BinaryPrimitives.WriteSingleBigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void Float8(double value)
    {
        Room(12);
        Length(8);
        BinaryPrimitives.WriteDoubleBigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>A uuid: its 16 bytes, big-endian.</summary>
    public void Uuid(UInt128 value)
    {
        Room(20);
        Length(16);
        BinaryPrimitives.WriteUInt128BigEndian(_buffer.AsSpan(_length), value);
        _length += 16;
    }

    /// <summary>A text or bytea field: its bytes as they are.</summary>
    public void Bytes(ReadOnlySpan<byte> value)
    {
        Room(4 + value.Length);
        Length(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>Ends the copy; the server has every row once this returns.</summary>
    public void Complete()
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), -1);
        _length += 2;
        Flush();
        // the server's refusal of a row, if any, comes here; the copy is over either way
        _completed = true;
        _stream.Dispose();
    }

    public void Dispose()
    {
        if (_completed) return;
        _completed = true;
        // a copy given up part-way: the server drops its rows. Cancelling a copy the server has already refused fails
        // as well, and the refusal, on its way up, is the error worth reporting
        try
        {
            _stream.Cancel();
        }
        catch (NpgsqlException)
        {
        }
        _stream.Dispose();
    }

    private void Length(int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), length);
        _length += 4;
    }

    private void Room(int bytes)
    {
        if (_length + bytes <= _buffer.Length) return;
        Flush();
        if (bytes > _buffer.Length) _buffer = new byte[Math.Max(bytes, 2 * _buffer.Length)];
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _length);
        _length = 0;
    }
}
