namespace BlasNet.FSharp

open BlasNet.Optimization

/// <summary>What <c>%A</c> shows of a <see cref="T:BlasNet.FSharp.CurveFitted"/>: the answer first, then how it was reached.
/// Printed as the C# <c>CurveFitResult</c> is: numbers at round-trip precision in the invariant culture.</summary>
[<StructuredFormatDisplay("{Display}")>]
type CurveFitSummary =
    {
      /// All parameters, the fixed ones included.
      X: float[]
      /// One standard error per parameter (0 for fixed ones, +∞ for undetermined ones).
      StandardErrors: float[]
      /// Σ((model − y)/σ)² / (m − n_free); under a robust loss, of the reweighted residuals √ρ'·r (CurveFitResult.ReducedChiSquare).
      ReducedChiSquare: float
      /// m − n_free.
      DegreesOfFreedom: int
      /// Why the solver stopped.
      Status: LeastSquaresStatus
      /// A human-readable explanation of Status.
      Message: string }

    /// <summary>What <c>%A</c>, <c>ToString()</c> and the FSI echo show, numbers at round-trip precision.</summary>
    member this.Display : string = ResultText.record (this.Fields None)

    /// The printed fields, with a fit's covariance shape before Status when given (CurveFitted prints the same list).
    member internal this.Fields (covarianceShape: string option) =
        [ "X", ResultText.array this.X
          "StandardErrors", ResultText.array this.StandardErrors
          "ReducedChiSquare", ResultText.number this.ReducedChiSquare
          "DegreesOfFreedom", ResultText.integer this.DegreesOfFreedom
          match covarianceShape with
          | Some shape -> "Covariance", shape
          | None -> ()
          "Status", string this.Status
          "Message", this.Message ]

    /// <summary>The same text as <c>%A</c>.</summary>
    override this.ToString() = this.Display

/// <summary>A curve fit as an F# record (<c>CurveFit.fit</c>). <c>%A</c> and the FSI echo show the parameters, standard
/// errors and status; the intervals come from <c>CurveFit.confidenceIntervals</c>, <c>CurveFit.confidenceBand</c> and
/// <c>CurveFit.predictionBand</c>; the C# result is in <c>Raw</c>. <c>Succeeded</c> / <c>Failed</c> do not match it (they
/// take a <c>Fit</c>): test its <c>Succeeded</c> field. Its <c>=</c> is not useful: Raw, a C# class, compares by
/// reference, so two fits with the same numbers are unequal; compare <c>.Summary</c> (structural equality) instead.</summary>
[<StructuredFormatDisplay("{Display}")>]
type CurveFitted =
    {
      /// All parameters, the fixed ones at their p0 value (a copy of Raw.X taken once).
      X: float[]
      /// One standard error per parameter (0 for fixed ones, +∞ for undetermined ones).
      StandardErrors: float[]
      /// The n×n covariance, zero rows and columns for fixed parameters (a copy taken once).
      Covariance: float[,]
      /// Σ((model − y)/σ)² / (m − n_free), NaN without degrees of freedom; under a robust loss, of the reweighted residuals √ρ'·r (CurveFitResult.ReducedChiSquare).
      ReducedChiSquare: float
      /// m − n_free, the degrees of freedom of the t quantiles.
      DegreesOfFreedom: int
      /// Whether the fit converged; the interval functions throw when it did not.
      Succeeded: bool
      /// Why the solver stopped.
      Status: LeastSquaresStatus
      /// A human-readable explanation of Status.
      Message: string
      /// The C# result, for everything else.
      Raw: CurveFitResult }

    /// <summary>Everything but Raw and the covariance: a record with structural equality (compare fits through it).</summary>
    member this.Summary : CurveFitSummary =
        { X = this.X
          StandardErrors = this.StandardErrors
          ReducedChiSquare = this.ReducedChiSquare
          DegreesOfFreedom = this.DegreesOfFreedom
          Status = this.Status
          Message = this.Message }

    /// <summary>What <c>%A</c>, <c>ToString()</c> and the FSI echo show: the summary and the covariance by its shape,
    /// numbers at round-trip precision in the invariant culture, as the C# <c>CurveFitResult</c> prints.</summary>
    member this.Display : string = ResultText.record (this.Summary.Fields(Some(ResultText.shape this.Covariance)))

    /// <summary>The same text as <c>%A</c>.</summary>
    override this.ToString() = this.Display

/// <summary>Curve fitting as SciPy's <c>curve_fit</c> over F# functions: <c>CurveFit.fit (fun x p -&gt; p.[0] * exp (-p.[1] * x)) xs ys p0</c>,
/// then <c>CurveFit.confidenceIntervals 0.95 fit</c> or <c>CurveFit.confidenceBand 0.95 x fit</c>, pipeline-ready.</summary>
[<RequireQualifiedAccess>]
module CurveFit =

    /// The C# result as an F# record.
    let ofResult (result: CurveFitResult) : CurveFitted =
        Arguments.given (nameof result) result
        { X = Seq.toArray result.X
          StandardErrors = Seq.toArray result.StandardErrors
          Covariance = Array2D.init result.X.Count result.X.Count (fun i j -> result.Covariance.[i].[j])
          ReducedChiSquare = result.ReducedChiSquare
          DegreesOfFreedom = result.DegreesOfFreedom
          Succeeded = result.Succeeded
          Status = result.LeastSquares.Status
          Message = result.LeastSquares.Message
          Raw = result }

    /// The points' checks, made here because the C# CurveFit.Fit names its arrays x and y: an exception from it would
    /// name parameters this function does not have (ParamName "x" for xs). Same checks and order, with the F# names.
    let private checkPoints (options: CurveFitOptions) (xs: float[]) (ys: float[]) (p0: float[]) =
        Arguments.given (nameof xs) xs
        Arguments.given (nameof ys) ys
        let m = xs.Length
        if ys.Length <> m then
            invalidArg (nameof ys) $"xs has {ResultText.integer m} values but ys has {ResultText.integer ys.Length}; they must have the same length."
        if m = 0 then invalidArg (nameof xs) "xs and ys are empty; there must be at least one point."
        let requireFinite (name: string) (values: float[]) =
            values |> Array.iteri (fun i v ->
                if not (System.Double.IsFinite v) then invalidArg name $"{name}[{ResultText.integer i}] = {ResultText.number v} is not finite.")
        requireFinite (nameof xs) xs
        requireFinite (nameof ys) ys
        // Fewer points than free parameters; a Fixed of the wrong length, or all true, is the C# check's (it names options).
        if not (isNull (box p0)) then
            let free =
                match (if isNull (box options) then null else options.Fixed) with
                | null -> p0.Length
                | isFixed when isFixed.Length = p0.Length -> isFixed |> Array.filter not |> Array.length
                | _ -> 0
            if m < free then
                invalidArg (nameof xs) $"There are m = {ResultText.integer m} points (xs) but n_free = {ResultText.integer free} free parameters; a fit needs at least as many points as free parameters."

    /// <summary>Fits <c>model x p</c> to the points (xs, ys) from p0 with the given options (Sigma, AbsoluteSigma, Fixed,
    /// tolerances, bounds, a robust Loss and LossScale): <c>CurveFit.fitWith (CurveFitOptions(Sigma = s, AbsoluteSigma = true)) model xs ys p0</c>.</summary>
    /// <exception cref="T:System.ArgumentException">xs and ys differ in length or are empty, fewer points than free parameters,
    /// a value is not finite (the message names xs, ys or p0 and the index), or the options are invalid (see <c>BlasNet.Optimization.CurveFit.Fit</c>).</exception>
    /// <exception cref="T:System.ArgumentNullException">model, xs, ys or p0 is null.</exception>
    let fitWith (options: CurveFitOptions) (model: float -> float[] -> float) (xs: float[]) (ys: float[]) (p0: float[]) : CurveFitted =
        Arguments.given (nameof model) model
        checkPoints options xs ys p0
        CurveFit.Fit(System.Func<float, float[], float>(fun x p -> model x p), xs, ys, p0, options) |> ofResult

    /// <summary>Fits <c>model x p</c> to the points (xs, ys) from p0, unweighted, tolerances 1e-8, central differences.</summary>
    /// <exception cref="T:System.ArgumentException">xs and ys differ in length or are empty, fewer points than parameters, or
    /// a value is not finite (the message names xs, ys or p0 and the index).</exception>
    /// <exception cref="T:System.ArgumentNullException">model, xs, ys or p0 is null.</exception>
    let fit (model: float -> float[] -> float) (xs: float[]) (ys: float[]) (p0: float[]) : CurveFitted =
        fitWith (CurveFitOptions()) model xs ys p0

    /// <summary>Two-sided Student-t confidence intervals of all parameters at the level (0.95 for 95 %).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">level not in (0, 1).</exception>
    /// <exception cref="T:System.InvalidOperationException">The fit did not succeed.</exception>
    /// <exception cref="T:System.ArgumentNullException">fit is null.</exception>
    let confidenceIntervals (level: float) (fit: CurveFitted) : Interval[] =
        Arguments.given (nameof fit) fit
        fit.Raw.ConfidenceIntervals level

    /// <summary>Where the true curve lies at x, at the level (delta method).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">level not in (0, 1); x not finite; or the model, or its differences in the parameters, not finite at x.</exception>
    /// <exception cref="T:System.InvalidOperationException">The fit did not succeed.</exception>
    /// <exception cref="T:System.ArgumentNullException">fit is null.</exception>
    let confidenceBand (level: float) (x: float) (fit: CurveFitted) : Interval =
        Arguments.given (nameof fit) fit
        fit.Raw.ConfidenceBand(x, level)

    /// <summary>Where a new observation at x falls, at the level, for an unweighted fit (or σ = 1).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">level not in (0, 1); x not finite; or the model, or its differences in the parameters, not finite at x.</exception>
    /// <exception cref="T:System.InvalidOperationException">The fit did not succeed, or it was weighted (use <c>predictionBandWithSigma</c>).</exception>
    /// <exception cref="T:System.ArgumentNullException">fit is null.</exception>
    let predictionBand (level: float) (x: float) (fit: CurveFitted) : Interval =
        Arguments.given (nameof fit) fit
        fit.Raw.PredictionBand(x, level)

    /// <summary>Where a new observation at x with standard deviation sigma falls, at the level (weighted fits). sigma is in the
    /// units of <c>CurveFitOptions.Sigma</c>: scaled by the reduced chi-square as the fit's are unless <c>AbsoluteSigma</c> is set
    /// (f(x, X) ± t·√(gᵀCg + s²σ²), s² = ReducedChiSquare, or 1 with AbsoluteSigma).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">level not in (0, 1), x not finite, sigma not positive and finite, or the model, or its differences in the parameters, not finite at x.</exception>
    /// <exception cref="T:System.InvalidOperationException">The fit did not succeed.</exception>
    /// <exception cref="T:System.ArgumentNullException">fit is null.</exception>
    let predictionBandWithSigma (sigma: float) (level: float) (x: float) (fit: CurveFitted) : Interval =
        Arguments.given (nameof fit) fit
        fit.Raw.PredictionBand(x, level, sigma)
