namespace Mlops.DuckDb.Tests;

public class ArtifactTests
{
    [Fact]
    public void The_same_bytes_are_stored_once_under_their_sha256()
    {
        using var s = Engines.Open("file");
        var file = Path.Combine(s.Folder, "model.zip");
        File.WriteAllBytes(file, [1, 2, 3, 4]);
        var a = s.Tracking.StartRun(new RunStart("a"));
        var b = s.Tracking.StartRun(new RunStart("b"));

        var first = a.LogArtifact(file).Single();
        var second = b.LogArtifact(file, "copies/model.zip").Single();

        Assert.Equal("9f64a747e1b97f131fabb6b447296c9b6f0201e79fb3c5356e6c77e89b6a806a", first.Digest);
        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(4, first.Size);
        var blobs = Directory.GetFiles(Path.Combine(s.Store.Location, "artifacts"), "*", SearchOption.AllDirectories);
        Assert.Equal([Path.Combine(s.Store.Location, "artifacts", "9f", first.Digest)], blobs);
        Assert.Equal("copies/model.zip", s.Tracking.GetRun(b.Id.Value).Artifacts.Single().Name);
    }

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

    [Fact]
    public void A_damaged_artifact_is_reported_and_never_served()
    {
        using var s = Engines.Open("file");
        var file = Path.Combine(s.Folder, "model.zip");
        File.WriteAllText(file, "weights");
        var run = s.Tracking.StartRun(new RunStart("r"));
        var info = run.LogArtifact(file).Single();
        var blob = Path.Combine(s.Store.Location, "artifacts", info.Digest[..2], info.Digest);
        File.WriteAllText(blob, "tampered");

        var e = Assert.Throws<MlopsException>(() => s.Tracking.OpenArtifact(run.Id.Value, "model.zip"));
        Assert.Equal(MlopsErrorKind.Corrupted, e.Kind);
        Assert.Contains("damaged", e.Message);
        Assert.Contains(info.Digest, e.Message);

        File.Delete(blob);
        Assert.Equal(MlopsErrorKind.Corrupted, Assert.Throws<MlopsException>(() => s.Tracking.OpenArtifact(run.Id.Value, "model.zip")).Kind);
    }

    [Fact]
    public void Logging_the_good_bytes_again_repairs_a_damaged_copy()
    {
        using var s = Engines.Open("file");
        var file = Path.Combine(s.Folder, "model.zip");
        File.WriteAllText(file, "weights");
        var run = s.Tracking.StartRun(new RunStart("r"));
        var info = run.LogArtifact(file).Single();
        File.WriteAllText(Path.Combine(s.Store.Location, "artifacts", info.Digest[..2], info.Digest), "x");

        run.LogArtifact(file, "again.zip");
        using var reader = new StreamReader(s.Tracking.OpenArtifact(run.Id.Value, "model.zip"));
        Assert.Equal("weights", reader.ReadToEnd());
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
