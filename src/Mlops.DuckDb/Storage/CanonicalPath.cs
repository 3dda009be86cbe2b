using System.Runtime.InteropServices;

namespace Mlops.DuckDb;

/// <summary>
/// One spelling per file. DuckDB keeps one database instance per connection string, and two instances on one file in
/// one process silently lose writes (the second checkpoint overwrites the first), so every path is canonicalized:
/// absolute, '.' and '..' removed, symbolic links resolved.
/// </summary>
internal static partial class CanonicalPath
{
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows()) return full;
        var directory = Path.GetDirectoryName(full)!;
        var resolved = RealPath(directory) ?? directory;
        return Path.Combine(resolved, Path.GetFileName(full));
    }

    private static string? RealPath(string path)
    {
        var result = realpath(path, IntPtr.Zero);
        if (result == IntPtr.Zero) return null;
        try { return Marshal.PtrToStringUTF8(result); }
        finally { free(result); }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr realpath(string path, IntPtr resolved);

    [LibraryImport("libc")]
    private static partial void free(IntPtr pointer);
}
