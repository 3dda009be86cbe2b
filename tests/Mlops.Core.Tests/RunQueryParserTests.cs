namespace Mlops.Core.Tests;

public class RunQueryParserTests
{
    [Fact]
    public void The_example_from_the_docs_parses_to_the_expected_tree()
    {
        var node = RunQueryParser.ParseFilter("metrics.auc > 0.9 and (params.trainer in ('sdca','lbfgs') or tags.stage = 'prod')");
        var and = Assert.IsType<AndNode>(node);
        Assert.Equal(new CompareNode(new RunField(RunFieldKind.Metric, "auc"), CompareOp.Greater, 0.9), and.Left);
        var or = Assert.IsType<OrNode>(and.Right);
        var @in = Assert.IsType<InNode>(or.Left);
        Assert.Equal((new RunField(RunFieldKind.Param, "trainer"), false), (@in.Field, @in.Negated));
        Assert.Equal(["sdca", "lbfgs"], @in.Values);
        Assert.Equal(new CompareNode(new RunField(RunFieldKind.Tag, "stage"), CompareOp.Equal, "prod"), or.Right);
    }

    [Theory]
    [InlineData("not status = 'failed'", "NotNode")]
    [InlineData("name like 'sdca-%'", "LikeNode")]
    [InlineData("name like 'sdca-%' and duration >= 60", "AndNode")]
    [InlineData("params.lr is not null", "IsNullNode")]
    [InlineData("tags.owner not in ('bob')", "InNode")]
    [InlineData("metrics.val.loss <= 1e-3", "CompareNode")]
    [InlineData("params.`learning rate` != '0.1'", "CompareNode")]
    [InlineData("METRICS.auc > -2 OR Experiment = 'x'", "OrNode")]
    [InlineData("start_time >= '2026-11-01'", "CompareNode")]
    public void Valid_filters_parse(string text, string rootType) => Assert.Equal(rootType, RunQueryParser.ParseFilter(text).GetType().Name);

    [Fact]
    public void Precedence_is_not_then_and_then_or()
    {
        var node = RunQueryParser.ParseFilter("name = 'a' or name = 'b' and not status = 'failed'");
        var or = Assert.IsType<OrNode>(node);
        var and = Assert.IsType<AndNode>(or.Right);
        Assert.IsType<NotNode>(and.Right);
    }

    [Theory]
    [InlineData("metrics.auc > and x", 14, "expected a value")]
    [InlineData("metrics.auc >", 13, "expected a value")]
    [InlineData("metric auc > 1", 7, "expected '.' and a key after 'metric'")]
    [InlineData("colour = 'red'", 0, "unknown field 'colour'")]
    [InlineData("(name = 'a'", 11, "expected ')' to close the '('")]
    [InlineData("name = 'a' xor name = 'b'", 11, "expected 'and', 'or' or the end")]
    [InlineData("name = 'unclosed", 7, "is never closed")]
    [InlineData("name ! 'a'", 5, "'!' must be followed by '='")]
    [InlineData("params.x = '1'; drop table runs; --'", 14, "unexpected ';'")]
    [InlineData("params.lr between 1 and 2", 10, "expected a comparison after params.lr")]
    [InlineData("name is 5", 8, "expected 'null' after 'is'")]
    [InlineData("", 0, "the filter is empty")]
    public void Mistakes_are_shown_with_a_caret_at_their_position(string text, int position, string expected)
    {
        var e = Assert.Throws<MlopsException>(() => RunQueryParser.ParseFilter(text));
        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message);
        var lines = e.Message.Split('\n');
        Assert.Equal("  " + text, lines[1]);
        Assert.Equal(new string(' ', 2 + position) + "^", lines[2]);
    }

    [Fact]
    public void Sort_keys_parse_with_directions()
    {
        var keys = RunQueryParser.ParseOrder("metrics.auc desc, params.lr, start_time ASC");
        Assert.Equal([("metrics.auc", true), ("params.lr", false), ("start_time", false)], keys.Select(k => (k.Field.ToString(), k.Descending)));
        Assert.Contains("expected ','", Assert.Throws<MlopsException>(() => RunQueryParser.ParseOrder("metrics.auc down")).Message);
    }
}

public class ComparisonParamTests
{
    private static RunDetails Run(double auc, params (string Key, string Value)[] parameters) =>
        new(new RunInfo(RunId.New(), "Default", "r", RunStatus.Finished, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null),
            parameters.ToDictionary(p => p.Key, p => p.Value), new Dictionary<string, string>(),
            [new MetricSummary("auc", auc, 0, auc, auc, 1, DateTimeOffset.UnixEpoch)], [], null, []);

    private static RunComparison Of(IReadOnlyList<string>? chosen, params RunDetails[] runs) =>
        new(runs, "auc", MetricAggregate.Last, false, false, new Dictionary<string, IReadOnlyDictionary<RunId, IReadOnlyList<MetricPoint>>>(), chosen);

    [Fact]
    public void Charted_params_vary_are_set_in_every_run_and_come_most_related_first_at_most_six()
    {
        // lr drives auc, trainer partly, noise not at all; each trainer's options are set only in its own runs
        var runs = Enumerable.Range(0, 6).Select(i => Run(0.5 + i * 0.05,
            [("lr", (0.01 * (i + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("trainer", i < 3 ? "sdca" : "lbfgs"), ("noise", (i % 2).ToString()),
             ("seed", "1"), .. (i < 3 ? new[] { ("trainer.l1", "0.1") } : [("trainer.history", "20")]),
             .. Enumerable.Range(0, 6).Select(j => ($"extra{j}", ((i + j) % 3).ToString()))])).ToArray();

        var (charted, leftOut) = Of(null, runs).ParamSelection();

        Assert.Equal(RunComparison.MaxChartedParams, charted.Count);
        Assert.Equal(["lr", "trainer"], charted.Take(2));
        Assert.DoesNotContain("seed", charted.Concat(leftOut));   // the same everywhere: nothing to compare
        Assert.Contains("trainer.l1", leftOut);                    // not set in every run
        Assert.Contains("trainer.history", leftOut);
    }

    [Fact]
    public void Chosen_params_are_charted_as_given()
    {
        var runs = new[] { Run(0.5, ("a", "1"), ("b", "x")), Run(0.6, ("a", "2"), ("b", "y")) };
        Assert.Equal(["b"], Of(["b"], runs).ParamSelection().Charted);
        Assert.Equal(["a"], Of(["b"], runs).ParamSelection().LeftOut);
    }
}
