using Mlops.DuckDb;
using Mlops.Postgres;

namespace Mlops.Stores.Contract.Tests;

/// <summary>The engines every contract test runs against.</summary>
public static class Engines
{
    public const string DuckDbFile = "duckdb-file";
    public const string DuckDbMemory = "duckdb-memory";
    public const string Postgres = "postgres";

    public static TheoryData<string> All => new() { DuckDbFile, DuckDbMemory, Postgres };

    public static StoreUnderTest Open(string engine, TrackingOptions? tracking = null) => new(engine, tracking);
}

/// <summary>A fresh, empty store of one engine with a tracking service over it; its folder and database go at dispose.</summary>
public sealed class StoreUnderTest : IDisposable
{
    private readonly TempFolder _folder = new();

    public StoreUnderTest(string engine, TrackingOptions? tracking)
    {
        Engine = engine;
        Store = engine switch
        {
            Engines.DuckDbFile => DuckDbStore.Open(_folder.Combine("store")),
            Engines.DuckDbMemory => DuckDbStore.InMemory(),
            Engines.Postgres => PostgresStore.Open(PostgresLocation.Parse(PostgresServer.Shared.NewDatabase()), parser: new DuckDbTableParser()),
            _ => throw new ArgumentException($"unknown engine {engine}"),
        };
        Tracking = new TrackingService(Store, tracking ?? new TrackingOptions { Environment = new SystemEnvironmentProbe(_folder.Path) });
    }

    public string Engine { get; }

    public ITrackingStore Store { get; }

    /// <summary>The dataset contract as clients get it: on the team store, rows are read and analysed in the client (TeamDatasetStore).</summary>
    public IDatasetStore Datasets => Store is PostgresStore team ? _team ??= new TeamDatasetStore(team) : (IDatasetStore)Store;

    private IDatasetStore? _team;

    public IModelRegistry Registry => (IModelRegistry)Store;

    public TrackingService Tracking { get; }

    /// <summary>A scratch folder for files the test writes (not the store).</summary>
    public string Folder => _folder.Path;

    public void Dispose()
    {
        Tracking.Dispose();
        Store.Dispose();
        _folder.Dispose();
    }
}
