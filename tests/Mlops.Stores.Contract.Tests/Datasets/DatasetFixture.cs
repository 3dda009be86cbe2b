using System.Globalization;
using Mlops.DuckDb;
using Mlops.Postgres;
using Npgsql;

namespace Mlops.Stores.Contract.Tests;

/// <summary>A store of one engine with a dataset service, and helpers to write CSVs and read versions back as sorted row texts.</summary>
public sealed class DatasetFixture : IDisposable
{
    private readonly StoreUnderTest _store;

    public DatasetFixture(string engine = Engines.DuckDbFile)
    {
        _store = Engines.Open(engine);
        Datasets = new DatasetService(_store.Datasets, TimeProvider.System, new SystemEnvironmentProbe(_store.Folder));
    }

    public string Engine => _store.Engine;

    public TrackingService Tracking => _store.Tracking;

    public DatasetService Datasets { get; }

    /// <summary>The engine's dataset store itself, under the service.</summary>
    public IDatasetStore Store => _store.Datasets;

    public string Folder => _store.Folder;

    public static readonly TableColumn[] PeopleColumns = [new("id", "BIGINT"), new("name", "VARCHAR"), new("score", "DOUBLE")];

    public static RowsSource People(IEnumerable<(long Id, string Name, double Score)> rows) =>
        new("people", PeopleColumns, rows.Select(r => new object?[] { r.Id, r.Name, r.Score }).ToList());

    public string Csv(string name, string header, IEnumerable<string> lines)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, header + "\n" + string.Join("\n", lines) + "\n");
        return path;
    }

    /// <summary>A version's rows as "a|b|c" texts, sorted: the multiset a version holds.</summary>
    public List<string> Rows(string reference, string? where = null)
    {
        using var reader = Datasets.Open(reference, where);
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static List<string> Expected(IEnumerable<(long Id, string Name, double Score)> rows) =>
        rows.Select(r => string.Join("|", r.Id.ToString(CultureInfo.InvariantCulture), r.Name, r.Score.ToString(CultureInfo.InvariantCulture)))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>What the store occupies: the DuckDB file, or the team store's tables on the server.</summary>
    public long StoreBytes() => _store.Store switch
    {
        DuckDbStore { DatabasePath: var path } when File.Exists(path) => new FileInfo(path).Length + (File.Exists(path + ".wal") ? new FileInfo(path + ".wal").Length : 0),
        DuckDbStore => 0,
        _ => Scalar("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'mlops'"),
    };

    /// <summary>How many rows the history table of the dataset created first holds (optionally only those closed at a version).</summary>
    public long HistoryRows(int? closedAt = null)
    {
        var where = closedAt is { } v ? $" WHERE __to = {v}" : "";
        return _store.Store switch
        {
            DuckDbStore duck => duck.Use(c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT count(*) FROM ds_1" + where;
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }),
            _ => Scalar("SELECT count(*) FROM mlops.ds_1" + where),
        };
    }

    private long Scalar(string sql)
    {
        var location = ((PostgresStore)_store.Store).Location;
        var database = location[(location.LastIndexOf('/') + 1)..];
        using var connection = new NpgsqlConnection(PostgresServer.Shared.ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose() => _store.Dispose();
}
