using System.Text.Json.Serialization;
using Microsoft.DotNet.Interactive.Commands;

namespace Mlops.Interactive;

/// <summary>Bare <c>#!run</c>: help.</summary>
public sealed class MlopsRunRoot : KernelDirectiveCommand;

/// <summary><c>#!run start</c></summary>
public sealed class MlopsRunStart : KernelDirectiveCommand
{
    /// <summary>Run name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
    /// <summary>Experiment.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Experiment { get; set; }
    /// <summary>Tags, k=v list or JSON.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Tags { get; set; }
    /// <summary>Parent run id or prefix (<c>--parent</c>; KernelCommand.Parent is the host's own).</summary>
    [JsonPropertyName("parent"), JsonConverter(typeof(DirectiveText))] public string? ParentRun { get; set; }
    /// <summary>Free-text note.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Note { get; set; }
}

/// <summary><c>#!run log</c></summary>
public sealed class MlopsRunLog : KernelDirectiveCommand
{
    /// <summary>Params, k=v list or JSON.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Params { get; set; }
    /// <summary>Metrics, k=number list or JSON.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Metrics { get; set; }
    /// <summary>Step of the metrics.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Step { get; set; }
    /// <summary>Tags, k=v list or JSON.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Tags { get; set; }
    /// <summary>Replaces the run's note.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Note { get; set; }
}

/// <summary><c>#!run artifact &lt;path&gt;</c></summary>
public sealed class MlopsRunArtifact : KernelDirectiveCommand
{
    /// <summary>File or folder to store.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Path { get; set; }
    /// <summary>Name inside the run.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
}

/// <summary><c>#!run end</c></summary>
public sealed class MlopsRunEnd : KernelDirectiveCommand
{
    /// <summary>finished, failed or killed.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Status { get; set; }
}

/// <summary><c>#!run list</c></summary>
public sealed class MlopsRunList : KernelDirectiveCommand
{
    /// <summary>A filter in the filter language.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Where { get; set; }
    /// <summary>Sort keys, e.g. "metrics.auc desc".</summary>
    [JsonConverter(typeof(DirectiveText))] public string? OrderBy { get; set; }
    /// <summary>Only this experiment.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Experiment { get; set; }
    /// <summary>Only this status.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Status { get; set; }
    /// <summary>At most this many runs.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Limit { get; set; }
    /// <summary>C# variable to receive a DataFrame.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Into { get; set; }
}

/// <summary><c>#!run show [&lt;run-id&gt;]</c></summary>
public sealed class MlopsRunShow : KernelDirectiveCommand
{
    /// <summary>Run id or prefix; default the active run, else the latest.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Run { get; set; }
}

/// <summary><c>#!run compare &lt;run-id&gt; &lt;run-id&gt; ... | --where "&lt;filter&gt;"</c></summary>
public sealed class MlopsRunCompare : KernelDirectiveCommand
{
    /// <summary>Bound by the host only for one id; all are read from the directive text.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Runs { get; set; }
    /// <summary>A filter selecting the runs.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Where { get; set; }
    /// <summary>The metric the charts focus on.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Metric { get; set; }
    /// <summary>Only params and metrics that differ.</summary>
    public bool DiffOnly { get; set; }
    /// <summary>Runs as columns.</summary>
    public bool Transpose { get; set; }
    /// <summary>last, min or max.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Agg { get; set; }
    /// <summary>Params to chart, comma-separated.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Params { get; set; }
}
