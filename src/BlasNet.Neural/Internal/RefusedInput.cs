namespace BlasNet.Neural;

/// <summary>
/// A chain's re-thrown refusal of a layer's input. A layer deep in a chain says "x is 8×64 but the layer takes 128
/// inputs" about an x the caller never passed; the chain names where it happened, in one wording for the float
/// <see cref="Sequential{T}"/> and the <see cref="MixedPrecisionModel"/>, so the same bad input reads the same in both.
/// </summary>
internal static class RefusedInput
{
    /// <summary>"<paramref name="where"/> refused its input: " and the layer's message, with its parameter name and as its inner exception.</summary>
    public static ArgumentException At(string where, ArgumentException e) =>
        new($"{where} refused its input: {WithoutParameterSuffix(e)}", e.ParamName, e);

    /// <summary>The message without the " (Parameter 'x')" that the wrapping exception appends again.</summary>
    private static string WithoutParameterSuffix(ArgumentException e)
    {
        string suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }
}
