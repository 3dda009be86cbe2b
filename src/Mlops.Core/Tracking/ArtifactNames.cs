namespace Mlops;

/// <summary>The rule for artifact names: a relative path inside the run.</summary>
internal static class ArtifactNames
{
    public const string Rule = "a relative path of at most 250 characters with '/' between parts, no empty, '.' or '..' parts, no '\\' and no control characters";

    public static string Check(string name)
    {
        var parts = name.Split('/');
        var valid = name.Length is > 0 and <= Names.MaxLength && !name.Contains('\\') && !name.Any(char.IsControl)
                    && parts.All(p => p.Length > 0 && p != "." && p != ".." && p.Trim() == p);
        return valid ? name : throw MlopsException.Invalid($"artifact name '{name}' is not valid: use {Rule}.");
    }
}
