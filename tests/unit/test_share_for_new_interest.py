"""A new writer or publisher's share follows the project's share convention (domain guide §4)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cuesheet.domain.project import ShareConvention
from cuesheet.domain.rights import Interest, Role, share_for_new_interest

PER_SIDE, WHOLE = ShareConvention.PER_SIDE, ShareConvention.WHOLE_WORK


def interests(*pairs: tuple[str, str]) -> list[Interest]:
    return [Interest(f"p{n}", Role(role), Decimal(share)) for n, (role, share) in enumerate(pairs)]


def shares(result: list[Interest]) -> list[tuple[str, str]]:
    return [(i.role.value, f"{i.share.normalize():f}") for i in result]


@pytest.mark.parametrize(
    ("convention", "existing", "role", "expected"),
    [
        # The case reported: a sole writer at 100 %, a second writer joins: 50 / 50 (not 0 %).
        (PER_SIDE, [("CA", "100")], "C", [("CA", "50"), ("C", "50")]),
        (PER_SIDE, [("C", "50"), ("A", "50")], "CA", [("C", "33.33"), ("A", "33.33"), ("CA", "33.34")]),
        (PER_SIDE, [("C", "70"), ("A", "30")], "AR", [("C", "33.33"), ("A", "33.33"), ("AR", "33.34")]),
        # The side is not full: the newcomer takes what is left; nobody else changes.
        (PER_SIDE, [("CA", "60")], "C", [("CA", "60"), ("C", "40")]),
        (PER_SIDE, [], "CA", [("CA", "100")]),
        # Per side, publishers are a side of their own.
        (PER_SIDE, [("CA", "100")], "E", [("CA", "100"), ("E", "100")]),
        (PER_SIDE, [("CA", "100"), ("E", "100")], "SE", [("CA", "100"), ("E", "50"), ("SE", "50")]),
        (PER_SIDE, [("CA", "100"), ("E", "40")], "AM", [("CA", "100"), ("E", "40"), ("AM", "60")]),
        # Over-full (a mistake on file): the side is shared out again to 100.
        (PER_SIDE, [("C", "80"), ("A", "80")], "CA", [("C", "33.33"), ("A", "33.33"), ("CA", "33.34")]),
        # Whole work: writers and publishers share one 100 %.
        (WHOLE, [("CA", "100")], "E", [("CA", "50"), ("E", "50")]),
        (WHOLE, [("E", "100")], "CA", [("E", "50"), ("CA", "50")]),
        (WHOLE, [("CA", "100")], "C", [("CA", "50"), ("C", "50")]),
        (WHOLE, [("CA", "50"), ("E", "50")], "C", [("CA", "25"), ("E", "50"), ("C", "25")]),
        (WHOLE, [("CA", "50"), ("E", "50")], "SE", [("CA", "50"), ("E", "25"), ("SE", "25")]),
        (WHOLE, [("CA", "60")], "E", [("CA", "60"), ("E", "40")]),
        (WHOLE, [("CA", "30"), ("E", "30")], "C", [("CA", "30"), ("E", "30"), ("C", "40")]),
        (WHOLE, [], "E", [("E", "100")]),
    ],
)
def test_a_new_interest_gets_its_share(convention, existing, role, expected) -> None:  # type: ignore[no-untyped-def]
    before = interests(*existing)
    result = share_for_new_interest(before, "new", Role(role), convention)
    assert shares(result) == expected
    assert result[-1].party_id == "new" and result[-1].role is Role(role)
    assert shares(before) == [(r, f"{Decimal(s).normalize():f}") for r, s in existing]  # input untouched


@pytest.mark.parametrize("count", [1, 2, 3, 5, 6, 7, 11])
@pytest.mark.parametrize("convention", [PER_SIDE, WHOLE])
def test_totals_stay_exact_however_many_join(count: int, convention: ShareConvention) -> None:
    current = interests(("CA", "100"))
    for n in range(count):
        current = share_for_new_interest(current, f"w{n}", Role.C, convention)
    writers = [i.share for i in current]
    assert sum(writers) == 100 and max(writers) - min(writers) <= Decimal("0.01") * len(writers)
    current = share_for_new_interest(current, "pub", Role.E, convention)
    publishers = sum(i.share for i in current if i.role.is_publisher)
    writers_total = sum(i.share for i in current if not i.role.is_publisher)
    if convention is PER_SIDE:
        assert (writers_total, publishers) == (100, 100)
    else:
        assert (writers_total, publishers) == (50, 50)
