"""``quorum import`` for any board's papers, and ``quorum board dates``, run as real processes:
the zone times are read in, what to pass when a document lacks what storing needs, minutes
alone, and the guard against a damaged re-import."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path

from packs import sample_path
from tests.auxil.processes import QUORUM, quorum, quorum_env

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
RUTLAND = "Rutland Health and Wellbeing Board"


def _env(tmp_path: Path) -> dict[str, str]:
    return quorum_env(QUORUM_DATABASE_URL=f"sqlite:///{tmp_path / 'q.db'}")


def test_import_json_reads_times_in_the_given_zone(tmp_path: Path) -> None:
    env = _env(tmp_path)
    result = quorum(
        "import", str(sample_path()), "--timezone", "America/New_York", "--json", env=env
    )
    assert result.returncode == 0, result.stderr
    # 2.00 pm read as a New York time, printed with New York's offset (EDT in October).
    assert json.loads(result.stdout)["meeting"]["start"] == "2023-10-10T14:00:00-04:00"
    assert not (tmp_path / "q.db").exists()
    wrong = quorum("import", str(sample_path()), "--timezone", "Mars/Olympus", "--json", env=env)
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "'Mars/Olympus' is not a known time zone" in wrong.stderr


def test_import_json_reads_in_the_zone_of_the_board_named(tmp_path: Path) -> None:
    env = _env(tmp_path)
    board = ("--board", "Rutland HWB")
    stored = quorum("import", str(sample_path()), *board, "--timezone", "America/New_York", env=env)
    assert stored.returncode == 0, stored.stderr
    assert "meeting:   Tuesday 10 October 2023, 2:00pm" in stored.stdout
    shown = quorum("import", str(sample_path()), "--board", "rutland hwb", "--json", env=env)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["meeting"]["start"] == "2023-10-10T14:00:00-04:00"


def test_a_damaged_reimport_stops_unless_forced(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert quorum("import", str(sample_path()), env=env, cwd=tmp_path).returncode == 0
    text = sample_path().read_text()
    partial = tmp_path / "rutland-partial.txt"
    partial.write_text(text[: text.index("A G E N D A")])  # the summons letter alone
    stopped = quorum("import", str(partial), env=env, cwd=tmp_path)
    assert stopped.returncode == 1 and "Traceback" not in stopped.stderr
    assert stopped.stderr.startswith("quorum: This document would remove 19 of the 19 agenda")
    assert "--force" in stopped.stderr and stopped.stdout == ""
    again = quorum("import", str(sample_path()), env=env, cwd=tmp_path)
    assert "  changes:   none" in again.stdout.splitlines()  # nothing was changed
    forced = quorum("import", str(partial), "--force", env=env, cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    lines = forced.stdout.splitlines()
    assert "  items:     0" in lines
    assert "    item 1 removed: WELCOME AND APOLOGIES RECEIVED" in lines


def test_an_undated_agenda_asks_for_its_date_and_time(tmp_path: Path) -> None:
    env = _env(tmp_path)
    agenda = tmp_path / "anytown-agenda.txt"
    agenda.write_text(
        "Anytown Parish Council\n\nAGENDA\n\n1. Apologies for absence\n\n"
        "2. Minutes of the last meeting\n\n3. Planning applications\n"
    )
    board = ("--board", "Anytown Parish Council")
    refused = quorum("import", str(agenda), *board, env=env, cwd=tmp_path)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "no meeting date" in refused.stderr and "--date" in refused.stderr
    bad = quorum("import", str(agenda), *board, "--date", "4/3/2024", env=env, cwd=tmp_path)
    assert bad.returncode == 2 and '"4/3/2024" is not a date like "2024-03-04"' in bad.stderr
    dated = quorum(
        "import", str(agenda), *board, "--date", "2024-03-04", "--time", "18:30", env=env
    )
    assert dated.returncode == 0, dated.stderr
    assert "  meeting:   Monday 4 March 2024, 6:30pm" in dated.stdout.splitlines()
    assert "  items:     3" in dated.stdout.splitlines()


def test_minutes_alone_ask_for_a_board_and_a_date_then_file_attendance(tmp_path: Path) -> None:
    """Wye Valley's minutes name neither their council nor their date."""
    env = _env(tmp_path)
    minutes = CORPUS / "wye-valley-community-council-minutes-2024-09-30.txt"
    no_board = quorum("import", str(minutes), env=env, cwd=tmp_path)
    assert no_board.returncode == 1 and "--board" in no_board.stderr
    board = ("--board", "Wye Valley Community Council")
    no_date = quorum("import", str(minutes), *board, env=env, cwd=tmp_path)
    assert no_date.returncode == 1 and "--date" in no_date.stderr
    stored = quorum("import", str(minutes), *board, "--date", "2024-09-30", env=env)
    assert stored.returncode == 0, stored.stderr
    lines = stored.stdout.splitlines()
    assert lines[0] == f"Imported the minutes {minutes.name} into Wye Valley Community Council"
    assert lines[1] == "  meeting:   Monday 30 September 2024 (no time stated)"
    assert "  items:" not in stored.stdout
    # Seven councillors present ("the Clerk" is a role, not a person), one apology.
    assert "  attended:  7 present, 1 apologies" in lines


def test_board_dates_sets_how_numeric_dates_are_read(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert quorum("import", str(sample_path()), "--board", "Rutland HWB", env=env).returncode == 0
    month = quorum("board", "dates", "rutland hwb", "month-first", env=env, cwd=tmp_path)
    assert month.returncode == 0, month.stderr
    assert month.stdout.strip() == (
        "Rutland HWB: numeric dates in its papers are read month-first "
        "(03/04/2024 is March 4, 2024)."
    )
    zone = quorum("board", "dates", "Rutland HWB", "zone", env=env, cwd=tmp_path)
    assert zone.stdout.strip() == (
        "Rutland HWB: numeric dates in its papers are read as is usual in Europe/London: "
        "day-first (03/04/2024 is 3 April 2024)."
    )
    nowhere = quorum("board", "dates", "Nowhere", "day-first", env=env, cwd=tmp_path)
    assert nowhere.returncode == 1
    assert nowhere.stderr.strip() == (
        "quorum: There is no board called 'Nowhere'. Import a pack for it first."
    )
    wrong = quorum("board", "dates", "Rutland HWB", "year-first", env=env, cwd=tmp_path)
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr


def _import(
    path: Path, *args: str, env: dict[str, str], answer: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``quorum import PATH ARGS`` with no terminal on stdin; with ``answer``, a terminal that
    types it."""
    if answer is None:
        return subprocess.run(
            [*QUORUM, "import", str(path), *args],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
    typist, terminal = pty.openpty()
    try:
        os.write(typist, answer.encode())
        return subprocess.run(
            [*QUORUM, "import", str(path), *args],
            capture_output=True,
            text=True,
            env=env,
            stdin=terminal,
            timeout=120,
        )
    finally:
        os.close(typist)
        os.close(terminal)


def test_a_pack_for_another_board_or_a_board_not_on_record_says_what_to_pass(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path)
    leicestershire = SEEDS / "leicestershire-hwb-2023-10-31.txt"
    first = _import(SEEDS / "rutland-hwb-2023-10-10.txt", env=env)
    assert first.returncode == 0, first.stderr  # the first board needs no --new-board
    wrong = _import(leicestershire, "--board", RUTLAND, env=env)
    assert wrong.returncode == 1 and wrong.stdout == "" and "Traceback" not in wrong.stderr
    assert wrong.stderr.startswith(
        f"quorum: This pack is for Leicestershire Health and Wellbeing Board, not {RUTLAND}."
    )
    assert "--force" in wrong.stderr
    new = _import(leicestershire, env=env)
    assert new.returncode == 1 and "--new-board" in new.stderr and RUTLAND in new.stderr
    misspelt = _import(
        leicestershire, "--board", "Leicstershire Health and Wellbeing Bord", env=env
    )
    assert misspelt.returncode == 1
    assert "Did you mean" not in misspelt.stderr  # only Rutland is on record: not close
    created = _import(leicestershire, "--new-board", env=env)
    assert created.returncode == 0, created.stderr
    assert "into Leicestershire Health and Wellbeing Board" in created.stdout
    typo = _import(leicestershire, "--board", "Leicstershire Health and Wellbeing Bord", env=env)
    assert typo.returncode == 1
    assert "Did you mean “Leicestershire Health and Wellbeing Board”?" in typo.stderr


def test_members_no_longer_listed_are_named_then_retired_when_asked(tmp_path: Path) -> None:
    env = _env(tmp_path)
    first = _import(SEEDS / "rutland-hwb-2016-09-27.txt", env=env)
    new_line = next(line for line in first.stdout.splitlines() if "new members" in line)
    # The names are listed, cut short after eight (as the chat's preview is).
    assert new_line.startswith("  +15 new members: ") and new_line.endswith(" and 7 others")
    assert len(new_line.removeprefix("  +15 new members: ").split(", ")) == 8
    later = SEEDS / "rutland-hwb-2017-06-30.txt"
    named = _import(later, env=env)
    assert named.returncode == 0, named.stderr
    gone = "A Mann, J Clayton Jones, T King, T Thompson, W Hoult, Y Sidyot"
    eight = next(line for line in named.stdout.splitlines() if "new members" in line)
    assert eight.startswith("  +8 new members: ") and "others" not in eight
    assert len(eight.removeprefix("  +8 new members: ").split(", ")) == 8
    assert (
        f"  6 members no longer listed: {gone} — if they have left, import again with "
        "--retire-unlisted (or /member remove NAME)"
    ) in named.stdout.splitlines()
    assert "Have they left" not in named.stdout  # no terminal, no question
    retired = _import(later, "--retire-unlisted", env=env)
    assert retired.returncode == 0, retired.stderr
    assert f"  6 retired (no longer listed): {gone}" in retired.stdout.splitlines()
    again = _import(later, env=env)
    assert "no longer listed" not in again.stdout and "new member" not in again.stdout


def test_at_a_terminal_the_clerk_is_asked_whether_they_have_left(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _import(SEEDS / "rutland-hwb-2016-09-27.txt", env=env).returncode == 0
    later = SEEDS / "rutland-hwb-2017-06-30.txt"
    kept = _import(later, env=env, answer="n\n")
    assert kept.returncode == 0, kept.stderr
    assert "Have they left the board?" in kept.stdout and "Retired" not in kept.stdout
    asked = _import(later, env=env, answer="y\n")
    assert asked.returncode == 0, asked.stderr
    assert "Have they left the board?" in asked.stdout
    # The answer is typed on the prompt's line (a terminal echoes it there, not to stdout).
    assert asked.stdout.splitlines()[-1].endswith(
        "Retired 6: A Mann, J Clayton Jones, T King, T Thompson, W Hoult, Y Sidyot"
    )
    after = _import(later, env=env, answer="y\n")
    assert "no longer listed" not in after.stdout and "Have they left" not in after.stdout
