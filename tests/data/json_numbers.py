"""How the torch reference scripts write numbers into their JSON (losses43, neural39_torch, optimizer_options41 and
trajectories44, nn51 import this module; it writes no file itself). JSON has no literal for NaN or an infinity, so they are
stored as the strings "NaN", "Infinity" and "-Infinity", the names .NET's double.Parse reads back; every other number as
the double float() gives. One definition, so that the files agree on how a non-finite value is written.
"""
import math


def num(v):
    """v as a JSON number, or NaN and +-inf as their strings."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def mat(t):
    """A tensor as a list of rows of num (the dimensions past the first flattened into each row)."""
    # float32 values are exact in double, so float(v) stores them without loss.
    return [[num(x) for x in row] for row in t.detach().reshape(t.shape[0], -1).tolist()]
