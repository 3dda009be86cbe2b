using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive;
using DisplayedValue = Microsoft.DotNet.Interactive.Formatting.DisplayedValue;
using Mlops.Charts;

namespace Mlops.Interactive;

/// <summary>Shows a long operation's progress in the cell by updating one displayed value, at most four times a second.</summary>
internal sealed class DisplayProgress(DisplayedValue display, string what) : IProgress<DatasetProgress>
{
    private readonly object _gate = new();
    private string? _stage;
    private TimeSpan _shown = TimeSpan.MinValue;

    public static DisplayProgress Start(KernelInvocationContext context, string what) =>
        new(context.Display(new HtmlString(Html.Wrap($"<p class=\"muted\">{Html.E(what)}: starting…</p>")), "text/html"), what);

    public void Report(DatasetProgress value)
    {
        lock (_gate)
        {
            if (value.Stage == _stage && value.Elapsed - _shown < TimeSpan.FromMilliseconds(250)) return;
            (_stage, _shown) = (value.Stage, value.Elapsed);
        }
        var percent = value.Percent is { } p ? $" {p:0}%" : "";
        display.Update(new HtmlString(Html.Wrap($"<p class=\"muted\">{Html.E(what)}: {Html.E(value.Stage)}{percent} ({value.Elapsed.TotalSeconds:0.0} s)</p>")));
    }

    public void Finish(string html) => display.Update(new HtmlString(html));

    /// <summary>
    /// Shows "<paramref name="what"/>: starting…" while <paramref name="work"/> runs, then the view it returns in the same
    /// place. On an Mlops error the progress line is cleared and the error fails the cell: the message shows once.
    /// </summary>
    public static Task Run(KernelInvocationContext context, string what, Func<DisplayProgress, string> work)
    {
        var progress = Start(context, what);
        try
        {
            progress.Finish(work(progress));
        }
        catch (MlopsException)
        {
            progress.Finish("");
            throw;
        }
        return Task.CompletedTask;
    }
}
