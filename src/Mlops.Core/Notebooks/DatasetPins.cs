using System.Text.Json;

namespace Mlops;

/// <summary>
/// Dataset versions pinned for a reproduction (<c>mlops notebook reproduce</c>): a reference that names no version
/// (<c>houses</c>, <c>houses@latest</c>) resolves to the pinned version instead of the latest, so a notebook run again reads
/// what the run it reproduces read. Given to the kernel as JSON in <c>MLOPS_PIN_DATASETS</c>: <c>{"houses": 3}</c>.
/// </summary>
public static class DatasetPins
{
    /// <summary>The environment variable holding the pins.</summary>
    public const string Variable = "MLOPS_PIN_DATASETS";

    /// <summary>The pins the environment gives (none when the variable is unset).</summary>
    /// <exception cref="MlopsException">InvalidArgument when the variable is not a JSON object of dataset names to version numbers.</exception>
    public static IReadOnlyDictionary<string, int> FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Pins from their JSON form.</summary>
    public static IReadOnlyDictionary<string, int> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new Dictionary<string, int>();
        try
        {
            var pins = JsonSerializer.Deserialize<Dictionary<string, int>>(json);
            if (pins is null || pins.Values.Any(v => v < 1)) throw new JsonException("versions are numbers from 1");
            return pins;
        }
        catch (JsonException e)
        {
            throw MlopsException.Invalid($"{Variable} must be a JSON object of dataset names to version numbers, e.g. {{\"houses\": 3}} ({e.Message}).");
        }
    }

    /// <summary>The pins as JSON, names in order.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, int>> pins) =>
        JsonSerializer.Serialize(pins.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value));
}
