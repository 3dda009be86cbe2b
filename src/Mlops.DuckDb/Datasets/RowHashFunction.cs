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
    [ThreadStatic] private static VectorColumn[]? _columns;

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

    // hot loops are compiled optimized at first use: a kernel's first commit is not left to tier up while it runs
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Invoke(IntPtr info, IntPtr input, IntPtr output)
    {
        try
        {
            var chunk = new DuckDBDataChunk(input);   // borrowed: does not own the chunk
            var rows = (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk);
            var count = (int)NativeMethods.DataChunks.DuckDBDataChunkGetColumnCount(chunk);
            var columns = _columns is { } cached && cached.Length >= count ? cached : _columns = new VectorColumn[Math.Max(count, 16)];
            for (var i = 0; i < count; i++) columns[i] = VectorColumn.Of(NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, i));
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
}
