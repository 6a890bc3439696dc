using System.Buffers;
using BlasNet.Providers;

namespace BlasNet;

/// <summary>
/// Trsm's and Trmm's A for a library that touches a unit diagonal's slots (<see cref="BlasBackend.TriangularLevel3ReadsUnitDiagonal"/>):
/// the caller's array need only reach the last element read (Check.TriangleLength), but MKL reads A[k − 1, k − 1] even
/// when the diagonal is unit, past the end of such an array (bench/probes/level3-triangle-guard-page.py). Only then (an
/// array shorter than the square, on such a library) the triangle is copied into a pooled compact k×k square (lda k) whose
/// other slots hold zero (the unit diagonal's are never used: the probe's NaN there reached no result); a square-long
/// array, the common case, is passed as it is. The copy is k² elements against the call's k²·(m or n) operations.
/// </summary>
internal static class UnitTriangleSquare<T> where T : unmanaged
{
    /// <summary>
    /// <paramref name="a"/> and <paramref name="lda"/> replaced by a pooled compact copy when the backend needs one
    /// (<paramref name="copy"/>, to give back with <see cref="Return"/>). False when it needs one that cannot be allocated
    /// (k² beyond an array's maximum length, only for an array within k elements of it): the caller computes in managed code.
    /// </summary>
    public static bool ForBackend(BlasBackend backend, in TriangleElements triangle, ref ReadOnlySpan<T> a, ref int lda, out T[]? copy)
    {
        copy = null;
        int k = triangle.N;
        bool? available = UnitTriangleSquareSeam.AvailableOnThisThread; // null outside tests
        if (a.Length >= (long)(k - 1) * lda + k || !(available is not null || backend.TriangularLevel3ReadsUnitDiagonal)) return true;
        if ((long)k * k > Array.MaxLength || available == false) return false;
        UnitTriangleSquareSeam.SquaresOnThisThread++;
        copy = ArrayPool<T>.Shared.Rent(k * k);
        var square = copy.AsSpan(0, k * k);
        square.Clear();
        for (int i = 0; i < k; i++)
        {
            long first = triangle.FirstColumn(i), last = triangle.LastColumn(i);
            if (last >= first) a.Slice(i * lda + (int)first, (int)(last - first + 1)).CopyTo(square.Slice(i * k + (int)first));
        }
        a = square; lda = Math.Max(1, k);
        return true;
    }

    /// <summary>Gives back what <see cref="ForBackend"/> rented (nothing for null).</summary>
    public static void Return(T[]? copy)
    {
        if (copy is not null) ArrayPool<T>.Shared.Return(copy);
    }
}
