module BlasNet.FSharp.Tests.NeuralTests

open Xunit
