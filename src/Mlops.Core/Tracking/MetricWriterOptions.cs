namespace Mlops;

/// <summary>How the metric buffer is sized and flushed. The defaults hold at most 1 Mi points (about 40 MB).</summary>
public sealed record MetricWriterOptions
{
    /// <summary>Points per chunk; a full chunk is handed to the flusher. Default 32,768.</summary>
    public int ChunkSize { get; init; } = 32_768;

    /// <summary>
    /// Chunks that may exist at once; when all are full, <c>LogMetric</c> waits for the flusher. A write takes at most
    /// half of them, so logging goes on into the other half. Default 32.
    /// </summary>
    public int MaxChunks { get; init; } = 32;

    /// <summary>A partly filled chunk is written after this long. Default 1 second.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After a failed write the flusher waits this long before trying again. Default 2 seconds.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        if (ChunkSize < 1) throw MlopsException.Invalid($"ChunkSize must be at least 1 (got {ChunkSize}).");
        if (MaxChunks < 2) throw MlopsException.Invalid($"MaxChunks must be at least 2 (got {MaxChunks}).");
        if (FlushInterval <= TimeSpan.Zero) throw MlopsException.Invalid($"FlushInterval must be positive (got {FlushInterval}).");
    }
}
