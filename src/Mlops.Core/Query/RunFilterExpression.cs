namespace Mlops;

/// <summary>A parsed run filter (see <see cref="RunQueryParser"/>): a tree of conditions on params, metrics, tags and run attributes.</summary>
public abstract record FilterNode;

/// <summary>Both sides hold.</summary>
public sealed record AndNode(FilterNode Left, FilterNode Right) : FilterNode;

/// <summary>Either side holds.</summary>
public sealed record OrNode(FilterNode Left, FilterNode Right) : FilterNode;

/// <summary>The inner condition does not hold.</summary>
public sealed record NotNode(FilterNode Inner) : FilterNode;

/// <summary><c>field op value</c>. A number compares numerically (text values that are not numbers then compare as missing); text compares as text.</summary>
public sealed record CompareNode(RunField Field, CompareOp Op, object Value) : FilterNode;

/// <summary><c>field [not] in (v1, v2, ...)</c></summary>
public sealed record InNode(RunField Field, IReadOnlyList<object> Values, bool Negated) : FilterNode;

/// <summary><c>field [not] like 'pattern'</c> with SQL wildcards % and _.</summary>
public sealed record LikeNode(RunField Field, string Pattern, bool Negated) : FilterNode;

/// <summary><c>field is [not] null</c>: whether the run has the param, metric, tag or attribute.</summary>
public sealed record IsNullNode(RunField Field, bool Negated) : FilterNode;

/// <summary>Comparison operators.</summary>
public enum CompareOp
{
    /// <summary>=</summary>
    Equal,
    /// <summary>!= or &lt;&gt;</summary>
    NotEqual,
    /// <summary>&lt;</summary>
    Less,
    /// <summary>&lt;=</summary>
    LessOrEqual,
    /// <summary>&gt;</summary>
    Greater,
    /// <summary>&gt;=</summary>
    GreaterOrEqual,
}

/// <summary>What a filter or sort key refers to.</summary>
public enum RunFieldKind
{
    /// <summary><c>params.&lt;key&gt;</c></summary>
    Param,
    /// <summary><c>metrics.&lt;key&gt;</c>: the latest value</summary>
    Metric,
    /// <summary><c>tags.&lt;key&gt;</c></summary>
    Tag,
    /// <summary>name, status, experiment, start_time, end_time, duration, run_id, parent</summary>
    Attribute,
    /// <summary>A column of a dataset version, in a dataset filter (<see cref="DatasetQueryParser"/>).</summary>
    Column,
}

/// <summary>A field of a run: <c>params.lr</c>, <c>metrics.auc</c>, <c>tags.stage</c>, or an attribute such as <c>duration</c>.</summary>
public sealed record RunField(RunFieldKind Kind, string Name)
{
    private static bool IsPlainName(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    /// <summary>The attributes a filter may name.</summary>
    public static readonly IReadOnlyList<string> Attributes = ["name", "status", "experiment", "start_time", "end_time", "duration", "run_id", "parent"];

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        RunFieldKind.Param => $"params.{Name}",
        RunFieldKind.Metric => $"metrics.{Name}",
        RunFieldKind.Tag => $"tags.{Name}",
        RunFieldKind.Column when !IsPlainName(Name) => $"`{Name}`",
        _ => Name,
    };
}

/// <summary>One sort key: a field and a direction.</summary>
public sealed record RunOrder(RunField Field, bool Descending);
