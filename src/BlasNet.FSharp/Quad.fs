namespace BlasNet.FSharp

open BlasNet.Quadrature

/// <summary>The outcome of a <c>Quad</c> call as an F# record, so that <c>%A</c> and the FSI echo show its numbers.
/// Match it with <c>Converged</c> / <c>NotConverged</c>. <c>%A</c>, <c>ToString()</c> and the FSI echo print it as the
/// C# <c>QuadResult</c> prints: numbers at round-trip precision in the invariant culture.</summary>
[<StructuredFormatDisplay("{Display}")>]
type Integral =
    {
      /// The estimate (NaN when the integrand returned a non-finite value).
      Value: float
      /// The estimated bound on |exact − Value|; +∞ when no estimate is available.
      AbsoluteError: float
      /// Integrand evaluations.
      Evaluations: int
      /// Subintervals in the final partition.
      Intervals: int
      /// <summary>Why the integration stopped (<c>QuadStatus.Converged</c> when the tolerance was met).</summary>
      Status: QuadStatus
      /// Where the integrand returned NaN or ±∞, if it did.
      FailureX: float option
      /// A human-readable explanation of Status.
      Message: string }

    /// <summary>What <c>%A</c>, <c>ToString()</c> and the FSI echo show:
    /// <c>{ Value = 1.09861228866811, AbsoluteError = 2.4394093160309572E-15, …, Status = Converged, FailureX = None, Message = … }</c>.</summary>
    member this.Display : string =
        ResultText.record
            [ "Value", ResultText.number this.Value
              "AbsoluteError", ResultText.number this.AbsoluteError
              "Evaluations", ResultText.integer this.Evaluations
              "Intervals", ResultText.integer this.Intervals
              "Status", string this.Status
              "FailureX", ResultText.optionNumber this.FailureX
              "Message", this.Message ]

    /// <summary>The same text as <c>%A</c>: see <see cref="P:BlasNet.FSharp.Integral.Display"/>.</summary>
    override this.ToString() = this.Display

/// <summary>The outcome of a <c>Quad.integrateVector</c> call as an F# record: one value and error bound per component.
/// Printed as <see cref="T:BlasNet.FSharp.Integral"/> is, the arrays as <c>[|a; b|]</c>; an array of more than 10 values shows
/// its first 10 and its length (<c>[|v0; …; v9; … (13 values)|]</c>), as the C# records do: read the fields for all of them.
/// <c>Converged</c> / <c>NotConverged</c> do not match it (they take an <c>Integral</c>): test
/// <c>r.Status = QuadStatus.Converged</c> or match <c>{ Status = QuadStatus.Converged; Values = values }</c>.</summary>
[<StructuredFormatDisplay("{Display}")>]
type VectorIntegral =
    {
      /// The estimates of ∫ f_k, one per component (all NaN when the integrand returned a non-finite value).
      Values: float[]
      /// The estimated bounds on |exact_k − Values[k]|; their norm is within the tolerance when Status is Converged.
      AbsoluteErrors: float[]
      /// Points at which the integrand was called (each call gives every component).
      Evaluations: int
      /// Subintervals in the final shared partition.
      Intervals: int
      /// <summary>Why the integration stopped (<c>QuadStatus.Converged</c> when the tolerance was met).</summary>
      Status: QuadStatus
      /// Where a component was NaN or ±∞, if one was.
      FailureX: float option
      /// A human-readable explanation of Status.
      Message: string }

    /// <summary>What <c>%A</c>, <c>ToString()</c> and the FSI echo show, numbers at round-trip precision.</summary>
    member this.Display : string =
        ResultText.record
            [ "Values", ResultText.array this.Values
              "AbsoluteErrors", ResultText.array this.AbsoluteErrors
              "Evaluations", ResultText.integer this.Evaluations
              "Intervals", ResultText.integer this.Intervals
              "Status", string this.Status
              "FailureX", ResultText.optionNumber this.FailureX
              "Message", this.Message ]

    /// <summary>The same text as <c>%A</c>.</summary>
    override this.ToString() = this.Display

/// <summary>Exhaustive matching of an <see cref="T:BlasNet.FSharp.Integral"/> (the result of <c>integrate</c>, <c>pv</c>,
/// <c>integrateWeighted</c> and their <c>…With</c> forms). Opened with the namespace. They do not match a
/// <see cref="T:BlasNet.FSharp.VectorIntegral"/> (error FS0001): test its <c>.Status</c> against <c>QuadStatus.Converged</c>.</summary>
[<AutoOpen>]
module IntegralPatterns =

    /// <summary><c>Converged value</c> when the tolerance was met; otherwise <c>NotConverged (status, message)</c>.
    /// Every status other than <c>QuadStatus.Converged</c> is a failure, including members added to QuadStatus later.</summary>
    let (|Converged|NotConverged|) (integral: Integral) =
        if integral.Status = QuadStatus.Converged then Converged integral.Value
        else NotConverged(integral.Status, integral.Message)

/// <summary>Adaptive quadrature over F# functions: <c>Quad.integrate (fun x -&gt; x * x) 0.0 1.0</c>.
/// Either limit may be infinite. Failures to meet the tolerance are reported in the result, not thrown
/// (unless <c>QuadOptions.ThrowOnFailure</c> is set).</summary>
[<RequireQualifiedAccess>]
module Quad =

    /// The C# result as an F# record.
    let ofResult (result: QuadResult) : Integral =
        Arguments.given (nameof result) result
        { Value = result.Value
          AbsoluteError = result.AbsoluteError
          Evaluations = result.Evaluations
          Intervals = result.Intervals
          Status = result.Status
          FailureX = Option.ofNullable result.FailureX
          Message = result.Message }

    /// <summary>∫_a^b f(x) dx with the given options (tolerances, breakpoints, interval limit):
    /// <c>Quad.integrateWith (QuadOptions(AbsoluteTolerance = 1e-12)) sin -1.0 1.0</c> is <c>Converged 0.0</c>, where
    /// <c>Quad.integrate</c>'s relative tolerance alone cannot be met by a value of 0.</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN or the options are invalid.</exception>
    /// <exception cref="T:BlasNet.Quadrature.QuadratureException">The tolerance was not met and <c>options.ThrowOnFailure</c> is set.</exception>
    /// <exception cref="T:System.ArgumentNullException">f is null.</exception>
    let integrateWith (options: QuadOptions) (f: float -> float) (a: float) (b: float) : Integral =
        Arguments.given (nameof f) f
        BlasNet.Quadrature.Quad.Integrate(System.Func<float, float> f, a, b, options) |> ofResult

    /// <summary>∫_a^b f(x) dx to a relative tolerance of 1e-10 (absolute tolerance 0, <c>QuadOptions.Default</c>).
    /// A value at or near 0 cannot meet a relative tolerance: <c>Quad.integrate sin -1.0 1.0</c> gives Value 0 and
    /// Status RoundoffDetected (NotConverged). For such integrals use the <c>…With</c> form with an absolute tolerance:
    /// <c>Quad.integrateWith (QuadOptions(AbsoluteTolerance = 1e-12)) sin -1.0 1.0</c> (<c>open BlasNet.Quadrature</c>).</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN.</exception>
    /// <exception cref="T:System.ArgumentNullException">f is null.</exception>
    let integrate (f: float -> float) (a: float) (b: float) : Integral = integrateWith QuadOptions.Default f a b

    /// <summary>The Cauchy principal value PV ∫_a^b f(x)/(x − c) dx, with the given options; f is the smooth factor.</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN, c is not finite or equals a limit, or the options are invalid.</exception>
    /// <exception cref="T:BlasNet.Quadrature.QuadratureException">The tolerance was not met and <c>options.ThrowOnFailure</c> is set.</exception>
    /// <exception cref="T:System.ArgumentNullException">f is null.</exception>
    let pvWith (options: QuadOptions) (f: float -> float) (a: float) (b: float) (c: float) : Integral =
        Arguments.given (nameof f) f
        BlasNet.Quadrature.Quad.CauchyPrincipalValue(System.Func<float, float> f, a, b, c, options) |> ofResult

    /// <summary>The Cauchy principal value PV ∫_a^b f(x)/(x − c) dx; f is the smooth factor. Relative tolerance 1e-10,
    /// absolute tolerance 0: a value at or near 0 cannot meet it (Status NotConverged); use
    /// <c>Quad.pvWith (QuadOptions(AbsoluteTolerance = 1e-12))</c> for such integrals.</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN, or c is not finite or equals a limit.</exception>
    /// <exception cref="T:System.ArgumentNullException">f is null.</exception>
    let pv (f: float -> float) (a: float) (b: float) (c: float) : Integral = pvWith QuadOptions.Default f a b c

    /// <summary>∫_a^b w(x) f(x) dx with the given options, the weight w handled analytically by the rule:
    /// <c>Weight.Algebraic</c>, <c>Weight.AlgebraicLog</c> (QAWS), <c>Weight.Cos</c>, <c>Weight.Sin</c> (QAWO; QAWF when a
    /// limit is infinite), <c>Weight.Cauchy</c> (the principal value).</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN, the limits do not suit the weight, or the options are invalid.</exception>
    /// <exception cref="T:BlasNet.Quadrature.QuadratureException">The tolerance was not met and <c>options.ThrowOnFailure</c> is set.</exception>
    /// <exception cref="T:System.ArgumentNullException">f is null.</exception>
    let integrateWeightedWith (options: QuadOptions) (weight: Weight) (f: float -> float) (a: float) (b: float) : Integral =
        Arguments.given (nameof f) f
        BlasNet.Quadrature.Quad.Integrate(System.Func<float, float> f, a, b, weight, options) |> ofResult

    /// <summary>∫_a^b w(x) f(x) dx to a relative tolerance of 1e-10 (absolute tolerance 0), the weight w handled analytically:
    /// <c>Quad.integrateWeighted (Weight.Sin 200.0) log 0.0 1.0</c> (<c>Weight</c> needs <c>open BlasNet.Quadrature</c>).
    /// A value at or near 0 cannot meet a relative tolerance (Status NotConverged); use
    /// <c>Quad.integrateWeightedWith (QuadOptions(AbsoluteTolerance = 1e-12))</c> for such integrals.</summary>
    /// <exception cref="T:System.ArgumentException">A limit is NaN or the limits do not suit the weight.</exception>
    /// <exception cref="T:System.ArgumentNullException">f is null.</exception>
    let integrateWeighted (weight: Weight) (f: float -> float) (a: float) (b: float) : Integral =
        integrateWeightedWith QuadOptions.Default weight f a b

    /// The C# vector result as an F# record.
    let ofVectorResult (result: QuadVectorResult) : VectorIntegral =
        Arguments.given (nameof result) result
        { Values = Seq.toArray result.Values
          AbsoluteErrors = Seq.toArray result.AbsoluteErrors
          Evaluations = result.Evaluations
          Intervals = result.Intervals
          Status = result.Status
          FailureX = Option.ofNullable result.FailureX
          Message = result.Message }

    /// <summary>∫_a^b f(x) dx for a vector-valued f returning <c>length</c> components, on one shared adaptive
    /// subdivision, with the given options (tolerances, breakpoints, <c>ErrorNorm</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException"><c>length</c> is less than 1 or above <c>Array.MaxLength / 21</c>.</exception>
    /// <exception cref="T:System.ArgumentNullException">f is null or returns null (ParamName "f").</exception>
    /// <exception cref="T:System.ArgumentException">A limit is NaN, the options are invalid, or f returns an array
    /// whose length is not <c>length</c>.</exception>
    /// <exception cref="T:BlasNet.Quadrature.QuadVectorException">The tolerance was not met and <c>options.ThrowOnFailure</c> is set.</exception>
    let integrateVectorWith (options: QuadOptions) (length: int) (f: float -> float[]) (a: float) (b: float) : VectorIntegral =
        Arguments.given (nameof f) f
        let integrand =
            VectorIntegrand(fun x values ->
                let fx = f x
                // x as ResultText writes it (invariant, round-trip): an interpolated {x} follows the current culture ("0,5").
                if obj.ReferenceEquals(fx, null) then
                    raise (System.ArgumentNullException(nameof f, $"f returned null at x = {ResultText.number x}; it must return an array of length = {length}."))
                if fx.Length <> length then
                    invalidArg (nameof f) $"f returned {fx.Length} values at x = {ResultText.number x}; expected length = {length}."
                System.ReadOnlySpan<float>(fx).CopyTo values)
        BlasNet.Quadrature.Quad.IntegrateVector(integrand, length, a, b, options) |> ofVectorResult

    /// <summary>∫_a^b f(x) dx for a vector-valued f returning <c>length</c> components, on one shared adaptive
    /// subdivision: <c>Quad.integrateVector 3 (fun x -&gt; [| 1.0; x; x * x |]) 0.0 1.0</c>. The tolerance (relative
    /// 1e-10, absolute 0) applies to the max-norm of the vector, so a vector whose components are all at or near 0 cannot
    /// meet it (Status NotConverged); use <c>Quad.integrateVectorWith (QuadOptions(AbsoluteTolerance = 1e-12))</c> for it.
    /// Match the result on <c>.Status</c> (<c>Converged</c> / <c>NotConverged</c> match only an <c>Integral</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException"><c>length</c> is less than 1 or above <c>Array.MaxLength / 21</c>.</exception>
    /// <exception cref="T:System.ArgumentNullException">f is null or returns null (ParamName "f").</exception>
    /// <exception cref="T:System.ArgumentException">A limit is NaN, or f returns an array whose length is not <c>length</c>.</exception>
    let integrateVector (length: int) (f: float -> float[]) (a: float) (b: float) : VectorIntegral =
        integrateVectorWith QuadOptions.Default length f a b
