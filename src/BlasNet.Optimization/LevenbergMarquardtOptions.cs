using System.Text;
using System.Globalization;
using BlasNet.Text;

namespace BlasNet.Optimization;

/// <summary>
/// Settings of <see cref="LevenbergMarquardt"/>. Every property has a default, so a caller sets only
/// what it needs by name: <c>new LevenbergMarquardtOptions { XTol = 1e-12 }</c> in C#,
/// <c>LevenbergMarquardtOptions(XTol = 1e-12)</c> in F#.
/// </summary>
public sealed record LevenbergMarquardtOptions
{
    /// <summary>The default options; set any property by name: <c>new LevenbergMarquardtOptions { XTol = 1e-12 }</c>,
    /// from F# <c>LevenbergMarquardtOptions(XTol = 1e-12)</c>.</summary>
    public LevenbergMarquardtOptions() { }

    /// <summary>
    /// Relative reduction of the sum of squares below which the fit has converged: both the actual
    /// and the predicted relative reduction of the last step are at most this (default 1e-8, as SciPy).
    /// Zero disables the test; must not be negative.
    /// </summary>
    public double FTol { get; init; } = 1e-8;

    /// <summary>
    /// Relative change of the scaled parameters below which the fit has converged: the trust-region
    /// radius is at most XTol·‖D·x‖ (default 1e-8). Zero disables the test; must not be negative.
    /// </summary>
    public double XTol { get; init; } = 1e-8;

    /// <summary>
    /// Largest cosine between the residual vector and any Jacobian column below which the fit has
    /// converged (first-order optimality, default 1e-8). Zero disables the test; must not be negative.
    /// </summary>
    public double GTol { get; init; } = 1e-8;

    /// <summary>
    /// Largest number of residual evaluations, counting those spent on finite-difference Jacobians — the iteration's, and
    /// the check's central-difference Jacobian at a converged point from which a further run goes on (not analytic
    /// Jacobian calls). Null (the default) means MINPACK's budgets: 100·(n + 1) with an analytic or automatic Jacobian (lmder1), 200·(n + 1)
    /// with difference Jacobians (lmdif1; SciPy's <c>least_squares(method='lm')</c> allows 100·n·(n + 1) there). As in MINPACK it is tested
    /// after each trial step, so a fit can end up to one iteration's evaluations beyond it (the trial point and, with
    /// differences, the Jacobian's n or 2n); a further run after a converged one starts only while the evaluations with
    /// the check's 2n are still below the limit. The Jacobian at X that the check behind
    /// the status and the covariance use is formed after the limit and not counted (<see cref="LeastSquaresResult.Evaluations"/>).
    /// A fit that stops where it started needs 2n more for the stationary-start probe, and n(n − 1)/2 + 4 for its pairs where no axis is lower (audit lm50); when they do not fit within the
    /// limit it ends <see cref="LeastSquaresStatus.MaxEvaluations"/> rather than claim a convergence the probe did not check
    /// (and so does one whose probe found a lower point with too little budget left for a run from it, on that point). The
    /// check's trial Gauss–Newton step at an FTol/XTol stop short of the minimum (one evaluation) and the probe of directions a
    /// difference Jacobian cannot resolve (four per direction) are made only within the limit (see <see cref="LeastSquaresStatus"/>).
    /// </summary>
    public int? MaxEvaluations { get; init; }

    /// <summary>
    /// How the Jacobian is approximated during the iteration when no analytic Jacobian is given (default
    /// <see cref="JacobianMode.Forward"/>). When a forward-difference run stops on a tolerance test at a
    /// point the final check does not back (forward differences drowned in rounding error, for example),
    /// the iteration continues from there with central differences; with <see cref="CentralRefinement"/> (the default) it does so after
    /// every converged forward-difference run.
    /// </summary>
    public JacobianMode Jacobian { get; init; } = JacobianMode.Forward;

    /// <summary>Trust-region scaling (default <see cref="ScalingMode.Jacobian"/>, MINPACK's adaptive column scaling).</summary>
    public ScalingMode Scaling { get; init; } = ScalingMode.Jacobian;

    /// <summary>
    /// Typical magnitude of each parameter, used with <see cref="ScalingMode.Fixed"/> (weights 1/XScaleⱼ;
    /// n positive finite values whose reciprocals are finite, so none below about 5.6e-309). Null means all ones. Ignored with <see cref="ScalingMode.Jacobian"/>.
    /// A magnitude, not a resolution: an XScaleⱼ far below |x0ⱼ| does not make the fit resolve x in its units. XTol is
    /// relative to ‖D·x‖ (D = diag(1/XScale)), so a step below XTol·|xⱼ| stops the fit; and the probe of a fit that stops
    /// where it started (see <see cref="LeastSquaresResult.Evaluations"/>) steps xⱼ by ε^¼·max(|xⱼ|, XScaleⱼ): r = (cos((x −
    /// 1000)/1e-8), ½sin((x − 1000)/1e-8)) from x0 = 1000 with XScale = [1e-8] is probed 0.122 away, about 3.9e6 periods, and
    /// ends XTol at cost 0.135 there, not at the nearest minima 1.57e-8 from x0 (cost ⅛). Shift such a parameter to start near
    /// 0 (fit x − 1000) to fit it on its own scale.
    /// </summary>
    public double[]? XScale { get; init; }

    /// <summary>
    /// Factor of the initial trust-region radius: StepBound·‖D·x₀‖, or StepBound itself when that is
    /// zero (default 100, MINPACK's recommendation; 0.1 to 100, smaller is more cautious).
    /// </summary>
    public double StepBound { get; init; } = 100.0;

    /// <summary>
    /// Lower bounds on the parameters (n values, −∞ allowed), or null for none. The solution stays inside
    /// the box: the solver works on internal unbounded variables u, with x = u except in a margin next to
    /// each finite bound — half the distance from x0 to it, at least half of max(|x0ⱼ|, 1), at most half
    /// the box — where x = l + w(1 + sin((u − l − w)/w)). A far bound (±1e8, ±1e308, −1e16 one-sided)
    /// therefore leaves the fit exactly as without bounds until the iterate comes near it.
    /// </summary>
    public double[]? LowerBounds { get; init; }

    /// <summary>Upper bounds on the parameters (n values, +∞ allowed), or null for none.</summary>
    public double[]? UpperBounds { get; init; }

    /// <summary>
    /// When true and an analytic Jacobian is given, it is compared with central differences at x0 before
    /// the fit starts (4n extra residual evaluations — central differences at the steps h and 2h — not counted in
    /// <see cref="LeastSquaresResult.Evaluations"/>): an entry whose difference exceeds max(1e-4·s, 4·noise), s = max(|analytic|,
    /// |numeric|, 1e-3·the column's largest magnitude), throws an <see cref="ArgumentException"/> naming the worst entry (row,
    /// column, both values). The noise is the difference quotient's rounding error: the largest disagreement in the column
    /// between the quotients at h and 2h, and at least ε·|rᵢ|/h. A central difference is good to about ε^⅔ ≈ 4e-11 relative only
    /// when the residuals and their intermediate values are of the size of the change a step makes; with large ones
    /// (r = p₀ + p₁·t − y with y ≈ 1.7e9) its error is ε·(their size)/h, which can exceed 1e-4, and the tolerance grows with it, so
    /// an error in the analytic Jacobian smaller than that noise goes undetected.
    /// Default false. Ignored without an analytic Jacobian.
    /// </summary>
    public bool CheckJacobian { get; init; }

    /// <summary>
    /// Checked between residual evaluations — before each trial step and between the columns of a finite-difference
    /// Jacobian, including the <see cref="CheckJacobian"/> comparison and the Jacobian at X (one call of an analytic or
    /// automatic Jacobian runs to its end); when signalled the fit stops with <see cref="LeastSquaresStatus.Cancelled"/>, X the
    /// best point so far, and no covariance. A token signalled before the fit starts: the residuals are evaluated once, at x0
    /// (X and the cost it reports; the residual length of the array overloads), and nothing more. A token signalled after
    /// the last residual call changes nothing.
    /// </summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Receives a <see cref="LeastSquaresProgress"/> (iteration, evaluations, cost and X so far, λ and the trust-region radius)
    /// once per accepted point — the start and each accepted step, after the Jacobian there, and the fit's X — as
    /// <see cref="LeastSquaresProgress"/> details; null (the default) reports nothing and allocates nothing for it.
    /// <see cref="IProgress{T}.Report"/> is called on the fit's thread, between residual evaluations, never concurrently (not
    /// from the parallel passes of <see cref="MaxDegreeOfParallelism"/>), so a synchronous implementation sees the reports in
    /// order, each before the fit goes on. <see cref="Progress{T}"/> instead posts each report to the synchronization context it
    /// was created on (the thread pool when there is none): its handler may run after the fit has returned, and on the thread
    /// pool out of order. An exception thrown by <see cref="IProgress{T}.Report"/> ends the fit and propagates out of it.
    /// </summary>
    public IProgress<LeastSquaresProgress>? Progress { get; init; }

    /// <summary>
    /// How much the trust region grows after a good step (actual over predicted reduction ≥ 0.75, or any
    /// step above 0.25 taken without damping): the radius becomes RadiusIncreaseFactor·‖D·p‖ and the
    /// Levenberg–Marquardt parameter λ is divided by it. Default 2, MINPACK's (Δ = ‖D·p‖/0.5, λ·0.5), with
    /// which the iteration is MINPACK's step for step (a fit that stops where it started then also pays the 2n evaluations of
    /// the stationary-start probe, which MINPACK does not make; see <see cref="LeastSquaresResult.Evaluations"/>). Must be
    /// greater than 1 and finite; larger values recover
    /// faster from an over-cautious radius, at the price of more rejected steps in curved valleys.
    /// </summary>
    public double RadiusIncreaseFactor { get; init; } = 2.0;

    /// <summary>
    /// How much the trust region shrinks after a poor step (actual over predicted reduction ≤ 0.25): the
    /// radius becomes θ·min(Δ, 10·‖D·p‖) and λ is divided by θ, where θ = RadiusDecreaseFactor when the sum
    /// of squares did not rise; when it rose, θ is MINPACK's interpolation RadiusDecreaseFactor·d/(d + ½·actred)
    /// (d the directional derivative), and θ is never below min(0.1, RadiusDecreaseFactor) — exactly that floor
    /// when the residual norm grew tenfold. Default 0.5, MINPACK's. Must lie strictly between 0 and 1; smaller
    /// values retreat faster from a failed step and are slower to stop on a tolerance test after one.
    /// </summary>
    public double RadiusDecreaseFactor { get; init; } = 0.5;

    /// <summary>
    /// The loss applied to each residual (default <see cref="RobustLoss.Linear"/>, ordinary least squares): the fit
    /// minimises ½ Σ C²ρ((rᵢ/C)²) with C = <see cref="LossScale"/>, as SciPy's <c>least_squares(loss=…, f_scale=C)</c>.
    /// A robust loss enters the iteration by Triggs' correction of the residuals and Jacobian rows (as Ceres), so the
    /// solution is the robust cost's minimiser. Under a robust loss <see cref="LeastSquaresResult.Cost"/> is that robust
    /// cost, <see cref="LeastSquaresResult.Residuals"/> and the Jacobian are still the raw r(X) and ∂r/∂x, the tolerance
    /// tests and the check behind the status use the corrected r̃ and J̃ (whose J̃ᵀr̃ is the robust gradient), and the
    /// covariance is σ²(J̃ᵀJ̃)⁻¹ with σ² = Σr̃ᵢ²/(m − n) — the reweighted least-squares estimate, which treats the
    /// weights √ρ' as known. <see cref="RobustLoss.Linear"/> leaves the fit bit for bit as without this option.
    /// <para>
    /// The relative tests — <see cref="FTol"/>'s reductions, <see cref="GTol"/>'s cosines, and the check's — are taken against
    /// ‖ψ‖², ψᵢ = ρ′ᵢ·rᵢ the pull of each residual on the parameters (the robust gradient is Jᵀψ), instead of the robust cost:
    /// a gross outlier adds about 2C|r| to the cost but at most C to ψ, so relative to the cost (as in SciPy's <c>trf</c>) the
    /// tests passed far from the minimiser once the outliers were large (five residuals near 1e8 with Huber at C = 1 stopped an
    /// exponential decay FTol at b = 0.14 for the minimiser's 0.363; SciPy claims ftol there too). Without outliers ψ ≈ r and
    /// nothing changes much; with them the fit goes on to the minimiser, or, where the cost's own rounding hides what is left
    /// (outliers of 1e12), says it could not get there. A residual so large that a parameter's difference step does not change
    /// it in double precision (|r| near 1e12 for parameters near 1) has its pull lost to a difference Jacobian: give an
    /// analytic or automatic one.
    /// </para>
    /// </summary>
    public RobustLoss Loss { get; init; } = RobustLoss.Linear;

    /// <summary>
    /// The loss scale C (SciPy's <c>f_scale</c>, default 1): the residual size up to which a robust
    /// <see cref="Loss"/> behaves like least squares. Set it to the noise level expected of good points. Must be
    /// positive and finite; ignored by <see cref="RobustLoss.Linear"/>.
    /// </summary>
    public double LossScale { get; init; } = 1.0;

    /// <summary>
    /// Geodesic acceleration (Transtrum &amp; Sethna 2012, as GSL's <c>trs_lmaccel</c>; default false): each trial step
    /// is v + ½a, v the Levenberg–Marquardt step and a = −(JᵀJ + λDᵀD)⁻¹Jᵀr_vv the correction for the curvature of the
    /// model along v, r_vv the second directional derivative of the residuals along v (finite differences, one extra
    /// residual evaluation per trial step, counted in <see cref="LeastSquaresResult.Evaluations"/>); the trust region and
    /// the predicted reduction stay those of v. When 2‖Da‖/‖Dv‖ &gt; 0.75 (GSL's limit) the plain step v is tried
    /// instead (GSL rejects the step; see the README), and the radius grows by <see cref="AcceleratedRadiusIncreaseFactor"/>
    /// instead of <see cref="RadiusIncreaseFactor"/>. It pays on fits that follow a long curved valley, a model nearly
    /// flat along a curved combination of parameters — the roulette fit's b_inv form takes 9–25× fewer evaluations —
    /// and on an easy fit spends one extra evaluation per step for little.
    /// </summary>
    public bool GeodesicAcceleration { get; init; }

    /// <summary>
    /// When true (the default) and the Jacobian is by <see cref="JacobianMode.Forward"/> differences, a run that
    /// converges (or stops on a "too small" test, <see cref="LeastSquaresStatus.FTolTooSmall"/> and the like, the tolerances
    /// being 0) goes on from its point with <see cref="JacobianMode.Central"/> differences until it stops so again: forward differences approach, central differences finish. A forward difference is accurate to about
    /// √ε relative, which limits the digits of X on an ill-conditioned fit; the refinement typically costs a few
    /// iterations of 2n + 1 evaluations, and the check's 2n at the point it starts from (all counted in <see cref="LeastSquaresResult.Evaluations"/>;
    /// over the 54 NIST StRD runs about 10 % more than without it). False gives
    /// MINPACK's <c>lmdif</c> alone (central differences then only take over when the check after the stop does
    /// not back it), apart from the stationary-start probe that any fit stopping where it started makes (2n evaluations; see
    /// <see cref="LeastSquaresResult.Evaluations"/>). Ignored with an analytic or automatic Jacobian.
    /// </summary>
    public bool CentralRefinement { get; init; } = true;

    /// <summary>
    /// The <see cref="RadiusIncreaseFactor"/> used instead of it when <see cref="GeodesicAcceleration"/> is on (default
    /// 1.3; ignored without acceleration). Acceleration is for curved valleys, where the largest step the second-order
    /// model holds changes little from one iteration to the next: doubling the radius after every good step overshoots
    /// it, and the failed step that follows cuts the radius to between ½ and 0.1 of that step, so the iteration saw-tooths
    /// (in the spirit of Transtrum &amp; Sethna's "delayed gratification": damping changed gently after an accepted step).
    /// On the roulette fit's b_inv form, with acceleration, 1.3 takes 55–83 % of the evaluations that 2 takes
    /// (bench/RESULTS.md, "Geodesic acceleration"); on the NIST and MGH problems it changed no outcome. The choice is
    /// empirical: on the roulette interior minimum (sample 1) factors from 1.25 to 1.35 took 179–245 evaluations.
    /// Must be greater than 1 and finite.
    /// </summary>
    public double AcceleratedRadiusIncreaseFactor { get; init; } = 1.3;

    /// <summary>
    /// Threads for the model passes of an automatic Jacobian fit of a model in the row form, and for the QR of a tall fit
    /// (default 1: one thread, the calling one; −1: <see cref="Environment.ProcessorCount"/>; otherwise a positive count).
    /// With more than one, a
    /// <see cref="LevenbergMarquardt.Solve(IResidualModel, double[], LevenbergMarquardtOptions?)"/> fit of an
    /// <see cref="IRowResidualModel"/> with <see cref="JacobianMode.Automatic"/> runs each residual pass and each Jacobian pass
    /// over that many contiguous ranges of rows at once (Ceres's <c>num_threads</c>), so
    /// <see cref="IRowResidualModel.EvaluateRows{T}"/> is then called <em>concurrently</em> on disjoint row ranges: the model
    /// must be safe for that — a pure function of the parameters and the row, writing nothing shared. Each row's residual and
    /// partials do not depend on the thread that computed them, so these passes give the one-thread values bit for bit (and
    /// the fit is the one-thread fit bit for bit where the provider's results do not depend on where its buffers lie: BLIS,
    /// the managed provider, OpenBLAS's kernels for Haswell and later. MKL chooses kernels by buffer alignment, so two MKL
    /// fits agree bit for bit only under <c>MKL_CBWR=COMPATIBLE</c>; OpenBLAS 0.3.21 on a CPU it does not recognize falls
    /// back to its Prescott kernels, which do too, and then two runs of the same fit may differ in the last bits).
    /// Other residual forms are evaluated on the calling thread: whole-vector <see cref="IResidualModel"/>s, the delegate and
    /// span overloads, and finite differences.
    /// <para>
    /// A tall fit (m ≥ 10 000 residuals) with an analytic or automatic Jacobian also reduces its Jacobian in each iteration by
    /// a parallel tall-skinny QR (TSQR): each thread reduces a contiguous range of rows to a triangle, and one small QR
    /// combines them. That changes the order of the QR's operations, so such a fit's X, cost and evaluations agree with the
    /// one-thread fit to rounding (the large benchmark fit's cost to ~1e-15 relative) rather than bit for bit, and depend on the
    /// thread count. Below 10 000 residuals the fit is the one-thread fit bit for bit (on the providers named above).
    /// </para>
    /// <para>
    /// This option is the fit's own threads; the BLAS's (<see cref="BlasProvider.Threads"/>) are left as the user set them. The
    /// fit's BLAS work (a pivoted QR of the n×n triangle per iteration) is too small to thread (OpenBLAS and MKL run it on the
    /// calling thread alone), so the two do not oversubscribe the cores: with the BLAS held to one thread around the large benchmark fit, or left on its two
    /// threads, one and two fit threads took the same time on OpenBLAS and MKL (bench/RESULTS.md, "Session 22, s22-hold2").
    /// </para>
    /// <para>
    /// Worth it for many rows (tens of thousands); a pass of a few hundred rows costs less than handing it to another thread
    /// (a model of at most 64 rows runs as one range). With more than one thread each pass allocates the few hundred bytes of
    /// its hand-out to the thread pool (<c>Parallel.For</c>); with one, no pass allocates. Must be −1 or at least 1.
    /// </para>
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>The thread count <see cref="MaxDegreeOfParallelism"/> stands for; throws when it is 0 or below −1.</summary>
    internal int ResolvedDegreeOfParallelism() => MaxDegreeOfParallelism switch
    {
        -1 => Environment.ProcessorCount,
        >= 1 => MaxDegreeOfParallelism,
        _ => throw new ArgumentOutOfRangeException("options", MaxDegreeOfParallelism,
            string.Create(CultureInfo.InvariantCulture, $"MaxDegreeOfParallelism = {MaxDegreeOfParallelism}: it must be −1 (one thread per processor, {Environment.ProcessorCount} here) or a positive thread count.")),
    };

    // The generated ToString writes "LevenbergMarquardtOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}
