using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet;

/// <summary>
/// How a rank-2 tensor span's strides map onto BLAS's (buffer, leading dimension, transpose):
/// unit column stride is a row-major matrix with ld = row stride; unit row stride is the transposed
/// view of a row-major matrix with ld = column stride. Anything else (both strides ≠ 1, zero
/// strides of a broadcast, rows that overlap) has no BLAS form and is refused, never copied.
/// </summary>
/// <remarks>
/// A layout proves everything the span form of GEMM checks about one operand: ld ≥ max(1, stored
/// columns) and a buffer of exactly (stored rows − 1)·ld + stored columns elements (the tensor span's
/// constructor proved they exist). <see cref="TensorGemm{T}"/> therefore enters GEMM below those checks.
/// The reading is inlined and its errors are raised in separate methods, to keep the tensor form's fixed
/// cost per call small: ~15 ns over the span form on the AMD EPYC of session 45, of which ~5 ns are the caller's
/// copies of the by-value tensor spans, ~4 ns System.Numerics.Tensors' shape getters and ~4 ns these checks
/// (within 2 % from n ≈ 32–64, not at n ≤ 16; bench/RESULTS.md, "GEMM through tensor spans" and "Session 45, tspan50").
/// </remarks>
internal readonly ref struct TensorLayout<T>
{
    /// <summary>The elements the tensor can address, from its [0, 0] element on: exactly the stored matrix's extent.</summary>
    public readonly ReadOnlySpan<T> Buffer;
    /// <summary>Rows and columns as seen (the tensor's lengths).</summary>
    public readonly int Rows, Columns;
    /// <summary>Leading dimension of the stored row-major matrix.</summary>
    public readonly int Ld;
    /// <summary>Whether the tensor is the transpose of the stored row-major matrix.</summary>
    public readonly bool Transposed;

    private TensorLayout(ReadOnlySpan<T> buffer, int rows, int columns, int ld, bool transposed)
    {
        Buffer = buffer; Rows = rows; Columns = columns; Ld = ld; Transposed = transposed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TensorLayout<T> Of(scoped in ReadOnlyTensorSpan<T> t, string name) =>
        Of(t.Lengths, t.Strides, in t.GetPinnableReference(), name);

    /// <summary>
    /// The layout of a writable tensor, read in place: by <c>ref</c> (not written), since <see cref="TensorSpan{T}"/> is
    /// not a readonly struct and reading an <c>in</c> one would copy it (as would a conversion to the read-only span).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TensorLayout<T> Of(scoped ref TensorSpan<T> t, string name) =>
        Of(t.Lengths, t.Strides, in t.GetPinnableReference(), name);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TensorLayout<T> Of(scoped ReadOnlySpan<nint> lengths, scoped ReadOnlySpan<nint> strides, ref readonly T origin, string name)
    {
        // The rank is the lengths' count (and the strides'): reading Rank too would read the tensor's shape once
        // more. Checking both counts lets the JIT drop the bounds checks below.
        if (lengths.Length != 2 || strides.Length != 2) throw RankError(lengths.Length, name);
        nint rows = lengths[0], columns = lengths[1], s0 = strides[0], s1 = strides[1];
        if ((ulong)rows > int.MaxValue || (ulong)columns > int.MaxValue) throw TooLargeError(rows, columns, s0, s1, name, "a length of", rows > int.MaxValue ? rows : columns);
        if (rows == 0 || columns == 0) return new(default, (int)rows, (int)columns, Math.Max(1, (int)columns), false);

        // Row-major (unit column stride, or a single column) first: the common case. A stride on a
        // dimension of length 1 is never stepped (the tensor library sets it to 0), so it is not read.
        bool transposed; nint ld, minLd, storedRows, storedColumns;
        if (s1 == 1 || columns == 1) { transposed = false; ld = rows > 1 ? s0 : columns; minLd = columns; storedRows = rows; storedColumns = columns; }
        else if (s0 == 1 || rows == 1) { transposed = true; ld = s1; minLd = rows; storedRows = columns; storedColumns = rows; }
        else throw LayoutError(rows, columns, s0, s1, name);
        // ld ≥ minLd ≥ 1 also refuses the zero (broadcast) and negative strides: LayoutError tells which. (Rows
        // that overlap with positive strides are refused by System.Numerics.Tensors 11 already; kept as a guard.)
        if (ld < minLd) throw LayoutError(rows, columns, s0, s1, name);
        if (ld > int.MaxValue) throw TooLargeError(rows, columns, s0, s1, name, "a leading dimension (stride) of", ld);
        long extent = (long)(storedRows - 1) * ld + storedColumns;
        if (extent > int.MaxValue) throw TooLargeError(rows, columns, s0, s1, name, "elements from its first to its last spanning", (nint)extent);
        // The tensor span's constructor has already checked that these elements exist.
        return new(MemoryMarshal.CreateReadOnlySpan(in origin, (int)extent), (int)rows, (int)columns, (int)ld, transposed);
    }

    // The errors are built in methods of their own and thrown at the check (`throw XError(...)`): the check
    // stays a compare and a branch, and the JIT knows the branch does not come back.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException RankError(int rank, string name) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{name} has rank {rank}; BLAS takes rank-2 tensors (matrices)."), name);

    /// <remarks>
    /// With the tensor's lengths and strides, as every other error of a tensor here: the message said only "a has a stride of
    /// 2147483648" (and "a extent of"), naming neither the lengths nor which stride (fuzz51).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentOutOfRangeException TooLargeError(nint rows, nint columns, nint s0, nint s1, string name, string what, nint value) =>
        new(name, string.Create(CultureInfo.InvariantCulture,
            $"{name} has lengths [{rows}, {columns}] and strides [{s0}, {s1}]: {what} {value}, beyond the 32-bit sizes (int.MaxValue = {int.MaxValue}) BLAS takes."));

    /// <summary>Why a non-empty rows×columns tensor with strides [s0, s1] has no BLAS layout, in the order the cases are told apart.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException LayoutError(nint rows, nint columns, nint s0, nint s1, string name)
    {
        if ((rows > 1 && s0 <= 0) || (columns > 1 && s1 <= 0))
            return new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has strides [{s0}, {s1}] over lengths [{rows}, {columns}]: a zero (broadcast) or negative stride has no BLAS layout. Materialize the tensor first."), name);
        bool transposed = !(s1 == 1 || columns == 1);
        if (transposed && !(s0 == 1 || rows == 1))
            return new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has strides [{s0}, {s1}] (lengths [{rows}, {columns}]): BLAS needs one of them to be 1 (row-major, or its transpose). Copy it into a dense tensor first."), name);
        nint ld = transposed ? s1 : s0, minLd = transposed ? rows : columns;
        return new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has strides [{s0}, {s1}] over lengths [{rows}, {columns}]: its {(transposed ? "columns" : "rows")} overlap (leading dimension {ld} < {minLd}), which BLAS cannot take."), name);
    }
}

/// <summary>GEMM on rank-2 tensor spans: strides become transposes and leading dimensions, never copies.</summary>
internal static class TensorGemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <remarks>
    /// Not inlined into the public overloads: compiled as its own root, the JIT inlines the layouts, the
    /// checks and the provider's call into it; inlined, it ran out of inlining budget and left them as calls.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Gemm(T alpha, scoped in ReadOnlyTensorSpan<T> a, scoped in ReadOnlyTensorSpan<T> b, T beta, scoped in TensorSpan<T> c)
    {
        var la = TensorLayout<T>.Of(a, nameof(a));
        var lb = TensorLayout<T>.Of(b, nameof(b));
        // TensorSpan is not a readonly struct: reading it through `in` would copy its 112 bytes first.
        // It is only read here, never written, so the reference may drop the readonly.
        var lc = TensorLayout<T>.Of(ref Unsafe.AsRef(in c), nameof(c));
        if (la.Columns != lb.Rows) throw ChainError(la.Rows, la.Columns, lb.Rows, lb.Columns);
        Check.Shape(nameof(c), lc.Rows, lc.Columns, la.Rows, lb.Columns, "a's rows × b's columns");
        // The layouts proved what the span form's shape checks would (flags, sizes, leading dimensions,
        // buffer lengths, trimmed to the extents): GEMM is entered below them and below its overlap checks.
        // BLAS writes only row-major C; the transposed C is produced as Cᵀ = BᵀAᵀ on the same storage.
        // One call site (the operands swapped by selection, not by a second call): GEMM's lower half is
        // inlined here with the provider's call, and twice would outgrow the JIT's inlining budget.
        // Overlaps are refused here, in the tensors' names and [row, column] indices (below, a transposed C swaps A and B).
        // Only when A and B are read (GemmOperandUse): with k = 0 or α = 0, C ← βC reads neither, so they may be C itself.
        if (GemmOperandUse.ReadsInputs(lc.Rows, lc.Columns, la.Columns, alpha))
        {
            TensorOverlap.Refuse(la, lc, nameof(a), nameof(c));
            TensorOverlap.Refuse(lb, lc, nameof(b), nameof(c));
        }
        bool swap = lc.Transposed;
        var cs = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(lc.Buffer), lc.Buffer.Length);
        ReadOnlySpan<T> first = swap ? lb.Buffer : la.Buffer, second = swap ? la.Buffer : lb.Buffer;
        CheckedBlas<T>.GemmOnDisjoint(
            Flag((swap ? lb.Transposed : la.Transposed) != swap), Flag((swap ? la.Transposed : lb.Transposed) != swap),
            swap ? lb.Columns : la.Rows, swap ? la.Rows : lb.Columns, la.Columns, alpha,
            first, swap ? lb.Ld : la.Ld, second, swap ? la.Ld : lb.Ld, beta, cs, lc.Ld);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Transpose Flag(bool transposed) => transposed ? Transpose.Transposed : Transpose.None;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException ChainError(int aRows, int aColumns, int bRows, int bColumns) =>
        new(string.Create(CultureInfo.InvariantCulture, $"a is {aRows}×{aColumns} and b is {bRows}×{bColumns}: a's columns must equal b's rows."), "b");
}
