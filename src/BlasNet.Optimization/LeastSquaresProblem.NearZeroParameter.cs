namespace BlasNet.Optimization;

internal sealed partial class LeastSquaresProblem
{
    /// <summary>
    /// Whether a central difference at the relative step <paramref name="h"/> may be rounding rather than a derivative, so that
    /// it is checked against SciPy's larger step a = <paramref name="absolute"/> and a/2 (<see cref="KeepRowsWhereLargeStepsAgree"/>,
    /// which keeps it unless both larger steps agree and it departs from them by more than their error estimate): when it moves r
    /// by less than √ε·max|rᵢ| (<see cref="MovesBelowResidualRounding"/>), or when the parameter is within √ε of 0 on SciPy's unit
    /// scale (|xⱼ| &lt; √ε·max(|xⱼ|, 1)). The first test judges rounding by r's own size, but rᵢ = modelᵢ − yᵢ is rounded at the
    /// model's size, which nothing in r shows when the fit has reached zero residuals: y = a·t + b fitted to data made with
    /// b = 0 ends with b ≈ 1e-11 and r ≈ 1e-11, the relative step ε^⅓·|b| ≈ 6e-17 is a tenth of an ulp of a·t ≈ 7.5, and
    /// b's column came out as 0, 0.75, 1.5, 3.0 and 6.2 where every entry is 1. The check's Gauss–Newton step on that column
    /// refused the stop, and 172 of 252 zero-residual fits of seven models with a true parameter 0 ended Stalled at the default
    /// tolerances with X within 3e-11 of the minimiser (ZeroResidualTests). A parameter that varies on a scale below a keeps
    /// its step (the larger steps disagree); an exact 0 already takes the step a (<see cref="StepSize"/>).
    /// </summary>
    private static bool MayBeLostInRounding(ReadOnlySpan<double> column, double h, double absolute, double residualScale)
        => h < SqrtEpsilon * absolute || MovesBelowResidualRounding(column, h, residualScale);
}
