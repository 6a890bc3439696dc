namespace BlasNet.Optimization;

/// <summary>
/// Why <see cref="LevenbergMarquardt"/> stopped: which convergence test was met, or why it could not go on.
/// The four convergence members (<see cref="FTol"/>, <see cref="XTol"/>, <see cref="FTolAndXTol"/>,
/// <see cref="GTol"/>) are only returned when X is backed by a check made after the iteration, in the
/// user's parameters with the Jacobian at X (analytic, or central differences): the largest cosine between
/// the residual vector and a free Jacobian column is small, or the full Gauss–Newton step from X is small
/// relative to X (a parameter on a bound with the gradient pushing outwards is not free). A tolerance test
/// that fires where this check fails gives <see cref="Stalled"/>. Where the check backs a stop with ‖r‖ = √(2·cost) down by
/// less than 1e-4 relative from x0 (a stationary start passes it at a maximum or saddle of the cost, as in MINPACK), the
/// cost is first probed along each parameter (2n counted evaluations) and, where no side is lower, along the way down of the cost's
/// Hessian completed with one evaluation per pair of parameters (n(n − 1)/2, and 4 along an eigenvector of negative curvature; audit
/// lm50: a saddle oblique to every axis; n ≤ 32), and the fit goes on from a lower point if one shows,
/// so the status is that of the later stop; when the budget left cannot take those evaluations the status is
/// <see cref="MaxEvaluations"/> instead of the unchecked convergence, and likewise when the probe finds a lower point but
/// no budget is left for a run from it (X is then that point). With an ill-conditioned J the column cosines can all be small
/// while r is far from orthogonal to their span: where a convergence stop has r's cosine with the range of J above the check's
/// gradient tolerance and a Gauss–Newton step that would still move X, that step is tried (one counted evaluation) and the fit
/// goes on from it when it lowers the cost by more than FTol (<see cref="MaxEvaluations"/> with no budget for it or for a run from
/// it). And where a difference Jacobian at X has a rank below its free columns, r's change along the directions it cannot resolve
/// is measured by differences along each (four counted evaluations per direction): a cost that still falls there gives
/// <see cref="Stalled"/>. Where such a probe, or the line probe along a failed Gauss–Newton trial, finds a lower point, the fit
/// goes on from it with a fresh run, up to three times, and ends <see cref="Stalled"/> only when those runs get no further.
/// With bounds, only steps that stay strictly inside the box are taken for either.
/// <para>
/// Unlike MINPACK, the relative tests (the cosine of <see cref="GTol"/>, the reductions of <see cref="FTol"/>) are taken
/// against the residuals the parameters reach: a residual whose Jacobian row is zero and whose value has not changed since the
/// run started (a constant, such as a penalty term or an offset the model cannot fit) is left out of ‖r‖ there. MINPACK
/// and SciPy's <c>least_squares(method='lm')</c> stop r = (1e8, a·exp(b·tᵢ) − yᵢ) at x0 with the gtol status, every cosine
/// being below ‖f‖/1e8 at any x; here it fits a and b as without the constant, under a robust
/// <see cref="LevenbergMarquardtOptions.Loss"/> too. Under a robust loss they are taken against ‖ψ‖, ψᵢ = ρ′ᵢ·rᵢ (each residual's
/// pull on the parameters), not the robust cost, which gross outliers swamp (<see cref="LevenbergMarquardtOptions.Loss"/>).
/// </para>
/// </summary>
public enum LeastSquaresStatus
{
    /// <summary>Converged: both the actual and the predicted relative reduction of the sum of squares are at most <see cref="LevenbergMarquardtOptions.FTol"/> (MINPACK info 1).
    /// Not returned where the fit was still crawling when the test fired — its last 8 accepted steps going one way and not slowing down
    /// (as described under <see cref="XTol"/>) and lowering the cost by more than FTol relative together, so the cost could still fall by
    /// more than FTol — which is <see cref="Stalled"/> (audit lm55: Beale's valley; no extra evaluations).
    /// <para>What it does not promise (audit lm56): a minimiser. Where the cost falls towards a value approached only as parameters grow
    /// without bound, FTol can fire on the way, as MINPACK's info 1 does; X is then no minimum, whatever its cost. At the default FTol the
    /// cost was within FTol of that value (MGH's Kowalik–Osborne from 10·x0: x₁ ≈ 1e7, x₃, x₄ ≈ −5e8 … −1e9, cost 0.06–0.16·FTol above
    /// the infimum 5.1367152435e-4; Bard from 100·x0: x₂, x₃ ≈ −1e12); at tolerances near 1e-15 it can be far more than FTol above it —
    /// the steps shrink before the test fires, so the crawl measure above misses them (Beale from 10·x0 and 100·x0 by central differences:
    /// 7e-7 relative above the valley's infimum; Kowalik–Osborne from 10·x0: 3e-11–1.5e-10; Bard from 10·x0 and 100·x0: 2e-12–1e-11), where
    /// SciPy's least_squares(method='lm') says ftol as well, further above. No measure on the fit's own steps tells these stops from
    /// convergences at a minimum (the survey in bench/RESULTS.md, "Session 52, lm56"). Parameters of 1e5 and more times their data's scale,
    /// growing from one start to the next, are the sign: refit from another start, or reparametrise.</para></summary>
    FTol,

    /// <summary>Converged: the relative change of the scaled parameters is at most <see cref="LevenbergMarquardtOptions.XTol"/> (MINPACK info 2:
    /// "the relative error between two consecutive iterates is at most xtol", a statement about the last step, not a proven distance to
    /// the minimiser). Not returned where the fit was still crawling when the test fired — its last 8 accepted steps along one way (each
    /// step's cosine with their sum at least 0.9 in the scaled variables), none shorter than a quarter of the longest nor lowering the
    /// cost by less than a quarter of the largest fall, all eight lowering it by more than FTol relative together, and the check's Gauss–Newton step longer than XTol·‖D·x‖ — which is <see cref="Stalled"/> (audit lm54;
    /// measured on the fit's own steps, no extra evaluations). Not a minimiser where the fit runs off towards a value approached at
    /// infinity and its steps shrink before the test fires (see <see cref="FTol"/>; audit lm56): Beale from 10·x0 and 100·x0 by forward
    /// differences with the tolerances at 1e-15 says XTol at x₁ ≈ −4.5e6, 7e-7 relative above the valley's infimum (SciPy's MINPACK:
    /// ftol there).</summary>
    XTol,

    /// <summary>Converged: the <see cref="FTol"/> and <see cref="XTol"/> tests both hold (MINPACK info 3), and the Gauss–Newton step of the
    /// check's Jacobian at X is at most XTol·‖D·x‖ (D its column norms), so X has stopped moving within XTol in that measure too. Where
    /// both tests fire but that step is longer the status is <see cref="FTol"/> and <see cref="LeastSquaresResult.Message"/> gives the
    /// step (audit lm52: Osborne 1 by differences said FTolAndXTol on one provider with X 3.2e-8 of ‖D·x*‖ from its minimiser, for an
    /// XTol of 1e-8; SciPy's MINPACK says ftol there — least_squares' status 2, MINPACK's info 1 — with X 5e-7 away). A lone <see cref="XTol"/> stop is not re-measured so.</summary>
    FTolAndXTol,

    /// <summary>Converged: the largest cosine between the residual vector and a Jacobian column is at most <see cref="LevenbergMarquardtOptions.GTol"/> (MINPACK info 4).
    /// With an ill-conditioned J every column can be nearly orthogonal to r while a combination of them is not: where the test
    /// fires with r far from orthogonal to the range of J (cosine above the check's tolerance) and a Gauss–Newton step that
    /// would still move X, the fit goes on without this test, once, and stops on the others (a degree-13 polynomial fitted
    /// with its exact Jacobian: MINPACK and SciPy stop here at 1.6 times the minimum cost).</summary>
    GTol,

    /// <summary>Stopped: the number of residual evaluations reached <see cref="LevenbergMarquardtOptions.MaxEvaluations"/> (MINPACK info 5),
    /// or a convergence test fired where the fit started and the budget left could not take the evaluations of the probe (2n along the axes, n(n − 1)/2 + 4 for its pairs) that
    /// tells a minimum from a maximum or saddle of the cost, or could take them but not a further run from the lower point the
    /// probe found, or <see cref="GTol"/> fired short of the minimum (r far from orthogonal to the range of J) with too little budget
    /// left to go on without it (<see cref="LeastSquaresResult.Message"/> says which).</summary>
    MaxEvaluations,

    /// <summary>Stopped: <see cref="LevenbergMarquardtOptions.FTol"/> is so small that no further reduction of the sum of squares is possible in double precision (MINPACK info 6).
    /// Like the three "too small" stops, returned only where the check after the stop backs X as it backs a convergence (otherwise
    /// <see cref="Stalled"/>), and treated as one otherwise too: after forward differences the fit goes on with central ones
    /// (<see cref="LevenbergMarquardtOptions.CentralRefinement"/>), and a stop where the fit started is probed for a lower point.
    /// Not counted in <see cref="LeastSquaresResult.Succeeded"/>.</summary>
    FTolTooSmall,

    /// <summary>Stopped: <see cref="LevenbergMarquardtOptions.XTol"/> is so small that no further improvement of the parameters is possible in double precision (MINPACK info 7).
    /// Backed by the check after the stop, else <see cref="Stalled"/>.</summary>
    XTolTooSmall,

    /// <summary>Stopped: <see cref="LevenbergMarquardtOptions.GTol"/> is so small that the residual vector is orthogonal to the Jacobian's columns to machine precision (MINPACK info 8).
    /// Backed by the check after the stop, else <see cref="Stalled"/>.</summary>
    GTolTooSmall,

    /// <summary>Stopped: the Jacobian (analytic, or every finite-difference step tried) was not finite at the current point; the result holds the last point with finite residuals.</summary>
    NonFiniteResiduals,

    /// <summary>Stopped: the options' cancellation token was signalled; the result holds the best point found so far.</summary>
    Cancelled,

    /// <summary>
    /// Not converged: a tolerance test fired (the trust region collapsed, or a step gained almost nothing; one of the "too
    /// small" tests with the tolerances at 0)
    /// but the gradient at X is not small and a Gauss–Newton step from X would still move it, so X is not a
    /// solution. Typical causes: a wrong analytic Jacobian (see <see cref="LevenbergMarquardtOptions.CheckJacobian"/>),
    /// residuals that are not finite just past X, residuals too noisy for their finite differences, or X
    /// pressed against the edge of the residuals' domain. <see cref="LeastSquaresResult.Message"/> names the
    /// test that fired and the two measures. Also when the check's difference Jacobian cannot resolve some directions (a rank
    /// below its free columns on a very ill-conditioned fit) and differences of r along them show the cost still falls: the
    /// message then gives the rank and that cosine; an analytic or automatic Jacobian, or better-conditioned parameters, help.
    /// Brown almost linear (MGH 27, n = 10) by differences ends so at MGH's f = 1 point (audit lm52), where MINPACK (SciPy's
    /// least_squares(method='lm')) says ftol at the same X after the same 57 evaluations (its status 2, MINPACK's info 1; audit lm53): that point is no minimum. Along
    /// (a, …, a, 11 − 10a) every residual but the last is zero and the last is a⁹(11 − 10a) − 1, so the cost falls from X (a = −0.055,
    /// cost 0.5 + 5e-11) through 0.5 at a = 0 to 0 at a = 0.979 — flat to 1e-10 near X, which is why the trust region collapsed there.
    /// Also where the XTol test alone fired while the fit was still crawling (see <see cref="XTol"/>; audit lm54): MGH's Beale from 10·x0
    /// and 100·x0 with a budget of 20 000 reached x ≈ (−9.3e5, 1 + 1e-6), x₁ still moving 0.3 % a step and the cost falling by about
    /// 1e-8 a step towards an infimum no finite X attains (0.22600446; the minimum is 0 at (3, 0.5)); the trust region was below
    /// XTol·‖D·x‖ only because x₂'s scaled coordinate dominates ‖D·x‖. The message gives the steps' cosine, those ratios and the
    /// cost's fall over them. The same for an FTol stop on such a crawl (see <see cref="FTol"/>; audit lm55: Beale from 10·x0 and 100·x0 by
    /// central differences, each step lowering the cost by about FTol, 7.8–9.3·FTol over the last eight).
    /// </summary>
    Stalled,

    /// <summary>
    /// Converged, on the cost alone: a tolerance test fired (<see cref="LeastSquaresResult.Message"/> names it) where the residuals are
    /// zero to rounding — every |rᵢ| at most 16ε·max(|rᵢ(x₀)|, Σⱼ|Jᵢⱼ·xⱼ|) (the rounding of that residual at the start, or of its change
    /// for a change of X in its last bits) and ‖r‖ at most XTol·‖D·x‖ (below what a step of XTol relative to X changes; D the
    /// Jacobian's column norms) — and the check after the stop backed X on the Jacobian's columns, but its difference Jacobian leaves
    /// directions unresolved along which differences of r show the cost still falling. What is claimed is the cost: it is at the floor double precision
    /// can show, the problem's global minimum where that is zero. Not X's accuracy: where J is singular at the zero (extended Powell
    /// singular, x* = 0, J of rank n/2) r grows like |x − x*|², so X lies only within about √(‖r‖) (in r's units over its curvature)
    /// of the zero, and differences of r along the directions J cannot resolve still show the cost falling, by ratios of its own
    /// rounding-level size; MINPACK and SciPy report xtol there. The covariance at such an X is reported with J's rank (singular where
    /// J is). Not returned under a robust loss, with XTol = 0, or with an analytic Jacobian; where the check backs the stop
    /// outright the status is the test that fired, and where its cosines do not back it, <see cref="Stalled"/>. Counted in <see cref="LeastSquaresResult.Succeeded"/> (audit powell48).
    /// </summary>
    ZeroResidual,
}
