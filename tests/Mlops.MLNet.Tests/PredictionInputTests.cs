namespace Mlops.MLNet.Tests;

/// <summary>A model's signature lists the columns it really reads, and a prediction type needs only those.</summary>
public sealed class PredictionInputTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    public sealed class TenureOnly
    {
        public float Tenure { get; set; }
    }

    [Fact]
    public void The_signature_lists_what_the_model_reads_and_a_type_with_only_that_predicts()
    {
        var version = f.Client.Models.Register("reads-tenure", f.Weak);   // fitted on every column, reads Tenure only
        Assert.Equal(["Tenure", "Label"], version.Signature.Inputs.Select(c => c.Name));

        var loaded = f.Client.Models.Load("reads-tenure/1");
        Assert.Equal(["Tenure"], loaded.Reads);
        var prediction = loaded.Predict<TenureOnly, RegistryTests.Prediction>(new TenureOnly { Tenure = 40 });
        Assert.InRange(prediction.Probability, 0, 1);
        var full = loaded.Predict<TrainingData.Customer, RegistryTests.Prediction>(new TrainingData.Customer(40, 0, 0, "basic", false));
        Assert.Equal(prediction.Probability, full.Probability);
    }

    [Fact]
    public void A_type_lacking_a_column_the_model_reads_gets_a_message_naming_it_and_the_type()
    {
        f.Client.Models.Register("reads-strong", f.Strong);
        var loaded = f.Client.Models.Load("reads-strong/1");

        var e = Assert.Throws<MlopsException>(() => loaded.Predict<TenureOnly, RegistryTests.Prediction>(new TenureOnly()));

        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("TenureOnly lacks Spend, Calls, Plan, which the model reads", e.Message);
    }
}
