using System.Reflection;
using System.Runtime.InteropServices;
using BlasNet.Interop;

namespace BlasNet.Tests.Core;

/// <summary>
/// Fortran passes a hidden length after the declared arguments for every CHARACTER argument; code
/// built by gfortran ≥ 8 may use those slots. Every native LAPACK import must declare them.
/// </summary>
public class LapackNativeAbiTests
{
    private static IEnumerable<MethodInfo> Imports() =>
        typeof(LapackNative).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<LibraryImportAttribute>() is not null);

    [Fact]
    public void EveryImport_WithCharacterArguments_EndsWithOneHiddenLengthPerCharacter()
    {
        var imports = Imports().ToList();
        Assert.Equal(["dgeqp3_", "dgeqrf_", "dormqr_", "dpotrf_", "dpotrs_", "dtrtrs_"],
            imports.Select(m => m.GetCustomAttribute<LibraryImportAttribute>()!.EntryPoint).Order());
        foreach (var import in imports)
        {
            var parameters = import.GetParameters();
            // CHARACTER arguments are the byte* ones; their hidden lengths follow all declared arguments, in order.
            var characters = parameters.Where(p => p.ParameterType == typeof(byte*)).Select(p => p.Name!).ToList();
            var hidden = parameters.Where(p => p.ParameterType == typeof(nuint)).ToList();
            Assert.Equal(characters.Select(c => c + "Length"), hidden.Select(p => p.Name));
            Assert.Equal(parameters[^hidden.Count..].Select(p => p.Name), hidden.Select(p => p.Name));
        }
        Assert.Contains(imports, m => m.Name == "Dtrtrs" && m.GetParameters().Count(p => p.ParameterType == typeof(nuint)) == 3);
    }

    [Fact]
    public void ShortOverloads_ExistForEveryImportWithHiddenLengths()
    {
        foreach (var import in Imports().Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(nuint))))
        {
            var declared = import.GetParameters().Where(p => p.ParameterType != typeof(nuint)).Select(p => p.ParameterType).ToArray();
            var shortForm = typeof(LapackNative).GetMethod(import.Name, declared);
            Assert.NotNull(shortForm);
            Assert.Null(shortForm.GetCustomAttribute<LibraryImportAttribute>());
        }
    }
}
