"""What the services say to members and clerks when they refuse something: the messages of the
domain errors (:class:`core.errors.QuorumError` and its kin) raised in ``services/``.

They reach people through the bot's error handler and the CLI, so they live here, by feature,
where they can be reviewed (and one day translated into Welsh) without reading the code that
raises them. Values are plain text (the bot escapes them); ``{placeholders}`` are filled with
``str.format`` where the error is raised, and a small function stands in where the grammar
needs a choice. Log lines and programmers' errors (``ValueError``, assertions) stay at their
call sites: no member reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

# -- who may do what (services.access and the services that check it) -----------------------

# Also the bot's own refusal (bot.texts.CLERK_ONLY): one refusal, worded once.
CLERK_ONLY = "Only the board's clerk can do that."
NOT_YOUR_BOARD = "That belongs to a board you are not a member of."
MEMBER_ONLY = "Only a linked member can answer for a meeting."

# -- boards and meetings that have gone ------------------------------------------------------

BOARD_GONE = "That board no longer exists."
MEETING_GONE = "That meeting no longer exists."
MEETING_NOT_IN_CALENDAR = "That meeting is no longer in the calendar."
MEETING_CANCELLED = "That meeting has been cancelled."
NO_BOARD_CALLED = "There is no board called {name!r}."
NO_BOARD_CALLED_IMPORT_FIRST = "There is no board called {name!r}. Import a pack for it first."

# -- which board a clerk means (services.boards.clerk_board) ---------------------------------

# {boards}: the names to choose among, by name, comma-separated.
SAY_WHICH_BOARD = (
    "You are the clerk of {count} boards ({boards}). Say which one, for example: /{command} {first}"
)
# When no command takes the board's name (an action's owner usually settles it).
WHICH_BOARD_IS_IT_FOR = "Which board is this for? You clerk {boards}."
NO_CLERKED_BOARD_FITS = "None of the boards you clerk matches “{words}” ({boards})."
SEVERAL_CLERKED_BOARDS_FIT = (
    "“{words}” fits more than one of your boards ({boards}). Please write more."
)

# -- actions (services.actions) ---------------------------------------------------------------

ACTION_GONE = "That action no longer exists."
NO_ACTION_ON_YOUR_BOARDS = "There is no action {handle} on your boards."
NOT_AN_ACTION_NUMBER = "“{ref}” is not an action number: write it as #123."
OWNER_OR_CLERK_ONLY = "Only the action's owner or the board's clerk can do that."
OWNER_ONLY_CANNOT_DO = "Only the action's owner can say they can't do it."
NAME_THE_OWNER = "Whose action is it? Name the owner, e.g. @Diane Ellison."
DESCRIPTION_EMPTY = "The action's description is empty."
DESCRIPTION_TOO_LONG = "The action's description is {length} characters long; the limit is {limit}."
REASON_EMPTY = "The reason is empty."
REASON_TOO_LONG = "The reason is {length} characters long; the limit is {limit}."
CANNOT_REASSIGN = "Action {handle} is {status}, so it can't be reassigned."
CANNOT_REDATE = "Action {handle} is {status}, so it can't be re-dated."
NOTHING_TO_DROP = "Action {handle} is done, so there is nothing to drop."
DROPPED_NOT_DONE = "That action was dropped, so it can't be marked done."
UPDATE_EMPTY = "An update needs some words: please send it as text."
UPDATE_TOO_LONG = (
    "That update is {length} characters long; the limit is {limit}. Please send a shorter one."
)
NOTHING_TO_TELL_CLERK = "That action is {status}: nothing to tell the clerk."


def unknown_owner(name: str, board: str, close: Sequence[str]) -> str:
    """An owner's name that fits no one on ``board``, with the ``close`` names if there are any."""
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    return f"I can't tell who “{name}” is on {board}.{hint}"


# -- attendance (services.attendance) ---------------------------------------------------------

UNKNOWN_ATTENDANCE = "Unknown attendance {status!r}: use attending or apologies."
SUBSTITUTE_ONLY_WITH_APOLOGIES = "A substitute is only named when sending apologies."
ATTENDANCE_REASON_TOO_LONG = "Please keep the reason under {limit} characters."
SUBSTITUTE_TOO_LONG = "Please keep the substitute's name under {limit} characters."
ATTENDANCE_CLOSED = "That meeting has already started; attendance is closed."

# -- publishing and broadcasts (services.broadcasts) ------------------------------------------

NOTHING_TO_PUBLISH = "{board} has no upcoming meeting to publish. Import its agenda pack first."
# The board in NOTHING_TO_PUBLISH when its row has gone.
UNNAMED_BOARD = "Your board"
CANCELLED_NOTHING_TO_ANNOUNCE = (
    "That meeting has been cancelled, so there is no agenda to announce."
)
STARTED_TOO_LATE_TO_ANNOUNCE = "That meeting has already started, so it is too late to announce it."
ALREADY_PUBLISHED = (
    "The agenda for {board} was already published; send it again only if members need it twice."
)
NOTHING_TO_BROADCAST = "There is nothing to send: write the message after /broadcast."
PREVIEW_OUTDATED = (
    "The meeting has changed since that preview, so nothing was sent. Here is the new one."
)
BROADCAST_TOO_LONG = (
    "That message is {length:,} characters long; the limit is {limit:,}. "
    "Please shorten it, or send it in two parts."
)

# -- calendar feeds (services.calendar_feeds) -------------------------------------------------

PERSON_GONE = "That person is no longer on record."
NOT_AN_EMAIL = "{value!r} is not an e-mail address (e.g. clerk@council.gov.uk)."
NO_MEMBER_CALLED = "{board} has no member called {name!r}."

# -- groups (services.chats) ------------------------------------------------------------------

GROUP_OF_ANOTHER_BOARD = (
    "This group is linked to another board; only that board's clerk can move it."
)

# -- importing packs (services.imports) -------------------------------------------------------

# What storing needs and the document did not give (the CLI's options name what to pass).
PACK_NAMES_NO_BOARD = (
    'The document does not name its board, so nothing was stored; pass --board "NAME".'
)
BOARD_NAME_TOO_LONG = "The board's name is longer than {width} characters; pass a shorter --board."
BOARD_NAME_EMPTY = "A board needs a name."
NO_MEETING_DATE = (
    "The document gives no meeting date, so nothing was stored; pass the meeting's date and "
    "time, e.g. --date 2024-03-04 --time 18:30."
)
NO_MEETING_TIME = (
    "The document gives the meeting's date ({day}) but not its time, so nothing was stored; "
    "pass the time, e.g. --time 18:30."
)
MINUTES_UNDATED = (
    "These minutes do not say when the meeting was held, so nothing was stored; pass its date, "
    "e.g. --date 2024-03-04."
)
MINUTES_DATED_AHEAD = (
    "These minutes are dated {day}, which is still to come, so nothing was stored. Check the "
    "date; if it was misread, pass the right one, e.g. --date 2024-03-04."
)
# {removed} of {stored} agenda items; {when}: the meeting's date and time, in its zone.
IMPORT_WOULD_REMOVE_ITEMS = (
    "This document would remove {removed} of the {stored} agenda items of {board}'s meeting on "
    "{when}: it may be damaged, or only part of the pack. Nothing was changed; to import it "
    "anyway, pass --force."
)
# The document names another body than the board chosen for it (services.imports).
IMPORT_WRONG_BOARD = (
    "This pack is for {body}, not {board}. Nothing was stored. Import it into its own board, "
    "or use --force to import it here anyway."
)
# The board named is not on record, and other boards are: never created unasked.
IMPORT_NEW_BOARD_DID_YOU_MEAN = (
    "There is no board called “{name}”. Did you mean {suggestions}? Nothing was stored; pass "
    '--board "NAME" to import into a board on record, or --new-board to create “{name}”.'
)
IMPORT_NEW_BOARD = (
    "There is no board called “{name}” (the boards on record are {boards}). Nothing was "
    'stored; pass --new-board to create it, or --board "NAME" to import into one of them.'
)

# -- invites and linking people (services.invites, services.people) ---------------------------

NO_ONE_CALLED = (
    "No one called {name!r} is a member of {board}. "
    "Use the name as it appears in the pack's membership list."
)
ACCOUNT_LINKED_TO = (
    "This Telegram account is already linked to {name}. Ask the clerk if that is wrong."
)
ACCOUNT_LINKED_TO_ANOTHER = (
    "This Telegram account is already linked to another member. Ask the clerk if that is wrong."
)
CLERK_LINKED_ELSEWHERE = (
    "{name} on {board} is already linked to Telegram account {linked}, not {account}."
)
ACCOUNT_ALREADY_LINKED = "Telegram account {account} is already linked to {name}."
UNKNOWN_ROLE = "Unknown role {role!r}; use one of: {allowed}."
CLERK_NOT_STORED = "The clerk was not stored."
LINK_NOT_STORED = "The link was not stored."
NO_ONE_CALLED_DID_YOU_MEAN = (
    "No one called {name!r} is a member of {board}. Did you mean: {matches}?"
)

# -- adding, retiring and re-roling members; clerks (services.members) -------------------------

MEMBER_NAME_EMPTY = "Give the member's name."
MEMBER_NAME_TOO_LONG = "A name is at most {limit} characters."
MEMBER_TITLE_TOO_LONG = "A title is at most {limit} characters."
NOT_A_MEMBER_ROLE = "{role!r} is not a role; use one of: {allowed}."
CLERKS_BY_INVITATION = "A clerk joins with a clerk invitation (clerk invite), not as a member."
ALREADY_ON_BOARD = "{name} is already on {board} ({roles}). To change their role, use member role."
# {matches}: the close names, comma-separated.
CLOSE_TO_KNOWN = (
    "{name!r} is close to {matches}, already known on {board}. If {name!r} is someone else, "
    "confirm adding them as new."
)
ALREADY_LEFT = "{name} has already left {board}."
ALREADY_HOLDS_ROLE = "{name} is already {role}."
# A role after "is" (keys: core.roles.Role values; {board} is the board's name).
ROLE_ON_BOARD = {
    "chair": "the chair of {board}",
    "vice-chair": "a vice-chair of {board}",
    "member": "a member of {board}",
    "officer": "an officer of {board}",
    "clerk": "a clerk of {board}",
    "for-information": "sent the papers of {board} for information",
}
NOT_A_CLERK_OF = "{name} is not a clerk of {board}."
LAST_CLERK = (
    "{name} is the only clerk of {board}, and a board needs one. Invite another clerk first "
    "(clerk invite), then try again."
)

# -- changing a meeting (services.meeting_changes) --------------------------------------------

NO_MEETING_NUMBER = "There is no meeting {meeting_id}."
STARTED_CANNOT_CHANGE = "That meeting has already started, so it cannot be changed."
NEW_TIME_PAST = "The new time is in the past. Give a time still to come."
ALREADY_AT_THAT_TIME = "The meeting is already at that time."
SAY_WHERE = "Say where the meeting will be."
PLACE_TOO_LONG = "A place is at most {limit} characters."
ALREADY_THERE = "The meeting is already there."

# -- meetings without a pack, and agenda corrections (services.agenda_edit) --------------------

NEW_MEETING_PAST = "That time has passed. Give a time still to come."
MEETING_ALREADY_ON_DAY = "{board} already has a meeting on {when} (ID {meeting_id})."
JOIN_LINK_NOT_A_LINK = "A join link starts with https:// or http://."
JOIN_LINK_TOO_LONG = "A join link is at most {limit} characters."
NO_MEETING_TO_EDIT = "{board} has no meeting coming up. Create one with /meeting new."
NO_MEETING_TO_EDIT_ON = "{board} has no meeting on {day}."
NO_ITEM_NUMBERED = "There is no item {number} on the agenda of {when}."
ITEM_NUMBER_TAKEN = "There is already an item {number} on that agenda."
ITEM_NUMBER_UNREADABLE = "An item number is at most {limit} characters, e.g. 5 or 8A."
ITEM_TITLE_EMPTY = "Give the item a title."
ITEM_TEXT_TOO_LONG = "The {what} is at most {limit} characters."
ITEM_DURATION_RANGE = "A duration is between 1 and {limit} minutes."
ITEM_PAGES_RANGE = "Pages run from a first page to a later one, e.g. 11-24."
ITEM_MOVE_NOWHERE = "Say where to move it: a position, or before or after another item."
ITEM_MOVE_ONTO_ITSELF = "An item cannot be moved before or after itself."
ITEM_NOTHING_TO_CHANGE = (
    "Nothing to change: give a new title, presenter, duration, pages or number."
)

# -- reminder preferences (services.preferences) ----------------------------------------------

RECORD_GONE = "I can't find your record any more. Please ask your clerk."
LEAD_NOT_OFFERED = "{lead!r} is not a lead time I can offer."
LEAD_NOT_A_CHOICE = "{lead} is not one of the lead times you can choose."
LAST_LEAD = (
    "You need at least one reminder before meetings. "
    "To stop a board's reminders, mute the board instead."
)
NOT_A_QUIET_CHOICE = "{preset!r} is not a quiet-hours choice; use one of {names}."
NO_LEAD_GIVEN = "Give at least one lead time, e.g. 7d,1d,2h."
ESCALATION_RANGE = "Escalation must be between {low} and {high} days overdue."

# -- quorum rules (services.quorum) -----------------------------------------------------------

# What a rule may be: in the CLI's help and in the error for a rule that cannot be read.
QUORUM_RULE_HELP = (
    'a number of members ("5"), a fraction of the voting members ("1/3", "50%", "half") '
    'or "majority"'
)
QUORUM_UNREADABLE = "I can't read {text!r} as a quorum: give " + QUORUM_RULE_HELP + "."
QUORUM_COUNT_IMPOSSIBLE = "A quorum of {count} members is not possible."
QUORUM_NOT_A_FRACTION = "A quorum of {numerator}/{denominator} is not a fraction of 1."
QUORUM_SHARE_IMPOSSIBLE = "A quorum of {share}% is not possible."

# -- sync sources (services.sources, services.sync) -------------------------------------------

SOURCE_EXISTS = "That source is already set up for {board}."
NO_SOURCE_NUMBERED = "There is no source number {source_id}."
SOURCE_NEEDS_COMMITTEE = "Say which committee to sync: give its id (quorum source committees)."
SOURCE_INTERVAL_RANGE = "Sync every {low} to {high} minutes, please: {minutes} is out of range."
# A source that failed in a way it did not explain (a fault of ours, logged for the operator).
SOURCE_UNEXPECTED_REASON = "Something went wrong while reading the council's site."
SOURCE_UNEXPECTED_ADVICE = "If this keeps happening, please tell the operator."
SOURCE_URL_TOO_LONG = "That address is too long: at most {limit} characters, please."
SOURCE_SYNC_UNDER_WAY = (
    "A sync of this source is already under way. Please try again in a few minutes."
)
SOURCE_SYNC_SUPERSEDED = "Another sync of this source took over; nothing was stored."
SOURCE_COMMITTEE_NOT_A_NUMBER = (
    'A Modern.Gov committee is given by its number, like 140: "{committee}" is not one. '
    "The site's list of committees shows each one's number (/source committees, or "
    "quorum source committees)."
)
SOURCE_COMMITTEE_NOT_ON_SITE = "Committee {committee} is not on {site}."
SOURCE_COMMITTEE_NOT_ON_SITE_ADVICE = (
    "Check its number with /source committees (quorum source committees on the command line): "
    "the council may have renumbered or closed it."
)
SOURCE_FAILED_TOLD_IN_REPLY = "told in the reply to the sync they asked for"
# A meeting a sync source brought (Meeting.source_id set): its time, place and agenda are the
# council site's; clerks' edits and packs would be undone by the next sync (services.imports,
# services.meeting_changes, services.agenda_edit).
MEETING_IS_SYNCED = (
    "This meeting is synced from the council's site: change it there, and the next sync "
    "brings it here (or remove the source with /source remove)."
)
IMPORT_SYNCED_MEETING = (
    "{meeting} is synced from the council's site: its time, place and agenda come from there; "
    "only what the site does not give (pages, report numbers, durations) was taken from the pack."
)
