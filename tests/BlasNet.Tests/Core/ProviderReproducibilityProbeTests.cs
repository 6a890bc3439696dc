namespace BlasNet.Tests.Core;

/// <summary>
/// The probe that decides whether bit-for-bit tests compare bits or rounding: it must not say "no" where the provider is
/// known to round the same wherever its buffers lie (that would quietly turn those tests into tolerance checks), and it
/// must say "no" on the kernels measured to depend on alignment.
/// </summary>
public class ProviderReproducibilityProbeTests
{
    [Fact]
    public void Probe_AgreesWithWhatIsKnownOfTheProvider()
    {
        var info = BlasProvider.Current;
        string config = info.Config;
        bool openBlasModernKernel = info.Name == "OpenBLAS"
            && new[] { "Haswell", "SkylakeX", "Zen", "Cooperlake", "SapphireRapids" }.Any(core => config.Contains(core, StringComparison.OrdinalIgnoreCase));
        if (info.Name is "Managed" or "BLIS" || openBlasModernKernel)
            Assert.True(ProviderReproducibility.SameBlasBitsAtEveryOffset(), $"{info.Name} ({config}) gave different bits for the same data at another offset");
        // LAPACK: the managed provider's own, and OpenBLAS's on its own kernels. (BLIS is served by Debian's LAPACK over the
        // system BLAS, which may be any library.)
        if (info.Name is "Managed" || openBlasModernKernel)
            Assert.True(ProviderReproducibility.SameLapackBitsAtEveryOffset(), $"{info.Name} ({config}): LAPACK gave different bits for the same data at another offset");
        // Session 36's machine: OpenBLAS 0.3.21 fell back to Prescott on a virtual Xeon; its ddot and dgemv peel to 16 bytes.
        if (info.Name == "OpenBLAS" && config.Contains("Prescott", StringComparison.OrdinalIgnoreCase))
        {
            Assert.False(ProviderReproducibility.SameBlasBitsAtEveryOffset(), "OpenBLAS's Prescott kernels were measured to round by alignment; the probe missed it");
            Assert.False(ProviderReproducibility.BitForBit);
        }
    }
}
