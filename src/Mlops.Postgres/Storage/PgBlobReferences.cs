namespace Mlops.Postgres;

/// <summary>
/// The digests stored bytes are kept for: every artifact's and every model version's. Writers record a reference under
/// the shared form of <see cref="LockKey"/> and garbage collection sweeps under its exclusive form, so a reference
/// recorded while a sweep runs is seen by it, or finds its bytes gone and stores them again.
/// </summary>
internal static class PgBlobReferences
{
    public const string Sql = "SELECT digest FROM artifacts UNION SELECT digest FROM model_versions";

    /// <summary>The advisory lock of blob references (an arbitrary constant of ours).</summary>
    public const long LockKey = 0x6d6c6f70_73626c62;
}
