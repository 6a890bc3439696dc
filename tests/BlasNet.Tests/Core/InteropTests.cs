using BlasNet.Interop;

namespace BlasNet.Tests.Core;

/// <summary>
/// The raw bindings in <see cref="BlasNet.Interop"/>: pointer calls straight into the native
/// library when the provider is native; under the managed provider there is no library to call,
/// and a raw call says so with a <see cref="DllNotFoundException"/>.
/// </summary>
public unsafe class InteropTests
{
    [Fact]
    public void RawDgemmAndDdot_ComputeTheProduct_OrExplainThereIsNoNativeLibrary()
    {
        double[] a = [1, 2, 3, 4, 5, 6];      // 2×3 row-major
        double[] b = [7, 8, 9, 10, 11, 12];   // 3×2
        var c = new double[4];
        if (BlasProvider.Current.IsNative)
        {
            Assert.NotEqual(0, NativeLibraries.BlasHandle);
            fixed (double* pa = a, pb = b, pc = c)
            {
                CBlas.Dgemm(CblasLayout.RowMajor, CblasTranspose.NoTrans, CblasTranspose.NoTrans, 2, 2, 3, 1.0, pa, 3, pb, 2, 0.0, pc, 2);
                Assert.Equal(1 * 7 + 2 * 8 + 3 * 9 + 4 * 10 + 5 * 11 + 6 * 12, CBlas.Ddot(6, pa, 1, pb, 1));
            }
            Assert.Equal([58.0, 64, 139, 154], c);
            float[] x = [3, 4];
            fixed (float* px = x) Assert.Equal(5f, CBlas.Snrm2(2, px, 1));
        }
        else
        {
            Assert.Equal(0, NativeLibraries.BlasHandle);
            var ex = Assert.Throws<DllNotFoundException>(() =>
            {
                fixed (double* pa = a, pb = b) CBlas.Ddot(6, pa, 1, pb, 1);
            });
            Assert.Contains("managed", ex.Message);
            Assert.Contains("BLAS", ex.Message);
        }
    }

    [Fact]
    public void RawDpotrf_FactorsHandExample_OrExplainThereIsNoNativeLapack()
    {
        double[] a = [4, 2, 2, 5]; // column-major [[4, 2], [2, 5]]
        byte lower = (byte)'L';
        int n = 2, lda = 2, info = -1;
        if (BlasProvider.Current.HasNativeLapack)
        {
            Assert.NotEqual(0, NativeLibraries.LapackHandle);
            fixed (double* pa = a) LapackNative.Dpotrf(&lower, &n, pa, &lda, &info);
            Assert.Equal(0, info);
            Assert.Equal(2, a[0]);
            Assert.Equal(1, a[1]);
            Assert.Equal(2, a[3]);
        }
        else
        {
            Assert.Equal(0, NativeLibraries.LapackHandle);
            var ex = Assert.Throws<DllNotFoundException>(() => RawLowerCholesky(a));
            Assert.Contains("managed", ex.Message);
            Assert.Contains("LAPACK", ex.Message);
        }
    }

    private static int RawLowerCholesky(double[] a)
    {
        byte lower = (byte)'L';
        int n = 2, lda = 2, info = -1;
        fixed (double* pa = a) LapackNative.Dpotrf(&lower, &n, pa, &lda, &info);
        return info;
    }
}
