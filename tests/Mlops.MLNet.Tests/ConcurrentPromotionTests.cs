namespace Mlops.MLNet.Tests;

public sealed class ConcurrentPromotionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("folder")]
    [InlineData("postgres")]
    public async Task Two_processes_promoting_to_one_alias_at_once_one_wins_the_other_gets_a_conflict_and_both_are_in_the_history(string engine)
    {
        var store = engine == "postgres" ? PostgresServer.Shared.NewDatabase("race") : _folder.Path;
        using (var client = MlopsClient.Open(store))
        {
            ChurnModels.Register(client, "race", "a", "b", "b");
        }

        var go = Path.Combine(_folder.Path, "go");
        using var two = Worker.Start("promote", store, "race", "2", "champion", "holdout@1", go);
        using var three = Worker.Start("promote", store, "race", "3", "champion", "holdout@1", go);
        // both have read the holder (version 1) and scored before either moves the alias
        await Worker.WaitForLineAsync(two, "scored");
        await Worker.WaitForLineAsync(three, "scored");
        File.WriteAllText(go, "");
        var outputs = await Task.WhenAll(two.StandardOutput.ReadToEndAsync(), three.StandardOutput.ReadToEndAsync());
        await Task.WhenAll(two.WaitForExitAsync(), three.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal([0, 3], new[] { two.ExitCode, three.ExitCode }.Order());
        var winner = two.ExitCode == 0 ? 2 : 3;
        var loser = outputs[two.ExitCode == 0 ? 1 : 0];
        Assert.Contains($"race@champion moved while this promotion was scoring: it was version 1 and is now version {winner}", loser);

        using var after = MlopsClient.Open(store);
        Assert.Equal(winner, after.Models.Resolve("race@champion").Version);
        var decisions = after.Models.History("race").Decisions;
        Assert.Equal([DecisionOutcome.AliasSet, DecisionOutcome.Passed, DecisionOutcome.Conflict], decisions.Select(d => d.Outcome));
        Assert.Equal(winner, decisions[1].Candidate);
        Assert.Equal(5 - winner, decisions[2].Candidate);
        Assert.All(decisions.Skip(1), d => Assert.Equal((int?)1, d.Incumbent));
        Assert.NotEmpty(decisions[2].CandidateMetrics);
    }

    public void Dispose() => _folder.Dispose();
}
