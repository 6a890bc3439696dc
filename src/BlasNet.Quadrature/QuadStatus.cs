namespace BlasNet.Quadrature;

/// <summary>Why an adaptive quadrature stopped.</summary>
/// <remarks>
/// Only <see cref="Converged"/> means the requested tolerance was met, and then <see cref="QuadResult.Value"/>
/// and <see cref="QuadResult.AbsoluteError"/> are finite and the error is within
/// max(AbsoluteTolerance, RelativeTolerance·|Value|); every other member says why it was not, and the
/// accompanying <see cref="QuadResult.Value"/> is the best estimate available. The members correspond to
/// QUADPACK's <c>ier</c> codes 0 to 5, plus a non-finite integrand, a result beyond double range and a cancelled call
/// (<see cref="Cancelled"/>).
/// </remarks>
public enum QuadStatus
{
    /// <summary>The estimated absolute error is within max(AbsoluteTolerance, RelativeTolerance·|Value|).</summary>
    Converged = 0,

    /// <summary>The maximum number of subintervals (<see cref="QuadOptions.MaxIntervals"/>) was used up
    /// before the tolerance was met (QUADPACK ier = 1). A breakpoint at a difficult point, or a larger
    /// limit, may help.</summary>
    MaxIntervalsReached = 1,

    /// <summary>Roundoff error prevented the requested tolerance from being reached: either successive
    /// subdivisions stopped reducing the error, or the extrapolation table stalled (QUADPACK ier = 2 or 4).
    /// The tolerance is probably too tight for double precision. From a Fourier integral over [a, ∞) also when every cycle
    /// converged but the error estimate, which adds 10 × the largest cycle error as QUADPACK's QAWF does (QAWF itself then
    /// returns ier = 0), exceeds the tolerance; <see cref="QuadResult.Message"/> then says so.</summary>
    RoundoffDetected = 2,

    /// <summary>The subintervals shrank to the limit of double precision around some point: the integrand
    /// has a non-integrable singularity, a jump or extreme behaviour there (QUADPACK ier = 3).</summary>
    BadIntegrandBehaviour = 3,

    /// <summary>The extrapolated values do not settle: the integral is probably divergent, or converges
    /// too slowly to be computed (QUADPACK ier = 5). The test behind it (the extrapolated value and the plain sum over
    /// the subintervals differ by more than a factor 100, or the summed error exceeds the sum) also fires on a finite
    /// integral with a feature the subdivision did not resolve: a peak 1/((x − c)² + ε²) with ε ≤ 1e-5 and no breakpoint
    /// at c, whose extrapolation can even have the wrong sign. <see cref="QuadResult.Value"/> is QUADPACK's extrapolated
    /// value; from QAGS, QAGP and QAGI <see cref="QuadResult.AbsoluteError"/> is at least its distance from that sum and the
    /// sum's own error, and <see cref="QuadResult.Message"/> names both values.</summary>
    Divergent = 4,

    /// <summary>The integrand returned NaN or ±∞; <see cref="QuadResult.FailureX"/> says where.</summary>
    NonFiniteIntegrand = 5,

    /// <summary>A number the integration needs lies beyond the range of double: the integral (or its
    /// error estimate) exceeds ±<see cref="double.MaxValue"/> although every value of the integrand was
    /// finite, or an infinite range would have to be sampled beyond ±<see cref="double.MaxValue"/>.
    /// <see cref="QuadResult.Value"/> is the estimate at that point (±∞ when only the sign is known, NaN
    /// when there is none) and <see cref="QuadResult.AbsoluteError"/> is +∞. Rescale the integrand or the
    /// variable.</summary>
    Overflow = 6,

    /// <summary>
    /// <see cref="QuadOptions.CancellationToken"/> was signalled before the tolerance was met. When a run had an estimate
    /// of the whole range, <see cref="QuadResult.Value"/> is its sum over the subintervals so far and
    /// <see cref="QuadResult.AbsoluteError"/> their summed error (not the extrapolated value: the estimate the partition
    /// itself backs); otherwise (cancelled before the first rule over every part of the range — a token signalled before
    /// the call makes no evaluation) Value is NaN and AbsoluteError +∞. Never a success, whatever the error. The summed
    /// error is only as good as the partition reached: cancelled after the first rules, on subintervals still far too wide
    /// for f, it can understate the true error, as a <see cref="MaxIntervalsReached"/> result with a small limit can.
    /// </summary>
    Cancelled = 7,
}
