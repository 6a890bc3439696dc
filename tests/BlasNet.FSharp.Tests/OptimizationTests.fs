module BlasNet.FSharp.Tests.OptimizationTests

open Xunit
