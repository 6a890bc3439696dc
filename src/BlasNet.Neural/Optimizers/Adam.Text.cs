using System.Globalization;

namespace BlasNet.Neural;

public sealed partial class Adam<T>
{
    /// <summary>
    /// The optimizer's settings and how many parameters it steps: <c>Adam over 4 parameters, AdamOptions { LearningRate = 0.01, … }</c>
    /// (the settings as <see cref="AdamOptions"/> prints them, numbers invariant).
    /// </summary>
    /// <remarks>The default text was the generic type name, all that F#'s <c>%A</c> and the FSI echo showed of an <c>adam</c>.</remarks>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Adam over {Parameters.Count} parameters, {Options}");
}
