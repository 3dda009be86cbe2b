namespace Mlops.Core.Tests;

/// <summary>The multiset comparison of stored rows with new content by row hash.</summary>
public class RowDeltaTests
{
    private static readonly UInt128 A = 1, B = 2, C = 3, D = UInt128.MaxValue;

    [Fact]
    public void The_same_multiset_in_another_order_changes_nothing()
    {
        var delta = RowDelta.Of([(10, A), (11, B), (12, B)], [B, A, B]);

        Assert.Empty(delta.Closed);
        Assert.Empty(delta.Added);
    }

    [Fact]
    public void Rows_that_went_away_close_and_new_ones_come_by_position()
    {
        var delta = RowDelta.Of([(12, C), (10, A), (11, B)], [D, A, C, D]);

        Assert.Equal([11L], delta.Closed);
        Assert.Equal([0L, 3L], delta.Added);
    }

    [Fact]
    public void Of_duplicates_the_lowest_ids_close_and_the_first_positions_come()
    {
        // three stored copies of A, one wanted: the two lowest ids go; one stored B, three wanted: the first two new ones come
        var delta = RowDelta.Of([(7, A), (3, A), (5, A), (4, B)], [B, A, B, B]);

        Assert.Equal([3L, 5L], delta.Closed);
        Assert.Equal([0L, 2L], delta.Added);
    }

    [Fact]
    public void Nothing_stored_adds_every_row_and_nothing_new_closes_every_row()
    {
        Assert.Equal([0L, 1L, 2L], RowDelta.Of([], [A, A, B]).Added);
        Assert.Equal([1L, 2L, 9L], RowDelta.Of([(9, B), (2, A), (1, A)], []).Closed);
    }
}
