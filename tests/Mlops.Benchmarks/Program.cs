using Mlops.Benchmarks;

var scenarios = new Dictionary<string, Action>
{
    ["logging"] = LoggingScenario.Run,
    ["datasets"] = DatasetScenario.Run,
    ["search"] = SearchScenario.Run,
    ["promotion"] = PromotionScenario.Run,
    ["gc"] = GcScenario.Run,
    ["pg-logging"] = PgLoggingScenario.Run,
    ["pg-search"] = PgSearchScenario.Run,
    ["pg-datasets"] = PgDatasetScenario.Run,
    ["pg-promotion"] = PromotionScenario.RunOnPostgres,
};

if (args.Length != 1 || !scenarios.TryGetValue(args[0], out var scenario))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tests/Mlops.Benchmarks -- <scenario>; scenarios: {string.Join(", ", scenarios.Keys)}");
    return 2;
}
#if DEBUG
Console.Error.WriteLine("warning: a Debug build; run with -c Release for figures worth reporting");
#endif
Report.Note($"{args[0]} on {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
scenario();
return 0;
