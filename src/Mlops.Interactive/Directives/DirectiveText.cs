using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Interactive;

/// <summary>
/// Binds any directive value to a string. The host writes a value as a JSON number, boolean or object when it parses
/// as one (<c>--name 123</c>, <c>--params {"a":1}</c>), which a plain string property would reject; this converter
/// keeps the text so our own parsers can check it and say what was wrong.
/// </summary>
internal sealed class DirectiveText : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.ValueKind == JsonValueKind.Null ? null : document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
