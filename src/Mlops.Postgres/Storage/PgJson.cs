using System.Text.Json.Serialization;

namespace Mlops.Postgres;

/// <summary>Source-generated JSON for what the store keeps as JSON text (the same shapes as the embedded store's).</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RunEnvironment))]
[JsonSerializable(typeof(ModelSignature))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(RunInput[]))]
[JsonSerializable(typeof(GateTermResult[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(StoredColumnJson[]))]
internal sealed partial class PgJson : JsonSerializerContext;
