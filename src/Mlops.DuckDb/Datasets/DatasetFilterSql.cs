using System.Globalization;
using static Mlops.DuckDb.DatasetSql;

namespace Mlops.DuckDb;

/// <summary>
/// Compiles a dataset filter (<see cref="DatasetQueryParser"/>) to a condition on a version's physical columns. Every
/// value becomes a positional parameter; only the shape of the condition comes from the tree, and column names come
/// from the version's own layout. A number compared with a column that is not numeric compares the column's value as a
/// number (a value that is not one never matches); text compared with a column that is not text is cast to the
/// column's type (a date as '2024-01-01').
/// </summary>
internal sealed class DatasetFilterSql(StoredVersion version, List<object?> args)
{
    public string Where(FilterNode node) => node switch
    {
        AndNode and => $"({Where(and.Left)} AND {Where(and.Right)})",
        OrNode or => $"({Where(or.Left)} OR {Where(or.Right)})",
        NotNode not => $"(NOT coalesce({Where(not.Inner)}, FALSE))",
        CompareNode compare => $"({Side(compare.Field, compare.Value)} {Operator(compare.Op)} {Value(compare.Field, compare.Value)})",
        InNode @in => $"({Side(@in.Field, @in.Values[0])} {(@in.Negated ? "NOT IN" : "IN")} ({string.Join(", ", @in.Values.Select(v => Value(@in.Field, v)))}))",
        LikeNode like => $"({Column(like.Field).Expression}::VARCHAR {(like.Negated ? "NOT LIKE" : "LIKE")} {Arg(like.Pattern)})",
        IsNullNode isNull => $"({Column(isNull.Field).Expression} IS {(isNull.Negated ? "NOT " : "")}NULL)",
        _ => throw new ArgumentException($"unknown filter node {node.GetType().Name}"),
    };

    private (string Expression, string Type) Column(RunField field)
    {
        var column = version.Column(field.Name) ?? throw new MlopsException(MlopsErrorKind.InvalidArgument,
            $"{version.Version.Label} has no column '{field.Name}'; its columns are {string.Join(", ", version.Columns.Select(c => c.Name))}.");
        return (Ident(column.Physical), column.Type);
    }

    private string Side(RunField field, object value)
    {
        var (expression, type) = Column(field);
        return value is double && !IsNumeric(type) ? $"TRY_CAST({expression} AS DOUBLE)" : expression;
    }

    private string Value(RunField field, object value)
    {
        var (_, type) = Column(field);
        var arg = Arg(value);
        return value is string && !IsText(type) ? $"TRY_CAST({arg} AS {type})" : arg;
    }

    private static bool IsText(string type) => type.Trim().ToUpperInvariant() is "VARCHAR" or "TEXT" or "STRING";

    private static string Operator(CompareOp op) => op switch
    {
        CompareOp.Equal => "=",
        CompareOp.NotEqual => "<>",
        CompareOp.Less => "<",
        CompareOp.LessOrEqual => "<=",
        CompareOp.Greater => ">",
        _ => ">=",
    };

    private string Arg(object? value)
    {
        args.Add(value);
        return "$" + args.Count.ToString(CultureInfo.InvariantCulture);
    }
}
