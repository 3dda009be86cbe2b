using System.Diagnostics;
using System.Globalization;

namespace Mlops.Benchmarks;

/// <summary>Timing helpers and the RESULT lines every scenario prints.</summary>
internal static class Report
{
    public static void Result(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name} {value:0.###} {unit}"));

    public static void Note(string text) => Console.WriteLine($"# {text}");

    /// <summary>Runs <paramref name="body"/> <paramref name="repetitions"/> times after one unrecorded warm-up and returns the median of what it returns.</summary>
    public static double Median(int repetitions, Func<double> body)
    {
        body();
        var values = Enumerable.Range(0, repetitions).Select(_ => body()).Order().ToList();
        return values[values.Count / 2];
    }

    public static TimeSpan Time(Action body)
    {
        var clock = Stopwatch.StartNew();
        body();
        return clock.Elapsed;
    }

    public static string TempFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mlops-bench-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
