using System.Text.Json.Serialization;
using Microsoft.DotNet.Interactive.Commands;

namespace Mlops.Interactive;

/// <summary>Bare <c>#!model</c>: help.</summary>
public sealed class MlopsModelRoot : KernelDirectiveCommand;

/// <summary><c>#!model register &lt;name&gt; --run &lt;run-id&gt;</c></summary>
public sealed class MlopsModelRegister : KernelDirectiveCommand
{
    /// <summary>Model name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
    /// <summary>The run that logged the model.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Run { get; set; }
    /// <summary>The model's artifact name in the run.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Artifact { get; set; }
    /// <summary>The label column.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Label { get; set; }
    /// <summary>What this version is.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Description { get; set; }
}

/// <summary><c>#!model list</c></summary>
public sealed class MlopsModelList : KernelDirectiveCommand;

/// <summary><c>#!model show &lt;name&gt;[@alias|/version]</c></summary>
public sealed class MlopsModelShow : KernelDirectiveCommand
{
    /// <summary>Model reference.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Model { get; set; }
}

/// <summary><c>#!model alias &lt;name&gt; --version &lt;n&gt; --alias &lt;alias&gt;</c></summary>
public sealed class MlopsModelAlias : KernelDirectiveCommand
{
    /// <summary>Model name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
    /// <summary>Version number.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Version { get; set; }
    /// <summary>Alias to set.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Alias { get; set; }
    /// <summary>Why.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Reason { get; set; }
}

/// <summary><c>#!model promote &lt;name&gt; --version &lt;n&gt; --to &lt;alias&gt; --on &lt;dataset&gt;@&lt;v&gt;</c></summary>
public sealed class MlopsModelPromote : KernelDirectiveCommand
{
    /// <summary>Model name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
    /// <summary>Candidate version.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Version { get; set; }
    /// <summary>Alias to move.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? To { get; set; }
    /// <summary>Dataset version both models are scored on.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? On { get; set; }
    /// <summary>The gate.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Gate { get; set; }
    /// <summary>Move even if the gate fails.</summary>
    public bool Force { get; set; }
    /// <summary>Why (required with --force).</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Reason { get; set; }
}

/// <summary><c>#!model load &lt;name&gt;@&lt;alias&gt;|&lt;name&gt;/&lt;n&gt; --into &lt;variable&gt;</c></summary>
public sealed class MlopsModelLoad : KernelDirectiveCommand
{
    /// <summary>Model reference.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Model { get; set; }
    /// <summary>C# variable to receive the loaded model.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Into { get; set; }
}

/// <summary><c>#!model history &lt;name&gt;</c></summary>
public sealed class MlopsModelHistory : KernelDirectiveCommand
{
    /// <summary>Model name.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Name { get; set; }
}

/// <summary><c>#!model delete &lt;name&gt;/&lt;version&gt;</c></summary>
public sealed class MlopsModelDelete : KernelDirectiveCommand
{
    /// <summary>The version: name/3.</summary>
    [JsonConverter(typeof(DirectiveText))] public string? Version { get; set; }
}
