using System.Numerics;
using System.Runtime.InteropServices;

namespace BlasNet.Tests.Core;

/// <summary>
/// Lets one generic test body exercise both public overload families of <see cref="Blas"/> (double
/// and float): each method reinterprets the spans and calls the public overload for T. Only the
/// public API is called.
/// </summary>
internal static class TypedBlas<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static bool IsDouble => typeof(T) == typeof(double);
    private static ReadOnlySpan<double> D(ReadOnlySpan<T> s) => MemoryMarshal.Cast<T, double>(s);
    private static Span<double> D(Span<T> s) => MemoryMarshal.Cast<T, double>(s);
    private static ReadOnlySpan<float> F(ReadOnlySpan<T> s) => MemoryMarshal.Cast<T, float>(s);
    private static Span<float> F(Span<T> s) => MemoryMarshal.Cast<T, float>(s);
    private static double D(T v) => double.CreateTruncating(v);
    private static float F(T v) => float.CreateTruncating(v);
    private static T Back(double v) => T.CreateTruncating(v);

    public static void Axpy(int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> y, int incY)
    { if (IsDouble) Blas.Axpy(n, D(alpha), D(x), incX, D(y), incY); else Blas.Axpy(n, F(alpha), F(x), incX, F(y), incY); }
    public static T Dot(int n, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY) =>
        IsDouble ? Back(Blas.Dot(n, D(x), incX, D(y), incY)) : Back(Blas.Dot(n, F(x), incX, F(y), incY));
    public static T Nrm2(int n, ReadOnlySpan<T> x, int incX) =>
        IsDouble ? Back(Blas.Nrm2(n, D(x), incX)) : Back(Blas.Nrm2(n, F(x), incX));
    public static T Asum(int n, ReadOnlySpan<T> x, int incX) =>
        IsDouble ? Back(Blas.Asum(n, D(x), incX)) : Back(Blas.Asum(n, F(x), incX));
    public static int Iamax(int n, ReadOnlySpan<T> x, int incX) =>
        IsDouble ? Blas.Iamax(n, D(x), incX) : Blas.Iamax(n, F(x), incX);
    public static void Scal(int n, T alpha, Span<T> x, int incX)
    { if (IsDouble) Blas.Scal(n, D(alpha), D(x), incX); else Blas.Scal(n, F(alpha), F(x), incX); }
    public static void Copy(int n, ReadOnlySpan<T> x, int incX, Span<T> y, int incY)
    { if (IsDouble) Blas.Copy(n, D(x), incX, D(y), incY); else Blas.Copy(n, F(x), incX, F(y), incY); }
    public static void Swap(int n, Span<T> x, int incX, Span<T> y, int incY)
    { if (IsDouble) Blas.Swap(n, D(x), incX, D(y), incY); else Blas.Swap(n, F(x), incX, F(y), incY); }

    public static void Gemv(Transpose trans, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        if (IsDouble) Blas.Gemv(trans, m, n, D(alpha), D(a), lda, D(x), incX, D(beta), D(y), incY);
        else Blas.Gemv(trans, m, n, F(alpha), F(a), lda, F(x), incX, F(beta), F(y), incY);
    }
    public static void Ger(int m, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda)
    {
        if (IsDouble) Blas.Ger(m, n, D(alpha), D(x), incX, D(y), incY, D(a), lda);
        else Blas.Ger(m, n, F(alpha), F(x), incX, F(y), incY, F(a), lda);
    }
    public static void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, Span<T> x, int incX)
    {
        if (IsDouble) Blas.Trsv(uplo, trans, diag, n, D(a), lda, D(x), incX);
        else Blas.Trsv(uplo, trans, diag, n, F(a), lda, F(x), incX);
    }

    public static void Gemm(Transpose ta, Transpose tb, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        if (IsDouble) Blas.Gemm(ta, tb, m, n, k, D(alpha), D(a), lda, D(b), ldb, D(beta), D(c), ldc);
        else Blas.Gemm(ta, tb, m, n, k, F(alpha), F(a), lda, F(b), ldb, F(beta), F(c), ldc);
    }
    public static void Syrk(Triangle uplo, Transpose trans, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
    {
        if (IsDouble) Blas.Syrk(uplo, trans, n, k, D(alpha), D(a), lda, D(beta), D(c), ldc);
        else Blas.Syrk(uplo, trans, n, k, F(alpha), F(a), lda, F(beta), F(c), ldc);
    }
    public static void Trsm(Side side, Triangle uplo, Transpose ta, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
    {
        if (IsDouble) Blas.Trsm(side, uplo, ta, diag, m, n, D(alpha), D(a), lda, D(b), ldb);
        else Blas.Trsm(side, uplo, ta, diag, m, n, F(alpha), F(a), lda, F(b), ldb);
    }

    // Matrix forms
    public static void Gemm(T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c)
    {
        if (IsDouble) Blas.Gemm(D(alpha), (Matrix<double>)(object)a, (Matrix<double>)(object)b, D(beta), (Matrix<double>)(object)c);
        else Blas.Gemm(F(alpha), (Matrix<float>)(object)a, (Matrix<float>)(object)b, F(beta), (Matrix<float>)(object)c);
    }
    public static Matrix<T> Multiply(Matrix<T> a, Matrix<T> b) =>
        IsDouble ? (Matrix<T>)(object)Blas.Multiply((Matrix<double>)(object)a, (Matrix<double>)(object)b)
                 : (Matrix<T>)(object)Blas.Multiply((Matrix<float>)(object)a, (Matrix<float>)(object)b);
    public static void Gemv(T alpha, Matrix<T> a, T[] x, T beta, T[] y)
    {
        if (IsDouble) Blas.Gemv(D(alpha), (Matrix<double>)(object)a, (double[])(object)x, D(beta), (double[])(object)y);
        else Blas.Gemv(F(alpha), (Matrix<float>)(object)a, (float[])(object)x, F(beta), (float[])(object)y);
    }
    public static T[] Multiply(Matrix<T> a, T[] x) =>
        IsDouble ? (T[])(object)Blas.Multiply((Matrix<double>)(object)a, (double[])(object)x)
                 : (T[])(object)Blas.Multiply((Matrix<float>)(object)a, (float[])(object)x);
    public static void Ger(T alpha, T[] x, T[] y, Matrix<T> a)
    {
        if (IsDouble) Blas.Ger(D(alpha), (double[])(object)x, (double[])(object)y, (Matrix<double>)(object)a);
        else Blas.Ger(F(alpha), (float[])(object)x, (float[])(object)y, (Matrix<float>)(object)a);
    }
    public static void Trsv(Triangle uplo, Matrix<T> a, T[] x, Diagonal diag)
    {
        if (IsDouble) Blas.Trsv(uplo, (Matrix<double>)(object)a, (double[])(object)x, diag);
        else Blas.Trsv(uplo, (Matrix<float>)(object)a, (float[])(object)x, diag);
    }
    public static void Syrk(Triangle uplo, T alpha, Matrix<T> a, T beta, Matrix<T> c)
    {
        if (IsDouble) Blas.Syrk(uplo, D(alpha), (Matrix<double>)(object)a, D(beta), (Matrix<double>)(object)c);
        else Blas.Syrk(uplo, F(alpha), (Matrix<float>)(object)a, F(beta), (Matrix<float>)(object)c);
    }
    public static void Trsm(Side side, Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, Diagonal diag)
    {
        if (IsDouble) Blas.Trsm(side, uplo, D(alpha), (Matrix<double>)(object)a, (Matrix<double>)(object)b, diag);
        else Blas.Trsm(side, uplo, F(alpha), (Matrix<float>)(object)a, (Matrix<float>)(object)b, diag);
    }
}
