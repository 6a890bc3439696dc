using System.Runtime.CompilerServices;
using BlasNet.Quadrature;
using BlasNet.Tests.Core;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Integrations on many threads at once whose integrands call BLAS themselves (Dot, Gemv, a batch of small GEMMs, which use
/// the shared worker pool): every value is its closed form (polynomials and sines, integrated exactly by hand), and an
/// integrand's exception reaches its own caller intact while the others carry on.
/// </summary>
public class ConcurrentIntegrationTests
{
    // ∫₀¹ Σ cⱼ xʲ dx = Σ cⱼ/(j+1).
    private static double PolynomialIntegral(double[] c) => c.Select((v, j) => v / (j + 1)).Sum();

    private static double[] Powers(double x, int count)
    {
        var p = new double[count];
        double v = 1;
        for (int j = 0; j < count; j++, v *= x) p[j] = v;
        return p;
    }

    [Fact]
    public void TwelveThreads_ScalarBatchAndVectorIntegrands_CallingBlas_GiveTheClosedForms()
    {
        OnThreads(12, t =>
        {
            var rng = new Random(380 + t);
            var c = Enumerable.Range(0, 7).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

            // Scalar integrand through Blas.Dot, plus a batch of small products whose result is known exactly: I·B = B.
            var identity = new Matrix<double>(16, 16);
            for (int i = 0; i < 16; i++) identity[i, i] = 1;
            var scalar = Quad.Integrate(x =>
            {
                var bs = Enumerable.Range(0, 8).Select(q => new Matrix<double>(16, 16, Enumerable.Repeat(x, 256).ToArray())).ToList();
                var cs = Enumerable.Range(0, 8).Select(_ => new Matrix<double>(16, 16)).ToList();
                Blas.GemmBatched(1.0, Enumerable.Repeat(identity, 8).ToList(), bs, 0.0, cs);
                // I·B is B exactly (every sum adds zeros to one product 1·x): anything else is a product lost or mixed up.
                foreach (var product in cs)
                    foreach (double e in product.AsSpan())
                        if (e != x) throw new InvalidOperationException($"thread {t}: I·B gave {e:R}, B holds {x:R}");
                return Blas.Dot(c.Length, c, 1, Powers(x, c.Length), 1);
            }, 0, 1);
            Assert.Equal(QuadStatus.Converged, scalar.Status);
            Assert.True(Math.Abs(scalar.Value - PolynomialIntegral(c)) <= 1e-12, $"thread {t}: {scalar.Value:R}, closed form {PolynomialIntegral(c):R}");

            // Batch integrand: f(x) = V(x)·c + sin x, V the Vandermonde rows of the batch's points, through Blas.Gemv.
            var batch = Quad.Integrate((ReadOnlySpan<double> x, Span<double> fx) =>
            {
                var v = new Matrix<double>(x.Length, c.Length);
                for (int i = 0; i < x.Length; i++) Powers(x[i], c.Length).CopyTo(v.AsSpan().Slice(i * c.Length, c.Length));
                var y = new double[x.Length];
                for (int i = 0; i < x.Length; i++) y[i] = Math.Sin(x[i]);
                Blas.Gemv(1.0, v, c, 1.0, y);
                y.CopyTo(fx);
            }, 0, 1);
            double batchTruth = PolynomialIntegral(c) + 1 - Math.Cos(1);
            Assert.Equal(QuadStatus.Converged, batch.Status);
            Assert.True(Math.Abs(batch.Value - batchTruth) <= 1e-12, $"thread {t}: {batch.Value:R}, closed form {batchTruth:R}");

            // Vector integrand: values = M·(1, x, …, x⁶) through Blas.Gemv (M 5×7); component k integrates to Σⱼ M_kj/(j+1).
            var m = Matrix.Random<double>(5, c.Length, 3800 + t);
            var vector = Quad.IntegrateVector((x, values) =>
            {
                var y = new double[5];
                Blas.Gemv(1.0, m, Powers(x, c.Length), 0.0, y);
                y.CopyTo(values);
            }, 5, 0, 1);
            Assert.Equal(QuadStatus.Converged, vector.Status);
            for (int k = 0; k < 5; k++)
            {
                double truth = Enumerable.Range(0, c.Length).Sum(j => m[k, j] / (j + 1));
                Assert.True(Math.Abs(vector.Values[k] - truth) <= 1e-12, $"thread {t}, component {k}: {vector.Values[k]:R}, closed form {truth:R}");
            }
        });
    }

    private sealed class IntegrandRefused(string message) : Exception(message);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double RefuseAt(double x) => throw new IntegrandRefused(FormattableString.Invariant($"no value at {x:R}"));

    [Fact]
    public void AnIntegrandsException_ReachesItsCallerIntact_WhileOtherThreadsIntegrate()
    {
        OnThreads(8, t =>
        {
            if (t % 2 == 0)
            {
                var e = Assert.Throws<IntegrandRefused>(() => Quad.Integrate(x => x > 0.7 ? RefuseAt(x) : Blas.Dot(1, [x], 1, [x], 1), 0, 1));
                Assert.StartsWith("no value at 0.", e.Message);
                Assert.Contains(nameof(RefuseAt), e.StackTrace);
            }
            var ok = Quad.Integrate(x => Blas.Dot(1, [x], 1, [x], 1), 0, 1); // ∫ x² = 1/3, after a refusal on this thread too
            Assert.True(Math.Abs(ok.Value - 1.0 / 3) <= 1e-14, $"thread {t}: {ok.Value:R}");
        });
    }

    private static void OnThreads(int threads, Action<int> body) => ConcurrentStressTests.OnThreads(threads, body);
}
