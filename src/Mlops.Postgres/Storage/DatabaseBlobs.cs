using System.Security.Cryptography;
using Npgsql;

namespace Mlops.Postgres;

/// <summary>
/// Artifact bytes in the database: <c>blobs</c> (digest, size, chunk count) and <c>blob_chunks</c> of at most 1 MiB.
/// The file is hashed first, then its chunks and the blob row go in in one transaction, so a blob row always has all
/// its chunks; bytes already stored are not sent again. Reads stream chunk by chunk into a temporary file while
/// hashing, and the caller gets the bytes only when they match the digest.
/// </summary>
internal sealed class DatabaseBlobs(PgDatabase db) : IBlobStore
{
    private const int ChunkBytes = 1 << 20;

    public (string Digest, long Size) Put(string sourceFile)
    {
        string digest;
        long size;
        using (var source = File.OpenRead(sourceFile))
        {
            digest = Convert.ToHexStringLower(SHA256.HashData(source));
            size = source.Length;
        }
        db.Use(c =>
        {
            if (c.Scalar<bool>("SELECT EXISTS (SELECT 1 FROM blobs WHERE digest = $1)", digest)) return;
            c.InTransaction(() =>
            {
                // two writers of the same new bytes: the second waits here, then finds the blob stored
                c.Execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", digest);
                if (c.Scalar<bool>("SELECT EXISTS (SELECT 1 FROM blobs WHERE digest = $1)", digest)) return;
                using var source = File.OpenRead(sourceFile);
                var buffer = new byte[ChunkBytes];
                var chunk = 0;
                int read;
                while ((read = source.ReadAtLeast(buffer, ChunkBytes, throwOnEndOfStream: false)) > 0)
                {
                    using var insert = new NpgsqlCommand("INSERT INTO blob_chunks VALUES ($1, $2, $3)", c);
                    insert.Parameters.Add(new NpgsqlParameter { Value = digest });
                    insert.Parameters.Add(new NpgsqlParameter { Value = chunk++ });
                    insert.Parameters.Add(new NpgsqlParameter { Value = new ArraySegment<byte>(buffer, 0, read), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea });
                    insert.ExecuteNonQuery();
                }
                c.Execute("INSERT INTO blobs VALUES ($1, $2, $3, now())", digest, size, chunk);
            });
        });
        return (digest, size);
    }

    public Stream OpenVerified(string digest, string what)
    {
        var temp = Path.Combine(Path.GetTempPath(), "mlops-blob-" + Guid.NewGuid().ToString("N"));
        var target = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var (recorded, chunks) = db.Use(c =>
            {
                var blob = c.Query("SELECT size_bytes, chunks FROM blobs WHERE digest = $1", r => (r.GetInt64(0), r.GetInt32(1)), digest).FirstOrDefault();
                var count = 0;
                using var read = new NpgsqlCommand("SELECT data FROM blob_chunks WHERE digest = $1 ORDER BY chunk", c);
                read.Parameters.Add(new NpgsqlParameter { Value = digest });
                using var reader = read.ExecuteReader(System.Data.CommandBehavior.SequentialAccess);
                while (reader.Read())
                {
                    var bytes = reader.GetFieldValue<byte[]>(0);
                    hash.AppendData(bytes);
                    target.Write(bytes);
                    count++;
                }
                return (blob, count);
            });
            if (recorded == default)
                throw new MlopsException(MlopsErrorKind.Corrupted, $"{what} is recorded with sha256 {digest}, but its bytes are missing from the store.");
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != digest || chunks != recorded.Item2 || target.Length != recorded.Item1)
                throw new MlopsException(MlopsErrorKind.Corrupted,
                    $"{what} is damaged: its stored bytes have sha256 {actual}, but {digest} was recorded. It was not served; log it again from the original file.");
            target.Position = 0;
            return target;
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    public long FolderBytes() => 0;

    public bool Has(string digest) => db.Use(c => c.Scalar<bool>("SELECT EXISTS (SELECT 1 FROM blobs WHERE digest = $1)", digest));

    public (int Files, long Bytes) Sweep(NpgsqlConnection c, bool dryRun)
    {
        var (files, bytes) = c.Query($"SELECT count(*)::int, coalesce(sum(size_bytes), 0)::bigint FROM blobs WHERE digest NOT IN ({PgBlobReferences.Sql})",
            r => (r.GetInt32(0), r.GetInt64(1)))[0];
        if (dryRun || files == 0) return (files, bytes);
        c.Execute($"DELETE FROM blob_chunks WHERE digest IN (SELECT digest FROM blobs WHERE digest NOT IN ({PgBlobReferences.Sql}))");
        c.Execute($"DELETE FROM blobs WHERE digest NOT IN ({PgBlobReferences.Sql})");
        return (files, bytes);
    }
}
