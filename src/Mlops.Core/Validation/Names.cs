using System.Buffers;

namespace Mlops;

/// <summary>The rules for user-chosen names and keys, in one place so every front end says the same thing.</summary>
public static class Names
{
    /// <summary>Longest key or name accepted.</summary>
    public const int MaxLength = 250;

    private static readonly SearchValues<char> KeyChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:");

    /// <summary>The key rule, as shown in error messages.</summary>
    public const string KeyRule = "letters, digits and _ - . / : (no spaces), at most 250 characters, starting with a letter, digit or _";

    /// <summary>The name rule, as shown in error messages.</summary>
    public const string NameRule = "1 to 250 characters without line breaks or control characters, not only spaces";

    /// <summary>Checks a param, metric or tag key.</summary>
    /// <exception cref="MlopsException">InvalidArgument naming the rule.</exception>
    public static string Key(string? key, string what)
    {
        if (!IsValidKey(key))
            throw MlopsException.Invalid($"{what} '{key}' is not a valid key: use {KeyRule}.");
        return key!;
    }

    /// <summary>Whether <paramref name="key"/> follows <see cref="KeyRule"/>.</summary>
    public static bool IsValidKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= MaxLength && !key.AsSpan().ContainsAnyExcept(KeyChars)
        && (char.IsAsciiLetterOrDigit(key[0]) || key[0] == '_');

    /// <summary>Checks an experiment, run or dataset name and returns it trimmed.</summary>
    /// <exception cref="MlopsException">InvalidArgument naming the rule.</exception>
    public static string Name(string? name, string what)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || trimmed.Any(char.IsControl))
            throw MlopsException.Invalid($"{what} '{name}' is not a valid name: use {NameRule}.");
        return trimmed;
    }
}
