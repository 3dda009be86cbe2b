using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops;

/// <summary>Writes a <see cref="RunId"/> as its 32-digit text.</summary>
public sealed class RunIdJsonConverter : JsonConverter<RunId>
{
    /// <inheritdoc/>
    public override RunId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => RunId.Parse(reader.GetString() ?? "");

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, RunId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
