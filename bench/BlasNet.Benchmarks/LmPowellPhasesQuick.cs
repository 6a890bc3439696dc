using System.Diagnostics;
using System.Globalization;
using BlasNet.Optimization;
using BlasNet.Tests.Optimization;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>lm-powell-phases [reps]</c> (Session 48, powell48): where a forward-difference fit of extended Powell singular (MGH 22) at
/// n = 100 and 200 spends its time — in the main iteration (up to its last accepted point, the last progress report), in what follows
/// it (the check's central-difference Jacobian at X, the probe along the directions it cannot resolve, the covariance; before
/// audit powell48 also the restarts from the probe's lower points), and inside the residual function (wall time of its calls).
/// Each figure per fit, wall and process CPU time; the machine's load average is printed (it is shared: read ratios, not times).
/// </summary>
internal static class LmPowellPhasesQuick
{
    private sealed class LastReport : IProgress<LeastSquaresProgress>
    {
        public readonly Stopwatch Clock = Stopwatch.StartNew();
        public double Milliseconds, CpuMilliseconds;
        public int Evaluations;

        public void Report(LeastSquaresProgress value)
        {
            Milliseconds = Clock.Elapsed.TotalMilliseconds;
            CpuMilliseconds = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
            Evaluations = value.Evaluations;
        }
    }

    public static int Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine($"provider {BlasProvider.Current}, threads {BlasProvider.Threads}, OPENBLAS_CORETYPE {Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE")}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (int n in new[] { 100, 200 })
        {
            var powell = LargeMghProblem.Create("ExtendedPowellSingular", n);
            for (int rep = 0; rep <= reps; rep++) // rep 0 warms the JIT and is not printed
            {
                var inResiduals = new Stopwatch();
                ResidualFunction timed = (x, r) => { inResiduals.Start(); powell.Fill(x, r); inResiduals.Stop(); };
                var last = new LastReport();
                double cpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
                var fit = LevenbergMarquardt.Solve(timed, powell.M, powell.Start, null, new LevenbergMarquardtOptions { Progress = last });
                double wall = last.Clock.Elapsed.TotalMilliseconds, cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds - cpu0;
                if (rep == 0) continue;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"n={n} {fit.Status} {fit.Evaluations} evaluations, cost {fit.Cost:G3}: {wall:F0} ms wall ({cpu:F0} ms CPU); main iteration to the last report {last.Milliseconds:F0} ms ({last.CpuMilliseconds - cpu0:F0} CPU), {last.Evaluations} evaluations; after it {wall - last.Milliseconds:F0} ms ({cpu0 + cpu - last.CpuMilliseconds:F0} CPU), {fit.Evaluations - last.Evaluations} counted evaluations; in the residual function {inResiduals.Elapsed.TotalMilliseconds:F0} ms"));
            }
        }
        return 0;
    }
}
