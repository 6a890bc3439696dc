using BlasNet.Providers;

namespace BlasNet;

internal static partial class CheckedBlas<T>
{
    /// <summary>
    /// The backend Trsm and Trmm fall back to when a library that touches a unit diagonal's slots needs a square that cannot
    /// be allocated (<see cref="UnitTriangleSquare{T}"/>): the managed provider, through the same checks and overflow
    /// recompute as any provider, so the fallback's answers are the managed provider's.
    /// </summary>
    private static readonly BlasBackend ManagedFallback = new ManagedBackend();
}
