namespace Mlops;

/// <summary>Memorable default run names ("brisk-otter-417"), as MLflow gives unnamed runs.</summary>
internal static class RunNames
{
    private static readonly string[] Adjectives =
        ["amber", "bold", "brisk", "calm", "clever", "crisp", "eager", "fair", "gentle", "keen", "lucid", "merry",
         "nimble", "proud", "quick", "quiet", "rapid", "sharp", "steady", "sunny", "swift", "tidy", "vivid", "witty"];

    private static readonly string[] Nouns =
        ["badger", "bison", "crane", "dolphin", "falcon", "fox", "gecko", "heron", "ibis", "koala", "lynx", "marten",
         "newt", "otter", "owl", "panda", "puffin", "quail", "raven", "seal", "swan", "tapir", "wolf", "yak"];

    public static string Next(Random random) =>
        $"{Adjectives[random.Next(Adjectives.Length)]}-{Nouns[random.Next(Nouns.Length)]}-{random.Next(100, 1000)}";
}
