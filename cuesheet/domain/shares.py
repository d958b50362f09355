"""Restating a work's shares when the project's share convention changes (domain guide §4).

Per side → whole work halves both sides when a work has writers and publishers (the usual 50/50
split); whole work → per side scales each side to 100 %. Shares are kept to 0.01, the last party of a
side taking the rounding remainder, so totals stay exact.
"""

from __future__ import annotations

import copy
from decimal import Decimal

from cuesheet.domain.project import ShareConvention
from cuesheet.domain.rights import Interest


def restate_shares(interests: list[Interest], convention: ShareConvention) -> list[Interest]:
    result = [copy.copy(i) for i in interests]
    sides = [[i for i in result if not i.role.is_publisher], [i for i in result if i.role.is_publisher]]
    for side in sides:
        if not side:
            continue
        if convention is ShareConvention.WHOLE_WORK:
            target = Decimal(50) if all(sides) else None  # one side alone already totals the whole work
            if target is None:
                continue
            _scale(side, target)
        else:
            _scale(side, Decimal(100))
    return result


def _scale(side: list[Interest], target: Decimal) -> None:
    total = sum((i.share for i in side), Decimal(0))
    if total <= 0:
        return
    cent = Decimal("0.01")
    for interest in side:
        interest.share = (interest.share * target / total).quantize(cent)
    side[-1].share += target - sum((i.share for i in side), Decimal(0))
