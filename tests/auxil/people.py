"""Who the shared fixtures talk to: the bot's test token, a board member and a stranger.

Kept here rather than in tests/conftest.py so that tests and helpers import them from a module
of their own (conftest is pytest's, loaded before the test modules, and loads auxil plugins).
"""

from __future__ import annotations

from fakegram import FakeUser

TEST_TOKEN = "123456789:TEST-TOKEN"
# Diane Ellison, the chair in tests/auxil/packs.py's pack.
MEMBER = FakeUser(id=5001, first_name="Diane", last_name="Ellison")
STRANGER = FakeUser(id=6666, first_name="Stranger")
