namespace BlasNet.Providers;

internal sealed partial class ManagedBackend
{
    /// <summary>ManagedBlas's Trsm and Trmm read A only in the triangle, without a unit diagonal: no square needed.</summary>
    public override bool TriangularLevel3ReadsUnitDiagonal => false;
}
