using System.Reflection;
using System.Runtime.Loader;

namespace BlasNet.Tests.Core;

/// <summary>
/// A fresh copy of BlasNet in its own <see cref="AssemblyLoadContext"/>: the provider is chosen once
/// per process (per loaded copy), so each case that needs its own choice gets its own copy, whose
/// provider search runs with <c>BLASNET_BLAS</c> set for that case. Native libraries stay
/// process-wide: callers restore any thread count they change.
/// </summary>
internal sealed class IsolatedBlasNet(Assembly assembly)
{
    private sealed class Context() : AssemblyLoadContext(isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName) => null; // dependencies from the default context
    }

    public Assembly Assembly { get; } = assembly;

    /// <summary>Runs <paramref name="body"/> against a fresh BlasNet with BLASNET_BLAS = <paramref name="request"/> (null: unset).</summary>
    public static void Run(string? request, Action<IsolatedBlasNet> body)
    {
        _ = BlasProvider.Current; // this process's own provider is settled before the variable changes
        string? saved = Environment.GetEnvironmentVariable("BLASNET_BLAS");
        var context = new Context();
        try
        {
            Environment.SetEnvironmentVariable("BLASNET_BLAS", request);
            var blasNet = context.LoadFromAssemblyPath(typeof(BlasProvider).Assembly.Location);
            Assert.NotSame(typeof(BlasProvider).Assembly, blasNet);
            body(new IsolatedBlasNet(blasNet));
        }
        finally
        {
            Environment.SetEnvironmentVariable("BLASNET_BLAS", saved);
            context.Unload();
        }
    }

    public Type Type(string name) => Assembly.GetType("BlasNet." + name, throwOnError: true)!;

    /// <summary>Calls a public static method, rethrowing what it throws (not the reflection wrapper).</summary>
    public object? Call(string type, string method, params object?[] args)
    {
        var candidates = Type(type).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == method && m.GetParameters().Length == args.Length
                        && m.GetParameters().Zip(args).All(p => p.Second is null || p.First.ParameterType.IsInstanceOfType(p.Second)))
            .ToList();
        Assert.True(candidates.Count == 1, $"{type}.{method}: {candidates.Count} overloads match");
        return Invoke(() => candidates[0].Invoke(null, args));
    }

    public object? Get(string type, string property) => Invoke(() => Type(type).GetProperty(property)!.GetValue(null));

    public void Set(string type, string property, object value) => Invoke(() =>
    {
        Type(type).GetProperty(property)!.SetValue(null, value);
        return null;
    });

    /// <summary>A property of an instance from this copy (its types are not the test's own).</summary>
    public static T Member<T>(object instance, string property) => (T)instance.GetType().GetProperty(property)!.GetValue(instance)!;

    public BlasProviderSnapshot Current()
    {
        var info = Get("BlasProvider", "Current")!;
        return new(Member<string>(info, "Name"), Member<string?>(info, "LibraryPath"), Member<string>(info, "Config"),
            Member<bool>(info, "IsNative"), Member<bool>(info, "HasNativeLapack"), Member<string>(info, "Reason"),
            Member<IReadOnlyList<string>>(info, "SearchLog"), info.ToString()!);
    }

    private static object? Invoke(Func<object?> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}

/// <summary>An isolated copy's <c>BlasProviderInfo</c>, read into the test's own types.</summary>
internal sealed record BlasProviderSnapshot(string Name, string? LibraryPath, string Config, bool IsNative, bool HasNativeLapack,
    string Reason, IReadOnlyList<string> SearchLog, string Text);
