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
}
