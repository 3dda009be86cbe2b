using System.Reflection;
using System.Text;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace Mlops.Interactive;

/// <summary>
/// Closes the host parser's gaps (notebook-host-facts.md 4.3): after a subcommand it silently drops unknown options,
/// runs the root handler for an unknown subcommand, and unbinds a repeated option. The guard re-reads the directive's
/// own text and reports each case with the valid choices.
/// </summary>
internal static class DirectiveGuard
{
    private static readonly PropertyInfo? DirectiveNode =
        typeof(KernelDirectiveCommand).GetProperty("DirectiveNode", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    /// <summary>
    /// The positional values of a directive that takes more than one (the host binds only one implicit parameter, and
    /// none at all when two values are given), in order, without quotes.
    /// </summary>
    public static IReadOnlyList<string> Positionals(KernelCommand command, KernelActionDirective directive)
    {
        var root = directive.Parent!;
        var flags = directive.Parameters.Concat(root.Parameters).Where(p => p.Flag).Select(p => p.Name).ToHashSet();
        foreach (var tokens in DirectiveTokens(command, root.Name))
        {
            if (tokens.Count < 2 || tokens[1] != directive.Name) continue;
            var values = new List<string>();
            for (var i = 2; i < tokens.Count; i++)
            {
                if (tokens[i].StartsWith("--", StringComparison.Ordinal)) { if (!flags.Contains(tokens[i])) i++; continue; }
                values.Add(tokens[i].Trim('"'));
            }
            return values;
        }
        return [];
    }

    /// <summary>The problem with how <paramref name="directive"/> was written, or null when it is fine.</summary>
    public static string? Check(KernelCommand command, KernelActionDirective directive)
    {
        var root = directive.Parent ?? directive;
        foreach (var tokens in DirectiveTokens(command, root.Name))
        {
            if (directive.Parent is null)
            {
                if (tokens.Count > 1)
                    return tokens[1].StartsWith("--", StringComparison.Ordinal)
                        ? $"{root.Name} needs a subcommand before options. Valid subcommands: {Subcommands(root)}."
                        : $"Unknown subcommand '{tokens[1]}' for {root.Name}. Valid subcommands: {Subcommands(root)}.";
                continue;
            }
            if (tokens.Count < 2 || tokens[1] != directive.Name) continue;
            if (CheckOptions(tokens, directive) is { } problem) return problem;
        }
        return null;
    }

    private static string? CheckOptions(List<string> tokens, KernelActionDirective directive)
    {
        var full = $"{directive.Parent!.Name} {directive.Name}";
        var parameters = directive.Parameters.Concat(directive.Parent.Parameters).ToDictionary(p => p.Name);
        var implicitParameter = parameters.Values.FirstOrDefault(p => p.AllowImplicitName);
        var positionalsAllowed = Directive.Positionals(directive);
        var positionals = 0;
        var seen = new HashSet<string>();
        for (var i = 2; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsWith("--", StringComparison.Ordinal))
            {
                if (!parameters.TryGetValue(token, out var parameter))
                    return $"Unknown option '{token}' for {full}. Valid options: {Options(parameters.Values)}.";
                if (!seen.Add(token))
                    return $"'{token}' is given more than once in {full}; give it once (lists go in one value, e.g. {token} a=1,b=2).";
                if (parameter.Flag) continue;
                if (i + 1 >= tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
                    return $"'{token}' in {full} needs a value.";
                i++;
            }
            else if (positionalsAllowed > 1 && ++positionals <= positionalsAllowed)
            {
                // one of several positional values, read by the handler through Positionals
            }
            else if (implicitParameter is not null && positionalsAllowed == 1 && seen.Add(implicitParameter.Name))
            {
                // the positional value of the implicit parameter
            }
            else
            {
                return implicitParameter is null
                    ? $"Unexpected value '{token}' in {full}: it takes only options ({Options(parameters.Values)})."
                    : positionalsAllowed > 1
                        ? $"Unexpected value '{token}' in {full}: it takes {positionalsAllowed} {implicitParameter.Name.TrimStart('-')}."
                        : $"Unexpected value '{token}' in {full}: it takes one {implicitParameter.Name.TrimStart('-')} (quote values that hold spaces).";
            }
        }
        return null;
    }

    private static string Subcommands(KernelActionDirective root) => string.Join(", ", root.Subcommands.Select(s => s.Name));

    private static string Options(IEnumerable<KernelDirectiveParameter> parameters)
    {
        var names = parameters.Select(p => p.Name).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    /// <summary>Tokens of the directive line(s) this command came from: its own node's text when the host exposes it, else every matching line of the cell.</summary>
    private static IEnumerable<List<string>> DirectiveTokens(KernelCommand command, string rootName)
    {
        var own = NodeText(DirectiveNode?.GetValue(command));
        var lines = own is not null ? [own] : command.Parent is SubmitCode submit ? submit.Code.Split('\n') : [];
        foreach (var line in lines)
        {
            var tokens = Tokenize(line.Trim());
            if (tokens.Count > 0 && tokens[0] == rootName) yield return tokens;
        }
    }

    private static string? NodeText(object? node)
    {
        if (node is null) return null;
        if (node.GetType().GetProperty("Text")?.GetValue(node) is string text) return text;
        var shown = node.ToString();
        var colon = shown?.IndexOf(": ", StringComparison.Ordinal) ?? -1;
        return colon >= 0 ? shown![(colon + 2)..] : shown;
    }

    /// <summary>Splits on whitespace outside double quotes and outside JSON braces and brackets.</summary>
    internal static List<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var depth = 0;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '{' or '[') depth++;
            else if (!quoted && c is '}' or ']') depth = Math.Max(0, depth - 1);
            if (char.IsWhiteSpace(c) && !quoted && depth == 0)
            {
                if (current.Length > 0) tokens.Add(current.ToString());
                current.Clear();
            }
            else current.Append(c);
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }
}
