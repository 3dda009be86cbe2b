namespace Mlops.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc/>
    public Experiment EnsureExperiment(Experiment candidate) => _db.Use(c =>
    {
        c.Execute("INSERT INTO experiments (experiment_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", candidate.Id, candidate.Name, candidate.CreatedAt);
        return FindExperiment(candidate.Name)!;
    });

    /// <inheritdoc/>
    public Experiment? FindExperiment(string name) => _db.Use(c =>
        c.Query("SELECT experiment_id, name, created_at, deleted_at FROM experiments WHERE name = $1", ReadExperiment, name).FirstOrDefault());

    /// <inheritdoc/>
    public IReadOnlyList<ExperimentSummary> ListExperiments(bool includeDeleted = false) => _db.Use(c => c.Query($"""
        SELECT e.experiment_id, e.name, e.created_at, e.deleted_at, count(r.run_id) FILTER (WHERE r.deleted_at IS NULL),
               count(r.run_id) FILTER (WHERE r.status = 'running' AND r.deleted_at IS NULL), max(r.start_time) FILTER (WHERE r.deleted_at IS NULL)
        FROM experiments e LEFT JOIN runs r USING (experiment_id)
        {(includeDeleted ? "" : "WHERE e.deleted_at IS NULL")}
        GROUP BY e.experiment_id, e.name, e.created_at, e.deleted_at ORDER BY e.name COLLATE "C"
        """, r => new ExperimentSummary(ReadExperiment(r), r.GetInt64(4), r.GetInt64(5), r.NullableUtc(6))));

    private static Experiment ReadExperiment(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.Utc(2)) { DeletedAt = r.NullableUtc(3) };
}
