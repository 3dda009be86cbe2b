using System.CommandLine;
using System.Text.Json;

namespace Mlops.Cli.Commands;

/// <summary>What every store verb does around its work: open the store, and print text or (with --json) JSON.</summary>
internal static class CommandOutput
{
    /// <summary>Prints <paramref name="value"/> as JSON when --json was given, else with <paramref name="text"/>.</summary>
    public static void Print<T>(ParseResult parse, T value, Action<T> text)
    {
        if (parse.GetValue<bool>("--json")) Console.WriteLine(JsonSerializer.Serialize(value, StoreCommands.Json));
        else text(value);
    }

    /// <summary>Runs <paramref name="action"/> on the store the --store option names (exit code 0); a location with no store is refused.</summary>
    public static int Use(ParseResult parse, Option<string?> store, Action<MlopsClient> action)
    {
        using var client = MlopsClient.OpenExisting(parse.GetValue(store));
        action(client);
        return 0;
    }

    /// <summary>Runs a verb that writes new content (a dataset commit), creating the store on first use.</summary>
    public static int UseOrCreate(ParseResult parse, Option<string?> store, Action<MlopsClient> action)
    {
        using var client = MlopsClient.Open(parse.GetValue(store));
        action(client);
        return 0;
    }
}
