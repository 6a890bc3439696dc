using System.Globalization;

namespace BlasNet.Neural;

public partial class Trainer<TTarget>
{
    /// <summary>
    /// What the trainer runs: <c>Trainer { Precision = Mixed, Model = Sequential [Dense 'dense', Relu] (6 trainable),
    /// Optimizer = Adam over 2 parameters, AdamOptions { … }, Loss = SoftmaxCrossEntropy, MaxGradNorm = 0, Scaler = GradScaler { Scale = 65536, … } }</c>.
    /// A layer or optimizer of the user's that does not print itself is named by its type.
    /// </summary>
    /// <remarks>The default text was the generic type name (<c>BlasNet.Neural.Trainer`1[BlasNet.Matrix`1[System.Single]]</c>),
    /// all that F#'s <c>%A</c> and the FSI echo showed of a <c>trainer</c>.</remarks>
    public override string ToString()
    {
        string model = Model is Sequential<float> ? Model.ToString()! : LayerLabels.Describe(Model);
        string optimizer = Optimizer is Adam<float> or Sgd<float> ? Optimizer.ToString()! : LayerLabels.Kind(Optimizer);
        return string.Create(CultureInfo.InvariantCulture,
            $"Trainer {{ Precision = {Options.Precision}, Model = {model}, Optimizer = {optimizer}, Loss = {LayerLabels.Kind(loss)}, MaxGradNorm = {BlasNet.Text.ResultText.Number(Options.MaxGradNorm)}, Scaler = {Scaler} }}");
    }
}
