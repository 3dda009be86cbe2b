namespace Mlops.Postgres;

/// <summary>
/// Artifact bytes in a folder the team shares (<c>?artifacts=/mnt/team/mlops-artifacts</c>), laid out as a folder
/// store's artifacts are (<see cref="ContentFolder"/>); the database keeps only the records.
/// </summary>
internal sealed class FolderBlobs(string root) : IBlobStore
{
    private readonly ContentFolder _folder = new(root);

    public (string Digest, long Size) Put(string sourceFile)
    {
        try
        {
            return _folder.Put(sourceFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not FileNotFoundException)
        {
            throw new MlopsException(MlopsErrorKind.StoreUnavailable, $"the shared artifact folder {root} cannot be written: {e.Message}", e);
        }
    }

    public Stream OpenVerified(string digest, string what) => _folder.OpenVerified(digest, what);

    public long FolderBytes() => _folder.TotalBytes();

    public bool Has(string digest) => _folder.Has(digest);

    public (int Files, long Bytes) Sweep(Npgsql.NpgsqlConnection c, bool dryRun) =>
        _folder.Sweep(c.Query(PgBlobReferences.Sql, r => r.GetString(0)).ToHashSet(StringComparer.Ordinal), dryRun);
}
