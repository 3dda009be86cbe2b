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
        var model = PlanModel(ml, data);
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

    // a classifier on every customer column, the plan one-hot encoded
    private static ITransformer PlanModel(MLContext ml, IDataView data) =>
        ml.Transforms.Categorical.OneHotEncoding("PlanKey", "Plan")
            .Append(ml.Transforms.Concatenate("Features", "Tenure", "Spend", "Calls", "PlanKey"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())
            .Fit(data);

    private static readonly SchemaColumn[] CustomerColumns =
        [new("Tenure", "Single"), new("Spend", "Single"), new("Calls", "Single"), new("Plan", "String"), new("Label", "Boolean")];

    // fills a stream with the rows: the first half at once, the rest once `rest` is set (or fails there with `failure`)
    private static ColumnStream Filling(IReadOnlyList<TrainingData.Customer> rows, ManualResetEventSlim rest, Exception? failure = null) =>
        ColumnStream.Start("customers@1", CustomerColumns, rows.Count, (stream, _) =>
        {
            var arrays = stream.Data.Columns.Select(c => c.Values).ToArray();
            for (var r = 0; r < rows.Count; r++)
            {
                if (r == rows.Count / 2)
                {
                    stream.Publish(r);
                    rest.Wait();
                    if (failure is not null) throw failure;
                }
                ((float[])arrays[0])[r] = rows[r].Tenure;
                ((float[])arrays[1])[r] = rows[r].Spend;
                ((float[])arrays[2])[r] = rows[r].Calls;
                ((string[])arrays[3])[r] = rows[r].Plan;
                ((bool[])arrays[4])[r] = rows[r].Label;
            }
            stream.Publish(rows.Count);
            return rows.Count;
        });

    [Fact]
    public async Task Scoring_starts_on_the_rows_in_waits_for_the_rest_and_gives_the_metrics_of_the_whole()
    {
        var ml = new MLContext(seed: 0);
        var rows = TrainingData.Customers(20_000, seed: 5);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = PlanModel(ml, data);
        using var rest = new ManualResetEventSlim();
        using var stream = Filling(rows, rest);

        var scoring = Task.Run(() => MlNetMetrics.Of(ml.BinaryClassification.Evaluate(model.Transform(new ColumnarDataView(stream)))));
        Assert.True(SpinWait.SpinUntil(() => stream.Waiting > 0, TimeSpan.FromMinutes(1)), "a cursor should wait at the first row not in");
        Assert.False(scoring.IsCompleted);
        rest.Set();
        var actual = await scoring;

        var expected = MlNetMetrics.Of(ml.BinaryClassification.Evaluate(model.Transform(data)));
        Assert.All(expected, m => Assert.Equal(m.Value, actual[m.Key], 12));
    }

    [Fact]
    public void A_read_that_fails_part_way_fails_the_evaluation_with_the_stores_own_error()
    {
        var ml = new MLContext(seed: 0);
        var rows = TrainingData.Customers(2_000, seed: 5);
        var model = ml.Transforms.Concatenate("Features", "Tenure", "Spend").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(ml.Data.LoadFromEnumerable(rows));
        using var bytes = new MemoryStream();
        ml.Model.Save(model, ml.Data.LoadFromEnumerable(rows).Schema, bytes);
        bytes.Position = 0;
        var evaluator = new MlNetModelEvaluator();
        var signature = evaluator.Inspect(bytes, "Label");
        bytes.Position = 0;
        using var rest = new ManualResetEventSlim(true);
        using var stream = Filling(rows, rest, new MlopsException(MlopsErrorKind.InvalidArgument, "customers@1 could not be read as the model reads it"));

        var e = Assert.Throws<MlopsException>(() => evaluator.Evaluate([(bytes, signature)], stream));

        Assert.Equal("customers@1 could not be read as the model reads it", e.Message);
    }
}
