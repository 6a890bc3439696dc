using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet.Neural;

/// <summary>
/// Names for layers built without one, as Keras gives them: the first unnamed <c>dense</c> is
/// <c>dense</c>, the next <c>dense_1</c>, then <c>dense_2</c>, with one counter per prefix for the
/// whole process. Two unnamed layers therefore never share parameter names (optimizer reports,
/// gradient-health rows and checkpoints key on those names).
/// </summary>
internal static class LayerNames
{
    private static readonly ConcurrentDictionary<string, StrongBox<int>> counters = new(StringComparer.Ordinal);

    /// <summary><paramref name="given"/> when the caller chose a name, else the next free name for <paramref name="prefix"/>.</summary>
    public static string NameOrNext(string? given, string prefix)
    {
        if (given is not null)
        {
            // An explicit name is used as it is (even when another layer has it): the caller chose it.
            ArgumentException.ThrowIfNullOrWhiteSpace(given, "name");
            return given;
        }
        // Interlocked on the per-prefix box: layers built on several threads still get distinct numbers.
        int n = Interlocked.Increment(ref counters.GetOrAdd(prefix, _ => new StrongBox<int>(0)).Value) - 1;
        return n == 0 ? prefix : string.Create(CultureInfo.InvariantCulture, $"{prefix}_{n}");
    }

    /// <summary>
    /// <paramref name="given"/>, or a fresh seed from <see cref="Random.Shared"/> (thread-safe) so two
    /// unseeded layers start from different weights, as in PyTorch and Keras. An explicit seed gives
    /// bit-identical weights on every run.
    /// </summary>
    public static int SeedOrFresh(int? given) => given ?? Random.Shared.Next();
}
