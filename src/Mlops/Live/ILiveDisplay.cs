namespace Mlops;

/// <summary>
/// Where live views show themselves: a notebook output that can be replaced in place. The notebook extension sets
/// <see cref="MLOps.LiveDisplay"/>; a program can set its own (or none: live views are for notebooks).
/// </summary>
public interface ILiveDisplay
{
    /// <summary>Shows HTML in a new output and returns a handle to replace it.</summary>
    ILiveOutput Show(string html);
}

/// <summary>A shown output.</summary>
public interface ILiveOutput
{
    /// <summary>Replaces the output's HTML.</summary>
    void Update(string html);
}
