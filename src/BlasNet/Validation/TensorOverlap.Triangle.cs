using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// The tensor forms' overlap check for the triangle routines (TRMM, TRSM and SYMM read A's triangle; SYRK and SYR2K write
/// C's), counting only that triangle's elements, as the span forms do (<see cref="TriangleElements"/>,
/// Check.TriangleOverlap.cs): the whole-rectangle check (<see cref="Refuse{T}"/>) refused a B or C laid in the triangle
/// operand's other triangle or on its unit diagonal, slots no provider reads or writes (bench/probes/sym-tri-unread-nan.py),
/// a call the span form on the same storage accepts. The caller's uplo names the triangle of the tensor as seen; a tensor
/// laid out as a transpose stores the transpose, so that triangle is its storage's other one (the mapping the routines
/// below use). Messages as <see cref="Refuse{T}"/>'s: the tensors' own names and [row, column] indices, the written
/// operand first. The range test is inline; only overlapping ranges reach the element test, out of line.
/// </summary>
internal static partial class TensorOverlap
{
    /// <summary>
    /// Throws when the tensor <paramref name="output"/> (Trmm's and Trsm's B, Symm's C) shares an element with the
    /// <paramref name="uplo"/> triangle of the square tensor <paramref name="triangle"/> that the routine reads (without
    /// the diagonal when <paramref name="diag"/> is unit).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RefuseTriangleRead<T>(in TensorLayout<T> triangle, Triangle uplo, Diagonal diag, in TensorLayout<T> output, string triangleName, string outputName)
    {
        if (!triangle.Buffer.IsEmpty && !output.Buffer.IsEmpty && triangle.Buffer.Overlaps(output.Buffer, out int offset))
            NoSharedTriangleElement(offset, triangle.Rows, triangle.Ld, triangle.Transposed, uplo, diag == Diagonal.Unit, triangleWritten: false,
                output.Rows, output.Columns, output.Ld, output.Transposed, triangleName, outputName);
    }

    /// <summary>
    /// Throws when the tensor <paramref name="input"/> (Syrk's and Syr2k's A and B) shares an element with the
    /// <paramref name="uplo"/> triangle, diagonal included, of the square tensor <paramref name="triangle"/> that the
    /// routine writes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RefuseTriangleWritten<T>(in TensorLayout<T> input, in TensorLayout<T> triangle, Triangle uplo, string inputName, string triangleName)
    {
        if (!triangle.Buffer.IsEmpty && !input.Buffer.IsEmpty && triangle.Buffer.Overlaps(input.Buffer, out int offset))
            NoSharedTriangleElement(offset, triangle.Rows, triangle.Ld, triangle.Transposed, uplo, unitDiagonal: false, triangleWritten: true,
                input.Rows, input.Columns, input.Ld, input.Transposed, triangleName, inputName);
    }

    /// <summary>
    /// The element test and the message: the order-n triangle tensor (leading dimension ld of its storage) against the
    /// other tensor (rows×cols as seen) starting <paramref name="offset"/> elements from the triangle's storage.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedTriangleElement(int offset, int n, int ld, bool triangleTransposed, Triangle uplo, bool unitDiagonal, bool triangleWritten,
        int rows, int cols, int otherLd, bool otherTransposed, string triangleName, string otherName)
    {
        // The view's uplo triangle of a tensor laid out as a transpose is its storage's other triangle.
        var stored = new TriangleElements(triangleTransposed ? (uplo == Triangle.Upper ? Triangle.Lower : Triangle.Upper) : uplo, n, ld, unitDiagonal);
        if (!Check.FirstSharedTriangleElement(offset, stored, otherTransposed ? cols : rows, otherTransposed ? rows : cols, otherLd,
                out long sRowOther, out long sColOther, out long sRowTri, out long sColTri))
            return;
        // Stored [r, s] of a transposed layout is the tensor's [s, r].
        (long rowOther, long colOther) = otherTransposed ? (sColOther, sRowOther) : (sRowOther, sColOther);
        (long rowTri, long colTri) = triangleTransposed ? (sColTri, sRowTri) : (sRowTri, sColTri);
        string triangleElement = string.Create(CultureInfo.InvariantCulture, $"element [{rowTri}, {colTri}] of {triangleName}");
        string otherElement = string.Create(CultureInfo.InvariantCulture, $"element [{rowOther}, {colOther}] of {otherName}");
        string triangleShape = string.Create(CultureInfo.InvariantCulture,
            $"{triangleName} {Shape(n, n, ld, triangleTransposed)}, its {(uplo == Triangle.Upper ? "upper" : "lower")} triangle {(triangleWritten ? "written" : "read")} {(unitDiagonal ? "without its unit diagonal" : "with its diagonal")}");
        string where = string.Create(CultureInfo.InvariantCulture,
            $"{(triangleWritten ? triangleElement : otherElement)} is {(triangleWritten ? otherElement : triangleElement)}; {otherName} starts {offset} elements from {triangleName}'s start, "
            + $"{triangleShape}, {otherName} {Shape(rows, cols, otherLd, otherTransposed)}");
        string written = triangleWritten ? triangleName : otherName, read = triangleWritten ? otherName : triangleName;
        string use = triangleWritten
            ? $"Use separate buffers, or place {otherName} in slots {triangleName}'s triangle does not cover."
            : $"Use separate buffers, or place {otherName} in slots {triangleName} does not read (its other triangle, a unit diagonal).";
        throw new ArgumentException($"{written} overlaps {read} in memory ({where}); BLAS forbids writing an operand it is still reading. {use}", written);
    }
}
