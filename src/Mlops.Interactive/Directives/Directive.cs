using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace Mlops.Interactive;

/// <summary>How every Mlops directive is declared and run: parameters, examples for help, the guard, error translation.</summary>
internal static class Directive
{
    private static readonly Dictionary<KernelActionDirective, string> ExampleOf = [];
    private static readonly Dictionary<KernelActionDirective, int> PositionalsOf = [];

    public static KernelDirectiveParameter Param(string name, string description, bool positional = false, bool required = false,
        Func<IEnumerable<string>>? completions = null)
    {
        var parameter = new KernelDirectiveParameter(name, description) { AllowImplicitName = positional, Required = required };
        return completions is null ? parameter : parameter.AddCompletions(completions);
    }

    /// <summary>A subcommand whose handler receives <typeparamref name="TCommand"/>.</summary>
    public static KernelActionDirective Sub<TCommand>(string name, string description, string example, params KernelDirectiveParameter[] parameters)
        where TCommand : KernelDirectiveCommand
    {
        var directive = new KernelActionDirective(name, description) { KernelCommandType = typeof(TCommand) };
        foreach (var p in parameters) directive.Parameters.Add(p);
        lock (ExampleOf) ExampleOf[directive] = example;
        return directive;
    }

    /// <summary>Lets a subcommand take <paramref name="count"/> positional values (read with <see cref="DirectiveGuard.Positionals"/>).</summary>
    public static KernelActionDirective TakesPositionals(this KernelActionDirective directive, int count)
    {
        lock (PositionalsOf) PositionalsOf[directive] = count;
        return directive;
    }

    /// <summary>How many positional values a subcommand takes (default: one, for its implicit parameter).</summary>
    public static int Positionals(KernelActionDirective directive)
    {
        lock (PositionalsOf) return PositionalsOf.GetValueOrDefault(directive, 1);
    }

    public static string? Example(KernelActionDirective directive)
    {
        lock (ExampleOf) return ExampleOf.GetValueOrDefault(directive);
    }

    /// <summary>Registers a handler that first runs the guard and turns Mlops errors into a failed cell with the message.</summary>
    public static void Handle<TCommand>(Kernel kernel, KernelActionDirective directive, Func<TCommand, KernelInvocationContext, Task> handler)
        where TCommand : KernelCommand =>
        kernel.AddDirective<TCommand>(directive, async (command, context) =>
        {
            var name = directive.Parent is null ? directive.Name : $"{directive.Parent.Name} {directive.Name}";
            if (DirectiveGuard.Check(command, directive) is { } problem)
            {
                context.Fail(command, message: problem);
                return;
            }
            try
            {
                await handler(command, context);
            }
            catch (MlopsException e)
            {
                context.Fail(command, message: $"{name}: {e.Message}");
            }
        });

    /// <summary>Displays a view in the cell, for handlers that do nothing else.</summary>
    public static Task Show(KernelInvocationContext context, string html)
    {
        context.DisplayAs(html, "text/html");
        return Task.CompletedTask;
    }

    /// <summary>Registers the bare root directive: shows its help, or fails on an unknown subcommand.</summary>
    public static void HandleRoot<TCommand>(Kernel kernel, KernelActionDirective root) where TCommand : KernelCommand =>
        Handle<TCommand>(kernel, root, (_, context) =>
        {
            context.DisplayAs(HelpView.Render([root]), "text/html");
            return Task.CompletedTask;
        });
}
