using System.Data.Common;
using DuckDB.NET.Data;
using static Mlops.DuckDb.DatasetSql;

namespace Mlops.DuckDb;

/// <summary>
/// Diffs two versions of one dataset. Rows present in both versions are the same stored rows, so only rows whose
/// interval covers exactly one of the versions are compared: a keyed diff joins those few rows on the key instead of
/// joining both versions whole.
/// </summary>
internal sealed class DatasetDiffer(DuckDBConnection c, StoredVersion from, StoredVersion to, IReadOnlyList<string> key)
{
    private readonly List<string> _common = from.Columns.Select(col => col.Name).Where(n => to.Column(n) is not null && !key.Contains(n)).ToList();

    public DatasetDiff Run(int sampleSize)
    {
        CheckKey();
        var schema = SchemaChanges();
        if (key.Count == 0) return Unkeyed(schema, sampleSize);
        var counts = c.Query($"""
            SELECT count(*) FILTER (WHERE o.__m AND n.__m AND ({AnyDiffers()})),
                   count(*) FILTER (WHERE n.__m AND o.__m IS NULL),
                   count(*) FILTER (WHERE o.__m AND n.__m IS NULL)
                   {string.Concat(_common.Select(col => $", count(*) FILTER (WHERE o.__m AND n.__m AND {Differs(col)})"))}
            FROM {Joined()}
            """, r => Enumerable.Range(0, r.FieldCount).Select(r.GetInt64).ToArray())[0];
        var (changed, added, removed) = (counts[0], counts[1], counts[2]);
        var cells = _common.Select((col, i) => (col, counts[3 + i])).Where(x => x.Item2 > 0).ToDictionary(x => x.col, x => x.Item2);
        return new DatasetDiff(from.Version, to.Version, key, added, removed, changed, to.Version.Rows - added - changed, schema, cells,
            SampleCells(sampleSize), Sample("n", "o", to, sampleSize / 2), Sample("o", "n", from, sampleSize / 2));
    }

    /// <summary>Every changed row: <c>_change</c> (added, removed, changed), the row (the new one, or the old for removed), and the old value of each common column.</summary>
    public string AllChangesSql()
    {
        if (key.Count == 0)
            return $"SELECT 'removed' AS _change, * FROM ({OnlyIn(from, to)}) UNION ALL BY NAME SELECT 'added' AS _change, * FROM ({OnlyIn(to, from)})";
        var row = to.Columns.Select(col => from.Column(col.Name) is null ? $"n.{Ident(col.Name)}" : $"coalesce(n.{Ident(col.Name)}, o.{Ident(col.Name)}) AS {Ident(col.Name)}");
        var old = _common.Select(col => $"o.{Ident(col)} AS {Ident(col + "_old")}");
        return $"""
            SELECT CASE WHEN o.__m IS NULL THEN 'added' WHEN n.__m IS NULL THEN 'removed' ELSE 'changed' END AS _change, {string.Join(", ", row.Concat(old))}
            FROM {Joined()} WHERE o.__m IS NULL OR n.__m IS NULL OR ({AnyDiffers()})
            """;
    }

    private DatasetDiff Unkeyed(IReadOnlyList<SchemaChange> schema, int sampleSize)
    {
        var removed = c.Scalar<long>($"SELECT count(*) FROM ({OnlyIn(from, to)})");
        var added = c.Scalar<long>($"SELECT count(*) FROM ({OnlyIn(to, from)})");
        return new DatasetDiff(from.Version, to.Version, [], added, removed, 0, to.Version.Rows - added, schema, new Dictionary<string, long>(), [],
            Rows($"SELECT * FROM ({OnlyIn(to, from)}) LIMIT {sampleSize / 2}"), Rows($"SELECT * FROM ({OnlyIn(from, to)}) LIMIT {sampleSize / 2}"));
    }

    /// <summary>Rows of <paramref name="version"/> that are not rows of <paramref name="other"/>, with the version's column names.</summary>
    private static string OnlyIn(StoredVersion version, StoredVersion other)
    {
        var (v, o) = (version.Number, other.Number);
        var interval = v < o
            ? $"__from <= {v} AND __to > {v} AND __to <= {o}"
            : $"__from > {o} AND __from <= {v} AND (__to IS NULL OR __to > {v})";
        if (v == o) interval = "FALSE";
        return $"SELECT {string.Join(", ", version.Columns.Select(col => $"{Ident(col.Physical)} AS {Ident(col.Name)}"))} FROM {version.Dataset.Table} WHERE {interval}";
    }

    private string Joined() =>
        $"(SELECT *, TRUE AS __m FROM ({OnlyIn(from, to)})) o FULL OUTER JOIN (SELECT *, TRUE AS __m FROM ({OnlyIn(to, from)})) n ON "
        + string.Join(" AND ", key.Select(k => $"o.{Ident(k)} = n.{Ident(k)}"));

    private string AnyDiffers() => _common.Count == 0 ? "FALSE" : string.Join(" OR ", _common.Select(Differs));

    // a retyped column compares by value: as numbers when both types are numeric (70 = 70.0), else as text
    private string Differs(string column)
    {
        var (before, after) = (from.Column(column)!.Type, to.Column(column)!.Type);
        var cast = before == after ? "" : IsNumeric(before) && IsNumeric(after) ? "::DOUBLE" : "::VARCHAR";
        return $"o.{Ident(column)}{cast} IS DISTINCT FROM n.{Ident(column)}{cast}";
    }

    private List<CellChange> SampleCells(int sampleSize)
    {
        var keys = string.Join(" || ', ' || ", key.Select(k => $"'{k.Replace("'", "''")}=' || n.{Ident(k)}::VARCHAR"));
        var pairs = string.Concat(_common.Select(col => $", o.{Ident(col)}, n.{Ident(col)}"));
        var cells = new List<CellChange>();
        using var command = c.CreateCommand();
        var order = string.Join(", ", key.Select(k => $"n.{Ident(k)}"));
        command.CommandText = $"SELECT {keys}{pairs} FROM {Joined()} WHERE o.__m AND n.__m AND ({AnyDiffers()}) ORDER BY {order} LIMIT {sampleSize}";
        using var reader = command.ExecuteReader();
        while (reader.Read() && cells.Count < sampleSize)
            for (var i = 0; i < _common.Count && cells.Count < sampleSize; i++)
            {
                var (old, @new) = (Value(reader, 1 + 2 * i), Value(reader, 2 + 2 * i));
                if (!Equals(old, @new)) cells.Add(new CellChange(reader.GetString(0), _common[i], old, @new));
            }
        return cells;
    }

    private List<IReadOnlyList<object?>> Sample(string present, string absent, StoredVersion version, int count) =>
        Rows($"SELECT {string.Join(", ", version.Columns.Select(col => $"{present}.{Ident(col.Name)}"))} FROM {Joined()} WHERE {present}.__m AND {absent}.__m IS NULL ORDER BY {string.Join(", ", key.Select(k => $"{present}.{Ident(k)}"))} LIMIT {count}");

    private List<IReadOnlyList<object?>> Rows(string sql) =>
        c.Query(sql, r => (IReadOnlyList<object?>)Enumerable.Range(0, r.FieldCount).Select(i => Value(r, i)).ToList());

    private static object? Value(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);

    private List<SchemaChange> SchemaChanges() =>
        DatasetSchemaChanges.Between(from.Columns.Select(col => (col.Name, col.Type, col.Physical)).ToList(), to.Columns.Select(col => (col.Name, col.Type, col.Physical)).ToList());

    private void CheckKey()
    {
        foreach (var version in new[] { from, to })
        {
            var missing = key.FirstOrDefault(k => version.Column(k) is null);
            if (missing is not null)
                throw new MlopsException(MlopsErrorKind.InvalidArgument,
                    $"key column '{missing}' is not in {version.Version.Label} (its columns: {string.Join(", ", version.Columns.Select(col => col.Name))}); give --key columns both versions have.");
        }
        if (key.Count == 0 || key.SequenceEqual(from.Dataset.Key)) return; // the dataset's own key was checked unique at each commit
        foreach (var version in new[] { from, to })
        {
            c.Execute($"DROP TABLE IF EXISTS temp.__keycheck; CREATE TEMP TABLE __keycheck AS {Select(version)}");
            try { DatasetChecks.Key(c, key, version.Columns.Select(col => new TableColumn(col.Name, col.Type)).ToList(), version.Version.Label, "temp.__keycheck"); }
            finally { c.Execute("DROP TABLE IF EXISTS temp.__keycheck"); }
        }
    }
}
