namespace Mlops.Stores.Contract.Tests;

public class ArtifactTests
{
    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void An_artifact_reads_back_exactly(string engine)
    {
        using var s = Engines.Open(engine);
        var file = Path.Combine(s.Folder, "data.bin");
        var bytes = new byte[100_000];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(file, bytes);
        var run = s.Tracking.StartRun(new RunStart("r"));
        run.LogArtifact(file);

        using var stream = s.Tracking.OpenArtifact(run.Id.Value, "data.bin");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_name_holds_one_content_for_good(string engine)
    {
        using var s = Engines.Open(engine);
        var file = Path.Combine(s.Folder, "model.zip");
        File.WriteAllText(file, "v1");
        var run = s.Tracking.StartRun(new RunStart("r"));
        run.LogArtifact(file);
        run.LogArtifact(file);
        File.WriteAllText(file, "v2");

        var e = Assert.Throws<MlopsException>(() => run.LogArtifact(file));
        Assert.Equal(MlopsErrorKind.AlreadyExists, e.Kind);
        Assert.Single(s.Tracking.GetRun(run.Id.Value).Artifacts);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_folder_is_logged_file_by_file_under_its_name(string engine)
    {
        using var s = Engines.Open(engine);
        var folder = Path.Combine(s.Folder, "plots");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "a.txt"), "a");
        File.WriteAllText(Path.Combine(folder, "sub", "b.txt"), "b");
        var run = s.Tracking.StartRun(new RunStart("r"));

        run.LogArtifact(folder);

        Assert.Equal(["plots/a.txt", "plots/sub/b.txt"], s.Tracking.GetRun(run.Id.Value).Artifacts.Select(a => a.Name));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Missing_paths_unknown_names_and_bad_names_are_refused(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("r"));
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => run.LogArtifact(Path.Combine(s.Folder, "nope.bin"))).Kind);
        var file = Path.Combine(s.Folder, "x.bin");
        File.WriteAllText(file, "x");
        Assert.Equal(MlopsErrorKind.InvalidArgument, Assert.Throws<MlopsException>(() => run.LogArtifact(file, "../escape.bin")).Kind);
        Assert.Equal(MlopsErrorKind.InvalidArgument, Assert.Throws<MlopsException>(() => run.LogArtifact(file, "/abs.bin")).Kind);
        var e = Assert.Throws<MlopsException>(() => s.Tracking.OpenArtifact(run.Id.Value, "nope.bin"));
        Assert.Equal(MlopsErrorKind.NotFound, e.Kind);
        Assert.Contains("no artifacts", e.Message);
        Assert.Empty(s.Tracking.GetRun(run.Id.Value).Artifacts);
    }
}
