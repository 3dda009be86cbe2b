using System.Globalization;
using System.Text;

namespace Mlops;

/// <summary>
/// The few pieces of SQL in which engines differ, for <see cref="RunFilterSql"/>; each engine gives its own.
/// </summary>
/// <param name="TryDouble">A text expression as a double, or NULL when it is not a number.</param>
/// <param name="Seconds">The seconds between two timestamp expressions (end, start).</param>
/// <param name="TextType">The engine's name of the text type, for casts.</param>
public sealed record RunSqlDialect(Func<string, string> TryDouble, Func<string, string, string> Seconds, string TextType);

/// <summary>
/// Compiles a run filter and sort keys to SQL over <c>runs r JOIN experiments e</c> (with <c>params</c>, <c>tags</c> and
/// <c>metric_summaries</c> beside them), the schema every engine keeps. Every key and value the user wrote becomes a
/// positional parameter (<c>$1, $2 ...</c>); only the shape of the query comes from the tree.
/// </summary>
public sealed class RunFilterSql(List<object?> args, RunSqlDialect dialect)
{
    /// <summary>The condition selecting a filter's runs (experiment, status, parent and the filter language), never NULL.</summary>
    public string Conditions(RunFilter filter)
    {
        var where = new StringBuilder(filter.IncludeDeleted ? "TRUE" : "r.deleted_at IS NULL AND e.deleted_at IS NULL");
        if (filter.Experiment is { } experiment) where.Append($" AND e.name = {Arg(experiment)}");
        if (filter.Status is { } status) where.Append($" AND r.status = {Arg(status.ToText())}");
        if (filter.Parent is { } parent) where.Append($" AND r.parent_run_id = {Arg(parent.Value)}");
        if (filter.Where is { } condition) where.Append($" AND coalesce({Where(condition)}, FALSE)");
        return where.ToString();
    }

    /// <summary>The filter's sort order, newest first when it names none.</summary>
    public string Order(RunFilter filter) => filter.OrderBy is { Count: > 0 } keys ? OrderBy(keys) : "r.start_time DESC, r.run_id";

    /// <summary>A parameter for the limit, or any other value the caller's query needs.</summary>
    public string Parameter(object? value) => Arg(value);

    /// <summary>The SQL of a filter tree.</summary>
    public string Where(FilterNode node) => node switch
    {
        AndNode and => $"({Where(and.Left)} AND {Where(and.Right)})",
        OrNode or => $"({Where(or.Left)} OR {Where(or.Right)})",
        NotNode not => $"(NOT coalesce({Where(not.Inner)}, FALSE))",
        CompareNode compare => Compare(compare),
        InNode @in => $"({Field(@in.Field, @in.Values[0] is double)} {(@in.Negated ? "NOT IN" : "IN")} ({string.Join(", ", @in.Values.Select(v => Arg(Value(@in.Field, v))))}))",
        LikeNode like => $"({Field(like.Field, numeric: false)}::{dialect.TextType} {(like.Negated ? "NOT LIKE" : "LIKE")} {Arg(like.Pattern)})",
        IsNullNode isNull => $"({Field(isNull.Field, numeric: false)} IS {(isNull.Negated ? "NOT " : "")}NULL)",
        _ => throw new ArgumentException($"unknown filter node {node.GetType().Name}"),
    };

    /// <summary>Sort keys; params sort as numbers where they are numbers, then as text.</summary>
    public string OrderBy(IReadOnlyList<RunOrder> keys) =>
        string.Join(", ", keys.Select(k =>
        {
            var direction = k.Descending ? "DESC NULLS LAST" : "ASC NULLS LAST";
            return k.Field.Kind == RunFieldKind.Param
                ? $"{Field(k.Field, numeric: true)} {direction}, {Field(k.Field, numeric: false)} {direction}"
                : $"{Field(k.Field, numeric: k.Field.Kind == RunFieldKind.Metric)} {direction}";
        }))
        + ", r.start_time DESC, r.run_id";

    private string Compare(CompareNode node)
    {
        var op = node.Op switch
        {
            CompareOp.Equal => "=",
            CompareOp.NotEqual => "<>",
            CompareOp.Less => "<",
            CompareOp.LessOrEqual => "<=",
            CompareOp.Greater => ">",
            _ => ">=",
        };
        return $"({Field(node.Field, node.Value is double)} {op} {Arg(Value(node.Field, node.Value))})";
    }

    /// <summary>The SQL for a field; params and tags are text, compared as numbers when the value is a number.</summary>
    private string Field(RunField field, bool numeric) => field.Kind switch
    {
        RunFieldKind.Param => Cast($"(SELECT p.value FROM params p WHERE p.run_id = r.run_id AND p.key = {Arg(field.Name)})", numeric),
        RunFieldKind.Tag => Cast($"(SELECT t.value FROM tags t WHERE t.run_id = r.run_id AND t.key = {Arg(field.Name)})", numeric),
        RunFieldKind.Metric => $"(SELECT s.latest FROM metric_summaries s WHERE s.run_key = r.run_key AND s.key = {Arg(field.Name)})",
        _ => field.Name switch
        {
            "name" => "r.name",
            "status" => "r.status",
            "experiment" => "e.name",
            "start_time" => "r.start_time",
            "end_time" => "r.end_time",
            "duration" => $"({dialect.Seconds("r.end_time", "r.start_time")})",
            "run_id" => "r.run_id",
            _ => "r.parent_run_id",
        },
    };

    private string Cast(string sql, bool numeric) => numeric ? dialect.TryDouble(sql) : sql;

    /// <summary>Typed values for attributes: times as timestamps, statuses lowercased.</summary>
    private static object Value(RunField field, object value) => (field.Kind, field.Name, value) switch
    {
        (RunFieldKind.Attribute, "start_time" or "end_time", string text) => DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? t : throw new MlopsException(MlopsErrorKind.InvalidArgument, $"invalid filter: {field} needs a time such as '2026-11-29' or '2026-11-29 14:00', not '{text}'"),
        (RunFieldKind.Attribute, "status", string text) => text.ToLowerInvariant(),
        _ => value,
    };

    private string Arg(object? value)
    {
        args.Add(value);
        return "$" + args.Count.ToString(CultureInfo.InvariantCulture);
    }
}
