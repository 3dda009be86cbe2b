using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Mlops.DuckDb;

/// <summary>
/// Parsed rows as <see cref="RowChunk"/>s: a streamed query over the columns and the row hash, each of DuckDB's result
/// chunks read in place (the rows are not copied, nor held twice in memory). Its accessors are compiled optimized at
/// first use, as the loops that call them are.
/// </summary>
internal sealed unsafe class DuckDbRowChunk : RowChunk
{
    private readonly VectorColumn[] _columns;
    private UInt128* _hashes;
    private int _count;

    private DuckDbRowChunk(int columns) => _columns = new VectorColumn[columns];

    /// <summary>The rows of <paramref name="table"/> in scan order (its insertion order), chunk by chunk.</summary>
    public static IEnumerable<RowChunk> Read(DuckDBConnection c, IReadOnlyList<TableColumn> columns, string hash, string table)
    {
        if (columns.FirstOrDefault(col => !Reads(col.Type)) is { } other)
            throw new InvalidOperationException($"column {other.Name} is {other.Type}, which a chunk does not give; read the rows instead.");
        return Stream(c, $"SELECT {string.Concat(columns.Select(col => DatasetSql.Ident(col.Name) + ", "))}{hash} FROM {table}", columns.Count, null);
    }

    /// <summary>
    /// The rows of a query whose columns are the given ones, then a row hash, in the order the query gives them,
    /// streamed chunk by chunk; each of DuckDB's chunks is handed to <paramref name="each"/> (if any) before it is given.
    /// </summary>
    /// <exception cref="InvalidOperationException">The query failed, at its start or part-way (with what DuckDB said).</exception>
    public static IEnumerable<RowChunk> Stream(DuckDBConnection c, string sql, int columns, Action<DuckDBDataChunk>? each)
    {
        using var statement = Prepare(c, sql);
        var result = new DuckDBResult();
        try
        {
            if (NativeMethods.PreparedStatements.DuckDBExecutePreparedStreaming(statement, out result) != DuckDBState.Success)
                throw new InvalidOperationException($"reading the parsed rows failed: {NativeMethods.Query.DuckDBResultError(ref result)}");
            var chunk = new DuckDbRowChunk(columns);
            while (true)
            {
                using var data = NativeMethods.StreamingResult.DuckDBStreamFetchChunk(result);
                var size = data.IsInvalid ? 0 : (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(data);
                if (size == 0) break;
                each?.Invoke(data);
                chunk.Load(data, size);
                yield return chunk;
            }
            // a streamed query that fails part-way ends as if it were done: only its error tells
            if (NativeMethods.Query.DuckDBResultError(ref result) is { Length: > 0 } error) throw new InvalidOperationException($"reading the parsed rows failed: {error}");
        }
        finally
        {
            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
    }

    private static DuckDBPreparedStatement Prepare(DuckDBConnection c, string sql)
    {
        if (NativeMethods.PreparedStatements.DuckDBPrepare(c.NativeConnection, sql, out var statement) == DuckDBState.Success) return statement;
        var error = NativeMethods.PreparedStatements.DuckDBPrepareError(statement);
        statement.Dispose();
        throw new InvalidOperationException($"reading the parsed rows failed: {error}");
    }

    private void Load(DuckDBDataChunk data, int size)
    {
        for (var i = 0; i < _columns.Length; i++) _columns[i] = VectorColumn.Of(NativeMethods.DataChunks.DuckDBDataChunkGetVector(data, i));
        _hashes = (UInt128*)NativeMethods.Vectors.DuckDBVectorGetData(NativeMethods.DataChunks.DuckDBDataChunkGetVector(data, _columns.Length));
        _count = size;
    }

    public override int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override UInt128 Hash(int row) => _hashes[row];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool IsNull(int column, int row) => _columns[column].IsNull(row);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Boolean(int column, int row) => _columns[column].Boolean(row);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override long Integer(int column, int row) => _columns[column].Integer(row);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Real(int column, int row) => _columns[column].Real(row);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ReadOnlySpan<byte> Text(int column, int row) => _columns[column].Bytes(row);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Date(int column, int row) => _columns[column].Date(row);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override long Timestamp(int column, int row) => _columns[column].Timestamp(row);
}
