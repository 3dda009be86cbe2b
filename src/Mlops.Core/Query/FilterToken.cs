namespace Mlops;

/// <summary>A token of the filter language and where it starts in the text.</summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, object? Value, int Position);

internal enum FilterTokenKind { Identifier, Number, String, Operator, LeftParen, RightParen, Comma, Dot, End }
