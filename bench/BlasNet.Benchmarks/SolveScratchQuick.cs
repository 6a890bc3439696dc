namespace BlasNet.Benchmarks;

/// <summary>
/// <c>solve-scratch-quick [rounds]</c> (Session 46, align51): the per-call copy of the right-hand side in
/// <c>CholeskyFactor.Solve</c>, <c>PivotedQr.Solve</c> and <c>PivotedQr.ApplyQ</c>, as a new <see cref="AlignedBuffer{T}"/>
/// per call (pinned object heap; the form before align51) against an <see cref="AlignedScratch"/> (a rented array pinned for
/// the call), both written out here on the same aligned factor with the same LAPACK calls; plus the library's public method
/// as it stands. Orders n = 10, 100, 500 (the QR of a 2n×n matrix); alternating rounds in one process, process CPU time.
/// Then allocated bytes and gen-2 collections over many calls of each form.
/// </summary>
internal static class SolveScratchQuick
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
        Console.WriteLine($"provider {BlasProvider.Current}, threads {BlasProvider.Threads}, OPENBLAS_CORETYPE {Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE")}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (int n in new[] { 10, 100, 500 })
        {
            int m = 2 * n, calls = n switch { 10 => 2000, 100 => 200, _ => 10 };
            var rng = new Random(51);
            var g = new Matrix<double>(n, n);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) g[i, j] = rng.NextDouble() - 0.5;
            var spd = new Matrix<double>(n, n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = i == j ? n : 0;
                    for (int k = 0; k < n; k++) s += g[i, k] * g[j, k];
                    spd[i, j] = s;
                }
            var tall = new Matrix<double>(m, n);
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) tall[i, j] = rng.NextDouble() - 0.5;
            var bn = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var bm = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();

            // The factors as the library holds them: in aligned buffers, factored once.
            var l = new AlignedBuffer<double>(n * n);
            Lapack.ToColumnMajor(spd, l.Span);
            Lapack.Potrf(Triangle.Lower, n, l.Span, n);
            var qr = new AlignedBuffer<double>(m * n);
            var tau = new AlignedBuffer<double>(n);
            Lapack.ToColumnMajor(tall, qr.Span);
            Lapack.Geqp3(m, n, qr.Span, m, new int[n], tau.Span);
            var chol = Lapack.Cholesky(spd);
            var pqr = Lapack.QrPivoted(tall);

            double[] CholOld() { var x = new AlignedBuffer<double>(n); bn.CopyTo(x.Span); Lapack.Potrs(Triangle.Lower, n, 1, l.Span, n, x.Span, n); return x.Span.ToArray(); }
            double[] CholNew() { using var x = new AlignedScratch(n); bn.CopyTo(x.Span); Lapack.Potrs(Triangle.Lower, n, 1, l.Span, n, x.Span, n); return x.Span.ToArray(); }
            double[] QrOld()
            {
                Span<double> c = new AlignedBuffer<double>(m).Span; bm.CopyTo(c);
                Lapack.Ormqr(Side.Left, Transpose.Transposed, m, 1, n, qr.Span, m, tau.Span, c, m);
                Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, n, 1, qr.Span, m, c, m);
                return c[..n].ToArray();
            }
            double[] QrNew()
            {
                using var s = new AlignedScratch(m); var c = s.Span; bm.CopyTo(c);
                Lapack.Ormqr(Side.Left, Transpose.Transposed, m, 1, n, qr.Span, m, tau.Span, c, m);
                Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, n, 1, qr.Span, m, c, m);
                return c[..n].ToArray();
            }
            double[] QOld() { Span<double> c = new AlignedBuffer<double>(m).Span; bm.CopyTo(c); Lapack.Ormqr(Side.Left, Transpose.None, m, 1, n, qr.Span, m, tau.Span, c, m); return c.ToArray(); }
            double[] QNew() { using var s = new AlignedScratch(m); var c = s.Span; bm.CopyTo(c); Lapack.Ormqr(Side.Left, Transpose.None, m, 1, n, qr.Span, m, tau.Span, c, m); return c.ToArray(); }

            Action Times(Func<double[]> f) => () => { for (int c = 0; c < calls; c++) f(); };
            var forms = new (string Name, Func<double[]> F)[]
            {
                ("Cholesky.Solve buffer", CholOld), ("Cholesky.Solve scratch", CholNew), ("Cholesky.Solve library", () => chol.Solve(bn)),
                ("Qr.Solve buffer", QrOld), ("Qr.Solve scratch", QrNew), ("Qr.Solve library", () => pqr.Solve(bm)),
                ("ApplyQ buffer", QOld), ("ApplyQ scratch", QNew), ("ApplyQ library", () => pqr.ApplyQ(bm)),
            };
            for (int f = 0; f < forms.Length; f += 3)
            {
                Console.WriteLine($"n = {n} (QR {m}×{n}), {calls} calls per timing, {forms[f].Name[..forms[f].Name.IndexOf(' ')]}:");
                AlternatingRounds.Run([(forms[f].Name, Times(forms[f].F)), (forms[f + 1].Name, Times(forms[f + 1].F)), (forms[f + 2].Name, Times(forms[f + 2].F))], rounds, baseline: 0, format: "F2");
            }
            int many = 20 * calls;
            foreach (var (name, f) in forms)
            {
                long bytes0 = GC.GetAllocatedBytesForCurrentThread(), total0 = GC.GetTotalAllocatedBytes(precise: true);
                int gen2 = GC.CollectionCount(2);
                for (int c = 0; c < many; c++) f();
                Console.WriteLine($"n = {n}, {name}: {many} calls, {(GC.GetAllocatedBytesForCurrentThread() - bytes0) / (double)many:F0} B/call (thread), {(GC.GetTotalAllocatedBytes(precise: true) - total0) / (double)many:F0} B/call (total), {GC.CollectionCount(2) - gen2} gen-2 collections");
            }
        }
        return 0;
    }
}
