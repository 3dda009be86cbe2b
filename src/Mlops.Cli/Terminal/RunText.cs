namespace Mlops.Cli.Terminal;

/// <summary>Runs as plain text: a list as a table, one run as sections.</summary>
internal static class RunText
{
    /// <summary>Runs with their metrics, then their params (those that differ between the runs first), as many as fit.</summary>
    public static void List(TextWriter output, RunList runs, int? width = null)
    {
        if (runs.Count == 0)
        {
            output.WriteLine("No runs match.");
            return;
        }
        var metrics = runs.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var parameters = runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal)
            .OrderBy(k => runs.Select(r => r.Params.GetValueOrDefault(k)).Distinct().Count() > 1 ? 0 : 1).ToList();
        var left = TextTable.Write(output, ["run", "name", "experiment", "status", "started", "duration", .. metrics, .. parameters.Select(p => $"params.{p}")],
            runs.Select(r => (IReadOnlyList<string>)
            [
                r.Info.Id.Short, r.Info.Name, r.Info.Experiment, r.Info.Status.ToText(), Text.Time(r.Info.StartTime), Text.Duration(r.Info.Duration),
                .. metrics.Select(k => r.Metrics.TryGetValue(k, out var v) ? Text.Number(v) : ""),
                .. parameters.Select(k => r.Params.GetValueOrDefault(k) ?? ""),
            ]),
            Enumerable.Range(5, metrics.Count + 1).ToHashSet(), width ?? TextTable.Width, keep: 2);
        LeftOut(output, left, "columns", "mlops runs show <run> for one run's params and metrics, --json for all of them");
    }

    /// <summary>Says which columns were left out to fit the width, and how to see them.</summary>
    public static void LeftOut(TextWriter output, IReadOnlyList<string> left, string what, string how)
    {
        if (left.Count == 0) return;
        var names = string.Join(", ", left.Take(6)) + (left.Count > 6 ? $" and {left.Count - 6} more" : "");
        output.WriteLine($"({left.Count} {what} left out to fit {TextTable.Width} characters: {names}; {how})");
    }

    public static void Card(TextWriter output, RunDetails run)
    {
        var info = run.Info;
        output.WriteLine($"{info.Name}  [{info.Status.ToText()}]  {info.Id}");
        output.WriteLine($"experiment {info.Experiment}, started {Text.Time(info.StartTime)}" + (info.EndTime is null ? "" : $", took {Text.Duration(info.Duration)}"));
        if (info.ParentId is { } parent) output.WriteLine($"parent {parent}");
        if (info.StatusReason is { } reason) output.WriteLine($"reason: {reason}");
        if (info.Note is { } note) output.WriteLine($"note: {note}");
        Section(output, "params", run.Params.Count, () => TextTable.Write(output, ["key", "value"], run.Params.Select(p => (IReadOnlyList<string>)[p.Key, p.Value])));
        Section(output, "metrics", run.Metrics.Count, () => TextTable.Write(output, ["key", "latest", "step", "min", "max", "points"],
            run.Metrics.Select(m => (IReadOnlyList<string>)[m.Key, Text.Number(m.Latest), m.LatestStep.ToString(), Text.Number(m.Min), Text.Number(m.Max), m.Count.ToString()]),
            new HashSet<int> { 1, 2, 3, 4, 5 }));
        Section(output, "tags", run.Tags.Count, () => TextTable.Write(output, ["key", "value"], run.Tags.Select(t => (IReadOnlyList<string>)[t.Key, t.Value])));
        Section(output, "dataset versions used", run.Inputs.Count, () => TextTable.Write(output, ["dataset", "digest", "how", "when"],
            run.Inputs.Select(i => (IReadOnlyList<string>)[$"{i.Dataset}@{i.Version}", i.Digest[..12], i.Use == DatasetUse.Committed ? "committed" : "loaded", Text.Time(i.At)])));
        Section(output, "artifacts", run.Artifacts.Count, () => TextTable.Write(output, ["name", "bytes", "sha256"],
            run.Artifacts.Select(a => (IReadOnlyList<string>)[a.Name, a.Size.ToString("N0"), a.Digest]), new HashSet<int> { 1 }));
        Section(output, "child runs", run.Children.Count, () => TextTable.Write(output, ["run", "name", "status"],
            run.Children.Select(c => (IReadOnlyList<string>)[c.Id.Short, c.Name, c.Status.ToText()])));
        if (run.Environment is { } env)
            Section(output, "environment", 1, () =>
            {
                output.WriteLine($"{env.OperatingSystem}; {env.Runtime} ({env.ProcessArchitecture}); {env.User}@{env.Machine}");
                output.WriteLine(env.GitCommit is null ? "git: not in a repository" : $"git: {env.GitCommit}{(env.GitDirty == true ? " (dirty)" : "")}{(env.GitBranch is { } b ? $" on {b}" : "")}");
                foreach (var (name, version) in env.Assemblies) output.WriteLine($"{name} {version}");
            });
    }

    /// <summary>Runs as columns headed by their short ids (named in a legend), in as many blocks as the width needs.</summary>
    public static void Compare(TextWriter output, RunComparison comparison, int? width = null)
    {
        var fields = comparison.ParamKeys.Select(k => ($"params.{k}", (Func<RunDetails, string>)(r => r.Params.GetValueOrDefault(k) ?? "")))
            .Concat(comparison.MetricKeys.Select(k => ($"metrics.{k}", (Func<RunDetails, string>)(r => comparison.Value(r, k) is { } v ? Text.Number(v) : ""))))
            .Where(f => !comparison.DiffOnly || comparison.Runs.Select(f.Item2).Distinct().Count() > 1)
            .ToList();
        output.WriteLine($"{comparison.Runs.Count} runs" + (comparison.Metric is { } m ? $", focus on {m} ({comparison.Aggregate.ToString().ToLowerInvariant()})" : ""));
        foreach (var run in comparison.Runs) output.WriteLine($"  {run.Info.Id.Short} = {run.Info.Name}");
        var remaining = comparison.Runs.ToList();
        while (remaining.Count > 0)
        {
            var left = TextTable.Write(output, remaining.Select(r => r.Info.Id.Short).Prepend("").ToList(),
                fields.Select(f => (IReadOnlyList<string>)remaining.Select(f.Item2).Prepend(f.Item1).ToList()), width: width ?? TextTable.Width, keep: 2);
            remaining = remaining.Where(r => left.Contains(r.Info.Id.Short)).ToList();
            if (remaining.Count > 0) output.WriteLine();
        }
    }

    private static void Section(TextWriter output, string title, int count, Action write)
    {
        if (count == 0) return;
        output.WriteLine();
        output.WriteLine(title.ToUpperInvariant());
        write();
    }
}
