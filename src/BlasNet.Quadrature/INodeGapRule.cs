namespace BlasNet.Quadrature;

/// <summary>
/// A rule that can say what f was at the centre of the interval it last integrated and how much mass a jump just beyond its
/// outermost nodes could hide there (<see cref="EndGap"/>): what <see cref="KnownEndValues"/> needs from QAGS's, QAWC's and
/// QAWO's rules alike.
/// </summary>
internal interface INodeGapRule
{
    /// <summary>f at the centre of the interval of the last application, or NaN where the rule did not sample it.</summary>
    double LastCentreValue { get; }

    /// <summary>The mass f may hide between an end of the last interval (<paramref name="upper"/>: its upper end) and the
    /// rule's outermost node there, given f's value <paramref name="known"/> at that end; 0 where the rule cannot tell.</summary>
    double HiddenBeyondNodes(bool upper, double known);
}
