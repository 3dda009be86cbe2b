namespace Mlops.DuckDb.Tests;

public class KolmogorovTests
{
    [Fact]
    public void The_kolmogorov_p_value_follows_the_asymptotic_distribution()
    {
        Assert.Equal(1.0, DatasetDrifter.KolmogorovPValue(0.001, 1000, 1000));
        Assert.InRange(DatasetDrifter.KolmogorovPValue(0.0607, 1000, 1000), 0.04, 0.06);   // the 5% critical value for n = m = 1000
        Assert.True(DatasetDrifter.KolmogorovPValue(0.2, 1000, 1000) < 1e-15);
    }
}
