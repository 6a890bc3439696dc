namespace BlasNet.Tests.Optimization;

/// <summary>NIST's accuracy measure: LRE = −log10(|estimate − certified| / |certified|), capped at 15 for exact agreement, minimum over a vector.</summary>
public static class LogRelativeError
{
    public static double Of(double estimate, double certified)
    {
        if (!double.IsFinite(estimate)) return 0;
        double rel = Math.Abs(estimate - certified) / Math.Abs(certified);
        return rel == 0 ? 15 : Math.Min(15, -Math.Log10(rel));
    }

    public static double Min(IReadOnlyList<double> estimates, IReadOnlyList<double> certified)
        => Enumerable.Range(0, certified.Count).Min(j => Of(estimates[j], certified[j]));
}
