using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BlasNet.Providers;

namespace BlasNet;

/// <summary>
/// Every BLAS routine once, generic over float and double: validate, trim the spans to what the
/// routine may touch, handle empty work, then dispatch to the provider with the concrete type
/// (the <c>typeof(T)</c> tests are folded away by the JIT). The public <see cref="Blas"/>
/// overloads forward here.
/// </summary>
internal static partial class CheckedBlas<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static bool IsDouble => typeof(T) == typeof(double);
    private static BlasBackend B => BlasProvider.Backend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static double D(T v) => Unsafe.As<T, double>(ref v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static float F(T v) => Unsafe.As<T, float>(ref v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static T FromD(double v) => Unsafe.As<double, T>(ref v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static T FromF(float v) => Unsafe.As<float, T>(ref v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static ReadOnlySpan<double> D(ReadOnlySpan<T> s) => MemoryMarshal.Cast<T, double>(s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static ReadOnlySpan<float> F(ReadOnlySpan<T> s) => MemoryMarshal.Cast<T, float>(s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static Span<double> D(Span<T> s) => MemoryMarshal.Cast<T, double>(s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static Span<float> F(Span<T> s) => MemoryMarshal.Cast<T, float>(s);

    /// <summary>Index (in elements of the strided vector) of the first NaN, or −1.</summary>
    private static int FirstNaN(int n, ReadOnlySpan<T> x, int incX)
    {
        if (incX == 1)
        {
            // Vectorized: IndexOfMaxMagnitude returns the first NaN when there is one.
            int k = System.Numerics.Tensors.TensorPrimitives.IndexOfMaxMagnitude(x[..n]);
            return T.IsNaN(x[k]) ? k : -1;
        }
        for (int i = 0; i < n; i++)
            if (T.IsNaN(x[i * incX])) return i;
        return -1;
    }

    private static int VectorSpan(int n, int inc) => n == 0 ? 0 : 1 + (n - 1) * inc;
    private static int MatrixSpan(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;

    // ---------------- Level 1 ----------------

    public static void Axpy(int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> y, int incY)
    {
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Vector(y.Length, n, incY, nameof(y));
        if (n == 0) return;
        x = x[..VectorSpan(n, incX)]; y = y[..VectorSpan(n, incY)];
        if (x != y) Check.NoOverlap(x, incX, n, y, incY, n, nameof(x), nameof(y));
        // Reference BLAS's quick return: α = 0 leaves y as it is, NaN or ∞ in x included. Done here
        // because providers differ (some compute y + 0·x, which turns y into NaN where x is NaN or ∞).
        if (alpha == T.Zero) return;
        if (IsDouble) B.Axpy(n, D(alpha), D(x), incX, D(y), incY); else B.Axpy(n, F(alpha), F(x), incX, F(y), incY);
    }

    public static T Dot(int n, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY)
    {
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Vector(y.Length, n, incY, nameof(y));
        if (n == 0) return T.Zero;
        if (IsDouble) return FromD(B.Dot(n, D(x), incX, D(y), incY));
        // BLIS's sdot sums in one float running sum (10⁷ × 0.1f·1: 975 599 for 1 000 000): accumulated in double instead.
        return B.FloatSumsDrift ? FromF(ManagedBlas<float>.Dot(n, F(x), incX, F(y), incY)) : FromF(B.Dot(n, F(x), incX, F(y), incY));
    }

    public static T Nrm2(int n, ReadOnlySpan<T> x, int incX)
    {
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX)); Check.Vector(x.Length, n, incX, nameof(x));
        if (n == 0) return T.Zero;
        // Float on every provider in managed code, squares summed in double: BLIS's snrm2 (0.9.x, measured) drifts with n,
        // 2·10⁷ × 0.1f gave 409.6 for 447.21 (8 %), while OpenBLAS and MKL sum in double. One accurate answer everywhere,
        // at the cost of one memory-bound pass (the same as the native kernels').
        if (!IsDouble) return FromF(ManagedBlas<float>.FloatNrm2(n, F(x), incX));
        T norm = FromD(B.Nrm2(n, D(x), incX));
        // Some native nrm2 kernels scale by the largest |xᵢ| and turn two infinities into ∞/∞ = NaN;
        // a non-finite answer is recomputed in managed code: NaN if any xᵢ is NaN, else +∞.
        return T.IsFinite(norm) ? norm : ManagedBlas<T>.Nrm2(n, x, incX);
    }

    public static T Asum(int n, ReadOnlySpan<T> x, int incX)
    {
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX)); Check.Vector(x.Length, n, incX, nameof(x));
        if (n == 0) return T.Zero;
        if (IsDouble) return FromD(B.Asum(n, D(x), incX));
        // BLIS's sasum sums in one float running sum (10⁷ × 0.1f: 1 087 937 for 1 000 000): accumulated in double instead.
        return B.FloatSumsDrift ? FromF(ManagedBlas<float>.Asum(n, F(x), incX)) : FromF(B.Asum(n, F(x), incX));
    }

    public static int Iamax(int n, ReadOnlySpan<T> x, int incX)
    {
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX)); Check.Vector(x.Length, n, incX, nameof(x));
        if (n == 0) return -1;
        // A NaN wins (its index is returned, the first one): native BLAS skips NaN (no comparison
        // with it is true) while a NaN is the one value a caller must not miss. Finding it is O(n),
        // like iamax itself.
        int nan = FirstNaN(n, x, incX);
        if (nan >= 0) return nan;
        return IsDouble ? B.Iamax(n, D(x), incX) : B.Iamax(n, F(x), incX);
    }

    public static void Scal(int n, T alpha, Span<T> x, int incX)
    {
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX)); Check.Vector(x.Length, n, incX, nameof(x));
        if (n == 0) return;
        if (alpha == T.Zero || !T.IsFinite(alpha))
        {
            // IEEE products, as the reference BLAS: 0·NaN = 0·∞ = NaN (and ∞·0 = NaN). Some native
            // scal kernels write zeros for α = 0 instead, hiding NaN and ∞, so these α stay in managed code.
            ManagedBlas<T>.Scal(n, alpha, x[..VectorSpan(n, incX)], incX);
            return;
        }
        if (IsDouble) B.Scal(n, D(alpha), D(x), incX); else B.Scal(n, F(alpha), F(x), incX);
    }

    public static void Copy(int n, ReadOnlySpan<T> x, int incX, Span<T> y, int incY)
    {
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Vector(y.Length, n, incY, nameof(y));
        if (n == 0) return;
        x = x[..VectorSpan(n, incX)]; y = y[..VectorSpan(n, incY)];
        // x and y the very same vector (same start, and the same trimmed length, hence the same increment when n ≥ 2):
        // reference BLAS's dcopy then writes every element onto itself, a no-op, which is what this is on every provider.
        // Any other sharing of an element (a shifted or differently strided view of the same buffer) stays refused.
        if (x == (ReadOnlySpan<T>)y) return;
        Check.NoOverlap(x, incX, n, y, incY, n, nameof(x), nameof(y));
        if (IsDouble) B.Copy(n, D(x), incX, D(y), incY); else B.Copy(n, F(x), incX, F(y), incY);
    }

    public static void Swap(int n, Span<T> x, int incX, Span<T> y, int incY)
    {
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Vector(y.Length, n, incY, nameof(y));
        if (n == 0) return;
        x = x[..VectorSpan(n, incX)]; y = y[..VectorSpan(n, incY)];
        // x and y the very same vector: reference BLAS's dswap exchanges each element with itself, leaving the vector
        // as it was (NaN payloads and signed zeros included), so nothing is done, on every provider.
        if (x == y) return;
        Check.NoOverlap(x, incX, n, y, incY, n, nameof(x), nameof(y));
        if (IsDouble) B.Swap(n, D(x), incX, D(y), incY); else B.Swap(n, F(x), incX, F(y), incY);
    }

    // ---------------- Level 2 ----------------

    public static void Gemv(Transpose trans, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        Check.Flag(trans, nameof(trans));
        Check.NonNegative(m, nameof(m)); Check.NonNegative(n, nameof(n));
        Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        Check.Matrix(a.Length, m, n, lda, nameof(a), nameof(lda));
        int lenX = trans == Transpose.None ? n : m, lenY = trans == Transpose.None ? m : n;
        string countX = trans == Transpose.None ? nameof(n) : nameof(m), countY = trans == Transpose.None ? nameof(m) : nameof(n);
        Check.Vector(x.Length, lenX, incX, nameof(x), countX); Check.Vector(y.Length, lenY, incY, nameof(y), countY);
        if (lenY == 0) return;
        a = a[..MatrixSpan(m, n, lda)]; x = x[..VectorSpan(lenX, incX)]; y = y[..VectorSpan(lenY, incY)];
        Check.NoOverlapMatrixVector(a, m, n, lda, y, lenY, incY, nameof(a), nameof(y)); Check.NoOverlap(x, incX, lenX, y, incY, lenY, nameof(x), nameof(y));
        if (lenX == 0 || alpha == T.Zero)
        {
            // Nothing to multiply: y ← βy, done here because some BLAS builds return early and skip β,
            // and because α = 0 means A and x are not referenced (NaN there must not leak into y).
            ManagedBlas<T>.ScaleVector(lenY, beta, y, incY);
            return;
        }
        if (NonFiniteScalars<T>.Applies(alpha, beta))
        {
            // One answer on every provider: α·(op(A)x) + βy as defined (native kernels scale x by α first, or drop NaN β).
            NonFiniteScalars<T>.Gemv(trans, m, n, alpha, a, lda, x, incX, beta, y, incY);
            return;
        }
        if (IsDouble) B.Gemv(trans, m, n, D(alpha), D(a), lda, D(x), incX, D(beta), D(y), incY);
        else B.Gemv(trans, m, n, F(alpha), F(a), lda, F(x), incX, F(beta), F(y), incY);
        // BLIS's axpy kernels skip the products of a zero xᵢ, NaN or ∞ in them included (0·NaN = NaN left out): its gemv
        // for a transposed A, and for an m×1 A with lda = 1 (taken for column-stored). Checked where the provider may skip.
        if (B.MaySkipZeroMultipliers)
        {
            if (trans == Transpose.Transposed) ZeroMultiplierRows<T>.AfterTransposedGemv(m, n, a, lda, x, incX, y, incY);
            else ZeroMultiplierRows<T>.AfterGemv(m, n, a, lda, x, incX, y, incY);
        }
    }

    public static void Ger(int m, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda)
    {
        Check.NonNegative(m, nameof(m)); Check.NonNegative(n, nameof(n));
        Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        Check.Vector(x.Length, m, incX, nameof(x), nameof(m)); Check.Vector(y.Length, n, incY, nameof(y));
        Check.Matrix(a.Length, m, n, lda, nameof(a), nameof(lda));
        if (m == 0 || n == 0) return;
        a = a[..MatrixSpan(m, n, lda)]; x = x[..VectorSpan(m, incX)]; y = y[..VectorSpan(n, incY)];
        Check.NoOverlapVectorMatrix(x, m, incX, a, m, n, lda, nameof(x), nameof(a)); Check.NoOverlapVectorMatrix(y, n, incY, a, m, n, lda, nameof(y), nameof(a));
        if (alpha == T.Zero) return; // BLAS quick return: x and y are not referenced, so NaN or ∞ there changes nothing
        if (!T.IsFinite(alpha))
        {
            // aᵢⱼ + α·(xᵢyⱼ) as defined: MKL skipped rows whose xᵢ is 0 (∞·0 left out), the others did not.
            NonFiniteScalars<T>.Ger(m, n, alpha, x, incX, y, incY, a, lda);
            return;
        }
        if (IsDouble) B.Ger(m, n, D(alpha), D(x), incX, D(y), incY, D(a), lda);
        else B.Ger(m, n, F(alpha), F(x), incX, F(y), incY, F(a), lda);
        // MKL's and BLIS's ger skip the rows whose xᵢ is 0, so a NaN or ∞ in y never reached them (0·NaN = NaN left out);
        // BLIS's skips the column of an m×1 A (lda = 1) when y₀ is 0. Checked on every provider: it reads x and y only.
        ZeroMultiplierRows<T>.AfterGer(m, n, x, incX, y, incY, a, lda);
    }

    /// <summary>
    /// The checks Trsv and Trmv share (flags, sizes, leading dimension, increment, overlap), with <paramref name="a"/> and
    /// <paramref name="x"/> cut to what the routine touches. False when n = 0 (nothing to do).
    /// </summary>
    private static bool TriangularVectorOperands(Triangle uplo, Transpose trans, Diagonal diag, int n, ref ReadOnlySpan<T> a, int lda, ref Span<T> x, int incX)
    {
        Check.Flag(uplo, nameof(uplo)); Check.Flag(trans, nameof(trans)); Check.Flag(diag, nameof(diag));
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX));
        var triangle = new TriangleElements(uplo, n, lda, diag == Diagonal.Unit);
        // The array through the last element read (a unit diagonal's last slots need not exist), as the band routines.
        int extent = Check.TriangleLength(a.Length, triangle, nameof(a), nameof(lda)); Check.Vector(x.Length, n, incX, nameof(x));
        if (n == 0) return false;
        a = a[..extent]; x = x[..VectorSpan(n, incX)];
        // Element-exact against the triangle the routine reads (TriangleElements): an x in the other triangle, on a unit
        // diagonal or in the padding is valid (no provider reads those slots: TriangleOverlap39Tests).
        Check.NoOverlapReadElements(a, triangle, x, n, incX, nameof(a), nameof(x));
        // Order 1 with a unit diagonal reads nothing of A: x ← x (no pointer into an empty array reaches a provider).
        return extent > 0;
    }

    public static void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, Span<T> x, int incX)
    {
        if (!TriangularVectorOperands(uplo, trans, diag, n, ref a, lda, ref x, incX)) return;
        // Blocked native kernels let a NaN or ∞ leak into components that do not depend on it (0·∞
        // in a register block); substitution in managed code gives IEEE semantics exactly. Scanning
        // A would cost as much as the (memory-bound) solve, so b is kept instead: a non-finite
        // answer from a finite b is recomputed from it.
        if (!FiniteScan.Vector(n, x, incX))
        {
            ManagedBlas<T>.Trsv(uplo, trans, diag, n, a, lda, x, incX);
            return;
        }
        var saved = System.Buffers.ArrayPool<T>.Shared.Rent(n);
        for (int i = 0; i < n; i++) saved[i] = x[i * incX];
        if (IsDouble) B.Trsv(uplo, trans, diag, n, D(a), lda, D(x), incX); else B.Trsv(uplo, trans, diag, n, F(a), lda, F(x), incX);
        if (!FiniteScan.Vector(n, x, incX))
        {
            for (int i = 0; i < n; i++) x[i * incX] = saved[i];
            ManagedBlas<T>.Trsv(uplo, trans, diag, n, a, lda, x, incX);
            ScaledSubstitution.Trsv(uplo, trans, diag, n, a, lda, x, incX, saved);
        }
        else if (B.MaySkipZeroMultipliers && ZeroMultiplierRows<T>.TrsvMayHaveSkipped(uplo, trans, diag, n, a, lda, x, incX))
        {
            // A finite answer with a zero component whose multipliers hold a NaN or ∞ (BLIS skipped them): by substitution.
            for (int i = 0; i < n; i++) x[i * incX] = saved[i];
            ManagedBlas<T>.Trsv(uplo, trans, diag, n, a, lda, x, incX);
        }
        System.Buffers.ArrayPool<T>.Shared.Return(saved);
    }

    // ---------------- Level 3 ----------------

    public static void Gemm(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        var (aRows, aCols, bRows, bCols) = Check.GemmShapes(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        c = c[..MatrixSpan(m, n, ldc)];
        a = a[..MatrixSpan(aRows, aCols, lda)]; b = b[..MatrixSpan(bRows, bCols, ldb)];
        GemmOnValidated(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// GEMM's lower half, for entries that proved the shapes already: flags valid, m, n, k ≥ 0, each
    /// leading dimension ≥ max(1, stored columns), and a, b, c exactly as long as their stored matrices.
    /// Still checks that C overlaps neither A nor B when they are read (<see cref="GemmOperandUse"/>), and (in <see cref="GemmOnDisjoint"/>) applies the
    /// k = 0, α = 0 and non-finite α or β rules, so every entry has the same semantics.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void GemmOnValidated(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        // Element-exact: sub-blocks of one buffer (a blocked factorization's A22 ← A22 − A21·A12) share no element.
        // Only when A and B are read (GemmOperandUse): with k = 0 or α = 0, C ← βC reads neither, so they may be C itself.
        if (GemmOperandUse.ReadsInputs(m, n, k, alpha))
        {
            int aRows = transA == Transpose.None ? m : k, aCols = transA == Transpose.None ? k : m;
            int bRows = transB == Transpose.None ? k : n, bCols = transB == Transpose.None ? n : k;
            Check.NoOverlap(a, aRows, aCols, lda, c, m, n, ldc, nameof(a), nameof(c));
            Check.NoOverlap(b, bRows, bCols, ldb, c, m, n, ldc, nameof(b), nameof(c));
        }
        GemmOnDisjoint(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// GEMM below the overlap checks, for an entry that made them itself: the tensor form checks its tensors in their own
    /// names and indices (<see cref="TensorOverlap"/>), which the stored operands here (swapped for a transposed C) lack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void GemmOnDisjoint(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        // One branch on the everyday path (finite α ≠ 0, k > 0); the rest is out of line, so this stays small enough to inline.
        if (k == 0 || alpha == T.Zero || NonFiniteScalars<T>.Applies(alpha, beta))
        {
            GemmInManagedCode(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        GemmOnProvider(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// The GEMMs BlasNet computes itself on every provider, operands validated: k = 0 or α = 0 give C ← βC without
    /// reading A or B (BLAS builds differ on whether k = 0 still applies β, and NaN or ∞ in A or B must not reach C);
    /// a NaN or ±∞ α or β gives the definition α·(op(A)op(B)) + βC (<see cref="NonFiniteScalars{T}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void GemmInManagedCode(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        if (k == 0 || alpha == T.Zero) ScaleMatrix(m, n, beta, c, ldc);
        else NonFiniteScalars<T>.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>C ← βC on the m×n C (leading dimension ldc): GEMM's result when k = 0 or α = 0.</summary>
    internal static void ScaleMatrix(int m, int n, T beta, Span<T> c, int ldc)
    {
        for (int i = 0; i < m; i++) ManagedBlas<T>.ScaleVector(n, beta, c.Slice(i * ldc, n), 1);
    }

    /// <summary>
    /// The provider's GEMM with no checks: for callers that validated already (the batched GEMM checks
    /// the whole batch once) and handled the cases BlasNet computes itself (m, n, k &gt; 0, α ≠ 0, α and β finite:
    /// see <see cref="GemmInManagedCode"/>).
    /// </summary>
    internal static void GemmOnProvider(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        var backend = B;
        if (!IsDouble && m > 1
            && ((n % 4 >= 2 && backend.SgemmReadsPastShortLastRow)
                || (transA == Transpose.None && transB == Transpose.Transposed && backend.SgemmReadsPastLastRowOfA)))
        {
            // BLIS's sgemm reads up to two floats past a row of n ≡ 2, 3 (mod 4) floats of C, and (B transposed) up to a row
            // past A's last row: inside C or A that is the next row, after the last row it is memory the operand does not own
            // (a crash when it ends at an unmapped page). Rows 0..m−2 in one call, the last (op(A)'s last row: A's row m−1,
            // or its column m−1 when transposed) in another, read as a 1×n product.
            int last = m - 1;
            ProviderRows(backend, transA, transB, last, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            ProviderRows(backend, transA, transB, 1, n, k, alpha, a[(transA == Transpose.None ? last * lda : last)..], lda, b, ldb, beta, c[(last * ldc)..], ldc);
            return;
        }
        ProviderRows(backend, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>The provider's GEMM on these m rows, and the zero-multiplier repair its vector-shaped products need.</summary>
    private static void ProviderRows(BlasBackend backend, Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        if (IsDouble) backend.Gemm(transA, transB, m, n, k, D(alpha), D(a), lda, D(b), ldb, D(beta), D(c), ldc);
        else backend.Gemm(transA, transB, m, n, k, F(alpha), F(a), lda, F(b), ldb, F(beta), F(c), ldc);
        // BLIS hands a GEMM with m = 1 or n = 1 to its gemv, whose axpy kernel skips a zero multiplier (0·NaN = NaN left out).
        if ((m == 1 || n == 1) && backend.MaySkipZeroMultipliers)
            ZeroMultiplierRows<T>.AfterVectorGemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
    }

    /// <summary>The provider's strided batch routine on validated pointers, when it has one (MKL); false: none, nothing done.</summary>
    internal static unsafe bool TryGemmStridedBatchedOnProvider(Transpose transA, Transpose transB, int m, int n, int k, T alpha, T* a, int lda, int strideA, T* b, int ldb, int strideB, T beta, T* c, int ldc, int strideC, int batchCount) =>
        // A library that may skip zero multipliers runs vector-shaped products one by one, through GemmOnProvider's check.
        (m == 1 || n == 1) && B.MaySkipZeroMultipliers ? false
        : IsDouble
            ? B.TryGemmStridedBatched(transA, transB, m, n, k, D(alpha), (double*)a, lda, strideA, (double*)b, ldb, strideB, D(beta), (double*)c, ldc, strideC, batchCount)
            : B.TryGemmStridedBatched(transA, transB, m, n, k, F(alpha), (float*)a, lda, strideA, (float*)b, ldb, strideB, F(beta), (float*)c, ldc, strideC, batchCount);

    public static void Syrk(Triangle uplo, Transpose trans, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
    {
        Check.Flag(uplo, nameof(uplo)); Check.Flag(trans, nameof(trans));
        Check.NonNegative(n, nameof(n)); Check.NonNegative(k, nameof(k));
        bool t = trans == Transpose.Transposed;
        int aRows = t ? k : n, aCols = t ? n : k;
        Check.Matrix(a.Length, aRows, aCols, lda, nameof(a), nameof(lda));
        Check.Matrix(c.Length, n, n, ldc, nameof(c), nameof(ldc));
        if (n == 0) return;
        c = c[..MatrixSpan(n, n, ldc)];
        a = a[..MatrixSpan(aRows, aCols, lda)];
        Check.NoOverlapMatrixTriangle(a, aRows, aCols, lda, c, TriangleElements.WrittenTriangle(uplo, n, ldc), nameof(a), nameof(c)); // only C's triangle is written
        if (k == 0 || alpha == T.Zero)
        {
            // C ← βC on the triangle; α = 0 means A is not referenced.
            ScaleTriangle(uplo, n, beta, c, ldc);
            return;
        }
        if (NonFiniteScalars<T>.Applies(alpha, beta))
        {
            // The definition, α·(op(A)op(A)ᵀ)ᵢⱼ + βcᵢⱼ per element: native SYRKs dropped a NaN α or β, the managed one (on
            // the GEMM) applies α per slice of the sum.
            NonFiniteSymmetricLevel3<T>.Syrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
            return;
        }
        if (IsDouble) B.Syrk(uplo, trans, n, k, D(alpha), D(a), lda, D(beta), D(c), ldc);
        else B.Syrk(uplo, trans, n, k, F(alpha), F(a), lda, F(beta), F(c), ldc);
    }

    /// <summary>C ← βC on the <paramref name="uplo"/> triangle of the order-n C (SYRK's and SYR2K's empty sum or α = 0).</summary>
    private static void ScaleTriangle(Triangle uplo, int n, T beta, Span<T> c, int ldc)
    {
        for (int i = 0; i < n; i++)
        {
            int lo = uplo == Triangle.Upper ? i : 0, hi = uplo == Triangle.Upper ? n : i + 1;
            ManagedBlas<T>.ScaleVector(hi - lo, beta, c.Slice(i * ldc + lo, hi - lo), 1);
        }
    }

    /// <summary>The span form of Trsm or Trmm, for the matrix and tensor forms, which map their views onto either the same way.</summary>
    public delegate void TriangularLevel3(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb);

    /// <summary>
    /// Trsm's and Trmm's common start: flags, sizes, leading dimensions and overlap checked, <paramref name="a"/> and
    /// <paramref name="b"/> cut to what the routine touches. α = 0 gives B = 0 whatever A and B hold (BLAS references
    /// neither then). False when nothing is left to do (an empty B, α = 0, or an order-1 unit triangle: B ← αB).
    /// <paramref name="triangle"/>: the elements of A the routine reads.
    /// </summary>
    private static bool TriangularLevel3Operands(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha,
        ref ReadOnlySpan<T> a, int lda, ref Span<T> b, int ldb, out TriangleElements triangle)
    {
        Check.Flag(side, nameof(side)); Check.Flag(uplo, nameof(uplo)); Check.Flag(transA, nameof(transA)); Check.Flag(diag, nameof(diag));
        Check.NonNegative(m, nameof(m)); Check.NonNegative(n, nameof(n));
        int order = side == Side.Left ? m : n;
        triangle = new TriangleElements(uplo, order, lda, diag == Diagonal.Unit);
        // A's array through the last element read, as Trmv's and Trsv's: a unit diagonal's last slots (an upper triangle's
        // whole last row) need not exist. bench/probes/level3-triangle-guard-page.py: reference BLAS and OpenBLAS's Prescott and
        // Haswell kernels read nothing past it; MKL, BLIS and OpenBLAS's Cooperlake dtrmm/strmm touch the last diagonal slot:
        // every native library gets a copied square (UnitTriangleSquare).
        int extent = Check.TriangleLength(a.Length, triangle, nameof(a), nameof(lda));
        Check.Matrix(b.Length, m, n, ldb, nameof(b), nameof(ldb));
        if (m == 0 || n == 0) return false;
        // Cut to the square when the array reaches it (as before: a library that touches a unit diagonal's slots gets it as
        // it is), else the array as given, through the last element read at least (UnitTriangleSquare then copies it for
        // such a library).
        a = a[..(int)Math.Min(a.Length, (long)(order - 1) * lda + order)]; b = b[..MatrixSpan(m, n, ldb)];
        Check.NoOverlapTriangleMatrix(a, triangle, b, m, n, ldb, nameof(a), nameof(b)); // only A's triangle is read, without a unit diagonal
        if (alpha == T.Zero)
        {
            for (int i = 0; i < m; i++) b.Slice(i * ldb, n).Clear();
            return false;
        }
        if (extent == 0)
        {
            // Order 1 with a unit diagonal reads nothing of A (op(A) = 1): Trmm and Trsm both give αB, each element α·b as
            // their definitions do, in managed code (no pointer into an empty array reaches a provider).
            for (int i = 0; i < m; i++) System.Numerics.Tensors.TensorPrimitives.Multiply(b.Slice(i * ldb, n), alpha, b.Slice(i * ldb, n));
            return false;
        }
        return true;
    }

    public static void Trsm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
    {
        if (TriangularLevel3Operands(side, uplo, transA, diag, m, n, alpha, ref a, lda, ref b, ldb, out var triangle))
            TriangularLevel3OnReadableA(solve: true, triangle, side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
    }

    /// <summary>
    /// Trsm (<paramref name="solve"/>) or Trmm once <see cref="TriangularLevel3Operands"/> passed, on an A the provider may read
    /// whole: copied into a square for a library that touches a unit diagonal's slots when the caller's array ends before them
    /// (<see cref="UnitTriangleSquare{T}"/>), or, where that square would not fit in an array (an A within k elements of the
    /// largest array), on the managed provider (<see cref="ManagedFallback"/>).
    /// </summary>
    private static void TriangularLevel3OnReadableA(bool solve, in TriangleElements triangle, Side side, Triangle uplo, Transpose transA, Diagonal diag,
        int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
    {
        if (!UnitTriangleSquare<T>.ForBackend(B, triangle, ref a, ref lda, out var square))
        {
            // The managed provider's whole path, not its bare kernel: a finite solution whose substitution overflowed in a
            // partial sum is recomputed there (ScaledSubstitution), as on every provider (UnitTriangleFallback43Tests).
            UnitTriangleSquareSeam.ManagedFallbacksOnThisThread++;
            if (solve) TrsmOperandsReady(ManagedFallback, side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
            else TrmmOperandsReady(ManagedFallback, side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
            return;
        }
        try
        {
            if (solve) TrsmOperandsReady(B, side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
            else TrmmOperandsReady(B, side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
        }
        finally { UnitTriangleSquare<T>.Return(square); }
    }

    /// <summary>Trsm once its operands are checked and A is one the provider may read whole (<see cref="UnitTriangleSquare{T}"/>),
    /// on <paramref name="backend"/> (the provider, or the managed one when no square could be had).</summary>
    private static void TrsmOperandsReady(BlasBackend backend, Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
    {
        int order = side == Side.Left ? m : n;
        T bMax = FiniteScan.RowMajorMaxAbs(m, n, b, ldb); // NaN when B is not finite
        if (T.IsNaN(bMax) || !FiniteScan.RowMajorTriangle(uplo, diag, order, a, lda) || !T.IsFinite(alpha))
        {
            // OpenBLAS's blocked trsm turns an ∞ in B into NaN in rows that do not depend on it (0·∞
            // in a register block); substitution in managed code keeps IEEE semantics exactly.
            ManagedBlas<T>.Trsm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
            return;
        }
        // Finite operands can still give a solution beyond the range of T, and native kernels then put NaN (0·∞) where
        // substitution gives a number: a non-finite answer is recomputed from the kept B, as Trsv does.
        // The copy is bounded: a large B goes in panels of whole columns (side Left: each column of X is solved from its
        // own column of B alone) or of whole rows (side Right), see SolveOverflowCopy.
        // The copy is skipped when a bound on the growth of |X| over max|B| proves the solution finite (SolveGrowthBound):
        // T = A for side Left untransposed and side Right transposed, Aᵀ otherwise. The panels stay, so the native calls,
        // and with them the bits of X, are the same either way.
        bool proven = SolveGrowthBound.RowMajorProves(uplo, diag, order, a, lda, columns: (side == Side.Left) == (transA == Transpose.None),
            count: side == Side.Left ? n : m, alpha, bMax);
        if (side == Side.Left)
        {
            for (int j0 = 0, w = SolveOverflowCopy.PanelCount(m, n); j0 < n; j0 += w)
                TrsmPanel(backend, proven, side, uplo, transA, diag, m, Math.Min(w, n - j0), alpha, a, lda, b[j0..], ldb);
        }
        else
        {
            for (int i0 = 0, h = SolveOverflowCopy.PanelCount(n, m); i0 < m; i0 += h)
                TrsmPanel(backend, proven, side, uplo, transA, diag, Math.Min(h, m - i0), n, alpha, a, lda, b[(i0 * ldb)..], ldb);
        }
    }

    /// <summary>The native solve of finite operands; unless <paramref name="proven"/> finite, recomputed by substitution
    /// from a kept copy of B when it is not finite.</summary>
    private static void TrsmPanel(BlasBackend backend, bool proven, Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
    {
        var saved = proven ? null : SolveOverflowCopy.Save<T>(m, n, b, ldb);
        if (IsDouble) backend.Trsm(side, uplo, transA, diag, m, n, D(alpha), D(a), lda, D(b), ldb);
        else backend.Trsm(side, uplo, transA, diag, m, n, F(alpha), F(a), lda, F(b), ldb);
        if (saved is null) return;
        if (SolveOverflowCopy.Overflowed(saved, m, n, b, ldb))
        {
            // Plain substitution first (the IEEE answer every provider shares); a right-hand side it leaves non-finite
            // may only have overflowed in a partial sum, and is solved again without range limits (ScaledSubstitution).
            ManagedBlas<T>.Trsm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
            ScaledSubstitution.Trsm(side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb, saved);
        }
        SolveOverflowCopy.Return(saved);
    }
}
