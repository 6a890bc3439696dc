using System.Numerics;
using System.Runtime.CompilerServices;
using BlasNet.Optimization;
using BlasNet.Tests.Core;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Levenberg–Marquardt fits whose residual functions call BLAS themselves, run on many threads at once and, in the row form,
/// with their row passes spread over several threads (the one place the library runs user code on threads of its own): each
/// fit finds the closed-form answer (consistent data: the exact parameters), equals the same fit run alone, and an exception
/// its residual function throws on one of the fit's threads reaches the caller as the one-thread fit throws it.
/// </summary>
public class ConcurrentFitTests
{
    /// <summary>y = A·(p₀ … p₃) + exp(p₄·t), residuals computed with Blas.Gemv: a model with both a BLAS product and a nonlinearity.</summary>
    private static Func<double[], double[]> GemvModel(Matrix<double> a, double[] t, double[] truth, out double[] y)
    {
        int m = a.Rows;
        var observed = new double[m];
        var linear = truth[..4];
        for (int i = 0; i < m; i++)
        {
            double s = 0;
            for (int j = 0; j < 4; j++) s += a[i, j] * linear[j];
            observed[i] = s + Math.Exp(truth[4] * t[i]);
        }
        y = observed;
        return p =>
        {
            var r = new double[m];
            for (int i = 0; i < m; i++) r[i] = Math.Exp(p[4] * t[i]) - observed[i];
            Blas.Gemv(1.0, a, p[..4], 1.0, r); // r ← A·p + r
            return r;
        };
    }

    [Fact]
    public void EightFitsAtOnce_WhoseResidualsCallGemv_EachIsItsSoloFit_AndFindsTheTruth()
    {
        const int fits = 8, m = 90;
        var truths = new double[fits][];
        var models = new Func<double[], double[]>[fits];
        var options = new LevenbergMarquardtOptions { XTol = 1e-12 }; // a zero-residual fit stops on the step (XTol)
        for (int f = 0; f < fits; f++)
        {
            var a = Matrix.Random<double>(m, 4, 70 + f);
            var t = Enumerable.Range(0, m).Select(i => i / (double)m).ToArray();
            truths[f] = [1 + f, -2, 0.5 * f + 0.25, 3, -0.75 + 0.1 * f]; // no parameter 0: the optimality check scales by the parameters' sizes
            models[f] = GemvModel(a, t, truths[f], out _);
        }
        var solo = Enumerable.Range(0, fits).Select(f => LevenbergMarquardt.Solve(models[f], new double[5], options)).ToArray();
        var together = new LeastSquaresResult[fits];
        ConcurrentStressTests.OnThreads(fits, f => together[f] = LevenbergMarquardt.Solve(models[f], new double[5], options));
        for (int f = 0; f < fits; f++)
        {
            Assert.True(together[f].Succeeded, $"fit {f}: {together[f].Status} {together[f].Message}");
            for (int j = 0; j < 5; j++)
                Assert.True(Math.Abs(together[f].X[j] - truths[f][j]) <= 1e-9 * (1 + Math.Abs(truths[f][j])), $"fit {f}: x[{j}] = {together[f].X[j]:R}, truth {truths[f][j]}");
            if (!ProviderReproducibility.BitForBit) continue; // rounding may depend on where the buffers lie: the truth above decides
            Assert.Equal(solo[f].Evaluations, together[f].Evaluations);
            Assert.True(solo[f].Cost.Equals(together[f].Cost), $"fit {f}: cost {together[f].Cost:R}, alone {solo[f].Cost:R}");
            Assert.Equal(solo[f].X.ToArray(), together[f].X.ToArray());
        }
    }

    /// <summary>Rows r_i = Σⱼ A_ij pⱼ − y_i; the double pass computes each row with Blas.Dot, other types (jets) by a loop.</summary>
    private sealed class BlasRows(Matrix<double> a, double[] y, int throwAfterPasses = -1, bool aggregate = false) : IRowResidualModel
    {
        private int doublePasses;
        public int ResidualCount => a.Rows;

        public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            int n = a.Columns;
            if (typeof(T) == typeof(double))
            {
                if (firstRow > 0 && throwAfterPasses >= 0 && Interlocked.Increment(ref doublePasses) > throwAfterPasses) Throw(firstRow);
                var pd = new double[n];
                for (int j = 0; j < n; j++) pd[j] = double.CreateChecked(p[j]);
                var data = a.AsSpan();
                for (int k = 0; k < r.Length; k++)
                {
                    int i = firstRow + k;
                    r[k] = T.CreateChecked(Blas.Dot(n, data.Slice(i * n, n), 1, pd, 1) - y[i]);
                }
                return;
            }
            for (int k = 0; k < r.Length; k++)
            {
                int i = firstRow + k;
                T s = T.CreateChecked(-y[i]);
                for (int j = 0; j < n; j++) s += T.CreateChecked(a[i, j]) * p[j];
                r[k] = s;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Throw(int firstRow)
        {
            var cause = new InvalidOperationException($"rows from {firstRow} refused");
            if (aggregate) throw new AggregateException("the user's own aggregate", cause);
            throw cause;
        }
    }

    private static (Matrix<double> A, double[] Y, double[] Truth) LinearData(int m, int n, int seed)
    {
        var a = Matrix.Random<double>(m, n, seed);
        var truth = Enumerable.Range(0, n).Select(j => j - n / 2.0 + seed % 3).ToArray();
        var y = new double[m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) y[i] += a[i, j] * truth[j];
        return (a, y, truth);
    }

    [Fact]
    public void RowFits_OnFourThreadsEach_ThreeAtOnce_RowsCallingDot_FindTheTruth()
    {
        var options = new LevenbergMarquardtOptions { Jacobian = JacobianMode.Automatic, MaxDegreeOfParallelism = 4, XTol = 1e-14, FTol = 1e-14, GTol = 1e-14 };
        var results = new LeastSquaresResult[3];
        var data = Enumerable.Range(0, 3).Select(f => LinearData(600, 6, 11 + f)).ToArray();
        ConcurrentStressTests.OnThreads(3, f => results[f] = LevenbergMarquardt.Solve(new BlasRows(data[f].A, data[f].Y), new double[6], options));
        for (int f = 0; f < 3; f++)
        {
            Assert.True(results[f].Succeeded, $"fit {f}: {results[f].Status} {results[f].Message}");
            for (int j = 0; j < 6; j++)
                Assert.True(Math.Abs(results[f].X[j] - data[f].Truth[j]) <= 1e-9 * (1 + Math.Abs(data[f].Truth[j])), $"fit {f}: x[{j}] = {results[f].X[j]:R}, truth {data[f].Truth[j]}");
        }
    }

    /// <summary>
    /// A residual range that throws on one of the fit's own threads: the caller gets that exception itself (its type, message
    /// and the frame that threw), as from a one-thread fit, and the next fit works. A user's own AggregateException is the
    /// user's exception too: it must not be taken apart as if the fit's threads had wrapped it.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARowRangeThatThrows_OnTheFitsOwnThreads_ReachesTheCallerIntact(bool aggregate)
    {
        var (a, y, truth) = LinearData(600, 6, 5);
        var options = new LevenbergMarquardtOptions { Jacobian = JacobianMode.Automatic, MaxDegreeOfParallelism = 4 };
        var thrown = Assert.ThrowsAny<Exception>(() => LevenbergMarquardt.Solve(new BlasRows(a, y, throwAfterPasses: 2, aggregate), new double[6], options));
        if (aggregate)
        {
            var outer = Assert.IsType<AggregateException>(thrown);
            Assert.StartsWith("the user's own aggregate", outer.Message);
            var inner = Assert.IsType<InvalidOperationException>(Assert.Single(outer.InnerExceptions));
            Assert.Matches("rows from [0-9]+ refused", inner.Message);
        }
        else
        {
            Assert.IsType<InvalidOperationException>(thrown);
            Assert.Matches("rows from [0-9]+ refused", thrown.Message);
        }
        Assert.Contains("BlasRows.Throw", thrown.StackTrace); // the thrower's frame kept
        var next = LevenbergMarquardt.Solve(new BlasRows(a, y), new double[6], options);
        Assert.True(next.Succeeded, $"{next.Status} {next.Message}");
        for (int j = 0; j < 6; j++) Assert.True(Math.Abs(next.X[j] - truth[j]) <= 1e-8 * (1 + Math.Abs(truth[j])));
    }
}
