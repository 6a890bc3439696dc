namespace BlasNet.Providers;

// The symmetric level 2 routines (symv, syr, syr2), row-major, validated by CheckedBlas before they get here.
internal abstract partial class BlasBackend
{
    public abstract void Symv(Triangle uplo, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY);
    public abstract void Symv(Triangle uplo, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY);
    public abstract void Syr(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> a, int lda);
    public abstract void Syr(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> a, int lda);
    public abstract void Syr2(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> a, int lda);
    public abstract void Syr2(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> a, int lda);

    /// <summary>
    /// Whether symv, syr and syr2 run in a native library, whose kernels the safe API then guards (see
    /// <c>CheckedBlas.SymmetricLevel2</c>): MKL 2020.4's symv turned an ∞ in x into NaN where the definition gives ∞,
    /// and OpenBLAS's ssymv kept a non-finite x in a buffer that put NaN into later calls on finite data. False for the
    /// managed provider, whose kernels are the definition.
    /// </summary>
    public virtual bool NativeSymmetricKernels => true;

    /// <summary>
    /// Whether syr may leave out the products of a zero xⱼ (0·NaN = 0·∞ = NaN dropped): reference BLAS's dsyr skips the
    /// column of a zero xⱼ, and OpenBLAS 0.3.21, MKL 2020.4 and BLIS 0.9 all did (A = 0, x = (0, 1, ∞) kept a₀₂ = 0 for
    /// NaN). False for the managed provider.
    /// </summary>
    public virtual bool SyrMaySkipZeroMultipliers => true;

    /// <summary>
    /// Whether syr2 may leave out products with a zero factor (0·NaN = 0·∞ = NaN dropped): reference BLAS's dsyr2 skips the
    /// column of an index j where xⱼ = yⱼ = 0, and MKL 2020.4 did; OpenBLAS 0.3.21 dropped such products with non-unit
    /// increments and at larger n (NativeBackend.SymmetricLevel2.cs), BLIS 0.9 once. True for every native library, false
    /// for the managed provider (its kernels form every product).
    /// </summary>
    public virtual bool Syr2MaySkipZeroMultipliers => true;
}
