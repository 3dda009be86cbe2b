using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.MLNet;

/// <summary>
/// Columns held in arrays (<see cref="ColumnStream"/>), as an ML.NET data view: each getter reads one array slot. What a
/// gate scores, read once from the store and shared by the models scoring it in parallel (cursors are independent; the
/// arrays are only read). The arrays may still be filling: a cursor waits for a row that is not in yet. A cursor set splits the rows into interleaved blocks, one cursor per thread ML.NET asks for:
/// given a single cursor, ML.NET's transforms split it themselves through a reader thread and queues, which costs a
/// third more CPU for the same metrics.
/// </summary>
internal sealed class ColumnarDataView : IDataView
{
    /// <summary>Rows per block of a cursor set; a cursor's block is one batch (ML.NET consolidates batches in order).</summary>
    private const int Block = 4096;

    private readonly Array[] _columns;
    private readonly int _rows;
    private readonly ColumnStream _stream;

    public ColumnarDataView(ColumnArrays data) : this(ColumnStream.Completed(data))
    {
    }

    public ColumnarDataView(ColumnStream stream)
    {
        _stream = stream;
        var data = stream.Data;
        var schema = new DataViewSchema.Builder();
        foreach (var column in data.Columns) schema.AddColumn(column.Column.Name, TypeOf(column.Values));
        Schema = schema.ToSchema();
        _columns = data.Columns.Select(c => c.Values).ToArray();
        _rows = data.Rows;
    }

    private static DataViewType TypeOf(Array values) => values switch
    {
        float[] => NumberDataViewType.Single,
        double[] => NumberDataViewType.Double,
        byte[] => NumberDataViewType.Byte,
        short[] => NumberDataViewType.Int16,
        int[] => NumberDataViewType.Int32,
        long[] => NumberDataViewType.Int64,
        uint[] => NumberDataViewType.UInt32,
        ulong[] => NumberDataViewType.UInt64,
        bool[] => BooleanDataViewType.Instance,
        string[] => TextDataViewType.Instance,
        DateTime[] => DateTimeDataViewType.Instance,
        _ => throw new ArgumentException($"no ML.NET column type for {values.GetType().Name}"),
    };

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this, 0, 1);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var cursors = Math.Clamp(n, 1, Math.Max(1, (_rows + Block - 1) / Block));
        return cursors == 1 ? [new Cursor(this, 0, 1)] : Enumerable.Range(0, cursors).Select(k => (DataViewRowCursor)new Cursor(this, k, cursors)).ToArray();
    }

    // cursor `part` of `parts` reads blocks part, part + parts, ... (one cursor alone reads every row as one batch)
    private sealed class Cursor(ColumnarDataView view, int part, int parts) : DataViewRowCursor
    {
        private long _position = -1;
        private int _row = -1;
        private int _block = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => parts == 1 ? 0 : Math.Max(_block, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override bool MoveNext()
        {
            if (parts == 1) _row++;
            else if (_row < 0) _row = (_block = part) * Block;
            else if (++_row % Block == 0) _row = (_block += parts) * Block;
            if (_row >= view._rows || !view._stream.WaitFor(_row)) return false;
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_row, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var values = view._columns[column.Index];
            if (values is string[] texts)
            {
                var text = (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = texts[_row].AsMemory());
                return (ValueGetter<TValue>)(Delegate)text;
            }
            var typed = (TValue[])values;
            return (ref TValue value) => value = typed[_row];
        }
    }
}
