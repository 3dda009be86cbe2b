using System.Globalization;
using System.Text;

namespace Mlops.DuckDb.Tests;

/// <summary>A store with a dataset service, and helpers to write CSVs and read versions back as sorted row texts.</summary>
public sealed class DatasetFixture : IDisposable
{
    private readonly StoreUnderTest _store;

    public DatasetFixture(string engine = "file")
    {
        _store = Engines.Open(engine);
        Datasets = new DatasetService(Store, TimeProvider.System, new SystemEnvironmentProbe(_store.Folder));
    }

    public DuckDbStore Store => _store.Store;

    public TrackingService Tracking => _store.Tracking;

    public DatasetService Datasets { get; }

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

    public long StoreBytes() => new FileInfo(Store.DatabasePath).Length + (File.Exists(Store.DatabasePath + ".wal") ? new FileInfo(Store.DatabasePath + ".wal").Length : 0);

    public void Dispose() => _store.Dispose();
}
