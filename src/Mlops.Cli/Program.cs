using System.CommandLine;
using Mlops;
using Mlops.Cli.Commands;
using Mlops.Cli.Notebooks;

var store = StoreCommands.StoreOption();
var root = new RootCommand("mlops: experiment tracking for .NET from a terminal or CI, and notebooks run headless") { store };
root.HelpName = "mlops";   // as installed as a tool, whatever file runs it
root.Subcommands.Add(NotebookCommands.Create(store));
foreach (var command in StoreCommands.Create(store)) root.Subcommands.Add(command);
root.Subcommands.Add(DatasetCommands.Create(store));
root.Subcommands.Add(ModelCommands.Create(store));
root.Subcommands.Add(StoreAdminCommands.Create());
foreach (var command in LifecycleCommands.Create(store)) root.Subcommands.Add(command);

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (MlopsException e)
{
    Console.Error.WriteLine($"mlops: {e.Message}");
    return e.Kind is MlopsErrorKind.InvalidArgument or MlopsErrorKind.NotFound ? 2 : 1;
}
catch (NotebookException e)
{
    Console.Error.WriteLine($"mlops: {e.Message}");
    return e.BadInput ? 2 : 1;
}
