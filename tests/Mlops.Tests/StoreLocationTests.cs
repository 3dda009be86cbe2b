namespace Mlops.Tests;

public class StoreLocationTests
{
    [Theory]
    [InlineData("s3://bucket/mlops", "s3://")]
    [InlineData("http://example.org/store", "http://")]
    [InlineData("mysql://ds:secret@db/mlops", "mysql://")]
    [InlineData("file:///tmp/store", "file://")]
    public void A_location_with_another_scheme_is_refused_naming_both_forms_and_no_folder_is_made(string location, string scheme)
    {
        var e = Assert.Throws<MlopsException>(() => MlopsClient.Open(location));
        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(scheme, e.Message);
        Assert.Contains("a folder", e.Message);
        Assert.Contains("postgresql://", e.Message);
        Assert.DoesNotContain("secret", e.Message);
        // a folder named after the URI (its first segment, relative to here) was not made
        Assert.False(Directory.Exists(Path.GetFullPath(location.Split('/')[0])));
    }

    [Fact]
    public void A_PostgreSQL_uri_is_never_taken_as_a_folder_and_its_password_is_never_shown()
    {
        // nothing listens on port 1: the open fails fast, names host and port, and shows no password
        const string location = "postgresql://ds:s3cr3t-pw@127.0.0.1:1/mlops?connect_timeout=2";
        var e = Assert.Throws<MlopsException>(() => MlopsClient.Open(location));
        Assert.Equal(MlopsErrorKind.StoreUnavailable, e.Kind);
        Assert.Contains("127.0.0.1:1", e.Message);
        Assert.DoesNotContain("s3cr3t", e.ToString());
        Assert.False(Directory.Exists(Path.GetFullPath("postgresql:")));
        Assert.Equal("postgresql://ds:***@127.0.0.1:1/mlops?connect_timeout=2", StoreLocation.Describe(location));
        Assert.True(StoreLocation.IsServer("postgres://db.internal/mlops"));
    }

    [Theory]
    [InlineData("postgresql://ds@db:99999/mlops", "port '99999'")]
    [InlineData("postgresql://ds@db/mlops?cache=1", "unknown option 'cache'")]
    [InlineData("postgresql://ds@db/mlops?password=x", "PGPASSWORD")]
    [InlineData("postgresql://ds@db/mlops?artifacts=relative/folder", "absolute folder")]
    [InlineData("postgresql://ds@db/mlops?pool_size=0", "pool_size")]
    public void A_malformed_PostgreSQL_uri_is_refused_saying_what_is_wrong(string location, string expected)
    {
        var e = Assert.Throws<MlopsException>(() => StoreLocation.Resolve(location));
        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message);
        Assert.Contains("postgresql://[user[:password]@]host[:port]/database", e.Message);
    }

    [Fact]
    public void A_folder_is_its_full_path_and_the_default_is_dot_mlops_here()
    {
        Assert.Equal(Path.GetFullPath("some/store"), StoreLocation.Resolve("some/store"));
        var saved = Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, null);
            Assert.Equal(Path.GetFullPath(".mlops"), StoreLocation.Resolve());
        }
        finally
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, saved);
        }
    }
}
