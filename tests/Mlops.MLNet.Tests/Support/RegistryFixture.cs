using Microsoft.ML;

namespace Mlops.MLNet.Tests;

/// <summary>
/// One store with a churn training set and holdout committed, and two real binary models fitted in runs: a weak one
/// (tenure only) and a strong one (every feature). Tests register those runs under model names of their own.
/// </summary>
public sealed class RegistryFixture : IDisposable
{
    private readonly TempFolder _folder = new();
    private RunId? _current;

    public RegistryFixture()
    {
        Client = MlopsClient.Open(_folder.Path, null, () => _current);
        Client.Datasets.Commit("customers", TrainingData.Customers(800, seed: 1), message: "training");
        Client.Datasets.Commit("holdout", TrainingData.Customers(400, seed: 2), message: "holdout");
        Client.Datasets.Commit("holdout", TrainingData.Customers(400, seed: 2).Select(c => new { c.Tenure, c.Spend, c.Plan, c.Label }), message: "calls dropped");
        var ml = new MLContext(seed: 0);
        Weak = Fit("weak", ml.Transforms.Concatenate("Features", "Tenure")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 5)));
        Strong = Fit("strong", ml.Transforms.Categorical.OneHotEncoding("PlanKey", "Plan")
            .Append(ml.Transforms.Concatenate("Features", "Tenure", "Spend", "Calls", "PlanKey"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()));
        using var run = Client.StartRun("no model");
        NoModelRun = run.Id.Value;
    }

    public MlopsClient Client { get; }

    public string Folder => Client.StoreLocation;

    public TrainedModel Weak { get; }

    public TrainedModel Strong { get; }

    public string NoModelRun { get; }

    /// <summary>A model named <paramref name="name"/> with the weak model as version 1 and the strong as version 2.</summary>
    public string Fresh(string name)
    {
        Client.Models.Register(name, Weak);
        Client.Models.Register(name, Strong);
        return name;
    }

    private TrainedModel Fit(string name, IEstimator<ITransformer> pipeline)
    {
        using var run = Client.StartRun(name, experiment: "registry");
        _current = run.Id;
        try
        {
            return run.Fit(new MLContext(seed: 0), pipeline, Client.Datasets.LoadDataView("customers@1"));
        }
        finally
        {
            _current = null;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _folder.Dispose();
    }
}
