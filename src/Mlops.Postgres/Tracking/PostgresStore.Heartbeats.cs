namespace Mlops.Postgres;

public sealed partial class PostgresStore
{
    private readonly HashSet<RunId> _owned = [];
    private ITimer? _heartbeat;

    /// <summary>How often this process renews the heartbeat of the runs it started (URI option <c>heartbeat_seconds</c>, default 15).</summary>
    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(_db.Location.HeartbeatSeconds);

    /// <summary>A running run whose heartbeat is older than this (three missed beats) is seen as killed.</summary>
    public TimeSpan StaleAfter => 3 * HeartbeatInterval;

    /// <inheritdoc/>
    public int EndStalledRuns() => _db.Use(c =>
    {
        var stale = $"status = 'running' AND heartbeat < now() - make_interval(secs => {StaleAfter.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
        if (!c.Scalar<bool>($"SELECT EXISTS (SELECT 1 FROM runs WHERE {stale})")) return 0;
        if (!c.Scalar<bool>("SELECT has_table_privilege('runs', 'UPDATE')")) return 0;   // a read role sees them; a writer will mark them
        return c.Execute($"""
            UPDATE runs SET status = 'killed',
                   end_time = coalesce((SELECT max(s.last_time) FROM metric_summaries s WHERE s.run_key = runs.run_key), start_time),
                   status_reason = 'process ' || owner_pid || ' on ' || owner_host || ' stopped without ending the run (no heartbeat since '
                                   || to_char(heartbeat AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || 'Z)'
            WHERE {stale}
            """);
    });

    private void Own(RunId run)
    {
        lock (_owned)
        {
            _owned.Add(run);
            _heartbeat ??= _time.CreateTimer(_ => Beat(), null, HeartbeatInterval, HeartbeatInterval);
        }
    }

    private void Disown(RunId run)
    {
        lock (_owned) _owned.Remove(run);
    }

    private void Beat()
    {
        string[] runs;
        lock (_owned) runs = [.. _owned.Select(r => r.Value)];
        if (runs.Length == 0) return;
        try
        {
            _db.Use(c => c.Execute("UPDATE runs SET heartbeat = now() WHERE run_id = ANY($1) AND status = 'running'", (object)runs));
        }
        catch (MlopsException)
        {
            // the server is away: the next beat tries again; three missed beats and others see the run as killed
        }
    }
}
