namespace Mlops.MLNet.Tests;

/// <summary>Small synthetic data sets with a known signal, generated from a seed.</summary>
public static class TrainingData
{
    public sealed record Customer(float Tenure, float Spend, float Calls, string Plan, bool Label);

    public sealed record House(float Size, float Rooms, float Age, float Label);

    public sealed record Flower(float A, float B, float C, string Label);

    /// <summary>Churn: more calls and a short tenure churn; spend matters less; plan "basic" churns more.</summary>
    public static List<Customer> Customers(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var tenure = (float)(random.NextDouble() * 60);
            var spend = (float)(random.NextDouble() * 100);
            var calls = (float)random.Next(0, 10);
            var plan = random.Next(3) switch { 0 => "basic", 1 => "plus", _ => "pro" };
            var z = 0.6 * calls - 0.08 * tenure + 0.01 * spend + (plan == "basic" ? 0.8 : 0) + Normal(random);
            return new Customer(tenure, spend, calls, plan, z > 0);
        }).ToList();
    }

    public static List<House> Houses(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var size = (float)(40 + random.NextDouble() * 160);
            var rooms = (float)random.Next(1, 7);
            var age = (float)(random.NextDouble() * 80);
            return new House(size, rooms, age, (float)(2.5 * size + 12 * rooms - 0.9 * age + 5 * Normal(random)));
        }).ToList();
    }

    public static List<Flower> Flowers(int count, int seed)
    {
        var random = new Random(seed);
        string[] names = ["setosa", "versicolor", "virginica"];
        return Enumerable.Range(0, count).Select(i =>
        {
            var k = i % 3;
            return new Flower((float)(k * 2 + Normal(random)), (float)(k - Normal(random)), (float)(3 - k + Normal(random)), names[k]);
        }).ToList();
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
