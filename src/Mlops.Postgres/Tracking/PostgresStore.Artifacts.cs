namespace Mlops.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc/>
    public ArtifactInfo AddArtifact(RunId id, string name, string sourceFile, DateTimeOffset at)
    {
        if (GetRun(id) is null) throw RunMissing(id);
        if (!File.Exists(sourceFile)) throw new MlopsException(MlopsErrorKind.NotFound, $"artifact file '{sourceFile}' does not exist.");
        // bytes first, then the record: a failure in between leaves only an unreferenced blob, never a dangling record
        var (digest, size) = _blobs.Put(sourceFile);
        return _db.Use(c => c.InTransaction(() =>
        {
            // a reference is recorded under the shared blob lock: a garbage collection sweeps under the exclusive one
            c.Execute("SELECT pg_advisory_xact_lock_shared($1)", PgBlobReferences.LockKey);
            var existing = c.Query("SELECT digest, size_bytes, created_at FROM artifacts WHERE run_id = $1 AND name = $2 FOR UPDATE",
                r => new ArtifactInfo(name, r.GetString(0), r.GetInt64(1), r.Utc(2)), id, name).FirstOrDefault();
            if (existing is not null && existing.Digest == digest) return existing;
            if (existing is not null)
                throw new MlopsException(MlopsErrorKind.AlreadyExists,
                    $"run {id.Short} already has an artifact '{name}' with other bytes (sha256 {existing.Digest[..12]}...); artifacts do not change. Log it under another name.");
            c.Execute("INSERT INTO artifacts VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", id, name, digest, size, at);
            // a collection that ran between storing the bytes and this record found them unreferenced: store them again
            if (!_blobs.Has(digest)) _blobs.Put(sourceFile);
            return new ArtifactInfo(name, digest, size, new DateTimeOffset(at.UtcDateTime.AddTicks(-(at.UtcDateTime.Ticks % 10)), TimeSpan.Zero));
        }));
    }

    /// <inheritdoc/>
    public Stream OpenArtifact(RunId id, string name)
    {
        var digest = _db.Use(c => c.Scalar<string>("SELECT digest FROM artifacts WHERE run_id = $1 AND name = $2", id, name));
        if (digest is null)
        {
            var known = _db.Use(c => c.Query("SELECT name FROM artifacts WHERE run_id = $1 ORDER BY name COLLATE \"C\"", r => r.GetString(0), id));
            throw new MlopsException(MlopsErrorKind.NotFound,
                $"run {id.Short} has no artifact '{name}'. It has: {(known.Count == 0 ? "no artifacts" : string.Join(", ", known))}.");
        }
        return _blobs.OpenVerified(digest, $"artifact '{name}' of run {id.Short}");
    }
}
