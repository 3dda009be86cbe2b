using System.Text.Json.Serialization;
using Microsoft.DotNet.Interactive.Commands;

namespace Mlops.Interactive;

// The host binds directive parameters into these by name (--into -> Into) and registers command types by short name,
// so every name carries the Mlops prefix. Values are strings (see DirectiveText); handlers parse and check them.

/// <summary>Bare <c>#!mlops</c>: help.</summary>
public sealed class MlopsRoot : KernelDirectiveCommand;

/// <summary><c>#!mlops use [&lt;folder&gt;]</c></summary>
public sealed class MlopsUseStore : KernelDirectiveCommand
{
    /// <summary>The store folder; null for the default.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Folder { get; set; }
}

/// <summary><c>#!mlops status</c></summary>
public sealed class MlopsStatus : KernelDirectiveCommand;

/// <summary><c>#!mlops help</c></summary>
public sealed class MlopsHelp : KernelDirectiveCommand;

/// <summary>Bare <c>#!experiment</c>: help.</summary>
public sealed class MlopsExperimentRoot : KernelDirectiveCommand;

/// <summary><c>#!experiment use &lt;name&gt;</c></summary>
public sealed class MlopsExperimentUse : KernelDirectiveCommand
{
    /// <summary>The experiment name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
}

/// <summary><c>#!experiment list</c></summary>
public sealed class MlopsExperimentList : KernelDirectiveCommand;

/// <summary><c>#!mlops report (--run &lt;id&gt; | --compare &lt;filter&gt; | --experiment &lt;name&gt;) --out &lt;file.html&gt;</c></summary>
public sealed class MlopsReport : KernelDirectiveCommand
{
    /// <summary>Run id or prefix.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Run { get; set; }
    /// <summary>A filter selecting runs to compare.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Compare { get; set; }
    /// <summary>An experiment.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Experiment { get; set; }
    /// <summary>A model version: name, name/3 or name@alias.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Model { get; set; }
    /// <summary>The HTML file to write.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Out { get; set; }
}
