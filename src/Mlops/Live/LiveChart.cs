using Mlops.Charts;

namespace Mlops;

/// <summary>
/// A chart of a run's metrics that redraws in place while a training loop logs: the run keeps the watched points in
/// memory (a few tens of nanoseconds per point) and a timer redraws at most once per <see cref="Interval"/>, off the
/// loop's thread, so it never slows the loop. It stops with a last redraw when the run ends or it is disposed.
/// </summary>
public sealed class LiveChart : IDisposable
{
    private readonly ActiveRun _run;
    private readonly MetricWatch _watch;
    private readonly ILiveOutput _output;
    private readonly Timer _timer;
    private readonly string _id = "live-" + Guid.NewGuid().ToString("N")[..8];
    private readonly object _gate = new();
    private long _drawn = -1;
    private int _redraws;
    private int _stopped;

    internal LiveChart(ActiveRun run, IReadOnlyCollection<string> keys, ILiveDisplay display, TimeSpan interval)
    {
        _run = run;
        Interval = interval;
        _watch = run.Watch(keys);
        _output = display.Show(Render());
        _run.Ended += _ => Dispose();
        _timer = new Timer(_ => Redraw(), null, interval, interval);
    }

    /// <summary>The most often it redraws.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How many times it has redrawn since it was shown.</summary>
    public int Redraws => Volatile.Read(ref _redraws);

    /// <summary>Redraws now if anything was logged since the last drawing.</summary>
    public void Redraw()
    {
        lock (_gate)
        {
            var version = _watch.Version;
            if (version == _drawn) return;
            _drawn = version;
            _output.Update(Render());
            Interlocked.Increment(ref _redraws);
        }
    }

    /// <summary>Redraws a last time and stops.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _timer?.Dispose();
        Redraw();
        _run.StopWatching();
    }

    private string Render()
    {
        var series = _watch.Snapshot();
        if (series.Count == 0) return Html.Wrap($"<p class=\"muted\">Live chart of run {Html.E(_run.Name)}: waiting for metrics…</p>");
        var charts = series.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (ChartSpec)new LineChart($"{s.Key} (live)", [new LineSeries(s.Key, s.Value.Select(p => (double)p.Step).ToList(), s.Value.Select(p => p.Value).ToList())], "step", s.Key))
            .ToList();
        var last = string.Join(", ", series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} = {Html.Number(s.Value[^1].Value)} at step {s.Value[^1].Step}"));
        return Html.Wrap($"<p class=\"muted\">{Html.E(_run.Name)}: {last}</p><div class=\"charts-grid\">{ChartHtml.Render(charts, _id, includeBundle: false)}</div>");
    }
}
