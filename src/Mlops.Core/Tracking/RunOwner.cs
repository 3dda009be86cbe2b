namespace Mlops;

/// <summary>The process that holds a running run in memory; used to find runs whose process died.</summary>
public sealed record RunOwner(string Host, int ProcessId, DateTimeOffset ProcessStart);
