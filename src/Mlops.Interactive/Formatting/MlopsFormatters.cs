using Microsoft.DotNet.Interactive.Formatting;
using Mlops.Charts;

namespace Mlops.Interactive;

/// <summary>
/// How Mlops values display when a cell returns them (<c>MLOps.ListRuns()</c>, <c>MLOps.GetRun()</c>, ...). Formatter
/// registrations are process-global and wiped by <c>Formatter.ResetToDefault()</c>, so they are made on every load.
/// </summary>
internal static class MlopsFormatters
{
    private const string HtmlMime = "text/html";

    public static void Register()
    {
        Formatter.Register<RunDetails>(run => RunViews.Card(run), HtmlMime);
        Formatter.Register<RunList>(runs => RunViews.Table(runs), HtmlMime);
        Formatter.Register<StoreStatus>(status => StoreViews.Status(status, MLOps.Experiment, MLOps.ActiveRun?.Info), HtmlMime);
        Formatter.Register<ActiveRun>(run => RunViews.Card(MLOps.Client.GetRun(run.Id.Value)), HtmlMime);
        Formatter.Register<IReadOnlyList<ExperimentSummary>>(list => StoreViews.Experiments(list, MLOps.Experiment), HtmlMime);
        Formatter.Register<RunComparison>(comparison => ComparisonView.Render(comparison, Charts.Context()), HtmlMime);
        Formatter.Register<DatasetDiff>(diff => DatasetDiffView.Render(diff, Charts.Context()), HtmlMime);
        Formatter.Register<DatasetProfile>(profile => DatasetStatisticsViews.Profile(profile, Charts.Context()), HtmlMime);
        Formatter.Register<DatasetDrift>(drift => DatasetStatisticsViews.Drift(drift, Charts.Context()), HtmlMime);
        Formatter.Register<IReadOnlyList<ModelSummary>>(models => ModelViews.List(models), HtmlMime);
        Formatter.Register<ModelVersion>(version => ModelViews.Registered(version), HtmlMime);
        Formatter.Register<ModelCard>(card => ModelViews.Card(card, Charts.Context()), HtmlMime);
        Formatter.Register<ModelDetails>(model => ModelViews.History(model, Charts.Context()), HtmlMime);
        Formatter.Register<PromotionResult>(result => PromotionView.Render(result), HtmlMime);
        Formatter.Register<Mlops.MLNet.TrainedModel>(trained => ModelViews.Fitted(trained.Summary, Charts.Context()), HtmlMime);
        Formatter.Register<FitSummary>(fit => ModelViews.Fitted(fit, Charts.Context()), HtmlMime);
        // what the C# API returns shows as the matching magic command shows it
        Formatter.Register<DatasetCommitResult>(result => DatasetViews.Committed(result), HtmlMime);
        Formatter.Register<DatasetVersion>(version => DatasetDirectives.ShowVersion(version), HtmlMime);
        Formatter.Register<IReadOnlyList<DatasetVersion>>(versions => DatasetViews.Log(versions, versions.Count == 0 ? [] : MLOps.Datasets.Service.Key(versions[0].Dataset)), HtmlMime);
        Formatter.Register<IReadOnlyList<DatasetSummary>>(datasets => DatasetViews.List(datasets), HtmlMime);
        Formatter.Register<RunInfo>(info => RunViews.Card(MLOps.Client.GetRun(info.Id.Value)), HtmlMime);
        Formatter.Register<Mlops.MLNet.LoadedModel>(model => ModelViews.Card(MLOps.Models.Card(model.Version.Reference), Charts.Context()), HtmlMime);
        Formatter.Register<LiveChart>(_ => Mlops.Charts.Html.Wrap("<p class=\"muted\">The live chart shows in its own output above and redraws while the run logs.</p>"), HtmlMime);
    }
}
