using System.Globalization;

namespace Mlops.Core.Tests;

public class ParamValuesTests
{
    [Fact]
    public void Values_are_written_in_the_invariant_culture_whatever_the_current_one()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Assert.Equal("0.1", ParamValues.ToText(0.1, "lr"));
            Assert.Equal("0.1", ParamValues.ToText(0.1f, "lr"));
            Assert.Equal("1234.5", ParamValues.ToText(1234.5m, "x"));
            Assert.Equal("true", ParamValues.ToText(true, "shuffle"));
            Assert.Equal("Sdca", ParamValues.ToText(Trainer.Sdca, "trainer"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        Assert.Contains("is null", Assert.Throws<MlopsException>(() => ParamValues.ToText(null, "lr")).Message);
    }

    [Fact]
    public void Pairs_come_from_anonymous_objects_dictionaries_and_sequences()
    {
        Assert.Equal([("lr", "0.01"), ("epochs", "3")], ParamValues.FromObject(new { lr = 0.01, epochs = 3 }).Select(p => (p.Key, p.Value)));
        Assert.Equal([("a", "1")], ParamValues.FromObject(new Dictionary<string, int> { ["a"] = 1 }).Select(p => (p.Key, p.Value)));
        Assert.Equal([("b", "x")], ParamValues.FromObject(new[] { KeyValuePair.Create("b", (object)"x") }).Select(p => (p.Key, p.Value)));
        Assert.Contains("no public properties", Assert.Throws<MlopsException>(() => ParamValues.FromObject(new object())).Message);
    }

    private enum Trainer { Sdca }
}
