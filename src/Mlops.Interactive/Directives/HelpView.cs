using Microsoft.DotNet.Interactive.Directives;
using Mlops.Charts;

namespace Mlops.Interactive;

/// <summary>Help generated from the directive definitions themselves, so it cannot drift from what is accepted.</summary>
internal static class HelpView
{
    public static string Render(IEnumerable<KernelActionDirective> roots)
    {
        var sections = roots.Select(root =>
        {
            var rows = root.Subcommands.Select(sub => (IReadOnlyList<string>)
            [
                $"<code>{Html.E(root.Name)} {Html.E(sub.Name)}</code>",
                Html.E(sub.Description) + Options(sub),
                Directive.Example(sub) is { } example ? $"<code>{Html.E(example)}</code>" : "",
            ]);
            return $"<h4>{Html.E(root.Name)} <span class=\"muted\">{Html.E(root.Description)}</span></h4>"
                   + Html.Table(["command", "what it does", "example"], rows);
        });
        return Html.Wrap("<div class=\"card\"><h3>Mlops magic commands</h3>" + string.Concat(sections)
            + "<p class=\"muted\">The same from C#: <code>MLOps.StartRun(\"name\")</code>, <code>MLOps.LogMetric(\"loss\", v, step)</code>, "
            + "<code>MLOps.EndRun()</code>, <code>MLOps.ListRuns()</code>. Lists take <code>k=v,k=v</code> or a JSON object.</p></div>");
    }

    private static string Options(KernelActionDirective directive) =>
        directive.Parameters.Count == 0 ? ""
            : "<br>" + string.Join("<br>", directive.Parameters.Select(p =>
                $"<code>{(p.AllowImplicitName ? $"[{Html.E(p.Name)}] &lt;{Html.E(p.Name.TrimStart('-'))}&gt;" : Html.E(p.Name))}</code>"
                + $" <span class=\"muted\">{Html.E(p.Description)}{(p.Required ? " (required)" : "")}</span>"));
}
