using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Mlops.Notebooks.Tests;

/// <summary>
/// Opens an HTML file in headless Chromium with the network cut off, lets its scripts run, and counts which of its
/// charts plotly drew (a chart's div holds an <c>svg.main-svg</c> once drawn). Chromium is Debian's <c>chromium</c>
/// package; where it is missing and this process may use apt-get, it is installed once.
/// </summary>
public static partial class HeadlessChromium
{
    private static readonly Lazy<string> Executable = new(Locate);

    /// <summary>How many charts the file has, and the ids of those that did not draw.</summary>
    public static async Task<(int Charts, IReadOnlyList<string> NotDrawn)> DrawAsync(string htmlPath)
    {
        var source = await File.ReadAllTextAsync(htmlPath);
        var charts = ChartDiv().Matches(source).Select(m => m.Groups["id"].Value).ToList();
        var dom = await DumpDomAsync(htmlPath);
        var notDrawn = charts.Where(id => !Drawn(dom, id)).ToList();
        return (charts.Count, notDrawn);
    }

    /// <summary>
    /// The charts that drew an empty plot area: plotly made the figure, but no trace left a mark in it (no point, bar,
    /// line segment, heatmap or parallel axes), as a line trace through a single point does.
    /// </summary>
    public static async Task<(int Charts, IReadOnlyList<string> Empty)> EmptyPlotsAsync(string htmlPath)
    {
        var source = await File.ReadAllTextAsync(htmlPath);
        var charts = ChartDiv().Matches(source).Select(m => m.Groups["id"].Value).ToList();
        var dom = await DumpDomAsync(htmlPath);
        return (charts.Count, charts.Where(id => !Marked(Body(dom, id))).ToList());
    }

    private static bool Marked(string body) =>
        body.Contains("class=\"point\"", StringComparison.Ordinal) || body.Contains("parcoords", StringComparison.Ordinal)
        || body.Contains("class=\"hm\"", StringComparison.Ordinal) || LineSegment().IsMatch(body);

    private static string Body(string dom, string id)
    {
        var start = dom.IndexOf($"<div id=\"{id}\"", StringComparison.Ordinal);
        if (start < 0) return "";
        var tagEnd = dom.IndexOf('>', start);
        var next = dom.IndexOf("class=\"mlops-chart", tagEnd, StringComparison.Ordinal);
        return next < 0 ? dom[start..] : dom[start..next];
    }

    [GeneratedRegex("class=\"js-line\"[^>]*d=\"M[^\"]*L")]
    private static partial Regex LineSegment();

    private static bool Drawn(string dom, string id) => Body(dom, id).Contains("class=\"main-svg\"", StringComparison.Ordinal);

    /// <summary>The page's DOM after its scripts ran (what a probe script wrote into it, for instance).</summary>
    public static Task<string> DomAsync(string htmlPath) => DumpDomAsync(htmlPath);

    private static async Task<string> DumpDomAsync(string htmlPath)
    {
        var profile = Path.Combine(Path.GetTempPath(), "mlops-chromium-" + Guid.NewGuid().ToString("N")[..10]);
        var start = new ProcessStartInfo(Executable.Value) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     $"--user-data-dir={profile}",
                     // no network: every host resolves to nothing and any proxy use goes nowhere
                     "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                     // run timers ahead until the page is idle, so charts waiting for plotly.js get their turn
                     "--virtual-time-budget=60000",
                     "--dump-dom", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
                 })
            start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            var dom = await output;
            if (process.ExitCode != 0 || dom.Length == 0)
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {(await error)[^Math.Min(2000, (await error).Length)..]}");
            return dom;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        }
    }

    private static string Locate()
    {
        if (Find() is { } found) return found;
        // the README's test command must work on a fresh machine: install Debian's chromium when allowed to
        var root = Environment.UserName == "root";
        if (File.Exists("/usr/bin/apt-get") && (root || File.Exists("/usr/bin/sudo")))
        {
            var sudo = root ? "" : "sudo -n ";
            Shell($"{sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive {sudo}apt-get install -y -qq --no-install-recommends chromium");
            if (Find() is { } installed) return installed;
        }
        throw new InvalidOperationException(
            "headless Chromium is needed to check that charts draw. Install Debian's package (sudo apt-get install chromium) or set MLOPS_CHROMIUM to a Chromium or Chrome executable.");
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("MLOPS_CHROMIUM") is { Length: > 0 } configured && File.Exists(configured)) return configured;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => path.Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    private static void Shell(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) process.Kill(entireProcessTree: true);
        if (process.ExitCode != 0) Console.Error.WriteLine($"installing chromium failed: {error.Result}");
    }

    [GeneratedRegex("<div id=\"(?<id>[^\"]+)\" class=\"mlops-chart( wide)?\"")]
    private static partial Regex ChartDiv();
}
