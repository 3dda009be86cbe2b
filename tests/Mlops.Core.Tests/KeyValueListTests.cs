namespace Mlops.Core.Tests;

public class KeyValueListTests
{
    [Fact]
    public void A_list_of_pairs_keeps_order_trims_and_unquotes()
    {
        var pairs = KeyValueList.Parse(" lr=0.01, trainer = sdca ,note=\"a, b\",expr=x=y", "--params");
        Assert.Equal([("lr", "0.01"), ("trainer", "sdca"), ("note", "a, b"), ("expr", "x=y")], pairs.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void A_JSON_object_gives_strings_as_they_are_and_other_values_as_JSON()
    {
        var pairs = KeyValueList.Parse("""{"lr":0.01,"note":"a, b","deep":true,"layers":[64,32]}""", "--params");
        Assert.Equal([("lr", "0.01"), ("note", "a, b"), ("deep", "true"), ("layers", "[64,32]")], pairs.Select(p => (p.Key, p.Value)));
    }

    [Theory]
    [InlineData("", "--params is empty")]
    [InlineData("lr", "'lr' is not key=value")]
    [InlineData("=5", "'=5' is not key=value")]
    [InlineData("a=1,a=2", "names 'a' more than once")]
    [InlineData("{\"a\":1", "not a valid JSON object")]
    [InlineData("{\"a\":null}", "'a' is null")]
    public void Malformed_lists_say_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<MlopsException>(() => KeyValueList.Parse(text, "--params"));
        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Numbers_accept_non_finite_values_in_any_case()
    {
        var values = KeyValueList.ParseNumbers("a=1.5e3,b=NaN,c=inf,d=-Infinity,e=-0.25", "--metrics").Select(p => p.Value).ToArray();
        Assert.Equal(1500, values[0]);
        Assert.True(double.IsNaN(values[1]));
        Assert.Equal(double.PositiveInfinity, values[2]);
        Assert.Equal(double.NegativeInfinity, values[3]);
        Assert.Equal(-0.25, values[4]);
        var e = Assert.Throws<MlopsException>(() => KeyValueList.ParseNumbers("loss=0,5", "--metrics"));
        Assert.Contains("'5' is not key=value", e.Message);
        Assert.Contains("'high', which is not a number", Assert.Throws<MlopsException>(() => KeyValueList.ParseNumbers("loss=high", "--metrics")).Message);
    }
}
