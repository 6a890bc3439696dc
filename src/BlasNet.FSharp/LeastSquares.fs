namespace BlasNet.FSharp

open BlasNet.Optimization

/// <summary>What <c>%A</c> shows of a <see cref="T:BlasNet.FSharp.Fit"/>: the answer first, then how it was reached.
/// Printed as the C# <c>LeastSquaresResult</c> is: numbers at round-trip precision in the invariant culture.</summary>
[<StructuredFormatDisplay("{Display}")>]
type FitSummary =
    {
      /// The parameters found.
      X: float[]
      /// One standard error per parameter (+∞ for a parameter the data do not determine); None when m = n (no degrees of
      /// freedom) or when the Jacobian at X was not formed or not finite (a cancelled fit: Raw.HasCovariance is false).
      StandardErrors: float[] option
      /// ½‖r(X)‖², or under a robust loss the robust cost the fit minimised.
      Cost: float
      /// Why the solver stopped.
      Status: LeastSquaresStatus
      /// A human-readable explanation of Status.
      Message: string
      /// Outer iterations taken.
      Iterations: int
      /// Residual evaluations spent by the fit (not counting the final Jacobian's: see LeastSquaresResult.Evaluations).
      Evaluations: int }

    /// <summary>What <c>%A</c>, <c>ToString()</c> and the FSI echo show:
    /// <c>{ X = [|1.0899999999999999; 1.9400000000000002|], StandardErrors = Some [|…|], Cost = 0.040999999999999974, Status = XTol, … }</c>.</summary>
    member this.Display : string =
        ResultText.record
            [ "X", ResultText.array this.X
              "StandardErrors", ResultText.optionArray this.StandardErrors
              "Cost", ResultText.number this.Cost
              "Status", string this.Status
              "Iterations", ResultText.integer this.Iterations
              "Evaluations", ResultText.integer this.Evaluations
              "Message", this.Message ]

    /// <summary>The same text as <c>%A</c>.</summary>
    override this.ToString() = this.Display

/// <summary>A least-squares fit as an F# record. <c>%A</c>, <c>ToString()</c> and the FSI echo show the parameters,
/// standard errors, cost and status as values; <c>Covariance</c> is a field as <c>X</c> is, and the rest of the C# result
/// (residuals, Jacobian, rank) is in <c>Raw</c>.
/// Match it with <c>Succeeded</c> / <c>Failed</c>. Its <c>=</c> is not useful: Raw, a C# class, compares by reference, so
/// two fits with the same numbers are unequal; compare <c>.Summary</c> (a record of the numbers, structural equality) instead.</summary>
[<StructuredFormatDisplay("{Display}")>]
type Fit =
    {
      /// The parameters found (a copy of Raw.X taken once).
      X: float[]
      /// One standard error per parameter (+∞ for a parameter the data do not determine); None when m = n (no degrees of
      /// freedom) or when the Jacobian at X was not formed or not finite (a cancelled fit: Raw.HasCovariance is false).
      StandardErrors: float[] option
      /// <summary>The n×n covariance of the parameters, σ²·(JᵀJ)⁻¹ with σ² = 2·Cost/(m − n) (under a robust loss, of the
      /// reweighted problem: see <c>LeastSquaresResult.CopyCovariance</c>), a copy taken once; None exactly when
      /// StandardErrors is (m = n, or no finite Jacobian at X). A rank-deficient fit holds +∞ on the diagonal of an
      /// undetermined parameter and NaN elsewhere in its row and column. <c>%A</c> leaves it out, as it leaves out Raw.</summary>
      Covariance: float[,] option
      /// ½‖r(X)‖², the cost at X; under a robust loss (LevenbergMarquardtOptions.Loss) the robust cost the fit minimised, as SciPy reports it.
      Cost: float
      /// Why the solver stopped.
      Status: LeastSquaresStatus
      /// A human-readable explanation of Status.
      Message: string
      /// Outer iterations taken.
      Iterations: int
      /// Residual evaluations spent by the fit (MINPACK's nfev), including those of finite-difference Jacobians during the
      /// iteration; not counted are the Jacobian at the final X (2n calls by central differences, more for parameters near 0
      /// or a bound) and the CheckJacobian comparison: see LeastSquaresResult.Evaluations.
      Evaluations: int
      /// The C# result, for everything else.
      Raw: LeastSquaresResult }

    /// <summary>What <c>%A</c> shows: everything but Raw, whose Jacobian and residuals would drown the answer.</summary>
    member this.Summary : FitSummary =
        { X = this.X
          StandardErrors = this.StandardErrors
          Cost = this.Cost
          Status = this.Status
          Message = this.Message
          Iterations = this.Iterations
          Evaluations = this.Evaluations }

    /// <summary>What <c>%A</c>, <c>ToString()</c> and the FSI echo show: the summary, numbers at round-trip precision
    /// in the invariant culture (<see cref="P:BlasNet.FSharp.FitSummary.Display"/>).</summary>
    member this.Display : string = this.Summary.Display

    /// <summary>The same text as <c>%A</c>.</summary>
    override this.ToString() = this.Display

/// <summary>Exhaustive matching of a <see cref="T:BlasNet.FSharp.Fit"/> (<c>LeastSquares.fit</c> and its variants). Opened
/// with the namespace. They do not match a <see cref="T:BlasNet.FSharp.CurveFitted"/> (error FS0001): test its
/// <c>.Succeeded</c> field (or <c>.Status</c>).</summary>
[<AutoOpen>]
module FitPatterns =

    /// <summary><c>Succeeded x</c> when a convergence test was met (<c>LeastSquaresResult.Succeeded</c>); otherwise
    /// <c>Failed (status, message)</c>, whatever the status, including members added to LeastSquaresStatus later.</summary>
    let (|Succeeded|Failed|) (fit: Fit) =
        if fit.Raw.Succeeded then Succeeded fit.X else Failed(fit.Status, fit.Message)

/// <summary>Levenberg–Marquardt over F# functions: <c>LeastSquares.fit residuals x0</c> with <c>residuals : float[] -&gt; float[]</c>.</summary>
[<RequireQualifiedAccess>]
module LeastSquares =

    /// The C# result as an F# record.
    let ofResult (result: LeastSquaresResult) : Fit =
        Arguments.given (nameof result) result
        // F# arrays, copied once here from the result's read-only views.
        { X = Seq.toArray result.X
          StandardErrors = result.StandardErrors |> Option.ofObj |> Option.map Seq.toArray
          Covariance = result.CopyCovariance() |> Option.ofObj |> Option.map (fun c -> c.ToArray2D())
          Cost = result.Cost
          Status = result.Status
          Message = result.Message
          Iterations = result.Iterations
          Evaluations = result.Evaluations
          Raw = result }

    /// <summary>Minimises ½‖residuals(x)‖² from x0 with the given options (tolerances, bounds, Jacobian mode).</summary>
    /// <exception cref="T:System.ArgumentNullException">residuals or x0 is null, or the residual function returns null.</exception>
    /// <exception cref="T:System.ArgumentException">x0 is empty or has a NaN or ±∞; the residual function returns fewer values
    /// than x0 has (m &lt; n) or changes its length between calls; the residuals are not finite at x0; or the options or bounds are invalid.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A tolerance or option is out of range, or x0 lies outside the bounds.</exception>
    let fitWith (options: LevenbergMarquardtOptions) (residuals: float[] -> float[]) (x0: float[]) : Fit =
        Arguments.given (nameof residuals) residuals
        LevenbergMarquardt.Solve(System.Func<float[], float[]> residuals, x0, options) |> ofResult

    /// <summary>Minimises ½‖residuals(x)‖² from x0 with the default tolerances (1e-8) and a forward-difference Jacobian.</summary>
    /// <exception cref="T:System.ArgumentNullException">residuals or x0 is null, or the residual function returns null.</exception>
    /// <exception cref="T:System.ArgumentException">x0 is empty or has a NaN or ±∞; the residual function returns fewer values
    /// than x0 has (m &lt; n) or changes its length between calls; the residuals are not finite at x0.</exception>
    let fit (residuals: float[] -> float[]) (x0: float[]) : Fit =
        Arguments.given (nameof residuals) residuals
        LevenbergMarquardt.Solve(System.Func<float[], float[]> residuals, x0) |> ofResult

    /// <summary>Minimises ½‖residuals(p)‖² from x0 with an exact Jacobian by automatic differentiation: write
    /// <c>residuals : Dual[] -&gt; Dual[]</c> with the ordinary F# functions (<c>exp</c>, <c>log</c>, <c>sqrt</c>, <c>**</c>, …),
    /// once. Options as <see cref="M:BlasNet.FSharp.LeastSquares.fitWith"/> (the Jacobian mode is ignored). Constants next to
    /// a Dual (<c>max p.[0] (Dual 0.0)</c>, <c>atan2 p.[0] (Dual 1.0)</c>, <c>p.[0] &gt; Dual 0.0</c>) are best written
    /// <c>Dual c</c>: a float literal there compiles only through an implicit conversion, warning FS3391 (an error under
    /// warnings-as-errors). <c>Dual</c> needs <c>open BlasNet.Optimization</c>.</summary>
    /// <exception cref="T:System.ArgumentNullException">residuals or x0 is null, or the residual function returns null.</exception>
    /// <exception cref="T:System.ArgumentException">x0 is empty or has a NaN or ±∞; the residual function returns fewer values
    /// than x0 has (m &lt; n) or changes its length between calls; the residuals are not finite at x0; or the options or bounds are invalid.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A tolerance or option is out of range, or x0 lies outside the bounds.</exception>
    let fitDualWith (options: LevenbergMarquardtOptions) (residuals: Dual[] -> Dual[]) (x0: float[]) : Fit =
        Arguments.given (nameof residuals) residuals
        LevenbergMarquardt.Solve(System.Func<Dual[], Dual[]> residuals, x0, options) |> ofResult

    /// <summary>Minimises ½‖residuals(p)‖² from x0 with the default tolerances and an exact Jacobian by automatic
    /// differentiation: <c>LeastSquares.fitDual (fun p -&gt; [| for t, y in data -&gt; p.[0] * exp (-p.[1] * t) - y |]) x0</c>.
    /// Write constants that meet a Dual in <c>max</c>, <c>min</c>, <c>atan2</c> or a comparison as <c>Dual 0.0</c>, not
    /// <c>0.0</c> (which compiles with warning FS3391, an implicit conversion).</summary>
    /// <exception cref="T:System.ArgumentNullException">residuals or x0 is null, or the residual function returns null.</exception>
    /// <exception cref="T:System.ArgumentException">x0 is empty or has a NaN or ±∞; the residual function returns fewer values
    /// than x0 has (m &lt; n) or changes its length between calls; the residuals are not finite at x0.</exception>
    let fitDual (residuals: Dual[] -> Dual[]) (x0: float[]) : Fit =
        Arguments.given (nameof residuals) residuals
        LevenbergMarquardt.Solve(System.Func<Dual[], Dual[]> residuals, x0) |> ofResult
