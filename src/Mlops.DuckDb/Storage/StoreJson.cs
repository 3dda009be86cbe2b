using System.Text.Json.Serialization;

namespace Mlops.DuckDb;

/// <summary>
/// Source-generated JSON for what the store keeps as JSON text. Reflection-based serialization is off in trimmed and
/// native-AOT apps, and in <c>dotnet run app.cs</c> file-based apps by default.
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RunEnvironment))]
[JsonSerializable(typeof(ModelSignature))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(RunInput[]))]
[JsonSerializable(typeof(GateTermResult[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(StoredColumn[]))]
internal sealed partial class StoreJson : JsonSerializerContext;
