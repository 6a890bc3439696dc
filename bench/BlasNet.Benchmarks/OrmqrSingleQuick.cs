using System.Buffers;
using System.Runtime.InteropServices;
using BlasNet.Interop;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>ormqr-quick [rounds]</c> (Session 47, lapack47): where a one-column <c>Lapack.Ormqr</c> (PivotedQr.ApplyQ / Solve)
/// spends its time on the provider of the run. Pieces, on the same aligned m×k reflectors and one right-hand side:
/// the library call as it stands; the workspace query alone; the reflector copy alone (rented, as the wrapper makes it);
/// the provider's dormqr with the queried (optimal) lwork and with the minimal lwork (1: LAPACK's dormqr then takes the
/// unblocked dorm2r), and dorm2r itself, all three on a private copy of the reflectors (no per-call copy); and the
/// managed loop (ManagedLapack.Ormqr) and its vectorised one-column form (ManagedLapack.OrmqrOneColumn). Alternating rounds in one process, process CPU time, ratios to the library call.
/// </summary>
internal static unsafe class OrmqrSingleQuick
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
        Console.WriteLine($"provider {BlasProvider.Current}, threads {BlasProvider.Threads}, OPENBLAS_CORETYPE {Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE")}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        nint lib = NativeLibraries.LapackHandle;
        bool native = lib != 0 && NativeLibrary.TryGetExport(lib, "dormqr_", out _) && BlasProvider.Current.HasNativeLapack;
        nint dormqrFn = native ? NativeLibrary.GetExport(lib, "dormqr_") : 0;
        nint dorm2rFn = native && NativeLibrary.TryGetExport(lib, "dorm2r_", out nint p2) ? p2 : 0;
        Console.WriteLine($"native dormqr: {native}, dorm2r exported: {dorm2rFn != 0}");
        foreach (var (m, k) in new[] { (20, 10), (200, 100), (1000, 300) })
        {
            int calls = Math.Max(5, 2_000_000 / (m * k));
            var rng = new Random(47);
            var qr = new AlignedBuffer<double>(m * k);
            var tau = new AlignedBuffer<double>(k);
            for (int i = 0; i < m * k; i++) qr.Span[i] = rng.NextDouble() - 0.5;
            Lapack.Geqrf(m, k, qr.Span, m, tau.Span);
            var privateCopy = new AlignedBuffer<double>(m * k);
            qr.Span.CopyTo(privateCopy.Span);
            var b = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var c = new AlignedBuffer<double>(m);
            var work = new AlignedBuffer<double>(Math.Max(64 * 64 + 64 * m, m));
            foreach (var trans in new[] { Transpose.Transposed, Transpose.None })
            {
                char t = trans == Transpose.None ? 'N' : 'T';
                void Library() { b.CopyTo(c.Span); Lapack.Ormqr(Side.Left, trans, m, 1, k, qr.Span, m, tau.Span, c.Span, m); }
                void Managed() { b.CopyTo(c.Span); ManagedLapack.Ormqr(Side.Left, trans, m, 1, k, qr.Span, m, tau.Span, c.Span, m); }
                void OneColumn() { b.CopyTo(c.Span); ManagedLapack.OrmqrOneColumn(trans, m, k, qr.Span, m, tau.Span, c.Span); }
                double Query() => Dormqr(dormqrFn, t, m, k, privateCopy.Span, tau.Span, c.Span, work.Span, -1);
                void Copy()
                {
                    double[] copy = ArrayPool<double>.Shared.Rent(m * k + 8);
                    fixed (double* rented = copy)
                    {
                        double* pa = rented + (int)((64 - ((nint)rented & 63)) & 63) / sizeof(double);
                        qr.Span.CopyTo(new Span<double>(pa, m * k));
                    }
                    ArrayPool<double>.Shared.Return(copy);
                }
                void Raw(int lwork) { b.CopyTo(c.Span); Dormqr(dormqrFn, t, m, k, privateCopy.Span, tau.Span, c.Span, work.Span, lwork); }
                int optimal = native ? (int)Query() : 1;
                void Unblocked() { b.CopyTo(c.Span); Dorm2r(dorm2rFn, t, m, k, privateCopy.Span, tau.Span, c.Span, work.Span); }
                Action Times(Action f) => () => { for (int r = 0; r < calls; r++) f(); };
                var pieces = new List<(string, Action)> { ("library", Times(Library)), ("managed loop", Times(Managed)), ("managed one column", Times(OneColumn)) };
                if (native)
                {
                    pieces.Add(("query", Times(() => Query())));
                    pieces.Add(("copy", Times(Copy)));
                    pieces.Add(($"dormqr lwork {optimal}", Times(() => Raw(optimal))));
                    pieces.Add(("dormqr lwork 1", Times(() => Raw(1))));
                    if (dorm2rFn != 0) pieces.Add(("dorm2r", Times(Unblocked)));
                }
                Console.WriteLine($"m = {m}, k = {k}, one column, trans {t}, {calls} calls per timing (µs per call = ms × 1000 / {calls}):");
                AlternatingRounds.Run([.. pieces], rounds, baseline: 0, format: "F2");
            }
        }
        return 0;
    }

    /// <summary>dormqr_ on the left with one column (lwork −1: the workspace query, whose answer is returned).</summary>
    private static double Dormqr(nint address,
        char trans, int m, int k, Span<double> a, ReadOnlySpan<double> tau, Span<double> c, Span<double> work, int lwork)
    {
        var fn = (delegate* unmanaged<byte*, byte*, int*, int*, int*, double*, int*, double*, double*, int*, double*, int*, int*, nuint, nuint, void>)address;
        byte s = (byte)'L', t = (byte)trans;
        int one = 1, ld = m, info;
        fixed (double* pa = a, pt = tau, pc = c, pw = work) fn(&s, &t, &m, &one, &k, pa, &ld, pt, pc, &ld, pw, &lwork, &info, 1, 1);
        return work[0];
    }

    /// <summary>dorm2r_ (unblocked) on the left with one column.</summary>
    private static void Dorm2r(nint address,
        char trans, int m, int k, Span<double> a, ReadOnlySpan<double> tau, Span<double> c, Span<double> work)
    {
        var fn = (delegate* unmanaged<byte*, byte*, int*, int*, int*, double*, int*, double*, double*, int*, double*, int*, nuint, nuint, void>)address;
        byte s = (byte)'L', t = (byte)trans;
        int one = 1, ld = m, info;
        fixed (double* pa = a, pt = tau, pc = c, pw = work) fn(&s, &t, &m, &one, &k, pa, &ld, pt, pc, &ld, pw, &info, 1, 1);
    }
}
