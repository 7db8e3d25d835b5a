"""Live instances share the bot's sending rate: shares add up to the rate, by a stable rank."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notify.instances import Presence, beat, forget, share_of
from storage.engine import Database

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("live", range(1, 8))
def test_the_shares_of_one_to_seven_instances_add_up_to_30(live: int) -> None:
    shares = [share_of(30, live, rank) for rank in range(live)]
    assert sum(shares) == 30
    assert min(shares) >= 1
    assert max(shares) - min(shares) <= 1


def test_four_instances_share_30_as_8_8_7_7() -> None:
    assert [share_of(30, 4, rank) for rank in range(4)] == [8, 8, 7, 7]


@given(rate=st.integers(min_value=1, max_value=1000), data=st.data())
def test_shares_add_up_to_any_rate_they_can_split(rate: int, data: st.DataObject) -> None:
    live = data.draw(st.integers(min_value=1, max_value=rate))
    shares = [share_of(rate, live, rank) for rank in range(live)]
    assert sum(shares) == rate
    assert min(shares) >= 1 and max(shares) - min(shares) <= 1


def test_more_instances_than_the_rate_each_still_send() -> None:
    assert [share_of(2, 3, rank) for rank in range(3)] == [1, 1, 1]


def presence(n: int) -> Presence:
    return Presence(
        name=f"host:{100 + n}:instance{n}",
        host="host",
        pid=100 + n,
        mode="polling",
        role="leader" if n == 0 else "standby",
        started_at_utc=START + timedelta(seconds=n),
    )


async def test_each_instance_learns_its_rank_by_start_and_the_shares_fill_the_rate(
    database: Database,
) -> None:
    # Started in the order 0, 1, 2, 3, beating in another order.
    instances = [presence(n) for n in range(4)]
    now = START + timedelta(minutes=1)
    for me in (instances[2], instances[0], instances[3], instances[1]):
        await beat(database, me, now=now)
    standings = [await beat(database, me, now=now) for me in instances]
    assert [s.live for s in standings] == [4, 4, 4, 4]
    assert [s.rank for s in standings] == [0, 1, 2, 3]
    assert sum(share_of(30, s.live, s.rank) for s in standings) == 30

    # One stops cleanly: the three left share the whole rate again.
    await forget(database, instances[1].name)
    left = [instances[0], instances[2], instances[3]]
    standings = [await beat(database, me, now=now + timedelta(seconds=1)) for me in left]
    assert [(s.live, s.rank) for s in standings] == [(3, 0), (3, 1), (3, 2)]
    assert [share_of(30, s.live, s.rank) for s in standings] == [10, 10, 10]


async def test_an_instance_that_stopped_beating_no_longer_takes_a_share(database: Database) -> None:
    first, second = presence(0), presence(1)
    await beat(database, first, now=START)
    later = START + timedelta(minutes=5)
    standing = await beat(database, second, now=later)
    assert (standing.live, standing.rank) == (1, 0)
    assert share_of(30, standing.live, standing.rank) == 30
