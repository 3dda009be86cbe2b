using Mlops.DuckDb;

namespace Mlops.Postgres.Tests;

/// <summary>A new dataset's first version sent while its file is parsed, and the usual parse when that cannot finish.</summary>
public class StreamedCommitTests
{
    private sealed class Stages : IProgress<DatasetProgress>
    {
        public List<string> Seen { get; } = [];

        public void Report(DatasetProgress value)
        {
            if (value.Percent is null) Seen.Add(value.Stage);
        }
    }

    private static long HistoryTables(string store) =>
        PostgresServer.Shared.Scalar<long>(store[(store.LastIndexOf('/') + 1)..], "SELECT count(*) FROM pg_tables WHERE schemaname = 'mlops' AND tablename LIKE 'ds\\_%'");

    [Fact]
    public void A_new_datasets_file_is_sent_as_it_is_read_with_the_digest_a_parse_gives()
    {
        using var folder = new TempFolder();
        var csv = folder.Combine("homes.csv");
        File.WriteAllLines(csv, ["id,city,price,sold", .. Enumerable.Range(1, 20_000).Select(i => $"{i},{(i % 3 == 0 ? "" : $"city {i % 17}")},{i * 1.5},2024-01-{i % 28 + 1:00}")]);
        var store = PostgresServer.Shared.NewDatabase();
        using var client = MlopsClient.Open(store);
        var stages = new Stages();

        var version = client.Datasets.Commit("homes", csv, key: ["id"], progress: stages).Version;

        Assert.Contains("writing version 1 as the rows are read", stages.Seen);
        using var parsed = new DuckDbTableParser().Parse(FileSource.For(csv));
        Assert.Equal((parsed.Digest, 20_000L), (version.Digest, version.Rows));
        Assert.Equal(20_000, client.Datasets.Load("homes").Rows.Count);
        Assert.Equal(1, HistoryTables(store));
    }

    [Fact]
    public void A_value_that_breaks_the_guessed_type_far_down_rolls_the_sent_rows_back_and_the_usual_parse_commits()
    {
        using var folder = new TempFolder();
        var csv = folder.Combine("late.csv");
        File.WriteAllLines(csv, ["id,code", .. Enumerable.Range(1, 30_000).Select(i => $"{i},{i}"), "30001,A-17"]);
        var store = PostgresServer.Shared.NewDatabase();
        using var client = MlopsClient.Open(store);
        var stages = new Stages();

        var version = client.Datasets.Commit("late", csv, progress: stages).Version;

        Assert.Equal("VARCHAR", version.Columns[1].Type);
        Assert.Equal(30_001L, version.Rows);
        var streamed = stages.Seen.IndexOf("writing version 1 as the rows are read");
        Assert.True(streamed >= 0 && stages.Seen.FindIndex(streamed, s => s.Contains("guessing types from every row")) > streamed, string.Join("; ", stages.Seen));
        Assert.Equal(1, HistoryTables(store));
        Assert.Equal(1L, PostgresServer.Shared.Scalar<long>(store[(store.LastIndexOf('/') + 1)..], "SELECT count(*) FROM mlops.dataset_versions"));
    }
}
