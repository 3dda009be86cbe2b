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
