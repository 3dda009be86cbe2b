namespace Mlops;

/// <summary>Where a run is in its life. Only <see cref="Running"/> runs accept new data.</summary>
public enum RunStatus
{
    /// <summary>Started and not ended.</summary>
    Running,
    /// <summary>Ended normally.</summary>
    Finished,
    /// <summary>Ended because its code threw.</summary>
    Failed,
    /// <summary>Ended by the user, or found abandoned by a process that died without ending it.</summary>
    Killed,
}

/// <summary>Text forms of <see cref="RunStatus"/>, as stored and typed by users.</summary>
public static class RunStatusText
{
    /// <summary>The valid texts, in lifecycle order.</summary>
    public static readonly IReadOnlyList<string> All = ["running", "finished", "failed", "killed"];

    /// <summary>The lowercase text of a status.</summary>
    public static string ToText(this RunStatus status) => All[(int)status];

    /// <summary>Parses a status name, case-insensitively.</summary>
    /// <exception cref="MlopsException">InvalidArgument naming the valid statuses.</exception>
    public static RunStatus Parse(string text)
    {
        var index = All.ToList().FindIndex(s => string.Equals(s, text.Trim(), StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? (RunStatus)index
            : throw MlopsException.Invalid($"'{text}' is not a run status. Valid: {string.Join(", ", All)}.");
    }
}
