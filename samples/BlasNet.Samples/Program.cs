using BlasNet;

Console.WriteLine($"BlasNet provider: {BlasProvider.Current}");
