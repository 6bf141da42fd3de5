namespace CxBot.Responses.Metrics;

/// <summary>A value with its 95% confidence interval; all null when there is nothing to estimate (n = 0).</summary>
public sealed record Estimate(long N, double? Value, double? Low, double? High)
{
    public static Estimate Empty { get; } = new(0, null, null, null);
}

/// <summary>The difference B − A of two periods, its 95% interval, and whether the interval excludes zero.</summary>
public sealed record Difference(Estimate A, Estimate B, double? Value, double? Low, double? High, bool Significant);

/// <summary>
/// The statistics behind every metric, pure so they can be checked by hand. 95% intervals throughout
/// (z = 1.959964). Proportions use Wilson's score interval, which stays inside [0, 1] and is honest for
/// small n and for 0% or 100%, unlike the plain normal interval.
/// </summary>
public static class Statistics
{
    public const double Z = 1.959963984540054;

    /// <summary>
    /// NPS = 100 (P − D) for the −1/0/+1 variable (detractor 0-6, passive 7-8, promoter 9-10); the interval
    /// is NPS ± z·100·sqrt(var/n) with var = P + D − (P − D)². When every answer is in one group that
    /// variance is 0 and the normal interval would claim certainty from any n (even one answer); then the
    /// group's share gets a Wilson interval [L, 1] and the NPS range is what that share allows, with the
    /// rest of the answers in the least favourable group.
    /// </summary>
    public static Estimate Nps(long n, long promoters, long detractors)
    {
        Check(n, promoters, nameof(promoters));
        Check(n, detractors, nameof(detractors));
        if (promoters + detractors > n) throw new ArgumentException("promoters + detractors exceed n.");
        if (n == 0) return Estimate.Empty;

        var p = (double)promoters / n;
        var d = (double)detractors / n;
        var nps = p - d;
        var variance = p + d - nps * nps;
        if (promoters == n || detractors == n || promoters + detractors == 0)
        {
            var (low, _) = WilsonBounds(n, n);
            var (l, h) = promoters == n ? (2 * low - 1, 1.0)
                : detractors == n ? (-1.0, 1 - 2 * low)
                : (-(1 - low), 1 - low);
            return new Estimate(n, 100 * nps, 100 * l, 100 * h);
        }

        var half = Z * Math.Sqrt(variance / n);
        return new Estimate(n, 100 * nps, 100 * Math.Max(-1, nps - half), 100 * Math.Min(1, nps + half));
    }

    /// <summary>A share of <paramref name="hits"/> in <paramref name="n"/>, in percent, with Wilson's interval.</summary>
    public static Estimate Proportion(long n, long hits)
    {
        Check(n, hits, nameof(hits));
        if (n == 0) return Estimate.Empty;
        var (low, high) = WilsonBounds(n, hits);
        return new Estimate(n, 100.0 * hits / n, 100 * low, 100 * high);
    }

    /// <summary>
    /// The mean of scores on [min, max] from their sum and sum of squares, with a Student t interval
    /// (n − 1 degrees of freedom), clipped to the scale. With one answer (or all equal) the spread is
    /// unknown or zero: the interval is then the whole scale for n = 1, and the value itself otherwise.
    /// </summary>
    public static Estimate Mean(long n, double sum, double sumOfSquares, double min, double max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0) return Estimate.Empty;
        var mean = sum / n;
        if (n == 1) return new Estimate(1, mean, min, max);
        var variance = Math.Max(0, (sumOfSquares - n * mean * mean) / (n - 1));
        var half = StudentT975(n - 1) * Math.Sqrt(variance / n);
        return new Estimate(n, mean, Math.Max(min, mean - half), Math.Min(max, mean + half));
    }

    /// <summary>NPS in period B minus period A; normal interval from the two standard errors.</summary>
    public static Difference NpsDifference(long nA, long promotersA, long detractorsA, long nB, long promotersB, long detractorsB)
    {
        var a = Nps(nA, promotersA, detractorsA);
        var b = Nps(nB, promotersB, detractorsB);
        if (nA == 0 || nB == 0) return new Difference(a, b, null, null, null, false);
        static double Variance(long n, long pr, long de)
        {
            double p = (double)pr / n, d = (double)de / n;
            return (p + d - (p - d) * (p - d)) / n;
        }

        var diff = b.Value!.Value - a.Value!.Value;
        var half = 100 * Z * Math.Sqrt(Variance(nA, promotersA, detractorsA) + Variance(nB, promotersB, detractorsB));
        return Make(a, b, diff, half);
    }

    /// <summary>Share in B minus share in A (percentage points), Newcombe's hybrid score interval from the two Wilson intervals.</summary>
    public static Difference ProportionDifference(long nA, long hitsA, long nB, long hitsB)
    {
        var a = Proportion(nA, hitsA);
        var b = Proportion(nB, hitsB);
        if (nA == 0 || nB == 0) return new Difference(a, b, null, null, null, false);
        double pA = (double)hitsA / nA, pB = (double)hitsB / nB;
        var (lA, uA) = WilsonBounds(nA, hitsA);
        var (lB, uB) = WilsonBounds(nB, hitsB);
        var diff = pB - pA;
        var low = diff - Math.Sqrt((pB - lB) * (pB - lB) + (uA - pA) * (uA - pA));
        var high = diff + Math.Sqrt((uB - pB) * (uB - pB) + (pA - lA) * (pA - lA));
        return new Difference(a, b, 100 * diff, 100 * low, 100 * high, low > 0 || high < 0);
    }

    /// <summary>Mean in B minus mean in A, Welch's t interval (unequal variances).</summary>
    public static Difference MeanDifference(
        long nA, double sumA, double squaresA, long nB, double sumB, double squaresB, double min, double max)
    {
        var a = Mean(nA, sumA, squaresA, min, max);
        var b = Mean(nB, sumB, squaresB, min, max);
        if (nA < 2 || nB < 2) return new Difference(a, b, b.Value - a.Value, null, null, false);
        double mA = sumA / nA, mB = sumB / nB;
        var vA = Math.Max(0, (squaresA - nA * mA * mA) / (nA - 1)) / nA;
        var vB = Math.Max(0, (squaresB - nB * mB * mB) / (nB - 1)) / nB;
        var se2 = vA + vB;
        if (se2 == 0) return new Difference(a, b, mB - mA, mB - mA, mB - mA, mB != mA);
        var df = se2 * se2 / (vA * vA / (nA - 1) + vB * vB / (nB - 1));
        return Make(a, b, mB - mA, StudentT975(df) * Math.Sqrt(se2));
    }

    /// <summary>Wilson score interval for hits/n as fractions in [0, 1].</summary>
    public static (double Low, double High) WilsonBounds(long n, long hits)
    {
        Check(n, hits, nameof(hits));
        if (n == 0) return (0, 1);
        var p = (double)hits / n;
        var z2 = Z * Z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The 97.5% quantile of Student's t with <paramref name="df"/> degrees of freedom (the two-sided 95%
    /// critical value). Exact for 1 and 2; Cornish-Fisher expansion above, within 0.2% from 3 on.
    /// </summary>
    public static double StudentT975(double df)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(df, 1);
        if (df < 1.5 && df == Math.Floor(df)) return 12.706204736174707;
        if (df < 2.5 && df == Math.Floor(df)) return 4.302652729749464;
        var z = Z;
        double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
        return z
            + (z3 + z) / (4 * df)
            + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df)
            + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df * df * df * df);
    }

    private static Difference Make(Estimate a, Estimate b, double diff, double half) =>
        new(a, b, diff, diff - half, diff + half, diff - half > 0 || diff + half < 0);

    private static void Check(long n, long hits, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (hits < 0 || hits > n) throw new ArgumentOutOfRangeException(name, $"{name} must be between 0 and n.");
    }
}
