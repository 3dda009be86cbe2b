using System.Diagnostics.CodeAnalysis;

namespace Mlops;

/// <summary>A run's identity: 32 lowercase hex digits, as MLflow's run ids.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(RunIdJsonConverter))]
public readonly record struct RunId
{
    private RunId(string value) => Value = value;

    /// <summary>The 32-digit hex text.</summary>
    public string Value { get; }

    /// <summary>The first 8 digits, enough to tell runs apart on screen.</summary>
    public string Short => Value[..8];

    /// <summary>A new random id.</summary>
    public static RunId New() => new(Guid.NewGuid().ToString("N"));

    /// <summary>Parses a full 32-digit id.</summary>
    /// <exception cref="MlopsException">InvalidArgument when <paramref name="text"/> is not 32 hex digits.</exception>
    public static RunId Parse(string text) =>
        TryParse(text, out var id) ? id
            : throw MlopsException.Invalid($"'{text}' is not a run id: a run id is 32 hex digits, such as {New().Value}.");

    /// <summary>Parses a full 32-digit id without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RunId id)
    {
        id = default;
        if (text is null || text.Length != 32 || !IsHex(text)) return false;
        id = new RunId(text.ToLowerInvariant());
        return true;
    }

    internal static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);

    /// <inheritdoc/>
    public override string ToString() => Value ?? "";
}
