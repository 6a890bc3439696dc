using static BlasNet.Tests.Core.Properties.IeeeReference;

namespace BlasNet.Tests.Core.Properties;

/// <summary>
/// Property-based cross-provider suite for the LAPACK matrix forms (issue #9): random shapes and
/// NaN/∞ placements; every provider must give the documented outcome, checked against the
/// definitions (AP = QR, LLᵀ = A, substitution in double). Documented NaN choices checked here:
/// <see cref="Lapack.QrPivoted"/> and <see cref="Lapack.Cholesky"/> refuse a non-finite input with
/// <see cref="NotFiniteNumberException"/>; <see cref="PivotedQr.Solve"/> throws
/// <see cref="ArithmeticException"/> exactly when <see cref="PivotedQr.Rank"/> &lt; columns;
/// <see cref="Lapack.SolveTriangular"/> treats NaN/∞ as data (they reach the components that
/// depend on them and no others).
/// </summary>
public class CrossProviderLapackProperties
{
    [Fact] public void QrPivoted() => PropertyRunner.Check(Qr, 80);
    [Fact] public void Cholesky() => PropertyRunner.Check(Chol, 80);
    [Fact] public void SolveTriangular() => PropertyRunner.Check(Triangular, 80);

    private static void Qr(Draw d)
    {
        int n = d.Int(1, 8), m = n + d.Int(0, 6);
        var rng = d.Data();
        var a = Matrix.Create(m, n, (i, j) => Value(rng));
        int deficientColumn = -1;
        if (n > 1 && d.Int(0, 2) == 0)
        {
            // An exact copy (×2 is exact) of another column: the numerical rank drops by one.
            deficientColumn = d.Int(1, n - 1);
            int source = d.Int(0, deficientColumn - 1);
            for (int i = 0; i < m; i++) a[i, deficientColumn] = 2 * a[i, source];
        }
        int specials = d.Specials();
        for (int s = 0; s < specials; s++) a[rng.Next(m), rng.Next(n)] = Special(rng);
        string what = $"QrPivoted {m}×{n} deficient column {deficientColumn} specials {specials}";
        if (specials > 0)
        {
            Assert.Throws<NotFiniteNumberException>(() => Lapack.QrPivoted(a));
            return;
        }
        var qr = Lapack.QrPivoted(a);
        var perm = qr.Permutation;
        Assert.Equal(Enumerable.Range(0, n), perm.Order());
        var r = qr.R;
        double norm = Math.Sqrt(a.ToArray().Sum(v => v * v));
        for (int j = 0; j < n; j++)
        {
            var column = new double[m];
            for (int i = 0; i < Math.Min(m, n); i++) column[i] = r[i, j];
            var qrj = qr.ApplyQ(column);
            for (int i = 0; i < m; i++)
                Assert.True(Math.Abs(qrj[i] - a[i, perm[j]]) <= 1e-13 * m * norm, $"{what}: (QR)[{i},{j}] = {qrj[i]} but (AP)[{i},{j}] = {a[i, perm[j]]}");
        }
        var diag = qr.RDiagonal;
        for (int i = 1; i < diag.Count; i++) Assert.True(diag[i] <= diag[i - 1] + 1e-12 * diag[0], $"{what}: |R| diagonal increases at {i}: {diag[i - 1]} then {diag[i]}");

        var b = Enumerable.Range(0, m).Select(_ => Value(rng)).ToArray();
        int rank = qr.Rank();
        if (deficientColumn >= 0)
        {
            Assert.True(rank < n, $"{what}: rank {rank} for a matrix with two parallel columns");
            var ex = Assert.Throws<ArithmeticException>(() => qr.Solve(b));
            Assert.Contains($"rank is {rank} < {n} columns", ex.Message);
            return;
        }
        Assert.Equal(n, rank);
        var x = qr.Solve(b);
        // The least-squares optimality condition from A itself: Aᵀ(Ax − b) = 0.
        var residual = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = -b[i];
            for (int j = 0; j < n; j++) s += a[i, j] * x[j];
            residual[i] = s;
        }
        double xnorm = Math.Sqrt(x.Sum(v => v * v)), bnorm = Math.Sqrt(b.Sum(v => v * v));
        for (int j = 0; j < n; j++)
        {
            double g = 0;
            for (int i = 0; i < m; i++) g += a[i, j] * residual[i];
            Assert.True(Math.Abs(g) <= 1e-11 * norm * (norm * xnorm + bnorm), $"{what}: (Aᵀr)[{j}] = {g}");
        }
    }

    private static void Chol(Draw d)
    {
        int n = d.Int(1, 10);
        var rng = d.Data();
        var mm = Matrix.Create(n, n, (i, j) => Value(rng));
        var a = Matrix.Create(n, n, (i, j) => 0.0);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < n; p++) s += mm[i, p] * mm[j, p];
                a[i, j] = s + (i == j ? n : 0);
            }
        int kind = d.Int(0, 3); // 0: NaN/∞ somewhere, 1: not positive definite, else: SPD
        if (kind == 0)
        {
            int i = rng.Next(n), j = rng.Next(n);
            a[i, j] = Special(rng);
            var ex = Assert.Throws<NotFiniteNumberException>(() => Lapack.Cholesky(a));
            Assert.Contains($"a[{i},{j}]", ex.Message);
            return;
        }
        if (kind == 1)
        {
            int p = rng.Next(n);
            a[p, p] = -a[p, p]; // a negative diagonal element: no leading minor from order p + 1 on is positive definite
            var ex = Assert.ThrowsAny<ArithmeticException>(() => Lapack.Cholesky(a));
            Assert.IsNotType<NotFiniteNumberException>(ex);
            return;
        }
        var chol = Lapack.Cholesky(a);
        var l = chol.L;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < n; p++) s += l[i, p] * l[j, p];
                Assert.True(Math.Abs(s - a[i, j]) <= 1e-13 * n * n * 2, $"Cholesky n={n}: (LLᵀ)[{i},{j}] = {s}, A = {a[i, j]}");
                if (j > i) Assert.Equal(0.0, l[i, j]);
            }
        var truth = Enumerable.Range(0, n).Select(_ => Value(rng)).ToArray();
        var rhs = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) rhs[i] += a[i, j] * truth[j];
        var x = chol.Solve(rhs);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(x[i] - truth[i]) <= 1e-12 * n, $"Cholesky n={n}: x[{i}] = {x[i]}, expected {truth[i]}");
    }

    private static void Triangular(Draw d)
    {
        bool upper = d.Bool(), trans = d.Bool();
        int n = d.Int(1, 10), nrhs = d.Int(1, 4);
        var rng = d.Data();
        var stored = IeeeReference.Triangular(rng, n, n, upper, unit: false, Math.Min(1, d.Specials()));
        var a = new Matrix<double>(n, n, stored);
        var b = Matrix.Create(n, nrhs, (i, j) => Value(rng));
        int specials = d.Specials();
        for (int s = 0; s < specials; s++) b[rng.Next(n), rng.Next(nrhs)] = Special(rng);
        var expected = b.Copy();
        for (int j = 0; j < nrhs; j++)
        {
            int col = j;
            var bj = Enumerable.Range(0, n).Select(i => b[i, col]).ToArray();
            var xj = new double[n];
            bool lowerOp = upper == trans;
            for (int s = 0; s < n; s++)
            {
                int i = lowerOp ? s : n - 1 - s;
                double sum = bj[i];
                int lo = lowerOp ? 0 : i + 1, hi = lowerOp ? i : n;
                for (int p = lo; p < hi; p++) sum -= NaiveBlas.Triangular(stored, n, upper, trans, false, i, p) * xj[p];
                xj[i] = sum / NaiveBlas.Triangular(stored, n, upper, trans, false, i, i);
            }
            for (int i = 0; i < n; i++) expected[i, col] = xj[i];
        }
        string what = $"SolveTriangular upper={upper} trans={trans} n={n} nrhs={nrhs}";
        var x = Lapack.SolveTriangular(upper ? Triangle.Upper : Triangle.Lower, a, b, trans ? Transpose.Transposed : Transpose.None);
        double scale = expected.ToArray().Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < nrhs; j++) SolveElement(expected[i, j], x[i, j], 64 * (n + 1) * 1.12e-16 * Math.Max(1, scale), $"{what} X[{i},{j}]");
    }
}
