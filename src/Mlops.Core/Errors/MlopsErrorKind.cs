namespace Mlops;

/// <summary>What went wrong, in terms a caller can act on.</summary>
public enum MlopsErrorKind
{
    /// <summary>A named thing (run, experiment, artifact, store) does not exist.</summary>
    NotFound,
    /// <summary>The thing being created exists already.</summary>
    AlreadyExists,
    /// <summary>An argument is malformed or out of range; the message says what would be valid.</summary>
    InvalidArgument,
    /// <summary>The operation does not fit the current state (no active run, run already ended, ...).</summary>
    InvalidState,
    /// <summary>The operation contradicts what is stored (a param logged again with another value, a lost race).</summary>
    Conflict,
    /// <summary>The store cannot be opened or written: locked by another process, unwritable, not a store.</summary>
    StoreUnavailable,
    /// <summary>Stored bytes no longer match their recorded digest.</summary>
    Corrupted,
}
