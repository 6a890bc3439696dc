using System.Globalization;

namespace BlasNet.Neural;

public sealed partial class Sgd<T>
{
    /// <summary>
    /// The optimizer's settings and how many parameters it steps: <c>Sgd over 4 parameters, SgdOptions { LearningRate = 0.1, … }</c>
    /// (the settings as <see cref="SgdOptions"/> prints them, numbers invariant).
    /// </summary>
    /// <remarks>The default text was the generic type name, all that F#'s <c>%A</c> and the FSI echo showed of an <c>sgd</c>.</remarks>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Sgd over {Parameters.Count} parameters, {Options}");
}
