namespace Mlops.DuckDb;

public sealed partial class DuckDbStore
{
    /// <inheritdoc/>
    public ArtifactInfo AddArtifact(RunId id, string name, string sourceFile, DateTimeOffset at)
    {
        if (GetRun(id) is null) throw new MlopsException(MlopsErrorKind.NotFound, $"run {id} does not exist.");
        // bytes first, then the record: a failure in between leaves only an unreferenced blob, never a dangling record
        var (digest, size) = PutBytes(sourceFile);
        return Use(c => c.InTransaction(() =>
        {
            var existing = c.Query("SELECT digest, size_bytes, created_at FROM artifacts WHERE run_id = $1 AND name = $2",
                r => new ArtifactInfo(name, r.GetString(0), r.GetInt64(1), r.Utc(2)), id, name).FirstOrDefault();
            if (existing is not null && existing.Digest == digest) return existing;
            if (existing is not null)
                throw new MlopsException(MlopsErrorKind.AlreadyExists,
                    $"run {id.Short} already has an artifact '{name}' with other bytes (sha256 {existing.Digest[..12]}...); artifacts do not change. Log it under another name.");
            c.Execute("INSERT INTO artifacts VALUES ($1, $2, $3, $4, $5)", id, name, digest, size, at);
            // a garbage collection between storing the bytes and this record found them unreferenced: store them again
            if (!_artifacts.Has(digest)) PutBytes(sourceFile);
            return new ArtifactInfo(name, digest, size, at);
        }));
    }

    /// <inheritdoc/>
    public Stream OpenArtifact(RunId id, string name)
    {
        var digest = Use(c => c.Scalar<string>("SELECT digest FROM artifacts WHERE run_id = $1 AND name = $2", id, name));
        if (digest is null)
        {
            var known = Use(c => c.Query("SELECT name FROM artifacts WHERE run_id = $1 ORDER BY name", r => r.GetString(0), id));
            throw new MlopsException(MlopsErrorKind.NotFound,
                $"run {id.Short} has no artifact '{name}'. It has: {(known.Count == 0 ? "no artifacts" : string.Join(", ", known))}.");
        }
        return _artifacts.OpenVerified(digest, $"artifact '{name}' of run {id.Short}");
    }

    private (string Digest, long Size) PutBytes(string sourceFile)
    {
        try
        {
            return _artifacts.Put(sourceFile);
        }
        catch (FileNotFoundException)
        {
            throw new MlopsException(MlopsErrorKind.NotFound, $"artifact file '{sourceFile}' does not exist.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlopsException(MlopsErrorKind.StoreUnavailable, $"artifact file '{sourceFile}' could not be copied into {_artifacts.Root}: {e.Message}", e);
        }
    }
}
