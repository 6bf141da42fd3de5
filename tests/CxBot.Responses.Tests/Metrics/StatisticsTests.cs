using CxBot.Responses.Metrics;

namespace CxBot.Responses.Tests.Metrics;

/// <summary>Expected values are worked by hand from the formulas in the README (z = 1.959964).</summary>
public sealed class StatisticsTests
{
    [Fact]
    public void Nps_of_five_promoters_three_passives_and_two_detractors_is_30_with_a_normal_interval()
    {
        // P = .5, D = .2, var = .5 + .2 − .3² = .61, half-width = 1.959964 · sqrt(.61 / 10) = .4841
        var nps = Statistics.Nps(10, 5, 2);
        Assert.Equal(10, nps.N);
        Assert.Equal(30, nps.Value!.Value, 6);
        Assert.Equal(-18.4075, nps.Low!.Value, 3);
        Assert.Equal(78.4075, nps.High!.Value, 3);
    }

    [Fact]
    public void No_responses_give_no_value_and_no_interval()
    {
        Assert.Equal(Estimate.Empty, Statistics.Nps(0, 0, 0));
        Assert.Equal(Estimate.Empty, Statistics.Proportion(0, 0));
        Assert.Equal(Estimate.Empty, Statistics.Mean(0, 0, 0, 1, 7));
    }

    [Fact]
    public void All_promoters_score_100_but_the_interval_still_admits_doubt()
    {
        // Wilson lower bound of 10/10 is .72247; the worst case puts the other 27.75% among detractors.
        var nps = Statistics.Nps(10, 10, 0);
        Assert.Equal(100, nps.Value!.Value, 6);
        Assert.Equal(44.4934, nps.Low!.Value, 3);
        Assert.Equal(100, nps.High!.Value, 6);
    }

    [Fact]
    public void One_promoter_alone_says_little()
    {
        var nps = Statistics.Nps(1, 1, 0);
        Assert.Equal(100, nps.Value!.Value, 6);
        Assert.Equal(-58.6901, nps.Low!.Value, 3);
        Assert.Equal(100, nps.High!.Value, 6);
    }

    [Fact]
    public void All_passives_score_0_with_a_symmetric_interval()
    {
        var nps = Statistics.Nps(10, 0, 0);
        Assert.Equal(0, nps.Value!.Value, 6);
        Assert.Equal(-27.7533, nps.Low!.Value, 3);
        Assert.Equal(27.7533, nps.High!.Value, 3);
    }

    [Fact]
    public void Csat_of_seven_satisfied_in_ten_has_a_Wilson_interval()
    {
        var csat = Statistics.Proportion(10, 7);
        Assert.Equal(70, csat.Value!.Value, 6);
        Assert.Equal(39.6778, csat.Low!.Value, 3);
        Assert.Equal(89.2209, csat.High!.Value, 3);
    }

    [Fact]
    public void Ces_mean_has_a_student_t_interval()
    {
        // 2 3 4 3 5 6 4 3: mean 3.75, s = 1.28174, t(7) = 2.36462, half-width = 1.07156
        var ces = Statistics.Mean(8, 30, 124, 1, 7);
        Assert.Equal(3.75, ces.Value!.Value, 6);
        Assert.Equal(2.6784, ces.Low!.Value, 2);
        Assert.Equal(4.8216, ces.High!.Value, 2);
    }

    [Fact]
    public void A_mean_of_one_answer_spans_the_whole_scale()
    {
        var csat = Statistics.Mean(1, 4, 16, 1, 5);
        Assert.Equal((4.0, 1.0, 5.0), (csat.Value!.Value, csat.Low!.Value, csat.High!.Value));
    }

    [Fact]
    public void Student_t_critical_values_match_the_tables()
    {
        Assert.Equal(12.7062, Statistics.StudentT975(1), 3);
        Assert.Equal(4.3027, Statistics.StudentT975(2), 3);
        Assert.Equal(2.2281, Statistics.StudentT975(10), 3);
        Assert.Equal(2.0423, Statistics.StudentT975(30), 3);
    }

    [Fact]
    public void A_rise_of_35_nps_points_on_ten_answers_is_not_significant()
    {
        var diff = Statistics.NpsDifference(10, 5, 2, 40, 30, 4);
        Assert.Equal(35, diff.Value!.Value, 6);
        Assert.Equal(-17.4771, diff.Low!.Value, 3);
        Assert.Equal(87.4771, diff.High!.Value, 3);
        Assert.False(diff.Significant);
    }

    [Fact]
    public void A_large_drop_in_satisfaction_on_many_answers_is_significant()
    {
        var diff = Statistics.ProportionDifference(400, 320, 400, 240);
        Assert.Equal(-20, diff.Value!.Value, 6);
        Assert.True(diff.Significant);
        Assert.True(diff.High < 0);
    }

    [Fact]
    public void Equal_means_are_not_a_significant_difference()
    {
        var diff = Statistics.MeanDifference(8, 30, 124, 8, 30, 124, 1, 7);
        Assert.Equal(0, diff.Value!.Value, 6);
        Assert.False(diff.Significant);
    }
}
