module BlasNet.FSharp.Tests.CoreTests

open Xunit
