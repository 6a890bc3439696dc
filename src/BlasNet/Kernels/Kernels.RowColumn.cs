using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

using System.Runtime.CompilerServices;

namespace BlasNet;

public static partial class Kernels
{
    /// <summary>
    /// Adds <paramref name="row"/> to every row of the row-major matrix <paramref name="x"/> (a bias):
    /// <c>destination[i·c + j] = x[i·c + j] + row[j]</c> with c = row.Length.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="row"/> is empty while x is not, x.Length is not a multiple of row.Length, or <paramref name="destination"/> is too short or partially overlaps an input.</exception>
    [OverloadResolutionPriority(1)]
    public static void AddRowVector<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> row, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int columns = row.Length;
        if (columns == 0 ? x.Length != 0 : x.Length % columns != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x has length {x.Length}, which is not a whole number of rows of length {columns} (row.Length)."), nameof(row));
        KernelCheck.Unary(x, destination, nameof(x), nameof(destination));
        // row is read for every row of x: it may be destination only when x is a single row (then in place).
        KernelCheck.InPlaceOrDisjoint(row, destination[..x.Length], nameof(row), nameof(destination));
        if (x.IsEmpty) return;
        for (int start = 0; start < x.Length; start += columns)
        {
            if (typeof(T) == typeof(Half))
                HalfBridge.Binary(AsHalf(x.Slice(start, columns)), AsHalf(row), AsHalf(destination.Slice(start, columns)), 0f, 0f, static (a, b, d, _, _) => TensorPrimitives.Add(a, b, d));
            else
                TensorPrimitives.Add(x.Slice(start, columns), row, destination.Slice(start, columns));
        }
    }

    /// <summary>
    /// Column sums of the row-major matrix <paramref name="x"/> with <paramref name="columns"/> columns
    /// (a bias gradient): <c>destination[j] = Σᵢ x[i·columns + j]</c>, or added to destination when
    /// <paramref name="accumulate"/> is true. Float and Half are summed in double (each element widened
    /// exactly) and rounded once, so a long column does not drift; double is summed in double.
    /// </summary>
    /// <exception cref="ArgumentException">x.Length is not a multiple of <paramref name="columns"/>, or <paramref name="destination"/> is shorter than columns or its first columns elements overlap x (the rest of a longer destination is not used).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is negative.</exception>
    [OverloadResolutionPriority(1)]
    public static void SumColumns<T>(ReadOnlySpan<T> x, int columns, Span<T> destination, bool accumulate = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check.NonNegative(columns, nameof(columns));
        if (columns == 0 ? x.Length != 0 : x.Length % columns != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x has length {x.Length}, which is not a whole number of rows of {columns} columns."), nameof(columns));
        // One sum per column: the message must not call columns "the length of the input" (x is longer).
        KernelCheck.Destination(columns, destination, nameof(destination), "one per column");
        // Only the sums written are checked: a longer destination whose unused tail holds x is a valid call.
        var sums = destination[..columns];
        if (x.Overlaps(sums))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"destination's first {columns} elements (one sum per column) overlap x ({x.Length} elements); the column sums need separate memory."), nameof(destination));
        if (typeof(T) == typeof(Half)) { SumColumnsHalf(AsHalf(x), columns, AsHalf(sums), accumulate); return; }
        if (typeof(T) == typeof(float)) { SumColumnsSingle(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(x), columns, System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(sums), accumulate); return; }
        if (!accumulate) sums.Clear();
        for (int start = 0; start < x.Length; start += columns)
            TensorPrimitives.Add(sums, x.Slice(start, columns), sums);
    }

    // Float rows are added into double sums (each float widened, exactly) and rounded once: adding row
    // after row in float drifted by percents over millions of rows (10⁷ × 0.1f gave 1 087 937).
    private static void SumColumnsSingle(ReadOnlySpan<float> x, int columns, Span<float> sums, bool accumulate)
    {
        const int StackColumns = 256;
        double[]? rented = columns > StackColumns ? ArrayPool<double>.Shared.Rent(columns) : null;
        try
        {
            Span<double> total = rented is null ? stackalloc double[StackColumns] : rented;
            total = total[..columns];
            if (accumulate) TensorPrimitives.ConvertChecked<float, double>(sums, total); else total.Clear();
            for (int start = 0; start < x.Length; start += columns)
                Providers.FloatSums.AddWidened(x.Slice(start, columns), total);
            TensorPrimitives.ConvertTruncating<double, float>(total, sums);
        }
        finally { if (rented is not null) ArrayPool<double>.Shared.Return(rented); }
    }

    // Half rows are widened to float (exactly) and added into double sums, then each sum is rounded once to
    // Half. A float running sum drifted: 4·10⁶ rows of Half 0.01 gave 40450 for the exact 40008.5 (Half 40000),
    // because float's spacing near 4·10⁴ is 0.004. Every Half is a multiple of 2⁻²⁴, so the double sums are
    // exact while partial sums stay below 2²⁹, and the result is then the correctly rounded column sum.
    private static void SumColumnsHalf(ReadOnlySpan<Half> x, int columns, Span<Half> sums, bool accumulate)
    {
        double[] totalArray = ArrayPool<double>.Shared.Rent(columns);
        float[] rowArray = ArrayPool<float>.Shared.Rent(columns);
        try
        {
            var total = totalArray.AsSpan(0, columns);
            var row = rowArray.AsSpan(0, columns);
            if (accumulate)
            {
                TensorPrimitives.ConvertToSingle(sums, row);
                TensorPrimitives.ConvertChecked<float, double>(row, total); // exact
            }
            else total.Clear();
            for (int start = 0; start < x.Length; start += columns)
            {
                TensorPrimitives.ConvertToSingle(x.Slice(start, columns), row);
                Providers.FloatSums.AddWidened(row, total);
            }
            // double → Half directly: through float would round twice.
            for (int j = 0; j < columns; j++) sums[j] = (Half)total[j];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rowArray);
            ArrayPool<double>.Shared.Return(totalArray);
        }
    }
}
