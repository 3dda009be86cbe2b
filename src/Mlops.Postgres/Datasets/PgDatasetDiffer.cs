using Npgsql;
using static Mlops.Postgres.PgDatasetSql;

namespace Mlops.Postgres;

/// <summary>
/// A keyed diff of two versions of one dataset, on the server. Rows present in both versions are the same stored rows,
/// so only rows whose interval covers exactly one of the versions are joined on the key (the embedded store's design):
/// a diff reads the changed rows, not both versions whole. Samples are ordered by key and their values read back as
/// the client-side parser gives them, so both engines give the same diff.
/// </summary>
internal sealed class PgDatasetDiffer(NpgsqlConnection c, PgStoredVersion from, PgStoredVersion to, IReadOnlyList<string> key)
{
    private readonly List<string> _common = from.Columns.Select(col => col.Name).Where(n => to.Column(n) is not null && !key.Contains(n)).ToList();

    public DatasetDiff Run(int sampleSize)
    {
        CheckKey();
        var counts = c.Query($"""
            SELECT count(*) FILTER (WHERE o.__m AND n.__m AND ({AnyDiffers()})),
                   count(*) FILTER (WHERE n.__m AND o.__m IS NULL),
                   count(*) FILTER (WHERE o.__m AND n.__m IS NULL)
                   {string.Concat(_common.Select(col => $", count(*) FILTER (WHERE o.__m AND n.__m AND {Differs(col)})"))}
            FROM {Joined()}
            """, r => Enumerable.Range(0, r.FieldCount).Select(r.GetInt64).ToArray())[0];
        var (changed, added, removed) = (counts[0], counts[1], counts[2]);
        var cells = _common.Select((col, i) => (col, counts[3 + i])).Where(x => x.Item2 > 0).ToDictionary(x => x.col, x => x.Item2);
        return new DatasetDiff(from.Version, to.Version, key, added, removed, changed, to.Version.Rows - added - changed, DatasetSchemaChanges.Between(from.Columns.Select(col => (col.Name, col.Type, col.Physical)).ToList(), to.Columns.Select(col => (col.Name, col.Type, col.Physical)).ToList()), cells,
            SampleCells(sampleSize), Sample("n", "o", to, sampleSize / 2), Sample("o", "n", from, sampleSize / 2));
    }

    /// <summary>Rows of <paramref name="version"/> that are not rows of <paramref name="other"/>, with the version's column names.</summary>
    private static string OnlyIn(PgStoredVersion version, PgStoredVersion other)
    {
        var (v, o) = (version.Number, other.Number);
        var interval = v == o ? "FALSE"
            : v < o ? $"__from <= {v} AND __to > {v} AND __to <= {o}"
            : $"__from > {o} AND __from <= {v} AND (__to IS NULL OR __to > {v})";
        return $"SELECT {string.Join(", ", version.Columns.Select(col => $"{Ident(col.Physical)} AS {Ident(col.Name)}"))} FROM {Ident(version.Dataset.Table)} WHERE {interval}";
    }

    private string Joined() =>
        $"(SELECT *, TRUE AS __m FROM ({OnlyIn(from, to)}) x) o FULL OUTER JOIN (SELECT *, TRUE AS __m FROM ({OnlyIn(to, from)}) y) n ON "
        + string.Join(" AND ", key.Select(k => $"o.{Ident(k)} = n.{Ident(k)}"));

    private string AnyDiffers() => _common.Count == 0 ? "FALSE" : string.Join(" OR ", _common.Select(Differs));

    // a retyped column compares by value: as numbers when both types are numeric (70 = 70.0), else as text
    private string Differs(string column)
    {
        var (before, after) = (from.Column(column)!.Type, to.Column(column)!.Type);
        var cast = before == after ? ""
            : ColumnTypes.IsNumeric(before) && ColumnTypes.IsNumeric(after) ? "::double precision" : "::text";
        return $"o.{Ident(column)}{cast} IS DISTINCT FROM n.{Ident(column)}{cast}";
    }

    // text keys in byte order, as the embedded engine orders them
    private string Order(string alias) => string.Join(", ", key.Select(k =>
        $"{alias}.{Ident(k)}" + (PgColumnTypes.Physical((alias == "o" ? from : to).Column(k)!.Type) == "text" ? " COLLATE \"C\"" : "")));

    private List<CellChange> SampleCells(int sampleSize)
    {
        var keys = string.Join(" || ', ' || ", key.Select(k => $"'{k.Replace("'", "''")}=' || n.{Ident(k)}::text"));
        var pairs = string.Concat(_common.Select(col => $", o.{Ident(col)}, n.{Ident(col)}"));
        var cells = new List<CellChange>();
        using var command = new NpgsqlCommand($"SELECT {keys}{pairs} FROM {Joined()} WHERE o.__m AND n.__m AND ({AnyDiffers()}) ORDER BY {Order("n")} LIMIT {sampleSize}", c);
        using var reader = command.ExecuteReader();
        while (reader.Read() && cells.Count < sampleSize)
            for (var i = 0; i < _common.Count && cells.Count < sampleSize; i++)
            {
                var column = _common[i];
                var (old, @new) = (Value(reader, 1 + 2 * i, from.Column(column)!.Type), Value(reader, 2 + 2 * i, to.Column(column)!.Type));
                if (!Equals(old, @new)) cells.Add(new CellChange(reader.GetString(0), column, old, @new));
            }
        return cells;
    }

    private List<IReadOnlyList<object?>> Sample(string present, string absent, PgStoredVersion version, int count)
    {
        var sql = $"SELECT {string.Join(", ", version.Columns.Select(col => $"{present}.{Ident(col.Name)}"))} FROM {Joined()} " +
                  $"WHERE {present}.__m AND {absent}.__m IS NULL ORDER BY {Order(present)} LIMIT {count}";
        return c.Query(sql, r => (IReadOnlyList<object?>)version.Columns.Select((col, i) => Value(r, i, col.Type)).ToList());
    }

    private static object? Value(System.Data.Common.DbDataReader reader, int ordinal, string type) =>
        reader.IsDBNull(ordinal) ? null : PgColumnTypes.FromServer(reader.GetValue(ordinal), type);

    private void CheckKey()
    {
        foreach (var version in new[] { from, to })
        {
            var missing = key.FirstOrDefault(k => version.Column(k) is null);
            if (missing is not null)
                throw new MlopsException(MlopsErrorKind.InvalidArgument,
                    $"key column '{missing}' is not in {version.Version.Label} (its columns: {string.Join(", ", version.Columns.Select(col => col.Name))}); give --key columns both versions have.");
        }
        if (key.SequenceEqual(from.Dataset.Key)) return; // the dataset's own key was checked unique at each commit
        foreach (var version in new[] { from, to })
        {
            var columns = string.Join(", ", key.Select(k => Ident(version.Column(k)!.Physical)));
            var rows = $"SELECT * FROM {Ident(version.Dataset.Table)} WHERE {Alive(version.Number)}";
            var nulls = c.Scalar<long>($"SELECT count(*) FROM ({rows}) r WHERE {string.Join(" OR ", key.Select(k => $"{Ident(version.Column(k)!.Physical)} IS NULL"))}");
            if (nulls > 0)
                throw new MlopsException(MlopsErrorKind.InvalidArgument, $"the key ({string.Join(", ", key)}) is empty in {nulls:N0} rows of {version.Version.Label}; a key must identify every row.");
            var text = string.Join(" || ', ' || ", key.Select(k => $"'{k.Replace("'", "''")}=' || {Ident(version.Column(k)!.Physical)}::text"));
            var duplicates = c.Query($"""
                SELECT {text}, count(*) AS n, count(*) OVER () AS keys FROM ({rows}) r GROUP BY {columns} HAVING count(*) > 1 ORDER BY n DESC, ({text}) COLLATE "C" LIMIT 5
                """, r => (Key: r.GetString(0), Count: r.GetInt64(1), Keys: r.GetInt64(2)));
            if (duplicates.Count > 0)
                throw new MlopsException(MlopsErrorKind.InvalidArgument,
                    $"the key ({string.Join(", ", key)}) is not unique in {version.Version.Label}: {duplicates[0].Keys:N0} key values occur more than once, e.g. "
                    + string.Join("; ", duplicates.Select(d => $"{d.Key} ({d.Count} rows)")) + ". Choose columns that identify each row, or remove the duplicates.");
        }
    }
}
