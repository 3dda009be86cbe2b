using System.Security.Cryptography;

namespace Mlops;

/// <summary>
/// Content-addressed files: <c>&lt;root&gt;/&lt;aa&gt;/&lt;sha256&gt;</c>. The same bytes are stored once. Files are
/// written to a temporary name and moved into place, so a reader never sees a partial file.
/// </summary>
public sealed class ContentFolder(string root)
{
    /// <summary>The folder.</summary>
    public string Root { get; } = root;

    /// <summary>Copies a file in, returning its sha256 (lowercase hex) and size.</summary>
    public (string Digest, long Size) Put(string sourceFile)
    {
        var temp = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(temp);
        var tempFile = Path.Combine(temp, Guid.NewGuid().ToString("N"));
        try
        {
            string digest;
            long size;
            using (var source = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
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
            // a stored copy of the wrong size is damaged: replace it with the good bytes we have in hand
            var existing = new FileInfo(final);
            if (existing.Exists && existing.Length == size) File.Delete(tempFile);
            else File.Move(tempFile, final, overwrite: true);
            return (digest, size);
        }
        catch
        {
            if (File.Exists(tempFile)) File.Delete(tempFile);
            throw;
        }
    }

    /// <summary>Opens the stored bytes of a digest after checking them.</summary>
    /// <exception cref="MlopsException">NotFound when the file is missing; Corrupted when its bytes changed.</exception>
    public Stream OpenVerified(string digest, string what)
    {
        var path = PathOf(digest);
        if (!File.Exists(path))
            throw new MlopsException(MlopsErrorKind.Corrupted, $"{what} is recorded with sha256 {digest}, but its file {path} is missing from the store.");
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

    /// <summary>Where the bytes of a digest are kept.</summary>
    public string PathOf(string digest) => Path.Combine(Root, digest[..2], digest);

    /// <summary>The bytes the folder holds.</summary>
    public long TotalBytes() =>
        Directory.Exists(Root) ? new DirectoryInfo(Root).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    /// <summary>Whether the bytes of a digest are stored.</summary>
    public bool Has(string digest) => File.Exists(PathOf(digest));

    /// <summary>
    /// Removes stored files whose digest <paramref name="referenced"/> does not hold, and leftovers of stores interrupted
    /// over an hour ago; or, dry, only counts them. A writer that stored bytes and then finds them gone after recording
    /// them (a collection ran in between) stores them again.
    /// </summary>
    public (int Files, long Bytes) Sweep(ISet<string> referenced, bool dryRun)
    {
        if (!Directory.Exists(Root)) return (0, 0);
        var (files, bytes) = (0, 0L);
        var stale = DateTime.UtcNow.AddHours(-1);
        foreach (var file in new DirectoryInfo(Root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            var keep = file.Directory?.Name == "tmp" ? file.LastWriteTimeUtc > stale : referenced.Contains(file.Name);
            if (keep) continue;
            files++;
            bytes += file.Length;
            if (!dryRun) file.Delete();
        }
        return (files, bytes);
    }
}
