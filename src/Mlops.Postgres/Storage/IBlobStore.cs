namespace Mlops.Postgres;

/// <summary>Where a team store keeps artifact bytes by sha256: in the database, or in a shared folder.</summary>
internal interface IBlobStore
{
    /// <summary>Stores a file's bytes (once per content) and returns their sha256 (lowercase hex) and size.</summary>
    (string Digest, long Size) Put(string sourceFile);

    /// <summary>Opens the bytes of a digest after checking them against it.</summary>
    /// <exception cref="MlopsException">Corrupted when they are missing or no longer match.</exception>
    Stream OpenVerified(string digest, string what);

    /// <summary>Bytes kept outside the database (0 when everything is in it).</summary>
    long FolderBytes();

    /// <summary>Whether the bytes of a digest are stored.</summary>
    bool Has(string digest);

    /// <summary>Removes (or, dry, counts) stored bytes that no artifact and no model version refers to, as <paramref name="c"/> sees them.</summary>
    (int Files, long Bytes) Sweep(Npgsql.NpgsqlConnection c, bool dryRun);
}
