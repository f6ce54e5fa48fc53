using System.Globalization;

namespace Journey.Domain.Tests;

/// <summary>Money as the APIs write it: at least two decimals, the amount's own decimals beyond that, never rounded.</summary>
public class MoneyAsWrittenTests
{
    [Theory]
    [InlineData("120.5", "120.50")]
    [InlineData("0", "0.00")]
    [InlineData("60", "60.00")]
    [InlineData("100.0", "100.00")]
    [InlineData("10.005", "10.005")]
    [InlineData("-3", "-3.00")]
    [InlineData("123456789012.3456", "123456789012.3456")]
    public void Amounts_keep_their_value_and_read_with_two_decimals_at_least(string amount, string written) =>
        Assert.Equal(written, Money.Scaled(decimal.Parse(amount, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void No_amount_stays_none() => Assert.Null(Money.Scaled((decimal?)null));
}
