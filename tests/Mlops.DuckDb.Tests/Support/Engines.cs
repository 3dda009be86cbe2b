namespace Mlops.DuckDb.Tests;

/// <summary>The store engines every contract test runs against: a DuckDB file and an in-memory DuckDB.</summary>
public static class Engines
{
    public static TheoryData<string> All => new() { "file", "memory" };

    public static StoreUnderTest Open(string engine, TrackingOptions? tracking = null) => new(engine, tracking);
}

public sealed class StoreUnderTest : IDisposable
{
    private readonly TempFolder _folder = new();

    public StoreUnderTest(string engine, TrackingOptions? tracking)
    {
        Store = engine == "memory" ? DuckDbStore.InMemory() : DuckDbStore.Open(_folder.Combine("store"));
        Tracking = new TrackingService(Store, tracking ?? new TrackingOptions { Environment = new SystemEnvironmentProbe(_folder.Path) });
    }

    public DuckDbStore Store { get; }

    public TrackingService Tracking { get; }

    public string Folder => _folder.Path;

    public void Dispose()
    {
        Tracking.Dispose();
        Store.Dispose();
        _folder.Dispose();
    }
}
