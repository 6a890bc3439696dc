namespace BlasNet.Quadrature;

/// <summary>
/// The polynomial through a rule's values at every reference node but one (barycentric form), evaluated at that node or
/// at any other point: what the other nodes say f is at the node left out.
/// </summary>
/// <remarks>
/// A rule at a limit of the range never samples the limit (f may be singular there). A kink or step of f between the
/// outermost node there and the next one moves only the outermost value off the branch the other nodes lie on; the
/// interpolant through all of them then spreads that one value over every degree, and neither its tail nor its moments
/// size the mass the feature moves between the limit and the next node (<see cref="OscillatoryWeightRule"/>'s limit check).
/// Leaving that node out recovers the branch of the others.
/// </remarks>
internal static class LeaveOneOutInterpolant
{
    /// <summary>The polynomial through (<paramref name="t"/>[i], <paramref name="f"/>[i]) for every i but
    /// <paramref name="skip"/>, at <paramref name="s"/> (which must be no node).</summary>
    public static double At(ReadOnlySpan<double> t, ReadOnlySpan<double> f, int skip, double s)
    {
        double num = 0.0, den = 0.0;
        for (int i = 0; i < t.Length; i++)
        {
            if (i == skip)
                continue;
            // Second-form barycentric weight 1/Π_{k≠i, skip}(t_i − t_k), each factor doubled so that the product of the
            // 22 distances on [−1, 1] stays near 1 (only the ratios of the weights matter).
            double w = 1.0;
            for (int k = 0; k < t.Length; k++)
            {
                if (k != i && k != skip)
                    w *= 2.0 * (t[i] - t[k]);
            }

            double c = 1.0 / (w * (s - t[i]));
            num += c * f[i];
            den += c;
        }

        return num / den;
    }
}
