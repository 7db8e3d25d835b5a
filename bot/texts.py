"""User-facing wording, kept in one place. Values are HTML; placeholders are filled escaped."""

from core.roles import Role
from services import messages

BUTTON_AGENDA = "Agenda"
BUTTON_JOIN = "Join online"
BUTTON_CALENDAR = "Add to calendar"
BUTTON_APOLOGIES = "Send apologies"
BUTTON_MY_ACTIONS = "My actions"
BUTTON_OPEN_PRIVATE = "Open in private chat"
BUTTON_PREVIOUS = "‹ Previous"
BUTTON_NEXT = "Next ›"

STRANGER = (
    "Hello! I'm <b>Quorum</b>, the meetings assistant for board members.\n"
    "I don't know you yet, so I can't show you any board's papers. "
    "Please ask your clerk for an invite link."
)
# A stranger's button press, answered in an alert (plain text, no HTML).
STRANGER_BUTTON = "I don't know you yet. Please ask your clerk for an invite link."
INVITE_NOT_VALID = (
    "That invite link has expired or has already been used. "
    "Please ask your clerk for an invite link."
)
WELCOME = "Welcome, {name}! You're now linked to Quorum."
GREETING = "Hello {name}! You're on:\n{boards}\n\nTry /next for your next meeting, or /help."
NO_BOARDS = "Hello {name}! You're not on any board yet; your clerk can add you."
NO_MEETING = (
    "There are no upcoming meetings on your boards yet. "
    "When your clerk imports the next agenda pack, it will appear here."
)
NO_SUCH_MEETING = "I couldn't find a meeting {what} on your boards. Try /meetings."
NO_ITEMS = "The agenda for this meeting has not been published yet."
NO_ITEM = "There is no item {number} on the agenda of your next meeting. Try /agenda."
ITEM_USAGE = "Which item? For example: /item 8A"
SEARCH_USAGE = "What should I look for? For example: /search better care fund"
STALE_BUTTON = "That button no longer works. Send /next for the latest."
CHANGED = "This has changed since that message: here is the current one."
LIST_EXPIRED = "That list has expired: please ask again."
UNKNOWN_COMMAND = "Sorry, I don't know {command}. Send /help to see what I can do."
FREE_TEXT = "Sorry, I didn't understand that. Send /help to see what I can ask."
SOMETHING_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
EXEMPT_WITHHELD = "{count} confidential (exempt) item(s) not shown here."
NO_ACTIONS = "You have no actions on record. 🎉"
NO_DECISIONS = "No decisions found{about}."
NO_RESULTS = "Nothing found for “{words}” on your boards."
APOLOGIES_SENT = "Your apologies for {board}, {when}, are recorded. Your clerk will see them."
CALENDAR_CAPTION = "Open the file to add the meeting to your calendar."
GROUP_NOT_LINKED = (
    "This group isn't linked to a board yet. A clerk can link it by sending /link here."
)
GROUP_PRIVATE_ONLY = "That's personal, so I answer it in a private chat."
GROUP_LINKED = "This group is now linked to {board}. Members can ask /next and /agenda here."
INVITE_USAGE = "Whom should I invite? For example: /invite Diane Ellison"
INVITE_ISSUED = (
    "Invite for {name} ({board}), valid until {expires}. Send them this link; it works once:\n"
    "{link}"
)

HELP_MEMBER = (
    "<b>What I can do</b>\n"
    "/next: your next meeting: when, where, how to join\n"
    "/agenda: the agenda (add a board name or a date: /agenda 10 October)\n"
    "/meetings: upcoming and recent meetings\n"
    "/item 8A: one agenda item: presenter, report, pages, decision\n"
    "/actions: the actions you own, with [Done] [Update] [Can't do] for each\n"
    "/apologies: send apologies for the next meeting (add a reason; substitute: NAME)\n"
    "/decisions: recent decisions (add words to search them)\n"
    "/search words: agenda items, decisions and actions\n"
    "/members: who is on your boards\n"
    "/settings: your reminders: how long before meetings, quiet hours, muting a board\n"
    "/calendar: a link that keeps your meetings and actions in your calendar app\n"
    "/help: this list\n\n"
    "You can also just ask: “when is the next meeting?”, “who is presenting 10B?”, "
    "“what did we decide about the better care fund?”"
)
HELP_CLERK = (
    "\n\n<b>For clerks</b>\n"
    "/invite NAME: an invite link for a member\n"
    "/action add TEXT @NAME by DATE: a new action (also assign, due, drop, history #ID)\n"
    "/actions board: your board's actions by owner, overdue marked, with the latest updates\n"
    "/arising: the actions arising for the next meeting, to post to the board's group\n"
    "/attendance: who is coming, apologies and substitutes, and whether it will be quorate\n"
    "/link: in a group chat, link the group to your board\n"
    "/publish: announce the next meeting's agenda to every member (add a board or a date)\n"
    "/broadcast TEXT: send a message to every member of your board\n"
    "/meeting: move, re-place or cancel a meeting; members are told what changed"
)
HELP_STRANGER = (
    "<b>Quorum</b> answers board members' questions about meetings and agendas.\n"
    "To start, ask your clerk for an invite link."
)
HELP_GROUP = (
    "In this group I answer /next and /agenda with public information. "
    "For your actions, apologies and confidential papers, talk to me privately."
)

# The command menus (setMyCommands): name, description.
MEMBER_COMMANDS = (
    ("next", "Your next meeting"),
    ("agenda", "Agenda of your next meeting"),
    ("meetings", "Upcoming and recent meetings"),
    ("item", "One agenda item, e.g. /item 8A"),
    ("actions", "Actions you own"),
    ("apologies", "Send apologies for a meeting"),
    ("decisions", "Recent decisions"),
    ("search", "Search items, decisions, actions"),
    ("members", "Who is on your boards"),
    ("settings", "Reminders: lead times, quiet hours, mute a board"),
    ("calendar", "Your meetings in your calendar app"),
    ("help", "What I can do"),
)
CLERK_COMMANDS = (
    *MEMBER_COMMANDS,
    ("invite", "Invite link for a member"),
    ("link", "Link a group chat to your board"),
    ("publish", "Announce the next agenda to members"),
    ("broadcast", "Send a message to all members"),
    ("meeting", "Move, re-place or cancel a meeting"),
    ("arising", "Actions arising for the next meeting"),
    ("action", "Add, assign, re-date or drop an action"),
    ("attendance", "Who is coming; will it be quorate"),
)
GROUP_COMMANDS = (
    ("next", "The board's next meeting"),
    ("agenda", "Agenda of the next meeting"),
)

# -- reminders and announcements
BUTTON_ACTION_DONE = "Done"
BUTTON_ACTION_UPDATE = "Add update"
BUTTON_PUBLISH_AGAIN = "Publish again"
# The services' refusal of a non-clerk, worded once (plain text, safe as HTML).
CLERK_ONLY = messages.CLERK_ONLY
BROADCAST_USAGE = (
    "What should I send? Write the message after the command, for example:\n"
    "/broadcast The site visit on Friday starts at 10am at the main entrance."
)
BROADCAST_WHICH_BOARD = "You are the clerk of several boards. Which board should get this message?"
BROADCAST_DRAFT_GONE = "That message is no longer waiting to be sent. Please send /broadcast again."
PUBLISH_NO_BOARD = (
    "None of your boards matches “{words}”. Send /publish with the name of one of your boards "
    "({boards}) or the date of the meeting."
)
PUBLISH_SEVERAL_BOARDS = (
    "“{words}” fits more than one of your boards ({boards}). Please write more of the board's name."
)
PUBLISH_NO_MEETING_ON = "None of your boards meets on {day}."
ALREADY_PUBLISHED = (
    "The agenda for {meeting} was already published on {when}, and it has not changed since. "
    "Publish it again? Every member will get it a second time."
)
PREVIOUSLY_PUBLISHED = "An earlier version was published on {when}; members now get this one."
PUBLISH_AGAIN_STARTED = "Publishing again."
REMINDER_HINT_ACTION = "Press Done when it is finished, or add an update for your clerk."
UNREACHABLE_NOTICE = (
    "{name}{board} can no longer be reached on Telegram (they blocked Quorum or left). "
    "They will not get reminders or announcements until they open the bot again."
)
REPORT_UNREACHABLE_NOTE = "not on Telegram yet, or they blocked Quorum"

# -- settings, actions and the outbox
SETTINGS_TITLE = "<b>Your reminders</b>"
SETTINGS_LEADS_OWN = "Before meetings: {leads} before (your choice)."
SETTINGS_LEADS_DEFAULT = "Before meetings: {leads} before (your board's default)."
SETTINGS_LEADS_PER_BOARD = "Before meetings, as each board sets it:"
SETTINGS_LEADS_BOARD = "• {board}: {leads} before"
SETTINGS_QUIET = (
    "Quiet hours: {hours}{default}. At night only short-notice reminders (hours before a "
    "meeting) come through; the others arrive before or after."
)
SETTINGS_QUIET_DEFAULT = " (the default)"
SETTINGS_QUIET_OFF = "Quiet hours: off. Reminders come at any time of day."
SETTINGS_MUTED = (
    "Muted: {boards}. No meeting reminders from them; nudges about your actions still come."
)
SETTINGS_HINT = "Tap a button to change a setting."
BUTTON_CHOSEN = "✓ {label}"
BUTTON_BOARD_DEFAULT = "Use the board's default"
BUTTON_QUIET = "Quiet {hours}"
BUTTON_QUIET_OFF = "No quiet hours"
BUTTON_UNMUTED = "🔔 {board}"
BUTTON_MUTED = "🔕 {board} (muted)"
SETTINGS_SAVED = "Saved."
SETTINGS_STALE = "That settings button no longer works. Send /settings for the current menu."
PRIVATE_ONLY = "That's personal, so I do it in a private chat."
ACTION_LABEL = "action {label} ({description})"
ACTION_MARKED_DONE = "<b>✓ Marked done</b>"
ACTION_DONE_THANKS = "Marked done. Thank you!"
ACTION_ALREADY_DONE = "That action is already marked done."
ACTION_UPDATE_PROMPT = "Send your update on {action} in one message (or /cancel)."
ACTION_UPDATE_PLACEHOLDER = "Your update"
ACTION_UPDATE_SAVED = "Update saved on {action}. Your clerk can see it."
ACTION_UPDATE_RETRY = "{problem} Or send /cancel."
ACTION_UPDATE_CANCELLED = "Cancelled: no update saved."
NOTHING_TO_CANCEL = "There's nothing to cancel."

# -- meeting changes (move, place, cancel) --
CALENDAR_UPDATE = "Open the file to update the meeting in your calendar."
CANCELLED_CALENDAR = "Open the file to mark it cancelled in your calendar."
MEETING_USAGE = (
    "<b>Change a meeting</b> (members are told what changed, with an updated calendar file):\n"
    "/meeting move ID WHEN: e.g. <code>/meeting move {example} 14 Nov 2:30pm</code>\n"
    "/meeting place ID PLACE: e.g. <code>/meeting place {example} Council Chamber</code>\n"
    "/meeting cancel ID"
)
MEETING_LIST_HEAD = "Meetings you can change (ID, when, board):"
MEETING_LIST_EMPTY = "There are no upcoming meetings of boards you clerk."
MEETING_BAD_ID = "“{text}” is not a meeting ID. Send /meeting to see the IDs."
MEETING_BAD_WHEN = (
    "I couldn't read “{text}” as a date and time. Try <code>14 Nov 2:30pm</code> or "
    "<code>2026-11-14 14:30</code>."
)
MEETING_NO_PLACE = "Say where, e.g. <code>/meeting place {id} Council Chamber</code>."
MEETING_NEEDS_TIME = "Give a time as well as the day, e.g. <code>{text} 2pm</code>."
MEETING_CONFIRM_MOVE = (
    "Move <b>{board}</b> from {old} to <b>{new}</b>?\n"
    "{members} will be told, with an updated calendar file."
)
MEETING_CONFIRM_PLACE = (
    "Change the place of <b>{board}</b> on {when} to <b>{place}</b>?\n"
    "{members} will be told, with an updated calendar file."
)
MEETING_CONFIRM_CANCEL = (
    "Cancel <b>{board}</b> on {when}?\n"
    "{members} will be told, and the meeting is marked cancelled in their calendars."
)
BUTTON_MEETING_CONFIRM_MOVE = "Move it"
BUTTON_MEETING_CONFIRM_PLACE = "Change the place"
BUTTON_MEETING_CONFIRM_CANCEL = "Cancel the meeting"
BUTTON_MEETING_KEEP = "Keep it as it is"
MEETING_KEPT = "Nothing changed."
MEETING_STALE = "That meeting has changed since I asked. Send the command again."
MEETING_CHANGED = "Done: {summary}. {members} will be told; I'll report when they have been."
MEETING_CHANGED_NOBODY = "Done: {summary}. Nobody needed telling."

# -- calendars (feeds) --
BUTTON_ADD_NEXT_MEETING = "Add the next meeting (file)"
CALENDAR_HOW = (
    "To subscribe: Outlook: Add calendar › Subscribe from web; Google Calendar: Other calendars "
    "› From URL (the web address); Apple Calendar: File › New Calendar Subscription (or open the "
    "webcal link). Your calendar app then keeps it up to date."
)
CALENDAR_PERSONAL = (
    "<b>Your meetings in your calendar</b>\n"
    "Every meeting of your boards, and the due dates of your actions:\n"
    "<code>{webcal}</code>\n"
    "or, where a web address is asked for:\n"
    "<code>{web}</code>\n\n"
    "{how}\n"
    "🔒 This link is personal: please don't share it. /calendar reset gives you a new one and "
    "stops the old one."
)
CALENDAR_RESET_DONE = (
    "Done: your old calendar link no longer works. Subscribe again with the new one below."
)
CALENDAR_BOARDS_HEAD = "\n<b>Your boards' public calendars</b> (public information, fine to share):"
CALENDAR_BOARD_LINE = "• {board}: <code>{web}</code>"
CALENDAR_GROUP = (
    "<b>{board}: meetings calendar</b>\n"
    "The board's meetings, public information only:\n"
    "<code>{webcal}</code>\n"
    "<code>{web}</code>\n\n"
    "{how}\n"
    "Members: send me /calendar privately for your own calendar, with your actions."
)

# -- the clerk's view of actions (/actions board, /arising) --
ACTIONS_BOARD_HINT = "Clerks: /actions board for the board's register."
REGISTER_TITLE = "<b>Action register</b>"
REGISTER_TITLE_BOARD = "<b>Action register: {board}</b>"
REGISTER_EMPTY = "No open actions, and none finished in the last {days} days."
REGISTER_UNASSIGNED = "No owner yet"
REGISTER_DONE = "✅ done"
REGISTER_OVERDUE = "⚠️ <b>overdue</b>"
REGISTER_UPDATE = "💬 {day}: {text}"
ARISING_TITLE = "📋 <b>Actions arising: {board}</b>"
ARISING_FOR = "For the meeting on {when}."
ARISING_NO_MEETING = "No next meeting is scheduled yet."
ARISING_DONE_SINCE = "<b>Done since the last meeting ({day})</b>"
ARISING_DONE_EVER = "<b>Done</b>"
ARISING_OPEN = "<b>Still open</b>"
ARISING_NONE_DONE = "None."
ARISING_NONE_OPEN = "None: every action is done. 🎉"
ARISING_NO_GROUP = "<i>To post this to the board's group, link the group first: /link there.</i>"
BUTTON_ARISING_POST = "Post to the group"
ARISING_POSTED = "✅ Posted in {group}."
ARISING_POST_FAILED = "❌ Not posted in {group}: {reason}"
ARISING_ALREADY_POSTED = "That summary was already posted."
ARISING_STALE = "The actions have changed since this summary: send /arising for the current one."
ARISING_NO_GROUP_NOW = "The board has no linked group any more: nothing was posted."
GROUP_UNTITLED = "the board's group"

# -- attendance (attending, apologies, quorum) --
BUTTON_ATTENDING = "Attending"
BUTTON_CHASE = "Remind those who have not replied"
ATTENDING_THANKS = "Thanks: you're down as attending."
APOLOGIES_THANKS = "Apologies recorded."
APOLOGIES_DETAILS_PROMPT = (
    "Add a reason or a substitute? Reply in one message, e.g. "
    "<code>Hospital appointment; substitute: Cllr Jones</code> (or /cancel)"
)
APOLOGIES_DETAILS_PLACEHOLDER = "Reason; substitute: name"
APOLOGIES_DETAILS_RETRY = "{problem} Please send it again, or /cancel."
APOLOGIES_DETAILS_EMPTY = "I couldn't find a reason or a substitute in that."
APOLOGIES_DETAILS_CANCELLED = "OK: your apologies stand, without a reason or substitute."
APOLOGIES_WITH_DETAILS = "Your apologies for {board}, {when}, are recorded{details}."
APOLOGIES_CLERKS_TOLD = " The agenda is already out, so your clerk has been told."
ATTENDANCE_CLERKS_ONLY = (
    "Only a board's clerk can see who is coming. Use the buttons on /next to give your own answer."
)
CHASE_QUEUED = "Reminding {count} member(s) who have not replied."
CHASE_STALE = "That meeting has changed since this view: send /attendance again."
CHASE_NONE = "Nobody to remind: every voting member on Telegram has replied or was reminded today."
LATE_APOLOGY_FOOTER = "The agenda was already published. /attendance shows who is coming."
CHASE_ASK = "Please let the clerk know whether you will attend: press a button below."

# -- action register (/action) and [Can't do] --
ACTION_ADMIN_USAGE = (
    "<b>/action</b>: the action register (clerks)\n"
    "/action add TEXT @NAME by DATE: a new action (also “for NAME”, “due DATE”)\n"
    "/action assign #ID NAME: give it to someone else\n"
    "/action due #ID DATE: a new due date\n"
    "/action drop #ID: no longer needed\n"
    "/action history #ID: who did what, and when\n"
    "Dates: “31 Jan”, “31/1”, “next Friday”, “2025-01-31” (day first)."
)
ACTION_ADD_USAGE = (
    "Please write it as: /action add Draft the falls strategy @Diane Ellison by 31 Oct"
)
ACTION_ASSIGN_USAGE = "Please write it as: /action assign #12 Mike Sandys"
ACTION_DUE_USAGE = "Please write it as: /action due #12 next Friday"
ACTION_REF_USAGE = "Please name the action by its number: /action {verb} #12"
ACTION_DATE_UNREADABLE = (
    "I can't read “{text}” as a date. Try “31 Jan”, “31/1”, “next Friday” or “2025-01-31”."
)
ACTION_DATE_ASK_WEEKDAY = "“{text}” could mean either of these days. Which one?"
ACTION_DATE_ASK_PAST = "“{text}” has already gone. Which day do you mean?"
ACTION_DATE_ASK_PAST_ONE = "“{text}” is in the past. Press the date to use it anyway."
ACTION_DATE_DAY_FIRST = "Read day first: {day}, not {other}."
ACTION_DATE_STALE = "That question has expired: please send the command again."
ACTION_ADDED = "Added action <b>{handle}</b> on {board}:\n{description}\nOwner: {owner}\nDue: {due}"
ACTION_NO_DUE = "no date"
ACTION_ASSIGNED = "Action <b>{handle}</b> is now {owner}'s: {description}"
ACTION_ASSIGN_SAME = "Action <b>{handle}</b> already belongs to {owner}."
ACTION_DUE_SET = "Action <b>{handle}</b> is now due {due}: {description}"
ACTION_DUE_SAME = "Action <b>{handle}</b> is already due {due}."
ACTION_DROPPED = "Dropped action <b>{handle}</b>: {description}. No more reminders about it."
ACTION_ALREADY_DROPPED = "Action <b>{handle}</b> was already dropped."
ACTION_HISTORY_EMPTY = "Nothing has happened to it yet."
ACTION_EVENT_LABELS = {
    "created": "created",
    "done": "marked done",
    "update": "update",
    "assigned": "reassigned",
    "due": "due date changed",
    "dropped": "dropped",
    "carried-forward": "carried forward",
    "closed-by-minutes": "closed by the minutes",
    "cant-do": "can't do",
}
BUTTON_ACTION_CANT_DO = "Can't do — tell the clerk"
ACTION_CANT_DO_PROMPT = (
    "Why can't you do {action}? Send a short reason in one message (or /cancel)."
)
ACTION_CANT_DO_PLACEHOLDER = "The reason"
ACTION_CANT_DO_SENT = "Your clerk has been told."
ACTION_CANT_DO_NO_CLERK = (
    "Noted in the action's history, but your board has no clerk on Telegram to tell."
)
ACTION_CANT_DO_CANCELLED = "Cancelled: nothing sent to the clerk."
ACTION_CANT_DO_FOOTER = "The action stays open: /action assign, /action due or /action drop."

# -- the owner's /actions list --
BUTTON_LIST_DONE = "✓ Done {handle}"
BUTTON_LIST_UPDATE = "Update {handle}"
BUTTON_LIST_CANT_DO = "Can't do {handle}"
ACTION_DONE_IN_LIST = "✓ Marked done: {handle}"

# How each board role is named to people (plain text).
ROLE_NAMES: dict[str, str] = {
    Role.CHAIR: "chair",
    Role.VICE_CHAIR: "vice-chair",
    Role.MEMBER: "member",
    Role.OFFICER: "officer",
    Role.CLERK: "clerk",
    Role.FOR_INFORMATION: "for information",
}

# List titles (HTML).
ACTIONS_TITLE = "<b>Your actions</b>"
DECISIONS_TITLE = "<b>Recent decisions</b>"
DECISIONS_ABOUT_TITLE = "<b>Decisions about “{words}”</b>"
DECISIONS_ABOUT = " about “{words}”"
RESULTS_TITLE = "<b>Results for “{words}”</b>"
MEMBERS_TITLE = "<b>Members</b>"
MEETINGS_TITLE = "<b>Your meetings</b>"
MEETING_LIST_LINE = "<code>{id}</code> {when}, {board}"
# Which meeting was asked for, filling NO_SUCH_MEETING's {what} (plain text, escaped whole).
MEETING_ON = "on {day}"
MEETING_FOR = "for “{board}”"
MEETING_COMING_UP = "coming up"
MEMBER_COUNT_ONE = "{count} member"
MEMBER_COUNT = "{count} members"
MEETING_PLACE_TOO_LONG = "A place is at most {limit} characters."
NO_OWNER = "—"
SOMEONE_OWNER = "The owner"
# Joins the last two of a list: "7 days, 1 day and 2 hours".
LIST_LAST_JOIN = " and "
