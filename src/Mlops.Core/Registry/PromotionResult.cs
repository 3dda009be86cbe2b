namespace Mlops;

/// <summary>
/// What a promotion did, with its evidence: the decision (outcome, each gate term's values), both versions, the
/// dataset version both were scored on, and both models' metrics. Displays itself in a notebook.
/// </summary>
public sealed record PromotionResult(PromotionDecision Decision, ModelVersion Candidate, ModelVersion? Incumbent, DatasetVersion? Data)
{
    /// <summary>Whether the alias now points at the candidate.</summary>
    public bool Moved => Decision.Moved;
}

/// <summary>A model version loaded for use: its record and its verified bytes.</summary>
public sealed record ModelBytes(ModelVersion Version, byte[] Bytes)
{
    /// <summary>A stream over the bytes.</summary>
    public Stream Open() => new MemoryStream(Bytes, writable: false);
}
