namespace Mlops;

/// <summary>
/// Ends what clients left open when the process ends: on a normal exit open runs end as finished (as MLflow does), on
/// an unhandled exception as failed; either way buffered metrics are written first.
/// </summary>
internal static class ExitHooks
{
    private static readonly List<WeakReference<MlopsClient>> Clients = [];

    static ExitHooks()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => EndAll(RunStatus.Finished, "ended at process exit");
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            EndAll(RunStatus.Failed, e.ExceptionObject is Exception ex ? $"{ex.GetType().Name}: {ex.Message}" : "unhandled exception");
    }

    public static void Register(MlopsClient client)
    {
        lock (Clients)
        {
            Clients.RemoveAll(w => !w.TryGetTarget(out _));
            Clients.Add(new WeakReference<MlopsClient>(client));
        }
    }

    private static void EndAll(RunStatus status, string reason)
    {
        List<MlopsClient> alive;
        lock (Clients) alive = Clients.Select(w => w.TryGetTarget(out var c) ? c : null).OfType<MlopsClient>().ToList();
        foreach (var client in alive)
        {
            try { client.Close(status, reason); }
            catch (MlopsException e) { Console.Error.WriteLine($"mlops: at exit: {e.Message}"); }
        }
    }
}
