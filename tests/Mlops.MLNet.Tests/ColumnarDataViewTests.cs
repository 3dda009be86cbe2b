using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.MLNet.Tests;

public sealed class ColumnarDataViewTests
{
    [Theory]
    [InlineData(10_000, 2)]
    [InlineData(10_000, 3)]
    [InlineData(4096, 2)]
    [InlineData(100, 4)]
    [InlineData(0, 2)]
    public void A_cursor_set_reads_every_row_once_in_increasing_batches(int rows, int threads)
    {
        var ids = Enumerable.Range(0, rows).ToArray();
        var view = new ColumnarDataView(new ColumnArrays(rows, [new ColumnArray(new SchemaColumn("id", "Int32"), ids)]));

        var cursors = view.GetRowCursorSet(view.Schema, threads);

        Assert.InRange(cursors.Length, 1, threads);
        var seen = new List<int>();
        foreach (var cursor in cursors)
        {
            var id = cursor.GetGetter<int>(view.Schema["id"]);
            var rowId = cursor.GetIdGetter();
            long batch = -1, position = -1;
            while (cursor.MoveNext())
            {
                Assert.True(cursor.Batch >= batch, "batches only increase within a cursor");
                Assert.Equal(position + 1, cursor.Position);
                (batch, position) = (cursor.Batch, cursor.Position);
                int value = 0;
                DataViewRowId row = default;
                id(ref value);
                rowId(ref row);
                Assert.Equal((ulong)value, row.Low);
                seen.Add(value);
            }
        }
        Assert.Equal(ids, seen.Order());
    }

    [Fact]
    public void Metrics_from_the_parallel_cursor_set_equal_those_from_plain_MLNet_rows()
    {
        var ml = new MLContext(seed: 0);
        var rows = TrainingData.Customers(20_000, seed: 5);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Categorical.OneHotEncoding("PlanKey", "Plan")
            .Append(ml.Transforms.Concatenate("Features", "Tenure", "Spend", "Calls", "PlanKey"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())
            .Fit(data);
        var view = new ColumnarDataView(new ColumnArrays(rows.Count,
        [
            new ColumnArray(new SchemaColumn("Tenure", "Single"), rows.Select(r => r.Tenure).ToArray()),
            new ColumnArray(new SchemaColumn("Spend", "Single"), rows.Select(r => r.Spend).ToArray()),
            new ColumnArray(new SchemaColumn("Calls", "Single"), rows.Select(r => r.Calls).ToArray()),
            new ColumnArray(new SchemaColumn("Plan", "String"), rows.Select(r => r.Plan).ToArray()),
            new ColumnArray(new SchemaColumn("Label", "Boolean"), rows.Select(r => r.Label).ToArray()),
        ]));

        var expected = MlNetMetrics.Of(ml.BinaryClassification.Evaluate(model.Transform(data)));
        var actual = MlNetMetrics.Of(ml.BinaryClassification.Evaluate(model.Transform(view)));

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, m => Assert.Equal(m.Value, actual[m.Key], 12));
    }
}
