module BlasNet.FSharp.Tests.KernelTests

open Xunit
