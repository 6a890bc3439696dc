using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// The <see cref="Matrix{T}"/> forms' overlap check for the triangular routines (Trsv and Trmv against x, Trsm and Trmm
/// against B), counting only the elements of A they read, as the span forms do (<see cref="TriangleElements"/>,
/// Check.TriangleOverlap.cs). A matrix and an array form's vector always start at their array's first slot, so sharing an
/// array means sharing that slot, A[0, 0]: read unless the diagonal is unit, and with a unit diagonal every other slot the
/// two share is read as soon as the order is 2 or more. What the whole-array check (<see cref="Refuse{T}(Matrix{T}, Matrix{T}, string, string)"/>)
/// refused that BLAS allows is therefore the order-1 unit triangle (it reads nothing: x ← x, B ← αB) on the array of x or
/// B, which the span form accepts. The symmetric routines' A[0, 0] (Symv, Symm read it, Syr, Syr2, Syrk, Syr2k write it) is
/// always in their triangle, so they keep the whole-array check. The view's uplo triangle of a transposed view is its
/// storage's other triangle. Messages as <see cref="MatrixOverlap"/>'s: the caller's names, the views' [row, column].
/// </summary>
internal static partial class MatrixOverlap
{
    /// <summary>Throws when the matrix <paramref name="output"/> (Trsm's and Trmm's B) is written on an element of <paramref name="triangle"/>'s <paramref name="uplo"/> triangle that the routine reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RefuseTriangleRead<T>(Matrix<T> triangle, Triangle uplo, Diagonal diag, Matrix<T> output, string triangleName, string outputName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> a = triangle.AsSpan(), o = output.AsSpan();
        if (!a.IsEmpty && !o.IsEmpty && a.Overlaps(o, out int offset))
            NoSharedTriangleElement(offset, triangle, uplo, diag, output, o.Length, triangleName, outputName);
    }

    /// <summary>Throws when the contiguous vector <paramref name="output"/> (Trsv's and Trmv's x) is written on an element of <paramref name="triangle"/>'s <paramref name="uplo"/> triangle that the routine reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RefuseTriangleRead<T>(Matrix<T> triangle, Triangle uplo, Diagonal diag, ReadOnlySpan<T> output, string triangleName, string outputName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> a = triangle.AsSpan();
        if (!a.IsEmpty && !output.IsEmpty && a.Overlaps(output, out int offset))
            NoSharedTriangleElement(offset, triangle, uplo, diag, null, output.Length, triangleName, outputName);
    }

    /// <summary>The element test and the message; <paramref name="output"/> null: a contiguous vector of <paramref name="outputLength"/> elements.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedTriangleElement<T>(int offset, Matrix<T> triangle, Triangle uplo, Diagonal diag, Matrix<T>? output, int outputLength,
        string triangleName, string outputName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var stored = new TriangleElements(triangle.IsTransposed ? (uplo == Triangle.Upper ? Triangle.Lower : Triangle.Upper) : uplo,
            triangle.Rows, triangle.LeadingDimension, diag == Diagonal.Unit);
        // A vector is one stored row.
        int rows = output?.StorageRows ?? 1, cols = output?.StorageColumns ?? outputLength;
        long ld = output?.LeadingDimension ?? Math.Max(1, outputLength);
        if (!Check.FirstSharedTriangleElement(offset, stored, rows, cols, ld, out long sRow, out long sCol, out long aRow, out long aCol))
            return;
        (long viewRow, long viewCol) = triangle.IsTransposed ? (aCol, aRow) : (aRow, aCol);
        string outputElement = output is null
            ? string.Create(CultureInfo.InvariantCulture, $"element {sCol} of {outputName}")
            : Element(output, sRow * ld + sCol, outputName);
        string where = string.Create(CultureInfo.InvariantCulture,
            $"{outputElement} is element [{viewRow}, {viewCol}] of {triangleName}; {outputName} starts {offset} elements from {triangleName}'s start, "
            + $"{triangleName} {Shape(triangle, triangle.AsSpan().Length)}, its {(uplo == Triangle.Upper ? "upper" : "lower")} triangle read {(diag == Diagonal.Unit ? "without its unit diagonal" : "with its diagonal")}, "
            + $"{outputName} {Shape(output, outputLength)}");
        throw new ArgumentException($"{outputName} overlaps {triangleName} in memory ({where}); BLAS forbids writing an operand it is still reading. Use separate buffers.", outputName);
    }
}
