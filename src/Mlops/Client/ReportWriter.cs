using Mlops.Charts;

namespace Mlops;

/// <summary>Writes self-contained HTML reports of a store's runs and models; the same store content gives byte-identical files.</summary>
public sealed class ReportWriter
{
    private readonly MlopsClient _client;

    internal ReportWriter(MlopsClient client) => _client = client;

    /// <summary>A run: params, metric curves and table, tags, environment, dataset versions used, artifacts, parent and children.</summary>
    public string Run(string idOrPrefix)
    {
        var run = _client.GetRun(idOrPrefix);
        return Reports.Run(run, _client.Tracking.GetCurves(run.Info.Id));
    }

    /// <summary>The runs a filter selects, compared.</summary>
    public string Comparison(string where, string? metric = null, MetricAggregate aggregate = MetricAggregate.Last, IReadOnlyList<string>? chartParams = null) =>
        Reports.Comparison(WithInputs(_client.Tracking.Compare(filter: RunFilter.Parse(where, "start_time", int.MaxValue), metric: metric, aggregate: aggregate, chartParams: chartParams)), where);

    /// <summary>A run and its reproduction: the check's rows, then the two runs compared.</summary>
    public string Reproduction(RunId original, RunId reproduction, IReadOnlyList<ReproductionRow> rows) =>
        Reports.Reproduction(WithInputs(_client.Tracking.Compare([original.Value, reproduction.Value])), original, rows);

    /// <summary>An experiment's runs, and their comparison.</summary>
    public string Experiment(string experiment)
    {
        var runs = _client.ListRuns(new RunFilter(experiment, Limit: int.MaxValue, OrderBy: RunQueryParser.ParseOrder("start_time")));
        var comparison = runs.Count >= 2 ? WithInputs(_client.Tracking.Compare(runs.Select(r => r.Info.Id.Value).ToList())) : null;
        return Reports.Experiment(experiment, runs, comparison);
    }

    /// <summary>A model version's card with the model's versions, decisions and alias timeline (<c>name</c>, <c>name/3</c>, <c>name@champion</c>).</summary>
    public string Model(string reference) => Reports.Model(_client.Models.Card(reference));

    /// <summary>
    /// Writes <paramref name="html"/> to <paramref name="path"/>, creating its folder. The file is written beside the
    /// target and moved into place, so a reader never sees half a report and a failed write leaves the old one.
    /// </summary>
    public static string Write(string html, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            File.WriteAllText(partial, html);
            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        return full;
    }

    private RunComparison WithInputs(RunComparison comparison) =>
        comparison with { Runs = comparison.Runs.Select(r => r with { Inputs = _client.Datasets.Service.InputsOf(r.Info.Id) }).ToList() };
}
