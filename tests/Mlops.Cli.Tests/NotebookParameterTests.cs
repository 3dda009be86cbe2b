using System.Text.Json.Nodes;
using Mlops.Cli.Notebooks;

namespace Mlops.Cli.Tests;

/// <summary>Parameters become C# literals of their defaults' types, in a cell injected after the parameters cell.</summary>
public sealed class NotebookParameterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-params-").FullName;

    [Fact]
    public void Each_value_becomes_a_literal_of_its_defaults_type_and_the_notebooks_own_cells_stay_as_they_are()
    {
        var notebook = Dib("""
            #!markdown

            # Title

            #!csharp

            // parameters
            double lr = 0.01;
            float momentum = 0.9f;
            var epochs = 10;
            long seed = 42L;
            decimal budget = 1.5m;
            bool shuffle = true;
            string? trainer = "sdca";
            var note = "x";
            const int Fixed = 3;

            #!csharp

            Console.WriteLine(lr);
            """);
        var before = notebook.Cells.Select(c => c.Source).ToList();

        var json = NotebookParameters.Inject(notebook, NotebookParameters.Collect(
            ["lr=0.1", "momentum=0.5", "epochs=20", "seed=-7", "budget=2.25", "shuffle=False", "trainer=say \"hi\"\\n", "note=1e3"], null))!;

        Assert.Equal(before, notebook.Cells.Where(c => !c.Tags.Contains(NotebookParameters.InjectedTag)).Select(c => c.Source));
        var injected = notebook.Cells[2];
        Assert.Equal([NotebookParameters.InjectedTag], injected.Tags);
        Assert.Null(injected.SourceIndex);
        Assert.Equal("""
            // Parameters injected by mlops notebook run
            lr = 0.1;
            momentum = 0.5f;
            epochs = 20;
            seed = -7L;
            budget = 2.25m;
            shuffle = false;
            trainer = "say \"hi\"\\n";
            note = "1e3";
            """.ReplaceLineEndings("\n"), injected.Source);
        Assert.Equal("""{"lr":0.1,"momentum":0.5,"epochs":20,"seed":-7,"budget":2.25,"shuffle":false,"trainer":"say \u0022hi\u0022\\n","note":"1e3"}""", json.ToJsonString());
        var constant = Assert.Throws<NotebookException>(() => NotebookParameters.Inject(Dib("#!csharp\n\n// parameters\nconst int Fixed = 3;\nint n = 1;\n"), [new("Fixed", "4")]));
        Assert.Contains("has no parameter 'Fixed'; its parameters cell (cell 1) declares n (int)", constant.Message);
    }

    [Theory]
    [InlineData("epochs=1.5", "epochs is an int in the parameters cell, and '1.5' is not a whole number")]
    [InlineData("epochs=99999999999", "is not a whole number from")]
    [InlineData("lr=fast", "lr is a double in the parameters cell, and 'fast' is not a number")]
    [InlineData("lr=NaN", "'NaN' is not a number")]
    [InlineData("shuffle=yes", "'yes' is not true or false")]
    public void A_value_that_does_not_fit_its_type_is_refused_by_name(string pair, string expected)
    {
        var notebook = Dib("#!csharp\n\n// parameters\nvar epochs = 10;\ndouble lr = 0.01;\nbool shuffle = true;\n");
        var e = Assert.Throws<NotebookException>(() => NotebookParameters.Inject(notebook, NotebookParameters.Collect([pair], null)));
        Assert.True(e.BadInput);
        Assert.Contains(expected, e.Message);
        Assert.Single(notebook.Cells);   // nothing injected
    }

    [Fact]
    public void A_parameter_file_gives_values_and_p_wins_over_it()
    {
        var file = Path.Combine(_folder, "p.json");
        File.WriteAllText(file, """{"lr": 0.2, "trainer": "lbfgs", "shuffle": true}""");
        Assert.Equal([new("trainer", "lbfgs"), new("shuffle", "true"), new("lr", "0.3")], NotebookParameters.Collect(["lr=0.3"], file));
        File.WriteAllText(file, "[1, 2]");
        Assert.Contains("must hold a JSON object", Assert.Throws<NotebookException>(() => NotebookParameters.Collect([], file)).Message);
        File.WriteAllText(file, """{"lr": [1]}""");
        Assert.Contains("'lr' must be a string, number or true/false", Assert.Throws<NotebookException>(() => NotebookParameters.Collect([], file)).Message);
        Assert.Contains("does not exist", Assert.Throws<NotebookException>(() => NotebookParameters.Collect([], Path.Combine(_folder, "none.json"))).Message);
    }

    [Fact]
    public void An_ipynb_parameters_cell_is_found_by_its_tag()
    {
        var path = Path.Combine(_folder, "tagged.ipynb");
        var cell = new JsonObject
        {
            ["cell_type"] = "code", ["id"] = "a", ["metadata"] = new JsonObject { ["tags"] = new JsonArray("parameters") },
            ["source"] = new JsonArray("int n = 1;"), ["outputs"] = new JsonArray(), ["execution_count"] = null,
        };
        var other = new JsonObject { ["cell_type"] = "code", ["id"] = "b", ["metadata"] = new JsonObject(), ["source"] = new JsonArray("int m = 2;"), ["outputs"] = new JsonArray(), ["execution_count"] = null };
        File.WriteAllText(path, new JsonObject { ["cells"] = new JsonArray(other, cell), ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 }.ToJsonString());
        var notebook = NotebookDocument.Load(path);
        Assert.Equal((1, "n"), NotebookParameters.Find(notebook) is { } found ? (found.Index, found.Parameters.Single().Name) : default);
    }

    private NotebookDocument Dib(string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N")[..8] + ".dib");
        File.WriteAllText(path, text);
        return NotebookDocument.Load(path);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
