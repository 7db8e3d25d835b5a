from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.html import MAX_TEXT, h, split_message, visible_length, visible_text


def test_escape_neutralises_markup() -> None:
    assert h('<b>Smith & "Jones"</b>') == "&lt;b&gt;Smith &amp; &quot;Jones&quot;&lt;/b&gt;"


def test_short_message_is_one_part() -> None:
    assert split_message("<b>Hi</b>\nthere") == ["<b>Hi</b>\nthere"]


def test_long_message_splits_on_line_boundaries() -> None:
    lines = [f"<b>{n}.</b> {h('Item & more ' * 10)}" for n in range(200)]
    parts = split_message("\n".join(lines))
    assert len(parts) > 1
    assert all(visible_length(part) <= MAX_TEXT for part in parts)
    # Nothing lost, nothing reordered, every part starts at a line.
    assert "\n".join(parts).split("\n") == lines


def test_limit_counts_visible_characters_not_markup() -> None:
    line = "<b>" + "x" * 4000 + "</b>"
    assert split_message(line) == [line]


def test_single_overlong_line_is_cut_at_spaces() -> None:
    words = " ".join(["word"] * 2000)
    parts = split_message(words)
    assert len(parts) == 3
    assert all(visible_length(p) <= MAX_TEXT for p in parts)
    assert " ".join(parts).split() == words.split()


@given(st.lists(st.text(min_size=0, max_size=300), min_size=1, max_size=60))
def test_any_text_splits_within_the_limit(lines: list[str]) -> None:
    markup = "\n".join(h(line) for line in lines)
    parts = split_message(markup, limit=500)
    assert all(0 < visible_length(p) <= 500 for p in parts)
    assert "".join(visible_text(p) for p in parts).split() == visible_text(markup).split()
