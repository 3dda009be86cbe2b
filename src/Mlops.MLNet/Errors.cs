namespace Mlops.MLNet;

internal static class Errors
{
    public static MlopsException Invalid(string message) => new(MlopsErrorKind.InvalidArgument, message);
}
