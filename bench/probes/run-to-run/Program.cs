// Session repro43: does the same least-squares fit give the same bits run after run?
//   fits OUT   — a sample of the lm41 hunt battery (NIST higher difficulty, MGH, Runge degree 12), every fit run twice in
//                this process with junk allocated between the passes (so the fit's buffers land elsewhere); writes one line
//                per fit and pass: key, status, evaluations, the bits of X and of the cost. Compare two passes (in-process)
//                or the same pass of two files (two processes) with compare.py.
//   calls      — where the variation enters: a real Jacobian (NIST Thurber, MGH10, Runge 12 at their starts) factored by
//                the BLAS/LAPACK calls a fit makes (dnrm2 per column, dgeqp3), with the Jacobian, tau and dgeqp3's workspace
//                each moved through the eight 8-byte offsets of a 64-byte line; prints which buffer's offset changes bits.
//   neural     — a small Dense/Tanh network (float and double) trained 30 Adam steps, twice in this process with junk allocated
//                between: whether the weights come out with the same bits (the layers' buffers are ordinary Matrix<T> arrays).
//   time       — milliseconds per pass (least and median of 9, wall clock and process CPU) of the 54 NIST fits (both starts, central differences, tolerances 1e-15) and
//                of 20 fits of three exponentials to m = 2 000 and 9 000 points (the QR's small path, where the copy in and out
//                of the aligned buffer is largest beside the factorization): run it from builds before and after, alternately.
//   lapack     — the Matrix forms of the core's LAPACK (Lapack.QrPivoted(a).Solve(b), Lapack.Cholesky(a).Solve(b),
//                Lapack.SolveTriangular(L, B) with L from the Cholesky factor and B n×3, since session 46), whose packed
//                copies are ordinary arrays: the same call 20 times with junk allocated between, how many distinct answers.
//   sums       — the reductions the managed provider and the kernels use (TensorPrimitives.Dot, SumOfSquares, Sum) on the
//                same data at the eight 8-byte offsets, at lengths up to 10⁵: whether they depend on where the data lies.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using System.Text;
using BlasNet;
using BlasNet.Interop;
using BlasNet.Optimization;
using BlasNet.Tests.Optimization;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string what = args.Length > 0 ? args[0] : "fits";
Console.Error.WriteLine($"provider {BlasProvider.Current.Name} {BlasProvider.Current.Config} MKL_CBWR={Environment.GetEnvironmentVariable("MKL_CBWR")}");

const int M = 50;
double[] T = Enumerable.Range(0, M).Select(i => (-1 + 2.0 * i / (M - 1) + 1) / 2).ToArray();
double[] Y = Enumerable.Range(0, M).Select(i => { double x = -1 + 2.0 * i / (M - 1); return 1 / (1 + 25 * x * x); }).ToArray();
double[] Runge(double[] p) { var r = new double[M]; for (int i = 0; i < M; i++) { double s = 0; for (int j = p.Length - 1; j >= 0; j--) s = s * T[i] + p[j]; r[i] = s - Y[i]; } return r; }
double[,] RungeJ(double[] p) { var J = new double[M, p.Length]; for (int i = 0; i < M; i++) { double t = 1; for (int j = 0; j < p.Length; j++) { J[i, j] = t; t *= T[i]; } } return J; }

if (what == "fits") Fits(args.Length > 1 ? args[1] : "fits.txt");
else if (what == "calls") Calls();
else if (what == "neural") { Console.WriteLine($"double: {Neural<double>()}"); Console.WriteLine($"float: {Neural<float>()}"); }
else if (what == "sums") Sums();
else if (what == "time") Time();
else if (what == "lapack") MatrixLapack();

void MatrixLapack()
{
    var random = new Random(44);
    foreach (var (m, n) in new[] { (37, 7), (154, 3), (131, 24) })
    {
        var a = Matrix.FromArray2D(new double[m, n]);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a[i, j] = (random.NextDouble() * 2 - 1) * Math.Pow(10, j % 5 - 2);
        double[] b = Enumerable.Range(0, m).Select(_ => random.NextDouble()).ToArray();
        var spd = Matrix.FromArray2D(new double[n, n]);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { double s = 0; for (int k = 0; k < m; k++) s += a[k, i] * a[k, j]; spd[i, j] = s; }
        // Session 46 (lapack51): SolveTriangular on the Cholesky factor L of aᵀa, both ways (L X = B, Lᵀ X = B), 3 right-hand sides.
        var l = Lapack.Cholesky(spd).L;
        var rhs = Matrix.FromArray2D(new double[n, 3]);
        for (int i = 0; i < n; i++) for (int j = 0; j < 3; j++) rhs[i, j] = b[(i + j * n) % m];
        var qr = new HashSet<string>(); var chol = new HashSet<string>(); var tri = new HashSet<string>();
        var junk = new List<byte[]>();
        for (int run = 0; run < 20; run++)
        {
            junk.Add(new byte[8 * (run + 1)]);
            qr.Add(string.Join(",", Lapack.QrPivoted(a).Solve(b).Select(v => BitConverter.DoubleToInt64Bits(v))));
            chol.Add(string.Join(",", Lapack.Cholesky(spd).Solve(b[..n]).Select(v => BitConverter.DoubleToInt64Bits(v))));
            var x1 = Lapack.SolveTriangular(Triangle.Lower, l, rhs);
            var x2 = Lapack.SolveTriangular(Triangle.Lower, l, rhs, Transpose.Transposed);
            tri.Add(string.Join(",", x1.AsSpan().ToArray().Concat(x2.AsSpan().ToArray()).Select(v => BitConverter.DoubleToInt64Bits(v))));
        }
        Console.WriteLine($"{m}x{n}: QrPivoted(a).Solve(b) {qr.Count} distinct answer(s) in 20 runs, Cholesky(aᵀa).Solve {chol.Count}, SolveTriangular(L, B) and (Lᵀ, B) {tri.Count}");
    }
}

void Time()
{
    var nist = NistProblem.All;
    var tight = new LevenbergMarquardtOptions { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, MaxEvaluations = 20000, Jacobian = JacobianMode.Central };
    int Nist() { int e = 0; foreach (var p in nist) foreach (int st in new[] { 1, 2 }) e += LevenbergMarquardt.Solve(x => p.Residuals(x), p.Start(st), tight).Evaluations; return e; }
    Func<int> Exponentials(int m)
    {
        double[] t = Enumerable.Range(0, m).Select(i => 5.0 * i / m).ToArray();
        double[] y = t.Select(v => 3 * Math.Exp(-0.5 * v) + 2 * Math.Exp(-2 * v) + Math.Exp(-7 * v) + 0.01 * Math.Sin(97 * v)).ToArray();
        double[] F(double[] p) { var r = new double[m]; for (int i = 0; i < m; i++) r[i] = p[0] * Math.Exp(-p[1] * t[i]) + p[2] * Math.Exp(-p[3] * t[i]) + p[4] * Math.Exp(-p[5] * t[i]) - y[i]; return r; }
        return () => { int e = 0; for (int k = 0; k < 20; k++) e += LevenbergMarquardt.Solve(F, [1 + 0.01 * k, 1, 1, 3, 1, 10]).Evaluations; return e; };
    }
    var process = System.Diagnostics.Process.GetCurrentProcess();
    foreach (var (name, work) in new (string, Func<int>)[] { ("NIST 54 fits", Nist), ("exp3 m=2000 x20", Exponentials(2000)), ("exp3 m=9000 x20", Exponentials(9000)) })
    {
        int evaluations = work();
        // The machine is shared: the least of 9 runs, wall clock and this process's CPU time, is the figure least disturbed.
        var times = new List<double>(); var cpu = new List<double>();
        for (int rep = 0; rep < 9; rep++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = System.Diagnostics.Stopwatch.StartNew(); work(); times.Add(sw.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
        }
        times.Sort(); cpu.Sort();
        Console.WriteLine($"{name}: wall min {times[0]:F1} ms, median {times[4]:F1} ms; CPU min {cpu[0]:F1} ms, median {cpu[4]:F1} ms; {evaluations} evaluations");
    }
}

string Neural<TN>() where TN : unmanaged, System.Numerics.IFloatingPointIeee754<TN>
{
    string Train(int junkSeed)
    {
        var junk = new List<byte[]>();
        var r = new Random(junkSeed);
        for (int i = 0; i < 50; i++) junk.Add(new byte[8 * r.Next(1, 64)]);
        var model = new BlasNet.Neural.Sequential<TN>(new BlasNet.Neural.Dense<TN>(37, 61, seed: 1), new BlasNet.Neural.Tanh<TN>(), new BlasNet.Neural.Dense<TN>(61, 5, seed: 2));
        var optimizer = new BlasNet.Neural.Adam<TN>(model.Parameters);
        var loss = new BlasNet.Neural.MeanSquaredError<TN>();
        var x = Matrix.Random<TN>(129, 37, seed: 3);
        var y = Matrix.Random<TN>(129, 5, seed: 4);
        for (int step = 0; step < 30; step++)
        {
            optimizer.ZeroGrad();
            loss.Forward(model.Forward(x), y);
            model.Backward(loss.Backward());
            optimizer.Step();
            junk.Add(new byte[8 * r.Next(1, 64)]);
            if (step % 10 == 5) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        return string.Join(",", model.Parameters.SelectMany(p => p.Value.AsSpan().ToArray()).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    }
    var runs = Enumerable.Range(0, 6).Select(k => Train(Environment.ProcessId + k)).ToList();
    return $"{runs.Distinct().Count()} distinct weight sets from 6 trainings";
}

void Sums()
{
    var random = new Random(43);
    foreach (int n in new[] { 100, 1000, 10_000, 100_000 })
    {
        double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray(), y = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var dots = new HashSet<double>(); var squares = new HashSet<double>(); var sums = new HashSet<double>(); var nrm2 = new HashSet<double>(); var fdots = new HashSet<float>();
        for (int offset = 0; offset < 8; offset++)
        {
            var xs = Slot<double>(n, offset); x.CopyTo(xs);
            var ys = Slot<double>(n, offset); y.CopyTo(ys);
            var xf = Slot<float>(n, offset); for (int i = 0; i < n; i++) xf[i] = (float)x[i];
            dots.Add(System.Numerics.Tensors.TensorPrimitives.Dot<double>(xs, ys));
            squares.Add(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(xs));
            sums.Add(System.Numerics.Tensors.TensorPrimitives.Sum<double>(xs));
            fdots.Add(System.Numerics.Tensors.TensorPrimitives.Sum<float>(xf));
            nrm2.Add(Blas.Nrm2(xs));
        }
        Console.WriteLine($"n = {n}: distinct over 8 offsets — Dot {dots.Count}, SumOfSquares {squares.Count}, Sum {sums.Count}, float Sum {fdots.Count}, Blas.Nrm2 ({BlasProvider.Current.Name}) {nrm2.Count}");
    }
}

void Fits(string outPath)
{
    var tolerances = new (string Name, LevenbergMarquardtOptions O)[]
    {
        ("default", new LevenbergMarquardtOptions()),
        ("tight", new LevenbergMarquardtOptions { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, MaxEvaluations = 20000 }),
    };
    string[] modes = ["forward", "central"];
    var cases = new List<(string Key, Func<LeastSquaresResult> Fit)>();
    LevenbergMarquardtOptions With(LevenbergMarquardtOptions o, string mode) =>
        mode == "forward" ? o with { Jacobian = JacobianMode.Forward, CentralRefinement = false } : o with { Jacobian = JacobianMode.Central };
    foreach (string name in new[] { "MGH09", "MGH10", "Eckerle4", "Rat42", "Rat43", "Bennett5", "BoxBOD", "Thurber" })
    {
        var p = NistProblem.Get(name);
        foreach (var (tn, to) in tolerances)
            foreach (int st in new[] { 1, 2 })
                foreach (var mode in modes)
                    cases.Add(($"nist/{name}/start{st}/{mode}/{tn}", () => LevenbergMarquardt.Solve(x => p.Residuals(x), p.Start(st), With(to, mode))));
    }
    foreach (var p in MghProblem.All)
        foreach (var (tn, to) in tolerances)
            foreach (double mult in new[] { 1.0, 10, 100 })
                foreach (var mode in modes)
                    cases.Add(($"mgh/{p.Name}/x{mult}/{mode}/{tn}", () => LevenbergMarquardt.Solve(p.Residuals, p.Start.Select(v => mult * v).ToArray(), With(to, mode))));
    var rng = new Random(41);
    var starts = new List<(string, double[])> { ("zero", new double[13]), ("ones", Enumerable.Repeat(1.0, 13).ToArray()) };
    foreach (double sc in new[] { 0.1, 1, 10 }) starts.Add(($"normal{sc}", Enumerable.Range(0, 13).Select(_ => sc * (rng.NextDouble() * 2 - 1)).ToArray()));
    foreach (var (tn, to) in tolerances)
        foreach (var (sn, x0) in starts)
        {
            foreach (var mode in modes) cases.Add(($"runge12/{sn}/{mode}/{tn}", () => LevenbergMarquardt.Solve(Runge, x0, With(to, mode))));
            cases.Add(($"runge12/{sn}/analytic/{tn}", () => LevenbergMarquardt.Solve(Runge, RungeJ, x0, to)));
        }

    var lines = new StringBuilder();
    var junk = new List<object>();
    var shift = new Random(Environment.ProcessId);
    foreach (string pass in new[] { "A", "B" })
    {
        foreach (var (key, fit) in cases)
        {
            // Junk of a random size between fits, kept alive, and now and then a compacting collection: the next fit's
            // buffers start at another offset, as they would after any other work the program did.
            junk.Add(new byte[8 * shift.Next(1, 64)]);
            if (shift.Next(8) == 0) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            string signature;
            try
            {
                var r = fit();
                signature = $"{r.Status} {r.Evaluations} {string.Join(",", r.X.ToArray().Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x")))} {BitConverter.DoubleToInt64Bits(r.Cost):x}";
            }
            catch (Exception e) { signature = "threw " + e.GetType().Name; }
            lines.Append(pass).Append('\t').Append(key).Append('\t').Append(signature).Append('\n');
        }
        if (junk.Count > 4000) junk.Clear();
    }
    File.WriteAllText(outPath, lines.ToString());
    Console.WriteLine($"{cases.Count} fits, two passes, written to {outPath}");
}

unsafe void Calls()
{
    if (!BlasProvider.Current.IsNative) { Console.WriteLine("managed provider: no native LAPACK to probe (its QR is managed code, the same operations wherever its buffers lie)"); return; }
    var jacobians = new List<(string, int, int, double[])>();
    foreach (string name in new[] { "Thurber", "MGH10", "Bennett5" })
    {
        var p = NistProblem.Get(name);
        jacobians.Add((name, p.M, p.N, ForwardJacobian(x => p.Residuals(x), p.Start(1))));
    }
    var rp = Enumerable.Range(0, 13).Select(j => 0.1 * j).ToArray();
    jacobians.Add(("Runge12", M, 13, ForwardJacobian(Runge, rp)));
    foreach (var (name, m, n, a) in jacobians)
    {
        // Which buffer's position matters: vary one at a time, the others at offset 0 of a 64-byte line.
        foreach (string moved in new[] { "jacobian", "tau", "work" })
        {
            var distinct = new HashSet<string>();
            var norms = new HashSet<string>();
            for (int offset = 0; offset < 8; offset++)
            {
                int oa = moved == "jacobian" ? offset : 0, ot = moved == "tau" ? offset : 0, ow = moved == "work" ? offset : 0;
                var (bits, normBits) = Factor(m, n, a, oa, ot, ow);
                distinct.Add(bits); norms.Add(normBits);
            }
            Console.WriteLine($"{name} {m}x{n}: moving {moved,-8} over 8 offsets: dgeqp3 {distinct.Count} distinct result(s), column dnrm2 {norms.Count}");
        }
    }
}

// n elements starting 8·offset bytes after a 64-byte boundary, in a pinned array (written without AlignedBuffer, so the probe
// also builds against checkouts from before it).
static unsafe Span<T> Slot<T>(int n, int offset) where T : unmanaged
{
    var array = GC.AllocateArray<T>(n + 128 / sizeof(T), pinned: true);
    nint address = (nint)Unsafe.AsPointer(ref array[0]);
    int skip = (int)((64 - (address & 63)) & 63) / sizeof(T);
    return array.AsSpan(skip + offset * 8 / sizeof(T), n);
}

// A pinned buffer with `offset` doubles before a 64-byte boundary's start, so the data sits at 8·offset mod 64.
static unsafe double* Place(int length, int offset, List<GCHandle> pins)
{
    var array = GC.AllocateArray<double>(length + 16, pinned: true);
    double* p = (double*)Unsafe.AsPointer(ref array[0]);
    int skip = (int)((64 - ((nint)p & 63)) & 63) / 8;
    return p + skip + offset;
}

unsafe (string, string) Factor(int m, int n, double[] a, int oa, int ot, int ow)
{
    var pins = new List<GCHandle>();
    double* pa = Place(m * n, oa, pins), pt = Place(n, ot, pins);
    new ReadOnlySpan<double>(a).CopyTo(new Span<double>(pa, m * n));
    var norms = new StringBuilder();
    for (int j = 0; j < n; j++) norms.Append(BitConverter.DoubleToInt64Bits(Blas.Nrm2(new ReadOnlySpan<double>(pa + j * m, m))).ToString("x")).Append(',');
    int lwork = -1, info, mm = m, nn = n, lda = m;
    double query;
    var jpvt = new int[n];
    fixed (int* pj = jpvt) LapackNative.Dgeqp3(&mm, &nn, pa, &lda, pj, pt, &query, &lwork, &info);
    lwork = (int)query;
    double* pw = Place(lwork, ow, pins);
    fixed (int* pj = jpvt) LapackNative.Dgeqp3(&mm, &nn, pa, &lda, pj, pt, pw, &lwork, &info);
    var bits = new StringBuilder();
    for (int i = 0; i < m * n; i++) bits.Append(BitConverter.DoubleToInt64Bits(pa[i]).ToString("x")).Append(',');
    for (int i = 0; i < n; i++) bits.Append(BitConverter.DoubleToInt64Bits(pt[i]).ToString("x")).Append(',').Append(jpvt[i]).Append(';');
    return (bits.ToString(), norms.ToString());
}

static double[] ForwardJacobian(Func<double[], double[]> f, double[] x)
{
    double[] r0 = f(x);
    int m = r0.Length, n = x.Length;
    var jac = new double[m * n]; // column-major, as the fit hands it to the QR
    for (int j = 0; j < n; j++)
    {
        double h = Math.Sqrt(2.2e-16) * Math.Max(Math.Abs(x[j]), 1);
        var xh = (double[])x.Clone(); xh[j] += h;
        double[] r = f(xh);
        for (int i = 0; i < m; i++) jac[i + j * m] = (r[i] - r0[i]) / h;
    }
    return jac;
}
