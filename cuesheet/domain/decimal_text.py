"""Decimals (shares, fees) as short text, in bounded time whatever the value.

``f"{value:f}"`` writes ``1e999999`` as a million digits, and a report drawing that hangs. Values
outside domain.limits are refused on every way in; this is the writers' own guard: plain notation
when it is short, scientific notation (the value as given, shortened) when not, "invalid" for
NaN and infinities.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

INTEGER_DIGITS = 16  # plain notation up to 10^16 (fees stop at 10^12, shares at 100)
DECIMALS = 10  # and down to 10^-10, rounded to 10 decimals (limits allow 4)
SIGNIFICANT = 7  # digits kept in scientific notation
INVALID = "invalid"


def decimal_places(value: Decimal) -> int:
    """The digits after the point as written (``12.50`` → 2, ``1E+3`` → -3); finite values only."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # "n", "N" or "F": NaN, signalling NaN, infinity
        raise ValueError(f"{value} has no decimal places")
    return -exponent


def format_decimal(value: Decimal) -> str:
    """``50``, ``33.3333``, ``1E+999999``; without trailing zeros; at most 28 characters."""
    if not value.is_finite():
        return INVALID
    if value.is_zero():
        return "0"
    magnitude = value.adjusted()  # the power of ten of the first digit: read, not computed
    if -DECIMALS < magnitude < INTEGER_DIGITS:
        with localcontext() as context:
            context.prec = INTEGER_DIGITS + DECIMALS + 2  # room for every digit kept
            too_fine = decimal_places(value) > DECIMALS
            rounded = value.quantize(Decimal(1).scaleb(-DECIMALS)) if too_fine else value
            text = f"{rounded:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    sign, digits, _ = value.as_tuple()
    kept = "".join(str(d) for d in digits[:SIGNIFICANT]).rstrip("0") or "0"
    mantissa = kept[0] + ("." + kept[1:] if len(kept) > 1 else "")
    return f"{'-' if sign else ''}{mantissa}E{magnitude:+d}"
