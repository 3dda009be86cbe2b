using System.Text.Json.Serialization;
using Microsoft.DotNet.Interactive.Commands;

namespace Mlops.Interactive;

/// <summary><c>#!run delete &lt;run-id&gt; ... | --where "&lt;filter&gt;"</c></summary>
public sealed class MlopsRunDelete : KernelDirectiveCommand
{
    /// <summary>Bound by the host only for one id; all are read from the directive text.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Runs { get; set; }
    /// <summary>A filter selecting the runs to delete.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Where { get; set; }
}

/// <summary><c>#!run restore &lt;run-id&gt; ...</c></summary>
public sealed class MlopsRunRestore : KernelDirectiveCommand
{
    /// <summary>Bound by the host only for one id; all are read from the directive text.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Runs { get; set; }
}

/// <summary><c>#!experiment delete|restore &lt;name&gt;</c></summary>
public sealed class MlopsExperimentDelete : KernelDirectiveCommand
{
    /// <summary>The experiment name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
}

/// <summary><c>#!experiment restore &lt;name&gt;</c></summary>
public sealed class MlopsExperimentRestore : KernelDirectiveCommand
{
    /// <summary>The experiment name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
}

/// <summary><c>#!experiment rename &lt;name&gt; --to &lt;new name&gt;</c></summary>
public sealed class MlopsExperimentRename : KernelDirectiveCommand
{
    /// <summary>The experiment's name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
    /// <summary>Its new name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? To { get; set; }
}

/// <summary><c>#!mlops gc [--older-than 30d] [--dry-run]</c></summary>
public sealed class MlopsGc : KernelDirectiveCommand
{
    /// <summary>Purge what was deleted at least this long ago (30d, 12h, 90m, 0d).</summary>
    [JsonConverter(typeof(DirectiveText))] public string? OlderThan { get; set; }
    /// <summary>Report only; change nothing.</summary>
    public bool DryRun { get; set; }
}
