namespace Mlops;

/// <summary>
/// Where model versions, aliases and decisions live. Versions are numbered by the store; an alias move and its decision
/// are one transaction; decisions are only ever appended.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Stores <paramref name="version"/> as the model's next version (creating the model on its first) and returns it numbered.</summary>
    ModelVersion RegisterVersion(ModelVersion version);

    /// <summary>Every model, by name.</summary>
    IReadOnlyList<ModelSummary> ListModels();

    /// <summary>A model, or null.</summary>
    ModelSummary? GetModel(string name);

    /// <summary>A model's versions, newest first, each with the aliases pointing at it.</summary>
    IReadOnlyList<ModelVersion> GetModelVersions(string model);

    /// <summary>The version an alias points at, or null.</summary>
    int? GetModelAlias(string model, string alias);

    /// <summary>
    /// Points the alias at <c>decision.Candidate</c> and appends the decision, if the alias still points at
    /// <paramref name="expected"/> (null: at nothing). Otherwise appends the decision as a conflict, moves nothing and
    /// returns the version that holds the alias now.
    /// </summary>
    (bool Moved, int? Holder, PromotionDecision Recorded) MoveAlias(PromotionDecision decision, int? expected);

    /// <summary>Appends a decision that moves nothing (a failed gate).</summary>
    PromotionDecision AppendDecision(PromotionDecision decision);

    /// <summary>A version's model bytes, by the digest the version points at, checked against it.</summary>
    /// <exception cref="MlopsException">Corrupted when the bytes are missing or no longer match the digest.</exception>
    Stream OpenModel(ModelVersion version);

    /// <summary>A model's decisions, oldest first.</summary>
    IReadOnlyList<PromotionDecision> GetDecisions(string model);

    /// <summary>Marks a version deleted (hidden from resolution and lists; kept with its bytes for the decisions that name it).</summary>
    /// <returns>False when it was deleted already or does not exist.</returns>
    bool SetModelVersionDeleted(string model, int version, DateTimeOffset at);
}
