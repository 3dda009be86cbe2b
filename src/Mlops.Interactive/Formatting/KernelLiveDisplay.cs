using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive;
using Mlops.Charts;
using DisplayedValue = Microsoft.DotNet.Interactive.Formatting.DisplayedValue;

namespace Mlops.Interactive;

/// <summary>Shows live views in the running cell's output and replaces them in place.</summary>
internal sealed class KernelLiveDisplay : ILiveDisplay
{
    public ILiveOutput Show(string html)
    {
        var context = KernelInvocationContext.Current
                      ?? throw new MlopsException(MlopsErrorKind.InvalidState, "a live chart must be started from a running cell.");
        // the chart output redraws many times; plotly.js goes in an output of its own, once per session
        if (Charts.ClaimBundle()) context.Display(new HtmlString(PlotlyBundle.ScriptTag()), "text/html");
        return new Output(context.Display(new HtmlString(html), "text/html"));
    }

    private sealed class Output(DisplayedValue displayed) : ILiveOutput
    {
        public void Update(string html) => displayed.Update(new HtmlString(html));
    }
}
