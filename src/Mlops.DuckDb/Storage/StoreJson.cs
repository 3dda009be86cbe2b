using System.Text.Json.Serialization;

namespace Mlops.DuckDb;

/// <summary>
/// Source-generated JSON for what the store keeps as JSON text. Reflection-based serialization is off in trimmed and
/// native-AOT apps, and in <c>dotnet run app.cs</c> file-based apps by default.
/// </summary>
[JsonSerializable(typeof(RunEnvironment))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(StoredColumn[]))]
internal sealed partial class StoreJson : JsonSerializerContext;
