using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

// TEMPORARY (session 19): the tensor path as it was before session 19, kept callable for one interleaved
// before/after run of tensor-quick (--previous); removed again once the figures are recorded.
namespace BlasNet.Benchmarks;

/// <summary>
/// How a rank-2 tensor span's strides map onto BLAS's (buffer, leading dimension, transpose):
/// unit column stride is a row-major matrix with ld = row stride; unit row stride is the transposed
/// view of a row-major matrix with ld = column stride. Anything else (both strides ≠ 1, zero
/// strides of a broadcast, rows that overlap) has no BLAS form and is refused, never copied.
/// </summary>
internal readonly ref struct PreviousTensorLayout<T>
{
    /// <summary>The elements the tensor can address, from its [0, 0] element on.</summary>
    public readonly ReadOnlySpan<T> Buffer;
    /// <summary>Rows and columns as seen (the tensor's lengths).</summary>
    public readonly int Rows, Columns;
    /// <summary>Leading dimension of the stored row-major matrix.</summary>
    public readonly int Ld;
    /// <summary>Whether the tensor is the transpose of the stored row-major matrix.</summary>
    public readonly bool Transposed;

    private PreviousTensorLayout(ReadOnlySpan<T> buffer, int rows, int columns, int ld, bool transposed)
    {
        Buffer = buffer; Rows = rows; Columns = columns; Ld = ld; Transposed = transposed;
    }

    /// <summary>Rows of the stored matrix (before the transpose).</summary>
    public int StoredRows => Transposed ? Columns : Rows;

    public static PreviousTensorLayout<T> Of(scoped in ReadOnlyTensorSpan<T> t, string name)
    {
        if (t.Rank != 2)
            throw new ArgumentException($"{name} has rank {t.Rank}; BLAS takes rank-2 tensors (matrices).", name);
        ReadOnlySpan<nint> lengths = t.Lengths, strides = t.Strides;
        int rows = ToInt(lengths[0], name, "length"), columns = ToInt(lengths[1], name, "length");
        nint s0 = strides[0], s1 = strides[1];
        if (rows == 0 || columns == 0) return new(default, rows, columns, Math.Max(1, columns), false);
        if ((rows > 1 && s0 <= 0) || (columns > 1 && s1 <= 0))
            throw new ArgumentException($"{name} has strides [{s0}, {s1}] over lengths [{rows}, {columns}]: a zero (broadcast) or negative stride has no BLAS layout. Materialize the tensor first.", name);

        int ld; bool transposed;
        if (columns == 1) { ld = rows > 1 ? ToInt(s0, name, "stride") : 1; transposed = false; }
        else if (s1 == 1) { ld = rows > 1 ? ToInt(s0, name, "stride") : columns; transposed = false; }
        else if (rows == 1) { ld = ToInt(s1, name, "stride"); transposed = true; }
        else if (s0 == 1) { ld = ToInt(s1, name, "stride"); transposed = true; }
        else
            throw new ArgumentException($"{name} has strides [{s0}, {s1}] (lengths [{rows}, {columns}]): BLAS needs one of them to be 1 (row-major, or its transpose). Copy it into a dense tensor first.", name);

        int minLd = transposed ? rows : columns;
        if (ld < minLd)
            throw new ArgumentException($"{name} has strides [{s0}, {s1}] over lengths [{rows}, {columns}]: its {(transposed ? "columns" : "rows")} overlap (leading dimension {ld} < {minLd}), which BLAS cannot take.", name);
        long extent = (long)(rows - 1) * s0 + (long)(columns - 1) * s1 + 1;
        int length = ToInt((nint)extent, name, "extent");
        // The tensor span's constructor has already checked that these elements exist.
        var buffer = MemoryMarshal.CreateReadOnlySpan(in t.GetPinnableReference(), length);
        return new(buffer, rows, columns, ld, transposed);
    }

    private static int ToInt(nint value, string name, string what) =>
        value <= int.MaxValue ? (int)value
        : throw new ArgumentOutOfRangeException(name, $"{name} has a {what} of {value}, beyond the 32-bit sizes BLAS takes.");
}

/// <summary>GEMM on rank-2 tensor spans: strides become transposes and leading dimensions, never copies.</summary>
internal static class PreviousTensorGemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Gemm(T alpha, scoped in ReadOnlyTensorSpan<T> a, scoped in ReadOnlyTensorSpan<T> b, T beta, scoped in TensorSpan<T> c)
    {
        var la = PreviousTensorLayout<T>.Of(a, nameof(a));
        var lb = PreviousTensorLayout<T>.Of(b, nameof(b));
        var lc = PreviousTensorLayout<T>.Of((ReadOnlyTensorSpan<T>)c, nameof(c));
        if (la.Columns != lb.Rows)
            throw new ArgumentException($"a is {la.Rows}×{la.Columns} and b is {lb.Rows}×{lb.Columns}: a's columns must equal b's rows.", nameof(b));
        Check.Shape(nameof(c), lc.Rows, lc.Columns, la.Rows, lb.Columns, "a's rows × b's columns");
        // BLAS writes only row-major C; the transposed C is produced as Cᵀ = BᵀAᵀ on the same storage.
        var cs = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(lc.Buffer), lc.Buffer.Length);
        int m = la.Rows, n = lb.Columns, k = la.Columns;
        if (!lc.Transposed)
            CheckedBlas<T>.Gemm(Flag(la.Transposed), Flag(lb.Transposed), m, n, k, alpha, la.Buffer, la.Ld, lb.Buffer, lb.Ld, beta, cs, lc.Ld);
        else
            CheckedBlas<T>.Gemm(Flag(!lb.Transposed), Flag(!la.Transposed), n, m, k, alpha, lb.Buffer, lb.Ld, la.Buffer, la.Ld, beta, cs, lc.Ld);
    }

    /// <summary>As the public overload took it: the three tensor spans by value.</summary>
    public static void GemmByValue(T alpha, ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> b, T beta, TensorSpan<T> c) => Gemm(alpha, a, b, beta, c);

    private static Transpose Flag(bool transposed) => transposed ? Transpose.Transposed : Transpose.None;
}
