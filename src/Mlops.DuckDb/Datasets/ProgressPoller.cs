using System.Diagnostics;
using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>Reports a commit's stage, and while a long statement runs, DuckDB's own estimate of how far it is.</summary>
internal sealed class ProgressPoller(DuckDBConnection connection, IProgress<DatasetProgress>? progress)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Stage(string stage) => progress?.Report(new DatasetProgress(stage, null, _clock.Elapsed));

    /// <summary>Runs a statement, reporting its progress every quarter second.</summary>
    public void Run(string stage, Action statement)
    {
        Stage(stage);
        if (progress is null)
        {
            statement();
            return;
        }
        using var done = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                try { await Task.Delay(250, done.Token); }
                catch (OperationCanceledException) { return; }
                var percent = connection.GetQueryProgress().Percentage;
                if (percent >= 0) progress.Report(new DatasetProgress(stage, Math.Min(100, percent), _clock.Elapsed));
            }
        });
        try { statement(); }
        finally
        {
            done.Cancel();
            poller.Wait();
        }
    }
}
