namespace BlasNet.Providers;

/// <summary>
/// How a float32 GEMM operand is stored. The widening packers (<see cref="GemmWideningPacking"/>)
/// convert it while they copy it into the float32 panels the micro-kernel streams, so a Half operand
/// costs no separate conversion pass and no float32 copy of its own.
/// </summary>
internal enum GemmSourceKind
{
    /// <summary>float32 values, used as they are.</summary>
    Single,

    /// <summary><see cref="System.Half"/> values, widened exactly to float32.</summary>
    Half,

    /// <summary>float32 values rounded to the nearest Half (ties to even) and widened back: the products of a Half copy, without the copy.</summary>
    SingleRoundedToHalf,
}
