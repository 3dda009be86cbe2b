using System.Buffers;

namespace Mlops;

/// <summary>Dataset names and version references (<c>name</c>, <c>name@3</c>, <c>name@latest</c>, <c>name@a1b2c3</c>).</summary>
public static class DatasetNames
{
    /// <summary>The rule, as shown in error messages.</summary>
    public const string Rule = "letters, digits, _ - and . (no spaces or @), at most 100 characters, starting with a letter or digit";

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");

    /// <summary>Checks a dataset name.</summary>
    /// <exception cref="MlopsException">InvalidArgument naming the rule.</exception>
    public static string Check(string? name)
    {
        var valid = !string.IsNullOrEmpty(name) && name.Length <= 100 && !name.AsSpan().ContainsAnyExcept(Allowed) && char.IsAsciiLetterOrDigit(name[0]);
        return valid ? name! : throw MlopsException.Invalid($"'{name}' is not a valid dataset name: use {Rule}.");
    }

    /// <summary>Parses <c>name[@version]</c>; no version means the latest.</summary>
    /// <exception cref="MlopsException">InvalidArgument showing the accepted forms.</exception>
    public static VersionRef Parse(string text)
    {
        var trimmed = text.Trim();
        var at = trimmed.IndexOf('@');
        if (at < 0) return new VersionRef(Check(trimmed), VersionSelector.Latest);
        var name = Check(trimmed[..at]);
        var version = trimmed[(at + 1)..];
        if (version.Equals("latest", StringComparison.OrdinalIgnoreCase)) return new VersionRef(name, VersionSelector.Latest);
        if (int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0)
            // digits may also begin a digest: a version number that does not exist is tried as a digest prefix
            return new VersionRef(name, new VersionSelector(number, version.Length >= 4 ? version : null));
        if (version.Length >= 4 && version.All(char.IsAsciiHexDigit)) return new VersionRef(name, VersionSelector.Digest(version.ToLowerInvariant()));
        throw MlopsException.Invalid($"'{text}' is not a dataset version: use name, name@<number> (from 1), name@latest or name@<digest prefix of 4+ hex digits>.");
    }
}

/// <summary>Which version of a dataset: a number, the latest, or a digest prefix.</summary>
public sealed record VersionSelector(int? VersionNumber, string? DigestPrefix)
{
    /// <summary>The newest version.</summary>
    public static readonly VersionSelector Latest = new(null, null);

    /// <summary>Version <paramref name="number"/> (from 1).</summary>
    public static VersionSelector Number(int number) => new(number, null);

    /// <summary>The version whose digest starts with <paramref name="prefix"/>.</summary>
    public static VersionSelector Digest(string prefix) => new(null, prefix);

    /// <inheritdoc/>
    public override string ToString() => VersionNumber?.ToString() ?? DigestPrefix ?? "latest";
}

/// <summary>A dataset and a version selector, as written <c>name@version</c>.</summary>
public sealed record VersionRef(string Dataset, VersionSelector Version)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Dataset}@{Version}";
}
