using System.Reflection;

namespace Mlops.Charts;

/// <summary>
/// plotly.js 2.28.0, read from Plotly.NET's embedded resource. No Plotly.NET code runs: in the notebook host it cannot
/// (it needs FSharp.Core 10.1, the host has 10.0), and reading a resource runs none.
/// </summary>
public static class PlotlyBundle
{
    /// <summary>The plotly.js version carried.</summary>
    public const string Version = "2.28.0";

    private const string Resource = "Plotly.NET.plotly-2.28.0.min.js";

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = Assembly.Load(new AssemblyName("Plotly.NET")).GetManifestResourceStream(Resource)
                           ?? throw new InvalidOperationException($"{Resource} is missing from Plotly.NET; the Plotly.NET package version must carry plotly.js {Version}.");
        return new StreamReader(stream).ReadToEnd();
    });

    /// <summary>The minified library (3.6 MB).</summary>
    public static string JavaScript => Script.Value;

    /// <summary>
    /// A script tag defining <c>window.Plotly</c> unless it exists. plotly.js is a UMD module: where an AMD <c>define</c>
    /// exists (Jupyter's require.js) it would register an anonymous module and never set <c>window.Plotly</c>, so
    /// <c>define</c>, <c>exports</c> and <c>module</c> are shadowed while it runs.
    /// </summary>
    public static string ScriptTag() =>
        "<script type=\"text/javascript\">if (typeof window.Plotly === 'undefined') { (function (define, exports, module) {\n"
        + JavaScript + "\n}).call(window); }</script>";
}
