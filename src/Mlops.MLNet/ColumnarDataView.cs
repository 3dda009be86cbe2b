using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.MLNet;

/// <summary>
/// Columns held in arrays (<see cref="ColumnArrays"/>), as an ML.NET data view: each getter reads one array slot. What a
/// gate scores, read once from the store and shared by the models scoring it in parallel (cursors are independent; the
/// arrays are only read).
/// </summary>
internal sealed class ColumnarDataView : IDataView
{
    private readonly Array[] _columns;
    private readonly int _rows;

    public ColumnarDataView(ColumnArrays data)
    {
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

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(ColumnarDataView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override bool MoveNext() => ++_position < view._rows;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var values = view._columns[column.Index];
            if (values is string[] texts)
            {
                var text = (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = texts[_position].AsMemory());
                return (ValueGetter<TValue>)(Delegate)text;
            }
            var typed = (TValue[])values;
            return (ref TValue value) => value = typed[_position];
        }
    }
}
