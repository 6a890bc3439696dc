using System.Diagnostics;
using System.Globalization;
using BlasNet.Optimization;
using BlasNet.Tests.Optimization;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>lm-alloc-quick [fits]</c> (Session 47, lm47): what a Levenberg–Marquardt fit with many parameters allocates, per fit and
/// per iteration, and how many gen-2 collections a run of such fits causes. Extended Powell singular (MGH 22) at n = m = 200
/// with its analytic Jacobian and the tolerances at 0, so that it iterates until MaxEvaluations (one evaluation per accepted
/// step): capped at 11 and at 101 evaluations, the difference of the two counts over the difference of their iterations is
/// the cost of one iteration, the rest that of the fit. Then <c>fits</c> fits of the long form in a row (gen-2 collections,
/// wall time per fit), the heaps 20 such fits allocate on (<see cref="AllocTickProbe"/>), and one forward-difference fit
/// (trigonometric, n = 200) for its total.
/// </summary>
internal static class LmAllocationQuick
{
    public static int Run(string[] args)
    {
        int fits = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        Console.WriteLine($"provider {BlasProvider.Current}, threads {BlasProvider.Threads}, OPENBLAS_CORETYPE {Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE")}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        var powell = LargeMghProblem.Create("ExtendedPowellSingular", 200);
        LeastSquaresResult Fit(int cap) => LevenbergMarquardt.Solve(powell.Fill, powell.M, powell.Start, powell.FillJacobian,
            new LevenbergMarquardtOptions { FTol = 0, XTol = 0, GTol = 0, MaxEvaluations = cap });
        Fit(11); Fit(101); // JIT and the providers' thread-static workspaces
        var counts = new Dictionary<int, (long Bytes, int Iterations)>();
        foreach (int cap in new[] { 11, 101 })
        {
            long least = long.MaxValue;
            LeastSquaresResult? last = null;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
                long before = GC.GetAllocatedBytesForCurrentThread();
                last = Fit(cap);
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            counts[cap] = (least, last!.Iterations);
            Console.WriteLine($"Powell n=200 analytic, MaxEvaluations {cap}: {last.Status}, {last.Iterations} iterations, {last.Evaluations} evaluations, {last.JacobianEvaluations} Jacobians, allocated {least} B");
        }
        double perIteration = (double)(counts[101].Bytes - counts[11].Bytes) / (counts[101].Iterations - counts[11].Iterations);
        double perFit = counts[11].Bytes - perIteration * counts[11].Iterations;
        Console.WriteLine($"per iteration {perIteration:F0} B, per fit (the rest) {perFit:F0} B; J is m·n·8 = {powell.M * powell.N * 8} B");

        // Which heap: the pinned object heap (the AlignedBuffers of PivotedJacobianFactor and CovarianceEstimate) or the others.
        using (var probe = new AllocTickProbe())
        {
            probe.On = true;
            for (int k = 0; k < 20; k++) Fit(101);
            probe.On = false;
            foreach (var kv in probe.Counts.OrderByDescending(kv => kv.Value)) Console.WriteLine($"  tick {kv.Value} {kv.Key}");
        }
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        int gen2 = GC.CollectionCount(2), gen0 = GC.CollectionCount(0);
        long total = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (int k = 0; k < fits; k++) Fit(101);
        clock.Stop();
        Console.WriteLine($"{fits} fits of 100 iterations: {GC.CollectionCount(2) - gen2} gen-2 and {GC.CollectionCount(0) - gen0} gen-0 collections, {(GC.GetTotalAllocatedBytes(precise: true) - total) / fits} B a fit, {clock.Elapsed.TotalMilliseconds / fits:F1} ms a fit (wall, loaded machine)");

        var trig = LargeMghProblem.Create("Trigonometric", 200);
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        long trigBefore = GC.GetAllocatedBytesForCurrentThread();
        int trigGen2 = GC.CollectionCount(2);
        var forward = LevenbergMarquardt.Solve(trig.Fill, trig.M, trig.Start);
        Console.WriteLine($"Trigonometric n=200 forward differences: {forward.Status}, {forward.Iterations} iterations, {forward.Evaluations} evaluations, allocated {GC.GetAllocatedBytesForCurrentThread() - trigBefore} B, {GC.CollectionCount(2) - trigGen2} gen-2 collections");
        return 0;
    }
}
