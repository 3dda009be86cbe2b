using System.Text.Json.Serialization;
using Microsoft.DotNet.Interactive.Commands;

namespace Mlops.Interactive;

/// <summary>Bare <c>#!dataset</c>: help.</summary>
public sealed class MlopsDatasetRoot : KernelDirectiveCommand;

/// <summary><c>#!dataset commit &lt;name&gt; --from &lt;variable|path&gt;</c></summary>
public sealed class MlopsDatasetCommit : KernelDirectiveCommand
{
    /// <summary>Dataset name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
    /// <summary>A C# variable (DataFrame, IDataView, list of records) or a file path.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? From { get; set; }
    /// <summary>Key columns, comma-separated.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Key { get; set; }
    /// <summary>Commit message.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Message { get; set; }
    /// <summary>Renamed columns, old=new,...</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Rename { get; set; }
    /// <summary>Make content equal to an earlier version the latest again.</summary>
    public bool Rollback { get; set; }
}

/// <summary><c>#!dataset list</c></summary>
public sealed class MlopsDatasetList : KernelDirectiveCommand;

/// <summary><c>#!dataset log &lt;name&gt; [--include-deleted]</c></summary>
public sealed class MlopsDatasetLog : KernelDirectiveCommand
{
    /// <summary>Dataset name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }

    /// <summary>Show deleted and purged versions too.</summary>
    public bool IncludeDeleted { get; set; }
}

/// <summary><c>#!dataset delete &lt;name&gt;@&lt;v&gt;</c></summary>
public sealed class MlopsDatasetDelete : KernelDirectiveCommand
{
    /// <summary>The version: name@3.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Dataset { get; set; }
}

/// <summary><c>#!dataset restore &lt;name&gt;@&lt;v&gt;</c></summary>
public sealed class MlopsDatasetRestore : KernelDirectiveCommand
{
    /// <summary>The version: name@3.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Dataset { get; set; }
}

/// <summary><c>#!dataset show &lt;name&gt;[@v]</c></summary>
public sealed class MlopsDatasetShow : KernelDirectiveCommand
{
    /// <summary>Version reference: name, name@3, name@latest or name@digest-prefix.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Dataset { get; set; }
    /// <summary>Sample rows to show.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Rows { get; set; }
}

/// <summary><c>#!dataset load &lt;name&gt;[@v] --into &lt;variable&gt;</c></summary>
public sealed class MlopsDatasetLoad : KernelDirectiveCommand
{
    /// <summary>Version reference: name, name@3, name@latest or name@digest-prefix.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Dataset { get; set; }
    /// <summary>C# variable to receive the DataFrame.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Into { get; set; }
    /// <summary>Filter on the columns, in the filter language (DatasetQueryParser).</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Where { get; set; }
    /// <summary>At most this many rows.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Limit { get; set; }
}

/// <summary><c>#!dataset diff &lt;name&gt;@&lt;v1&gt; &lt;name&gt;@&lt;v2&gt;</c></summary>
public sealed class MlopsDatasetDiff : KernelDirectiveCommand
{
    /// <summary>Bound by the host only for one version; both are read from the directive text.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Versions { get; set; }
    /// <summary>Key columns, comma-separated.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Key { get; set; }
    /// <summary>Compare whole rows even when the dataset has a key.</summary>
    public bool NoKey { get; set; }
    /// <summary>C# variable to receive every changed row.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Into { get; set; }
}

/// <summary><c>#!dataset profile &lt;name&gt;[@v]</c></summary>
public sealed class MlopsDatasetProfile : KernelDirectiveCommand
{
    /// <summary>Version reference: name, name@3, name@latest or name@digest-prefix.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Dataset { get; set; }
    /// <summary>Histogram bins.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Bins { get; set; }
}

/// <summary><c>#!dataset drift &lt;name&gt;@&lt;v1&gt; &lt;name&gt;@&lt;v2&gt;</c></summary>
public sealed class MlopsDatasetDrift : KernelDirectiveCommand
{
    /// <summary>Bound by the host only for one version; both are read from the directive text.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Versions { get; set; }
}
