using System.Globalization;

namespace Mlops;

/// <summary>Phrases and number forms that every front (notebook views, terminal, messages) words the same way.</summary>
public static class Wording
{
    /// <summary>"its only version is 1", "its versions are 1 to 4", or "its versions are 1, 2 and 5".</summary>
    public static string Versions(IEnumerable<int> numbers)
    {
        var sorted = numbers.Order().ToList();
        if (sorted.Count == 1) return $"its only version is {sorted[0]}";
        if (sorted[^1] - sorted[0] == sorted.Count - 1) return $"its versions are {sorted[0]} to {sorted[^1]}";
        return $"its versions are {string.Join(", ", sorted.Take(sorted.Count - 1))} and {sorted[^1]}";
    }

    /// <summary>"1 run", "3 runs": a count with its noun, plural with an s.</summary>
    public static string Count(long n, string noun) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>A p-value: three decimals down to 0.001 (1 is "1"), below that in scientific form ("2.4e-7").</summary>
    public static string PValue(double p) =>
        p >= 0.001 || p == 0 ? p.ToString("0.###", CultureInfo.InvariantCulture) : p.ToString("0.#e-0", CultureInfo.InvariantCulture);
}
