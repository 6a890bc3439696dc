using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>sigmoid-quick [rounds]</c> (Session 44, kn48): what <c>Kernels.Sigmoid</c> costs beyond plain
/// <c>TensorPrimitives.Sigmoid</c> on the same buffers, float and double, at 10³, 10⁵ and 10⁶ elements in [−10, 10]
/// (no NaN: the everyday case). Float's extra work is restoring a NaN's sign bit (<see cref="SigmoidNaNSignOp{T}"/>);
/// double's is the test for elements beyond the vector exp's range. Pieces per case, alternating rounds in one process,
/// process CPU time, each timing about 4·10⁶ elements: "TP" (TensorPrimitives.Sigmoid alone), "TP + pass" (the extra work
/// as a second pass over the whole span, as Kernels.Sigmoid did before kn48: the XOR pass for float, the MaxMagnitude
/// scan for double), "Kernels" (the library as built), and the extra work alone ("pass alone": the XOR pass or the
/// MaxMagnitude scan; "test alone": the kn48 NaN or range test over the whole span).
/// TensorPrimitives.Sigmoid is called through one non-inlined method, so "TP" and "TP + pass" run the same machine code.
/// On the shared machine of Session 44 σ's time was bimodal: a piece ran ~1× or ~3–4× as long on the same data for several
/// rounds and then switched (the same non-inlined method in both modes; cause not found), so medians within one process
/// mislead: run several processes and take each piece's least time (bench/best_of_rounds.py).
/// </summary>
internal static class SigmoidQuick
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 9;
        Console.WriteLine($"Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector<T> {Vector<byte>.Count * 8} bits");
        foreach (int n in new[] { 1_000, 100_000, 1_000_000 })
        {
            int repeats = Math.Max(1, 4_000_000 / n);
            var rng = new Random(44);
            var xd = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 20 - 10).ToArray();
            var xf = xd.Select(v => (float)v).ToArray();
            var yd = new double[n];
            var yf = new float[n];
            Console.WriteLine($"float, n = {n}, {repeats} calls per timing:");
            AlternatingRounds.Run(
            [
                ("TP", () => { for (int r = 0; r < repeats; r++) Plain<float>(xf, yf); }),
                ("TP + pass", () => { for (int r = 0; r < repeats; r++) { Plain<float>(xf, yf); SignPass(yf); } }),
                ("Kernels", () => { for (int r = 0; r < repeats; r++) Kernels.Sigmoid<float>(xf, yf); }),
                ("pass alone", () => { for (int r = 0; r < repeats; r++) SignPass(yf); }),
                ("test alone", () => { for (int r = 0; r < repeats; r++) if (ElementwiseLoops.ContainsNaN<float>(yf)) throw new InvalidOperationException("no NaN here"); }),
            ], rounds, baseline: 0, format: "F2");
            Console.WriteLine($"double, n = {n}, {repeats} calls per timing:");
            AlternatingRounds.Run(
            [
                ("TP", () => { for (int r = 0; r < repeats; r++) Plain<double>(xd, yd); }),
                ("TP + pass", () => { for (int r = 0; r < repeats; r++) { Scan(xd); Plain<double>(xd, yd); } }),
                ("Kernels", () => { for (int r = 0; r < repeats; r++) Kernels.Sigmoid<double>(xd, yd); }),
                ("pass alone", () => { for (int r = 0; r < repeats; r++) Scan(xd); }),
                ("test alone", () => { for (int r = 0; r < repeats; r++) if (!ElementwiseLoops.AllMagnitudesAtMost<double>(xd, 700)) throw new InvalidOperationException("no outliers here"); }),
            ], rounds, baseline: 0, format: "F2");
        }
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Plain<T>(ReadOnlySpan<T> x, Span<T> y) where T : IExponentialFunctions<T> => TensorPrimitives.Sigmoid(x, y);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SignPass(Span<float> y) => ElementwiseLoops.Unary<float, SigmoidNaNSignOp<float>>(y, y, 0f);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Scan(ReadOnlySpan<double> x)
    {
        if (!(Math.Abs(TensorPrimitives.MaxMagnitude(x)) <= 700)) throw new InvalidOperationException("no outliers here");
    }
}
