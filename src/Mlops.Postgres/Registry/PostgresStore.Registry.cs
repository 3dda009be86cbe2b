using System.Data.Common;
using System.Text.Json;
using Npgsql;

namespace Mlops.Postgres;

public sealed partial class PostgresStore : IModelRegistry
{
    private const string VersionColumns = """
        m.name, v.version, v.run_id, v.artifact, v.digest, v.size_bytes, v.signature, v.metrics, v.params, v.inputs,
        v.description, v.created_by, v.created_at, a.aliases, v.deleted_at
        """;

        private const string VersionsFrom = """
        model_versions v JOIN models m USING (model_id)
        LEFT JOIN (SELECT model_id, version, array_agg(alias ORDER BY alias COLLATE "C") AS aliases FROM model_aliases GROUP BY model_id, version) a
               ON a.model_id = v.model_id AND a.version = v.version
        """;

    private const string DecisionColumns = """
        d.decision_id, m.name, d.alias, d.outcome, d.candidate, d.incumbent, d.dataset, d.dataset_version, d.dataset_digest,
        d.gate, d.terms, d.candidate_metrics, d.incumbent_metrics, d.reason, d.decided_by_role || ' (' || d.decided_by || ')', d.decided_at
        """;

    /// <inheritdoc/>
    public ModelVersion RegisterVersion(ModelVersion version) => _db.Use(c => c.InTransaction(() =>
    {
        // the model's row is locked: versions registered at once from several processes get consecutive numbers
        c.Execute("INSERT INTO models (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", version.Model, version.CreatedAt);
        var modelId = c.Scalar<int>("SELECT model_id FROM models WHERE name = $1 FOR UPDATE", version.Model);
        var number = c.Scalar<int>("SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE model_id = $1", modelId);
        c.Execute("INSERT INTO model_versions (model_id, version, run_id, artifact, digest, size_bytes, signature, metrics, params, inputs, description, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            modelId, number, version.Run.Value, version.Artifact, version.Digest, version.Size,
            JsonSerializer.Serialize(version.Signature, PgJson.Default.ModelSignature),
            JsonSerializer.Serialize(version.Metrics.ToDictionary(), PgJson.Default.DictionaryStringDouble),
            JsonSerializer.Serialize(version.Params.ToDictionary(), PgJson.Default.DictionaryStringString),
            JsonSerializer.Serialize(version.Inputs.ToArray(), PgJson.Default.RunInputArray),
            version.Description, version.CreatedBy, version.CreatedAt);
        return version with { Version = number, Aliases = [] };
    }));

    /// <inheritdoc/>
    public IReadOnlyList<ModelSummary> ListModels() => _db.Use(c => Summaries(c, null));

    /// <inheritdoc/>
    public ModelSummary? GetModel(string name) => _db.Use(c => Summaries(c, name).SingleOrDefault());

    /// <inheritdoc/>
    public IReadOnlyList<ModelVersion> GetModelVersions(string model) => _db.Use(c => c.Query(
        $"SELECT {VersionColumns} FROM {VersionsFrom} WHERE m.name = $1 ORDER BY v.version DESC",
        ReadVersion, model));

    /// <inheritdoc/>
    public int? GetModelAlias(string model, string alias) => _db.Use(c => c.Scalar<int?>(
        "SELECT a.version FROM model_aliases a JOIN models m USING (model_id) WHERE m.name = $1 AND a.alias = $2", model, alias));

    /// <inheritdoc/>
    public (bool Moved, int? Holder, PromotionDecision Recorded) MoveAlias(PromotionDecision decision, int? expected) => _db.Use(c => c.InTransaction(() =>
    {
        var modelId = ModelId(c, decision.Model);
        // compare-and-set in one statement: an update of the expected holder, or an insert when the alias was unset;
        // nothing changed means another promotion moved it first (PostgreSQL re-checks the expected holder after
        // waiting for a racing update, and a racing insert of an unset alias does nothing)
        var moved = expected is { } holder
            ? c.Execute("UPDATE model_aliases SET version = $3, updated_at = $4 WHERE model_id = $1 AND alias = $2 AND version = $5",
                modelId, decision.Alias, decision.Candidate, decision.At, holder)
            : c.Execute("INSERT INTO model_aliases VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", modelId, decision.Alias, decision.Candidate, decision.At);
        if (moved == 1) return (true, (int?)decision.Candidate, Append(c, modelId, decision));
        var now = c.Scalar<int?>("SELECT version FROM model_aliases WHERE model_id = $1 AND alias = $2", modelId, decision.Alias);
        return (false, now, Append(c, modelId, decision with { Outcome = DecisionOutcome.Conflict }));
    }));

    /// <inheritdoc/>
    public PromotionDecision AppendDecision(PromotionDecision decision) => _db.Use(c => c.InTransaction(() => Append(c, ModelId(c, decision.Model), decision)));

    /// <inheritdoc/>
    public Stream OpenModel(ModelVersion version) => _blobs.OpenVerified(version.Digest, $"model {version.Reference} ({version.Artifact} of run {version.Run.Short})");

    /// <inheritdoc/>
    public IReadOnlyList<PromotionDecision> GetDecisions(string model) => _db.Use(c => c.Query(
        $"SELECT {DecisionColumns} FROM model_decisions d JOIN models m USING (model_id) WHERE m.name = $1 ORDER BY d.decision_id",
        ReadDecision, model));

    private static List<ModelSummary> Summaries(NpgsqlConnection c, string? name) => c.Query($"""
        SELECT m.name, count(v.version), max(v.version), m.created_at, max(v.created_at),
               (SELECT array_agg(a.alias || '=' || a.version ORDER BY a.alias COLLATE "C") FROM model_aliases a WHERE a.model_id = m.model_id),
               (SELECT v2.signature FROM model_versions v2 WHERE v2.model_id = m.model_id ORDER BY v2.version DESC LIMIT 1)
        FROM models m LEFT JOIN model_versions v USING (model_id)
        {(name is null ? "" : "WHERE m.name = $1")}
        GROUP BY m.model_id, m.name, m.created_at
        ORDER BY m.name COLLATE "C"
        """, r =>
    {
        var aliases = r.IsDBNull(5) ? [] : r.GetFieldValue<string[]>(5).Select(a => a.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1]));
        var task = r.IsDBNull(6) ? ModelTask.Unknown : JsonSerializer.Deserialize(r.GetString(6), PgJson.Default.ModelSignature)!.Task;
        return new ModelSummary(r.GetString(0), (int)r.GetInt64(1), r.IsDBNull(2) ? 0 : r.GetInt32(2), aliases, task, r.Utc(3), r.IsDBNull(4) ? r.Utc(3) : r.Utc(4));
    }, name is null ? [] : [name]);

    private static int ModelId(NpgsqlConnection c, string model) =>
        c.Scalar<int?>("SELECT model_id FROM models WHERE name = $1", model) ?? throw new MlopsException(MlopsErrorKind.NotFound, $"model '{model}' does not exist.");

    private static PromotionDecision Append(NpgsqlConnection c, int modelId, PromotionDecision d)
    {
        var (id, role) = c.Query("""
            INSERT INTO model_decisions (model_id, alias, outcome, candidate, incumbent, dataset, dataset_version, dataset_digest, gate,
                                         terms, candidate_metrics, incumbent_metrics, reason, decided_by, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING decision_id, decided_by_role
            """, r => (r.GetInt64(0), r.GetString(1)), modelId, d.Alias, d.Outcome.ToString(), d.Candidate, d.Incumbent, d.Dataset, d.DatasetVersion, d.DatasetDigest, d.Gate,
            JsonSerializer.Serialize(d.Terms.ToArray(), PgJson.Default.GateTermResultArray),
            JsonSerializer.Serialize(d.CandidateMetrics.ToDictionary(), PgJson.Default.DictionaryStringDouble),
            JsonSerializer.Serialize(d.IncumbentMetrics.ToDictionary(), PgJson.Default.DictionaryStringDouble),
            d.Reason, d.Who, d.At)[0];
        // who decided is the database role that made the decision (the server says it); the OS user and machine beside it
        return d with { Id = id, Who = $"{role} ({d.Who})" };
    }

    private static ModelVersion ReadVersion(DbDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), RunId.Parse(r.GetString(2)), r.GetString(3), r.GetString(4), r.GetInt64(5),
            JsonSerializer.Deserialize(r.GetString(6), PgJson.Default.ModelSignature)!,
            JsonSerializer.Deserialize(r.GetString(7), PgJson.Default.DictionaryStringDouble)!,
            JsonSerializer.Deserialize(r.GetString(8), PgJson.Default.DictionaryStringString)!,
            JsonSerializer.Deserialize(r.GetString(9), PgJson.Default.RunInputArray)!,
            r.NullableString(10), r.GetString(11), r.Utc(12))
        {
            Aliases = r.IsDBNull(13) ? [] : r.GetFieldValue<string[]>(13),
            DeletedAt = r.NullableUtc(14),
        };

    private static PromotionDecision ReadDecision(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), Enum.Parse<DecisionOutcome>(r.GetString(3)), r.GetInt32(4),
            r.IsDBNull(5) ? null : r.GetInt32(5), r.NullableString(6), r.IsDBNull(7) ? null : r.GetInt32(7), r.NullableString(8),
            r.NullableString(9), JsonSerializer.Deserialize(r.GetString(10), PgJson.Default.GateTermResultArray)!,
            JsonSerializer.Deserialize(r.GetString(11), PgJson.Default.DictionaryStringDouble)!,
            JsonSerializer.Deserialize(r.GetString(12), PgJson.Default.DictionaryStringDouble)!,
            r.NullableString(13), r.GetString(14), r.Utc(15));

    /// <inheritdoc/>
    public bool SetModelVersionDeleted(string model, int version, DateTimeOffset at) => _db.Use(c => c.Query("""
        UPDATE model_versions SET deleted_at = $3
        WHERE model_id = (SELECT model_id FROM models WHERE name = $1) AND version = $2 AND deleted_at IS NULL RETURNING version
        """, r => r.GetInt32(0), model, version, at).Count > 0);
}
