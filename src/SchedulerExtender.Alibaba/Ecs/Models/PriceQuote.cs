namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>DescribePrice: the price of one instance per hour.</summary>
public sealed record PriceQuote(double OriginalPrice, double DiscountPrice, double TradePrice, string Currency);
