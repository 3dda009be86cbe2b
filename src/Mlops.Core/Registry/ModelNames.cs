namespace Mlops;

/// <summary>A reference to a model version: <c>name</c> (the latest version), <c>name/3</c> or <c>name@champion</c>.</summary>
public sealed record ModelRef(string Model, int? Version, string? Alias)
{
    /// <inheritdoc/>
    public override string ToString() => Version is { } v ? $"{Model}/{v}" : Alias is { } a ? $"{Model}@{a}" : Model;
}

/// <summary>The rules for model names, aliases and references.</summary>
public static class ModelNames
{
    /// <summary>The rule for model names and aliases, as shown in error messages.</summary>
    public const string Rule = "letters, digits, _ - and . (no spaces, / or @), at most 100 characters, starting with a letter or digit";

    /// <summary>Checks a model name.</summary>
    /// <exception cref="MlopsException">InvalidArgument naming the rule.</exception>
    public static string Model(string? name) => Check(name, "model name");

    /// <summary>Checks an alias name.</summary>
    /// <exception cref="MlopsException">InvalidArgument naming the rule.</exception>
    public static string Alias(string? alias)
    {
        var checkedAlias = Check(alias, "alias");
        if (checkedAlias.All(char.IsAsciiDigit))
            throw MlopsException.Invalid($"alias '{alias}' is a number, which would read as a version; use a word such as champion or staging.");
        return checkedAlias;
    }

    /// <summary>Parses <c>name</c>, <c>name/3</c> or <c>name@alias</c>.</summary>
    /// <exception cref="MlopsException">InvalidArgument saying which forms are valid.</exception>
    public static ModelRef Parse(string? reference)
    {
        var text = reference?.Trim() ?? "";
        var slash = text.IndexOf('/');
        var at = text.IndexOf('@');
        if (slash >= 0 && at >= 0) throw Malformed(reference);
        if (slash >= 0)
        {
            if (!int.TryParse(text[(slash + 1)..], out var version) || version < 1) throw Malformed(reference);
            return new ModelRef(Model(text[..slash]), version, null);
        }
        if (at >= 0) return new ModelRef(Model(text[..at]), null, Alias(text[(at + 1)..]));
        return new ModelRef(Model(text), null, null);
    }

    private static string Check(string? value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 100 || !char.IsAsciiLetterOrDigit(value[0])
            || value.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.')))
            throw MlopsException.Invalid($"{what} '{value}' is not valid: use {Rule}.");
        return value;
    }

    private static MlopsException Malformed(string? reference) =>
        MlopsException.Invalid($"'{reference}' is not a model reference; write name (latest version), name/3 (version 3) or name@champion (an alias).");
}
