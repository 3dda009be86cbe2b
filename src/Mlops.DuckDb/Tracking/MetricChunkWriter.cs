using System.Runtime.InteropServices;
using System.Text;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using NativeAppender = DuckDB.NET.Native.DuckDBAppender;

namespace Mlops.DuckDb;

/// <summary>
/// Appends metric rows to the <c>metrics</c> table a whole vector at a time: the rows are written straight into a
/// DuckDB data chunk's column buffers (integers, microseconds, doubles, and short keys inline) and the chunk is handed
/// to DuckDB's appender in one call. DuckDB.NET's row appender makes six native calls per row, each converting one
/// value; this makes about one per 2,048 rows, so a flush costs what DuckDB needs to store the rows and little more.
/// </summary>
internal sealed unsafe class MetricChunkWriter : IDisposable
{
    // metrics (run_key INTEGER, key VARCHAR, step BIGINT, timestamp TIMESTAMP, value DOUBLE)
    private static readonly DuckDBType[] Types =
        [DuckDBType.Integer, DuckDBType.Varchar, DuckDBType.BigInt, DuckDBType.Timestamp, DuckDBType.Double];

    private const long UnixEpochTicks = 621_355_968_000_000_000;

    private readonly NativeAppender _appender;
    private readonly DuckDBDataChunk _chunk;
    private readonly int _capacity;
    private int _rows;
    private int* _runKeys;
    private DuckDBString* _keys;
    private long* _steps;
    private long* _timestamps;
    private double* _values;
    private IntPtr _keyVector;
    private string? _lastKey;
    private byte[] _lastKeyBytes = [];
    private bool _lastKeyInline;
    private DuckDBString _lastKeySlot;

    public MetricChunkWriter(DuckDBConnection connection)
    {
        if (NativeMethods.Appender.DuckDBAppenderCreate(connection.NativeConnection, null!, "metrics", out _appender) != DuckDBState.Success)
        {
            var message = Error();
            _appender.Dispose();
            throw new MlopsException(MlopsErrorKind.StoreUnavailable, $"could not open the metrics table for appending: {message}");
        }
        var types = new DuckDBLogicalType[Types.Length];
        try
        {
            for (var i = 0; i < Types.Length; i++) types[i] = NativeMethods.LogicalType.DuckDBCreateLogicalType(Types[i]);
            _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk([.. types.Select(t => t.DangerousGetHandle())], (ulong)types.Length);
        }
        finally
        {
            foreach (var type in types) type?.Dispose();
        }
        _capacity = (int)NativeMethods.Helpers.DuckDBVectorSize();
        Bind();
    }

    /// <summary>Adds one row; hands the chunk to DuckDB when it is full.</summary>
    public void Add(int runKey, in MetricRow row)
    {
        var i = _rows;
        _runKeys[i] = runKey;
        _steps[i] = row.Step;
        _timestamps[i] = (row.Timestamp.Ticks - UnixEpochTicks) / 10;
        _values[i] = row.Value;
        SetKey(i, row.Key);
        if (++_rows == _capacity) Send();
    }

    /// <summary>Hands the rows still in the chunk to DuckDB and closes the appender, which writes them to the table.</summary>
    /// <exception cref="MlopsException">StoreUnavailable with DuckDB's reason when the rows could not be appended.</exception>
    public void Complete()
    {
        if (_rows > 0) Send();
        if (NativeMethods.Appender.DuckDBAppenderClose(_appender) != DuckDBState.Success)
            throw new MlopsException(MlopsErrorKind.StoreUnavailable, $"could not append metric points: {Error()}");
    }

    public void Dispose()
    {
        _chunk.Dispose();
        _appender.Dispose();
    }

    private void SetKey(int row, string key)
    {
        if (!ReferenceEquals(key, _lastKey)) Remember(key);
        if (_lastKeyInline)
        {
            _keys[row] = _lastKeySlot;
            return;
        }
        fixed (byte* source = _lastKeyBytes) NativeMethods.Vectors.DuckDBVectorAssignStringElementLength(_keyVector, (ulong)row, source, _lastKeyBytes.Length);
    }

    private void Remember(string key)
    {
        _lastKey = key;
        _lastKeyBytes = Encoding.UTF8.GetBytes(key);
        _lastKeyInline = _lastKeyBytes.Length <= DuckDBString.InlineLength;
        // a string of up to 12 bytes lives inside the 16-byte slot itself, zero-padded (duckdb_string_t's inlined form;
        // DuckDB compares the padding too)
        _lastKeySlot = default;
        if (!_lastKeyInline) return;
        _lastKeySlot.Length = (uint)_lastKeyBytes.Length;
        fixed (byte* source = _lastKeyBytes)
        fixed (byte* target = _lastKeySlot.Inlined)
            Buffer.MemoryCopy(source, target, DuckDBString.InlineLength, _lastKeyBytes.Length);
    }

    private void Send()
    {
        NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)_rows);
        if (NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk) != DuckDBState.Success)
            throw new MlopsException(MlopsErrorKind.StoreUnavailable, $"could not append metric points: {Error()}");
        NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        _rows = 0;
        Bind();
    }

    // a reset chunk may hand out other buffers: take the column pointers again
    private void Bind()
    {
        _runKeys = (int*)Data(0);
        _keyVector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 1);
        _keys = (DuckDBString*)NativeMethods.Vectors.DuckDBVectorGetData(_keyVector);
        _steps = (long*)Data(2);
        _timestamps = (long*)Data(3);
        _values = (double*)Data(4);
    }

    private void* Data(int column) => NativeMethods.Vectors.DuckDBVectorGetData(NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, column));

    private string Error()
    {
        if (_appender is null || _appender.IsInvalid) return "the appender could not be created";
        using var error = NativeMethods.Appender.DuckDBAppenderErrorData(_appender);
        return error.Message ?? "DuckDB gave no reason";
    }

    /// <summary>duckdb_string_t: a length and either the bytes inline (up to 12) or a prefix and a pointer.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 16)]
    private struct DuckDBString
    {
        public const int InlineLength = 12;
        public uint Length;
        public fixed byte Inlined[InlineLength];
    }
}
