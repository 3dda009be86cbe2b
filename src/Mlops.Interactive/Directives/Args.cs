using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops.Interactive;

/// <summary>Parses directive values, with messages that name the option and show a valid value.</summary>
internal static partial class Args
{
    public static long? Long(string? text, string option)
    {
        if (text is null) return null;
        return long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
            : throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{option} must be a whole number, e.g. {option} 10 (got '{text}').");
    }

    public static int? Positive(string? text, string option)
    {
        if (text is null) return null;
        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
            : throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{option} must be a whole number of at least 1, e.g. {option} 20 (got '{text}').");
    }

    public static RunStatus? Status(string? text) => text is null ? null : RunStatusText.Parse(text);

    /// <summary>A C# variable name for --into.</summary>
    public static string Variable(string text, string option) =>
        Identifier().IsMatch(text) ? text
            : throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{option} needs a C# variable name such as runs (letters, digits, _; not starting with a digit); got '{text}'.");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
