using System.Security.Cryptography;

namespace Mlops.Postgres;

/// <summary>
/// Artifact bytes in a folder the team shares (<c>?artifacts=/mnt/team/mlops-artifacts</c>):
/// <c>&lt;root&gt;/&lt;aa&gt;/&lt;sha256&gt;</c>, written under a temporary name and moved into place, so a reader never sees a
/// partial file; the database keeps only the records.
/// </summary>
internal sealed class FolderBlobs(string root) : IBlobStore
{
    public (string Digest, long Size) Put(string sourceFile)
    {
        var temp = Path.Combine(root, "tmp");
        Directory.CreateDirectory(temp);
        var tempFile = Path.Combine(temp, Guid.NewGuid().ToString("N"));
        try
        {
            string digest;
            long size;
            using (var source = File.OpenRead(sourceFile))
            using (var target = new FileStream(tempFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = source.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    target.Write(buffer, 0, read);
                }
                size = target.Length;
                digest = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            var final = PathOf(digest);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            var existing = new FileInfo(final);
            if (existing.Exists && existing.Length == size) File.Delete(tempFile);
            else File.Move(tempFile, final, overwrite: true);
            return (digest, size);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not FileNotFoundException)
        {
            if (File.Exists(tempFile)) File.Delete(tempFile);
            throw new MlopsException(MlopsErrorKind.StoreUnavailable, $"the shared artifact folder {root} cannot be written: {e.Message}", e);
        }
    }

    public Stream OpenVerified(string digest, string what)
    {
        var path = PathOf(digest);
        if (!File.Exists(path))
            throw new MlopsException(MlopsErrorKind.Corrupted, $"{what} is recorded with sha256 {digest}, but its file {path} is missing from the shared artifact folder.");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (actual != digest)
        {
            stream.Dispose();
            throw new MlopsException(MlopsErrorKind.Corrupted,
                $"{what} is damaged: its stored bytes have sha256 {actual}, but {digest} was recorded. It was not served; log it again from the original file.");
        }
        stream.Position = 0;
        return stream;
    }

    public long FolderBytes() =>
        Directory.Exists(root) ? new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private string PathOf(string digest) => Path.Combine(root, digest[..2], digest);
}
