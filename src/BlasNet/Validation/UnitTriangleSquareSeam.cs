namespace BlasNet;

/// <summary>
/// Where tests reach <see cref="UnitTriangleSquare{T}"/>'s decision (session 43, tri43). Its managed fallback runs only when
/// the compact square cannot be had, an A within k elements of the largest array (about 16 GB of doubles): no test could
/// get there with real sizes. Per thread, so a test forcing a route changes nothing for tests running beside it.
/// </summary>
internal static class UnitTriangleSquareSeam
{
    /// <summary>
    /// Null (always, outside tests): the backend's measured <see cref="Providers.BlasBackend.TriangularLevel3ReadsUnitDiagonal"/>
    /// and the real array limit decide. True or false: on this thread the backend is taken to touch a unit diagonal's slots,
    /// and the square to be available (copied) or not (the managed fallback), for an A shorter than the square; an A that
    /// reaches the square still goes to the provider as it is.
    /// </summary>
    [ThreadStatic] internal static bool? AvailableOnThisThread;

    /// <summary>How many compact squares this thread has copied: lets tests see which route a call took.</summary>
    [ThreadStatic] internal static int SquaresOnThisThread;

    /// <summary>How many calls on this thread went to the managed fallback because no square could be had.</summary>
    [ThreadStatic] internal static int ManagedFallbacksOnThisThread;
}
