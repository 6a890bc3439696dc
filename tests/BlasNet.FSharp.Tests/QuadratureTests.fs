module BlasNet.FSharp.Tests.QuadratureTests

open Xunit
