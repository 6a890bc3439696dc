namespace BlasNet.Providers;

// Symmetric packed rank-1 and rank-2 updates (row-major packed triangle, as Spmv's).
internal abstract partial class BlasBackend
{
    public abstract void Spr(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> ap);
    public abstract void Spr(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> ap);
    public abstract void Spr2(Triangle uplo, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> ap);
    public abstract void Spr2(Triangle uplo, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> ap);
}
