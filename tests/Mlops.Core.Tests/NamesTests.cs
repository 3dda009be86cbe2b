namespace Mlops.Core.Tests;

public class NamesTests
{
    [Theory]
    [InlineData("loss")]
    [InlineData("val/loss")]
    [InlineData("_private.metric-2:x")]
    [InlineData("9lives")]
    public void Valid_keys_pass(string key) => Assert.Equal(key, Names.Key(key, "metric"));

    [Theory]
    [InlineData("")]
    [InlineData("val loss")]
    [InlineData("-flag")]
    [InlineData("/abs")]
    [InlineData("a;b")]
    [InlineData("ünïcode")]
    public void Invalid_keys_name_the_rule(string key)
    {
        var e = Assert.Throws<MlopsException>(() => Names.Key(key, "metric"));
        Assert.Contains(Names.KeyRule, e.Message);
    }

    [Fact]
    public void Keys_longer_than_250_characters_are_refused()
    {
        Assert.True(Names.IsValidKey(new string('a', 250)));
        Assert.False(Names.IsValidKey(new string('a', 251)));
    }

    [Fact]
    public void Names_are_trimmed_and_may_hold_spaces_but_not_control_characters()
    {
        Assert.Equal("my run 1", Names.Name("  my run 1 ", "run name"));
        Assert.Throws<MlopsException>(() => Names.Name("   ", "run name"));
        Assert.Throws<MlopsException>(() => Names.Name("a\u0000b", "run name"));
        Assert.Throws<MlopsException>(() => Names.Name(new string('x', 251), "run name"));
    }

    [Fact]
    public void Run_ids_are_32_hex_digits_and_statuses_have_four_names()
    {
        var id = RunId.New();
        Assert.Equal(id, RunId.Parse(id.Value.ToUpperInvariant()));
        Assert.Equal(8, id.Short.Length);
        Assert.False(RunId.TryParse("xyz", out _));
        Assert.Contains("32 hex digits", Assert.Throws<MlopsException>(() => RunId.Parse("123")).Message);
        Assert.Equal(RunStatus.Killed, RunStatusText.Parse(" KILLED "));
        Assert.Equal("finished", RunStatus.Finished.ToText());
    }
}

public class WordingTests
{
    [Theory]
    [InlineData(new[] { 1 }, "its only version is 1")]
    [InlineData(new[] { 2, 1 }, "its versions are 1 to 2")]
    [InlineData(new[] { 5, 1, 2 }, "its versions are 1, 2 and 5")]
    public void Version_lists_read_as_sentences(int[] numbers, string expected) => Assert.Equal(expected, Wording.Versions(numbers));

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.0425, "0.043")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.00024, "2.4e-4")]
    [InlineData(3.1e-12, "3.1e-12")]
    [InlineData(0.0, "0")]
    public void P_values_never_read_as_1e0(double p, string expected) => Assert.Equal(expected, Wording.PValue(p));
}
