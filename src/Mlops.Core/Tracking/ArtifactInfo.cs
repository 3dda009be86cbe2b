namespace Mlops;

/// <summary>A file logged to a run: its name within the run, and the sha256 digest of its stored bytes.</summary>
public sealed record ArtifactInfo(string Name, string Digest, long Size, DateTimeOffset CreatedAt);
