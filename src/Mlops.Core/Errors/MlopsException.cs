namespace Mlops;

/// <summary>
/// The one exception type of the library. <see cref="Kind"/> says what kind of problem it is; the message says what
/// was wrong and what would be right. An operation that throws it has changed nothing.
/// </summary>
public sealed class MlopsException : Exception
{
    /// <summary>Creates an exception of the given kind.</summary>
    public MlopsException(MlopsErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    /// <summary>What kind of problem this is.</summary>
    public MlopsErrorKind Kind { get; }

    internal static MlopsException NotFound(string message) => new(MlopsErrorKind.NotFound, message);
    internal static MlopsException Invalid(string message) => new(MlopsErrorKind.InvalidArgument, message);
    internal static MlopsException State(string message) => new(MlopsErrorKind.InvalidState, message);
    internal static MlopsException Conflict(string message) => new(MlopsErrorKind.Conflict, message);
}
