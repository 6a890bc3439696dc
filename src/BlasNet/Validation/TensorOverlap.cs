using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// The tensor forms' overlap check, element-exact as <see cref="Check.NoOverlap{T}(ReadOnlySpan{T}, int, int, int, Span{T}, int, int, int, string, string)"/>
/// but told in the tensors' own terms. The checked span routines below the tensor forms see stored row-major matrices,
/// and a transposed C (computed as Cᵀ = BᵀAᵀ) swaps A and B: their message named the stored [row, column] (the tensor's
/// [column, row] for a tensor laid out as a transpose) and called b "a". So each tensor form checks every input it
/// reads against the output it writes here first, on the same element sets (a tensor's elements are its storage's), in
/// the user's names and [row, column] indices; the checks below it then never fire. The range test is inline, as in
/// <see cref="Check"/>; only overlapping ranges reach the element test, out of line.
/// </summary>
internal static partial class TensorOverlap
{
    /// <summary>Throws when the tensor <paramref name="output"/> shares an element with the tensor <paramref name="input"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Refuse<T>(in TensorLayout<T> input, in TensorLayout<T> output, string inputName, string outputName)
    {
        if (!input.Buffer.IsEmpty && !output.Buffer.IsEmpty && input.Buffer.Overlaps(output.Buffer, out int offset))
            NoSharedElement(offset, input.Rows, input.Columns, input.Ld, input.Transposed, output.Rows, output.Columns, output.Ld, output.Transposed, inputName, outputName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedElement(int offset, int rowsIn, int colsIn, int ldIn, bool inTransposed,
        int rowsOut, int colsOut, int ldOut, bool outTransposed, string inputName, string outputName)
    {
        // The stored row-major matrices: a tensor laid out as a transpose stores columns×rows.
        if (!Check.FirstSharedElement(offset, inTransposed ? colsIn : rowsIn, inTransposed ? rowsIn : colsIn, ldIn,
                outTransposed ? colsOut : rowsOut, outTransposed ? rowsOut : colsOut, ldOut,
                out long sRowIn, out long sColIn, out long sRowOut, out long sColOut))
            return;
        // Stored [r, s] of a transposed layout is the tensor's [s, r].
        (long rowIn, long colIn) = inTransposed ? (sColIn, sRowIn) : (sRowIn, sColIn);
        (long rowOut, long colOut) = outTransposed ? (sColOut, sRowOut) : (sRowOut, sColOut);
        string where = string.Create(CultureInfo.InvariantCulture,
            $"element [{rowOut}, {colOut}] of {outputName} is element [{rowIn}, {colIn}] of {inputName}; {outputName} starts {offset} elements from {inputName}'s start, "
            + $"{inputName} {Shape(rowsIn, colsIn, ldIn, inTransposed)}, {outputName} {Shape(rowsOut, colsOut, ldOut, outTransposed)}");
        throw new ArgumentException($"{outputName} overlaps {inputName} in memory ({where}); BLAS forbids writing an operand it is still reading. Use separate buffers, or sub-blocks that share no element.", outputName);
    }

    /// <summary>The tensor's lengths and the strides BLAS takes from it (a length-1 dimension's stride is never stepped).</summary>
    private static string Shape(int rows, int cols, int ld, bool transposed) =>
        string.Create(CultureInfo.InvariantCulture, $"{rows}×{cols} with strides [{(transposed ? 1 : ld)}, {(transposed ? ld : 1)}]");
}
