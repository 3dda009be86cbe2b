namespace Mlops.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc/>
    public Experiment EnsureExperiment(Experiment candidate) => _db.Use(c =>
    {
        c.Execute("INSERT INTO experiments VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", candidate.Id, candidate.Name, candidate.CreatedAt);
        return FindExperiment(candidate.Name)!;
    });

    /// <inheritdoc/>
    public Experiment? FindExperiment(string name) => _db.Use(c =>
        c.Query("SELECT experiment_id, name, created_at FROM experiments WHERE name = $1",
            r => new Experiment(r.GetString(0), r.GetString(1), r.Utc(2)), name).FirstOrDefault());

    /// <inheritdoc/>
    public IReadOnlyList<ExperimentSummary> ListExperiments() => _db.Use(c => c.Query("""
        SELECT e.experiment_id, e.name, e.created_at, count(r.run_id), count(r.run_id) FILTER (WHERE r.status = 'running'), max(r.start_time)
        FROM experiments e LEFT JOIN runs r USING (experiment_id)
        GROUP BY e.experiment_id, e.name, e.created_at ORDER BY e.name COLLATE "C"
        """, r => new ExperimentSummary(new Experiment(r.GetString(0), r.GetString(1), r.Utc(2)), r.GetInt64(3), r.GetInt64(4), r.NullableUtc(5))));
}
