namespace BlasNet.Providers;

/// <summary>
/// op(A) y = x solved in place by substitution, A triangular in band or packed storage (row-major, Tbmv's and Tpmv's
/// layouts): backward (descending i) when op(A) is upper triangular, forward when lower; xᵢ ← (xᵢ − Σⱼ op(A)ᵢⱼ xⱼ) / op(A)ᵢᵢ
/// over the stored row of op(A) (within k of the diagonal for band), the division left out for a unit diagonal, which is
/// not read. As Trsv's managed solve, a zero coefficient is no dependence and its product is not formed, so a NaN or ∞ in
/// x reaches exactly the components that depend on it (an ∞ times a stored 0 would otherwise be NaN); every other
/// product is formed whatever xⱼ is, so a NaN or ∞ of the triangle reaches xᵢ also where xⱼ = 0. This is also the
/// recompute for a finite problem whose native solve was not finite: plain IEEE substitution, no per-component exponent
/// as ScaledSubstitution gives the dense Trsv. That is enough here because the only way a native kernel went wrong on
/// such data is a product it formed with a zero coefficient or multiplier (0·∞ = NaN), which this loop does not form;
/// a component that truly overflows is ±∞ and reaches its dependents as in any substitution.
/// </summary>
internal static partial class ManagedBlas<T>
{
    public static void Tbsv(Triangle uplo, Transpose trans, Diagonal diag, int n, int k, ReadOnlySpan<T> a, int lda, Span<T> x, int incX)
    {
        bool t = trans == Transpose.Transposed, unit = diag == Diagonal.Unit, opUpper = (uplo == Triangle.Upper) != t;
        for (int s = 0; s < n; s++)
        {
            int i = opUpper ? n - 1 - s : s;
            int j0 = opUpper ? i + 1 : Math.Max(0, i - k), j1 = opUpper ? Math.Min(n - 1, i + k) : i - 1;
            T sum = x[i * incX];
            for (int j = j0; j <= j1; j++)
            {
                // op(A)ᵢⱼ: A[i, j] untransposed, A[j, i] transposed.
                T f = a[t ? TriangularBandIndex(uplo, k, lda, j, i) : TriangularBandIndex(uplo, k, lda, i, j)];
                if (f != T.Zero) sum -= f * x[j * incX];
            }
            x[i * incX] = unit ? sum : sum / a[TriangularBandIndex(uplo, k, lda, i, i)];
        }
    }

    public static void Tpsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> ap, Span<T> x, int incX)
    {
        bool t = trans == Transpose.Transposed, unit = diag == Diagonal.Unit, opUpper = (uplo == Triangle.Upper) != t;
        for (int s = 0; s < n; s++)
        {
            int i = opUpper ? n - 1 - s : s;
            int j0 = opUpper ? i + 1 : 0, j1 = opUpper ? n - 1 : i - 1;
            T sum = x[i * incX];
            for (int j = j0; j <= j1; j++)
            {
                T f = ap[t ? PackedIndex(uplo, n, j, i) : PackedIndex(uplo, n, i, j)];
                if (f != T.Zero) sum -= f * x[j * incX];
            }
            x[i * incX] = unit ? sum : sum / ap[PackedIndex(uplo, n, i, i)];
        }
    }
}
