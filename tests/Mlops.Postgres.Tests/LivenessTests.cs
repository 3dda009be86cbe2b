namespace Mlops.Postgres.Tests;

/// <summary>A run's liveness is seen by every client, on any machine, through its heartbeat: no process ids across hosts.</summary>
public class LivenessTests
{
    [Fact]
    public async Task A_run_of_a_process_killed_with_SIGKILL_is_seen_as_killed_by_another_client_and_a_live_one_stays_running()
    {
        // heartbeats every second: a run is stale after three missed (the default is every 15 s, stale after 45 s)
        var store = PostgresServer.Shared.NewDatabase() + "?heartbeat_seconds=1";
        using var doomed = Worker.Start("log-forever", store, "doomed");
        using var alive = Worker.Start("log-forever", store, "alive");
        var doomedId = (await Worker.WaitForLineAsync(doomed, "ready "))["ready ".Length..];
        var aliveId = (await Worker.WaitForLineAsync(alive, "ready "))["ready ".Length..];
        using var client = MlopsClient.OpenExisting(store);
        Assert.Equal(RunStatus.Running, client.GetRun(doomedId).Info.Status);

        doomed.Kill();   // SIGKILL: no exit hook runs, the run is left 'running'
        await doomed.WaitForExitAsync();
        var seen = SpinWait.SpinUntil(() => client.GetRun(doomedId).Info.Status == RunStatus.Killed, TimeSpan.FromSeconds(60));

        Assert.True(seen, "the killed process's run was not seen as killed within 60 s");
        var killed = client.GetRun(doomedId).Info;
        Assert.Contains("stopped without ending the run", killed.StatusReason);
        Assert.NotNull(killed.EndTime);
        Assert.Equal(RunStatus.Running, client.GetRun(aliveId).Info.Status);   // its heartbeat is fresh
        alive.Kill();
        await alive.WaitForExitAsync();
    }
}
