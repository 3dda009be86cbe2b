using Npgsql;
using static Mlops.Postgres.PgDatasetSql;

namespace Mlops.Postgres;

/// <summary>
/// Maps a new version's columns onto the history table: a column with the same name (or declared renamed) and type as
/// in the latest version keeps its physical column; any other column gets a new one, which earlier rows leave NULL.
/// </summary>
internal sealed class PgColumnLayout
{
    private readonly Dictionary<string, PgStoredColumn> _previous;
    private readonly Dictionary<string, string> _previousName;
    private readonly HashSet<string> _reused = [];

    public PgColumnLayout(NpgsqlConnection c, PgDatasetRecord? dataset, PgStoredVersion? latest, IReadOnlyList<TableColumn> columns, IReadOnlyDictionary<string, string> renames)
    {
        // a purged version copied from another store names columns it never stored (no physical column)
        _previous = latest?.Columns.Where(col => col.Physical.Length > 0).ToDictionary(col => col.Name) ?? [];
        _previousName = renames.ToDictionary(r => r.Value, r => r.Key);
        var next = dataset is null ? 1 : c.Scalar<int>("SELECT count(*) FROM dataset_columns WHERE dataset_id = $1", dataset.Id) + 1;
        var layout = new List<PgStoredColumn>();
        var fresh = new List<PgStoredColumn>();
        foreach (var column in columns)
        {
            if (_previous.TryGetValue(PreviousName(column.Name), out var before) && before.Type == column.Type)
            {
                layout.Add(new PgStoredColumn(column.Name, column.Type, before.Physical));
                _reused.Add(column.Name);
                continue;
            }
            var created = new PgStoredColumn(column.Name, column.Type, $"c_{next++}");
            layout.Add(created);
            fresh.Add(created);
        }
        Columns = layout;
        NewPhysical = fresh;
    }

    /// <summary>The new version's columns in source order, with their physical columns.</summary>
    public IReadOnlyList<PgStoredColumn> Columns { get; }

    /// <summary>Physical columns to add to the history table.</summary>
    public IReadOnlyList<PgStoredColumn> NewPhysical { get; }

    /// <summary>The position of a column in the new version (its staged column is <c>v_&lt;position&gt;</c>).</summary>
    public int IndexOf(string name) => Columns.ToList().FindIndex(col => col.Name == name);

    /// <summary>How to read each of the new version's columns from rows stored so far (NULL where they have no value).</summary>
    public IEnumerable<string> CurrentRowExpressions() =>
        Columns.Select(col => _reused.Contains(col.Name) ? Ident(col.Physical) : $"NULL::{PgColumnTypes.Physical(col.Type)}");

    /// <summary>Columns of the new version that the latest version also had (by name or declared rename), with both types.</summary>
    public IEnumerable<(string Name, string Physical, string OldType, string NewType)> Common() =>
        Columns.Where(col => _previous.ContainsKey(PreviousName(col.Name)))
            .Select(col => (col.Name, _previous[PreviousName(col.Name)].Physical, _previous[PreviousName(col.Name)].Type, col.Type));

    /// <summary>The physical column that held <paramref name="name"/> (or what it was renamed from) in the latest version.</summary>
    public string? PreviousPhysical(string name) => _previous.GetValueOrDefault(PreviousName(name))?.Physical;

    private string PreviousName(string name) => _previousName.GetValueOrDefault(name, name);
}
