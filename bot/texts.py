"""User-facing wording, kept in one place. Values are HTML; placeholders are filled escaped."""

from core.roles import Role
from services import messages

BUTTON_AGENDA = "Agenda"
BUTTON_JOIN = "Join online"
BUTTON_CALENDAR = "Add to calendar"
BUTTON_APOLOGIES = "Send apologies"
# Under the card a question like "I can't make it" brings: nothing is recorded before the press.
APOLOGIES_OFFER = (
    "To send your apologies for this meeting, press <b>Send apologies</b>: nothing is recorded"
    " until you do."
)
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
SOMETHING_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
EXEMPT_WITHHELD_ONE = "1 confidential (exempt) item is not shown here."
EXEMPT_WITHHELD = "{count} confidential (exempt) items are not shown here."
NO_ACTIONS = "You have no actions on record. 🎉"
NO_DECISIONS = "No decisions found{about}."
NO_RESULTS = "Nothing found for “{words}” on your boards."
APOLOGIES_SENT = "Your apologies for {board}, {when}, are recorded. Your clerk will see them."
CALENDAR_CAPTION = "Open the file to add the meeting to your calendar."
GROUP_NOT_LINKED = (
    "This group isn't linked to a board yet. A clerk can link it by sending /link here."
)
GROUP_PRIVATE_ONLY = "That's personal, so I answer it in a private chat."
GROUP_CLERK_ONLY = "Clerk commands work in a private chat with me."
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
    "/papers 6: the papers of item 6 (/papers alone: all the next meeting's papers)\n"
    "/actions: the actions you own, with [Done] [Update] [Can't do] for each\n"
    "/apologies: send apologies for the next meeting (add a reason; substitute: NAME)\n"
    "/decisions: recent decisions (add words to search them)\n"
    "/search words: agenda items, decisions and actions\n"
    "/members: who is on your boards\n"
    "/who chair (or vice-chair, clerk, a name): someone's role, items and actions\n"
    "/settings: your reminders: how long before meetings, quiet hours, muting a board\n"
    "/calendar: a link that keeps your meetings and actions in your calendar app\n"
    "/help: this list\n\n"
    "You can also just ask: “when is the next meeting?”, “who is presenting 10B?”, "
    "“what did we decide about the better care fund?”"
)
HELP_CLERK = (
    "\n\n<b>For clerks</b>\n"
    "/invite NAME: an invite link for a member\n"
    "/member add NAME [role] [title]: add a member (also remove NAME, role NAME ROLE)\n"
    "/clerk invite: a link that makes its opener a clerk (also remove NAME)\n"
    "/action add TEXT @NAME by DATE: a new action (also assign, due, drop, history #ID)\n"
    "/actions board: your board's actions by owner, overdue marked, with the latest updates\n"
    "/arising: the actions arising for the next meeting, to post to the board's group\n"
    "/attendance: who is coming, apologies and substitutes, and whether it will be quorate\n"
    "/link: in a group chat, link the group to your board\n"
    "/publish: announce the next meeting's agenda to every member (add a board or a date)\n"
    "/broadcast TEXT: send a message to every member of your board\n"
    "/meeting: move, re-place or cancel a meeting; members are told what changed\n"
    "/meeting new: a meeting of a board without a pack\n"
    "/item add TITLE: build or correct the agenda (also edit, move, drop N)\n"
    "/source: sync your board's meetings and papers from the council's site (Modern.Gov)"
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
    ("papers", "Papers for an item, e.g. /papers 6"),
    ("actions", "Actions you own"),
    ("apologies", "Send apologies for a meeting"),
    ("decisions", "Recent decisions"),
    ("search", "Search items, decisions, actions"),
    ("members", "Who is on your boards"),
    ("who", "Who someone is: /who chair, /who NAME"),
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
    ("meeting", "New meeting; move, re-place or cancel one"),
    ("arising", "Actions arising for the next meeting"),
    ("action", "Add, assign, re-date or drop an action"),
    ("attendance", "Who is coming; will it be quorate"),
    ("source", "Sync meetings from the council's site"),
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
# The preview under /publish and /broadcast: nothing is sent before [Send to N members].
PREVIEW_PUBLICATION = (
    "👀 <b>Preview.</b> Members will get this, with the meeting's calendar file and the "
    "buttons Agenda, Attending and Send apologies:"
)
PREVIEW_BROADCAST = "👀 <b>Preview.</b> Members will get this:"
PREVIEW_AUDIENCE = "{on} on Telegram, {off} not yet (no Telegram linked or unreachable)."
PREVIEW_GROUPS = "Also posted in {groups}."
PREVIEW_NOTHING_SENT = "Nothing has been sent yet."
PREVIEW_MEMBERS = ("{count} member", "{count} members")
PREVIEW_LINKED_GROUPS = ("{count} linked group", "{count} linked groups")
BUTTON_SEND_TO = "Send to {members}"
BUTTON_WHO = "Who?"
BUTTON_CANCEL_SEND = "Cancel"
WHO_TITLE = "<b>Who gets announcements to {board}</b>"
WHO_ON_TELEGRAM = "On Telegram ({count}): {names}"
WHO_NOT_YET = "Not yet, no Telegram linked or unreachable ({count}): {names}"
WHO_NOBODY = "nobody"
WHO_MORE = "and {count} more"
SEND_CANCELLED = "Cancelled: nothing was sent."
SEND_ALREADY = "Already sent on {when}: nothing was sent twice."
SEND_DRAFT_GONE = "That message was already sent or cancelled: nothing was sent twice."
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
    "/meeting cancel ID\n"
    "/meeting new WHEN, PLACE: a meeting of a board without a pack"
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

# -- meetings without a pack, and agenda corrections (/meeting new, /item add|edit|move|drop) --
MEETING_NEW_USAGE = (
    "<b>A new meeting</b>: <code>/meeting new WHEN, PLACE, LINK</code> (place and link optional), "
    "e.g. <code>/meeting new 14 January 2027 7pm, Village Hall, https://meet.example/x</code>, "
    "or just /meeting new and I'll ask."
)
MEETING_NEW_ASK_BOARD = "Which board is the meeting for? {boards}"
MEETING_NEW_ASK_WHEN = "When is the meeting? A date and time, e.g. <code>14 January 7pm</code>."
MEETING_NEW_ASK_TIME = "At what time on {day}? e.g. <code>7pm</code> or <code>19:00</code>."
MEETING_NEW_ASK_PLACE = "Where? e.g. <code>Village Hall</code>, or <code>none</code>."
MEETING_NEW_ASK_LINK = "A link to join online? Send it, or <code>none</code>."
MEETING_NEW_RETRY = "{problem} Or send /cancel."
MEETING_NEW_CANCELLED = "Cancelled: no meeting created."
MEETING_NEW_CONFIRM = "Create a meeting of <b>{board}</b> on <b>{when}</b>?\n{details}"
MEETING_NEW_PLACE = "📍 {place}"
MEETING_NEW_NO_PLACE = "📍 no place given"
MEETING_NEW_LINK = "🔗 {link}"
MEETING_NEW_CREATED = (
    "Created: <b>{board}</b>, {when} (ID <code>{id}</code>). Reminders are planned.\n"
    "Add items with <code>/item add TITLE</code>, then /publish when the agenda is ready."
)
MEETING_NEW_DISCARDED = "Nothing created."
MEETING_NEW_EXPIRED = "That draft is no longer open. Send /meeting new again."
BUTTON_MEETING_NEW_CREATE = "Create"
BUTTON_MEETING_NEW_CANCEL = "Cancel"
NONE_WORDS = ("none", "no", "-", "skip")
YES_WORDS = ("yes", "y", "true", "on")
NO_WORDS = ("no", "n", "false", "off")
ITEM_NO_MEETING_ANY = "None of your boards has a meeting coming up. Create one with /meeting new."
ITEM_EDIT_USAGE = (
    "<b>Change an agenda</b> (the next meeting, or put its date first, e.g. "
    "<code>/item add 14 Jan Village green</code>):\n"
    "<code>/item add TITLE</code>, or <code>/item add TITLE after 5</code>\n"
    "<code>/item edit 5 title New title</code> (also <code>presenter NAME</code>, "
    "<code>duration 20</code>, <code>pages 11-24</code>, <code>exempt yes</code>, "
    "<code>number 5A</code>)\n"
    "<code>/item move 5 after 2</code> (or <code>before 2</code>, <code>to 1</code>)\n"
    "<code>/item drop 5</code>"
)
ITEM_ADDED = "Added item {number}."
ITEM_EDITED = "Changed item {number}."
ITEM_MOVED = "Moved item {number}."
ITEM_DROPPED = "Dropped item {number}."
ITEM_MEMBERS_TOLD = "{members} on Telegram will be told of the change."
ITEM_MEMBERS_NOT_YET = "{members} not on Telegram yet will not be told."
ITEM_DROP_CONFIRM = "Drop item <b>{number}</b> ({title}) from the agenda of {board}, {when}?"
BUTTON_ITEM_DROP = "Drop it"
BUTTON_ITEM_KEEP = "Keep it"
ITEM_KEPT = "Nothing changed."
ITEM_STALE = "The agenda has changed since I asked. Send the command again."
ITEM_BAD_FIELD = "“{text}” is not something I can change on an item. {usage}"
ITEM_BAD_YES_NO = "Say <code>yes</code> or <code>no</code> for exempt."
ITEM_BAD_DURATION = "Give the duration in minutes, e.g. <code>duration 20</code>."
ITEM_BAD_PAGES = "Give the pages as first-last, e.g. <code>pages 11-24</code>."
ITEM_BAD_POSITION = "Say where: <code>after 2</code>, <code>before 2</code> or <code>to 1</code>."

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

# -- people: /member add|remove|role and /clerk invite|remove (bot.handlers.people) --
MEMBER_USAGE = (
    "<b>Members of your board</b>\n"
    "/member add NAME [role] [title]: add a member and get their invite link\n"
    "/member remove NAME: retire a member (their history is kept)\n"
    "/member role NAME ROLE: give a member another role\n"
    "Roles: chair, vice-chair, member, officer, for-information (or substitute).\n"
    "For example: <code>/member add Priya Patel, officer, Head of Housing</code>\n"
    "/members lists who is on your boards."
)
CLERK_USAGE = (
    "<b>Clerks of your board</b>\n"
    "/clerk invite: a link that makes whoever opens it a clerk of your board\n"
    "/clerk remove NAME: take the clerk role from someone"
)
PEOPLE_WHICH_BOARD = "Which board is this for?"
MEMBER_ADDED = "{name} is now {role}."
MEMBER_ADDED_TITLE = "{name} is now {role} ({title})."
MEMBER_RETURNING = "They were known before, so their record carries on."
MEMBER_INVITE = "Send them this invite link; it works once, until {expires}:\n{link}"
MEMBER_ALREADY_LINKED = "They are already on Telegram: their reminders start now."
PEOPLE_DID_YOU_MEAN = "No one called “{name}” is on {board}. Did you mean:"
PEOPLE_NO_ONE_CALLED = (
    "No one called “{name}” is on {board}. /members lists who is; /member add NAME adds someone."
)
PEOPLE_CLOSE_TO_KNOWN = (
    "“{name}” is close to someone {board} knows already. Did you mean one of them, or is "
    "“{name}” someone new?"
)
BUTTON_ADD_AS_NEW = "Add “{name}” as new"
BUTTON_RETIRE = "Retire"
BUTTON_KEEP = "Keep"
BUTTON_PEOPLE_CANCEL = "Cancel"
RETIRE_CONFIRM = (
    "Retire {name} from {board}? History is kept; no more reminders, not counted in the quorum."
)
MEMBER_RETIRED = (
    "{name} has left {board}. Their attendance and actions stay on record; they get no more "
    "reminders and are not counted in the quorum."
)
MEMBER_KEPT = "Nothing changed: {name} stays on {board}."
ROLE_CHANGED = "{name} is now {role} (was {old})."
ROLE_ADDED = "{name} is now {role}."
CLERK_INVITE_ISSUED = (
    "Clerk invitation for {board}, valid until {expires}. Whoever opens this link becomes a "
    "clerk of {board}; it works once:\n{link}"
)
CLERK_REMOVED = "{name} is no longer a clerk of {board}."
PEOPLE_CANCELLED = "Cancelled: nothing changed."
# Alerts (plain text) for a press whose question was already answered or has expired.
PEOPLE_QUESTION_GONE = "That question was already answered or has expired: nothing changed."

# How each board role is named to people (plain text).
ROLE_NAMES: dict[str, str] = {
    Role.CHAIR: "chair",
    Role.VICE_CHAIR: "vice-chair",
    Role.MEMBER: "member",
    Role.OFFICER: "officer",
    Role.CLERK: "clerk",
    Role.FOR_INFORMATION: "for information",
}
# A role after "is now" (plain text; {board} is the board's name).
ROLE_ON_BOARD: dict[str, str] = {
    Role.CHAIR: "the chair of {board}",
    Role.VICE_CHAIR: "a vice-chair of {board}",
    Role.MEMBER: "a member of {board}",
    Role.OFFICER: "an officer of {board}",
    Role.CLERK: "a clerk of {board}",
    Role.FOR_INFORMATION: "sent the papers of {board} for information",
}
# A role after "was" (plain text).
ROLE_WITH_ARTICLE: dict[str, str] = {
    Role.CHAIR: "the chair",
    Role.VICE_CHAIR: "a vice-chair",
    Role.MEMBER: "a member",
    Role.OFFICER: "an officer",
    Role.CLERK: "a clerk",
    Role.FOR_INFORMATION: "sent the papers for information",
}

# List titles (HTML).
ACTIONS_TITLE = "<b>Your actions</b>"
DECISIONS_TITLE = "<b>Recent decisions</b>"
DECISIONS_ABOUT_TITLE = "<b>Decisions about “{words}”</b>"
DECISIONS_ABOUT = " about “{words}”"
RESULTS_TITLE = "<b>Results for “{words}”</b>"
MEMBERS_TITLE = "<b>Members</b>"
MEETINGS_TITLE = "<b>Your meetings</b>"
# Under each /decisions entry: the meeting that made it (a decision's item number is that
# meeting's agenda's, never the current one's).
DECISION_ITEM_OF_MEETING = "item {item} of the meeting on {day}"
DECISION_MEETING_ON = "meeting on {day}"
DECISION_ITEM_UNDATED = "item {item} of minutes whose meeting is not on record"
DECISION_UNDATED = "meeting not on record"
PAST_MEETINGS_TITLE = "<b>Meetings held</b> (newest first)"
NO_PAST_MEETINGS = "No meetings of your boards have been held yet, as far as Quorum knows."
MEETINGS_PAST_HINT = "Older meetings: /meetings past"
MEETING_LIST_LINE = "<code>{id}</code> {when}, {board}"
# Which meeting was asked for, filling NO_SUCH_MEETING's {what} (plain text, escaped whole).
MEETING_FOR = "for “{board}”"
MEETING_COMING_UP = "coming up"
MEMBER_COUNT_ONE = "{count} member"
MEMBER_COUNT = "{count} members"
MEETING_PLACE_TOO_LONG = "A place is at most {limit} characters."
NO_OWNER = "—"
SOMEONE_OWNER = "The owner"
# Joins the last two of a list: "7 days, 1 day and 2 hours".
LIST_LAST_JOIN = " and "

# -- A pack sent in chat (bot/handlers/packs.py, bot/pack_preview.py); HTML ---------------------
PACK_CLERKS_ONLY = (
    "Thank you, but only a board's clerk can import meeting papers here, so I have not opened "
    "that file. If you clerk a board, ask whoever runs Quorum to make you its clerk."
)
PACK_TOO_BIG = (
    "That file is {size} MB, and I only download files of up to {limit} MB from Telegram, so "
    "I have not opened it. Send it with <code>quorum import FILE</code> on the server instead, "
    "or ask whoever runs Quorum to run a local Bot API server and raise "
    "QUORUM_TELEGRAM_DOWNLOAD_LIMIT_MB."
)
PACK_NOT_CLERK = (
    "You no longer clerk <b>{board}</b>, so nothing from <b>{name}</b> was stored. Ask whoever "
    "runs Quorum if that is a mistake."
)
PACK_READING = "📄 Reading <b>{name}</b>… Long or scanned packs take a while."
PACK_READ = "📄 Read <b>{name}</b>."
PACK_NOT_READ = "📄 Could not read <b>{name}</b>."
PACK_DOWNLOAD_FAILED = (
    "I could not fetch that file from Telegram ({problem}), so nothing was stored. Please send "
    "it again."
)
PACK_UNREADABLE = "I could not read that file, so nothing was stored.\n{problem}"
PACK_NOTHING_FOUND = (
    "I read <b>{name}</b> but found no meeting, agenda or members in it, so nothing was "
    "stored. Send an agenda, a pack or minutes (PDF, HTML, markdown or text)."
)
PACK_WHICH_BOARD_NAMED = (
    "This pack is for <b>{body}</b>, which is not one of your boards. Which board is it for? "
    "Tap one or type its name; /cancel to stop."
)
PACK_WHICH_BOARD = (
    "The pack does not say which board it is for. Which of your boards is it? Tap one or type "
    "its name; /cancel to stop."
)
PACK_ASK_DATE = (
    "The pack gives no date for the meeting. When is it? (e.g. 14 November 2023 2pm; "
    "/cancel to stop)"
)
PACK_ASK_MINUTES_DATE = (
    "These minutes do not say when the meeting was held. What was its date? (e.g. 3 October "
    "2023; /cancel to stop)"
)
PACK_ASK_TIME = (
    "The pack gives the meeting's date ({day}) but not its time. What time does it start? "
    "(e.g. 2pm or 14:00; /cancel to stop)"
)
PACK_DATE_RETRY = "I could not read “{text}” as a date. Try e.g. 14 November 2023, or /cancel."
PACK_TIME_RETRY = "I could not read “{text}” as a time. Try e.g. 2pm or 14:00, or /cancel."
PACK_BOARD_RETRY = "{problem}\nTap a board above or type its name, or /cancel."
PACK_WRONG_BOARD = (
    "⚠️ This pack is for <b>{body}</b>, not <b>{board}</b>, so nothing was stored. Import it "
    "into {board} only if you are sure it belongs there."
)
PACK_WOULD_REMOVE = (
    "⚠️ This pack would remove {removed} of the {stored} agenda items of {board}'s meeting on "
    "{when}: it may be damaged, or only part of the pack. Nothing was changed."
)
PACK_NEW_BOARD = (
    "⚠️ There is no board called <b>{board}</b>, so nothing was stored. Did you mean one of "
    "these, or is it a new board?"
)
PACK_REFUSED = "Nothing from <b>{name}</b> was stored.\n{problem}"
PACK_CANCELLED = "Cancelled: nothing from <b>{name}</b> was stored."
PACK_GONE = "That pack is no longer waiting here, so nothing changed. Send the file again."
PACK_ALREADY_IMPORTED = "That pack has already been imported; nothing changed."
PACK_STALE_CHOICE = "That question has already been answered; nothing changed."
PACK_PUBLISH_LATER = "OK: nothing was sent. Send /publish when members should have the agenda."
PACK_PUBLISH_DONE = "That has already been answered; nothing was sent again."
PACK_PREVIEW_TITLE = "📄 <b>{name}</b>: nothing is stored until you press Import."
PACK_BOARD = "Board: <b>{board}</b>"
PACK_BOARD_NEW = "Board: <b>{board}</b> (a new board)"
PACK_NOTE = "⚠️ {note}"
PACK_BODY_DIFFERS = "The pack names {body}, not {board}."
PACK_MEETING = "Meeting: {when}"
PACK_MEETING_NO_TIME = "Meeting: {day} (no time stated)"
PACK_MINUTES_OF = "Minutes of the meeting on {day}"
PACK_PLACE = "Place: {place}"
PACK_NO_PLACE = "Place: not given"
PACK_NOT_GIVEN = "not given"
PACK_CALLED_OFF = "The notice calls the meeting off: it will be cancelled."
PACK_ITEMS_TITLE = "<b>Agenda</b> ({count} items)"
PACK_NO_ITEMS = "<b>Agenda</b>: no items found"
PACK_ITEM = "{number}. {title}"
PACK_ITEM_EXEMPT = " (exempt)"
PACK_MORE_ITEMS = "…and {count} more"
PACK_MORE_NAMES = " and {count} others"
PACK_MEMBERS = "Members: {count}"
PACK_MEMBERS_NEW = "+{count} new: {names}"
PACK_MEMBERS_NOT_LISTED = "{count} no longer listed: {names}"
PACK_MEMBERS_STAYING = "They stay members unless you tap They have left."
PACK_MEMBERS_LEAVING = "They will be retired on import (their history is kept)."
PACK_ATTENDED = "Minutes of {day}: {present} present, {apologies} with apologies"
PACK_ATTENDED_UNDATED = "Minutes: {present} present, {apologies} with apologies"
PACK_ACTIONS = "Actions: {count}"
PACK_DECISIONS = "Decisions: {count}"
PACK_WARNINGS_TITLE = "<b>Please check</b>"
PACK_WARNING = "• {warning}"
PACK_NEW_MEETING = "A new meeting: members hear of it when you publish it."
PACK_UNCHANGED = "Nothing has changed since the last import."
PACK_CHANGES_TITLE = "<b>What importing would change</b>"
PACK_CHANGED_TITLE = "<b>Changed</b>"
PACK_CHANGE_MOVED = "• moved from {old} to {new}"
PACK_CHANGE_PLACE = "• place: {old} → {new}"
PACK_CHANGE_LINK = "• the joining link changed"
PACK_CHANGE_ADDED = "• item {number} added: {title}"
PACK_CHANGE_REMOVED = "• item {number} removed: {title}"
PACK_CHANGE_RETITLED = "• item {number} retitled: {old} → {new}"
PACK_CHANGE_UPDATED = "• item {number}: {fields} changed"
PACK_AGENDA_TITLE = "<b>Agenda as read from {name}</b>"
PACK_AGENDA_EMPTY = "No agenda items were found in <b>{name}</b>."
PACK_DETAILS = "    {details}"
PACK_DETAIL_PRESENTER = "by {who}"
PACK_DETAIL_REPORT = "report {report}"
PACK_DETAIL_PAGES = "pages {first}–{last}"
PACK_DETAIL_PURPOSE = "for {purpose}"
PACK_IMPORTED = "✅ Imported <b>{name}</b> into <b>{board}</b>."
PACK_UPDATED = "✅ Updated <b>{board}</b> from <b>{name}</b>."
PACK_IMPORTED_MINUTES = "✅ Filed the minutes <b>{name}</b> in <b>{board}</b>."
PACK_IMPORTED_COUNTS = "{items} agenda items, {actions} actions."
PACK_MEMBERS_ADDED = "New members: {names}"
PACK_MEMBERS_RETIRED = "Retired (no longer members): {names}"
PACK_PUBLISH_QUESTION = "Send the agenda to the board's members now?"
BUTTON_PACK_IMPORT = "Import"
BUTTON_PACK_AGENDA = "Show agenda"
BUTTON_PACK_CANCEL = "Cancel"
BUTTON_PACK_SHOW_ALL = "Show all {count} items"
BUTTON_PACK_THEY_LEFT = "They have left"
BUTTON_PACK_THEY_STAY = "They are still members"
BUTTON_PACK_FORCE_BOARD = "Import into {board} anyway"
BUTTON_PACK_FORCE = "Import anyway"
BUTTON_PACK_NEW_BOARD = "Create new board {board}"
BUTTON_PACK_PUBLISH_NOW = "Publish now"
BUTTON_PACK_LATER = "Later"

# --- small talk and suggested questions (bot/handlers/suggestions.py) ----------------------
# Answers to chatter; each but the farewell comes with three suggested questions as buttons.
SMALL_TALK_GREETING = (
    "Hello {name}! I can tell you about your meetings, agendas, papers, decisions and actions"
    " (/help lists it all)."
)
SMALL_TALK_THANKS = "You're welcome."
SMALL_TALK_WELLBEING = "I'm very well, thank you for asking! Here is something I can help with."
SMALL_TALK_FAREWELL = "Goodbye!"
SMALL_TALK_FAREWELL_REMINDER = "Goodbye — I'll remind you before the next meeting."
# A question not understood: the closest things Quorum can answer, else the general three.
NOT_UNDERSTOOD_CLOSEST = "I'm not sure what you mean. Did you mean:"
NOT_UNDERSTOOD = (
    "Sorry, I didn't understand that. Send /help to see what I can ask, or try one of these:"
)
# Honorifics left out of "Hello {name}!" (compared case-folded, without a full stop).
NAME_HONORIFICS = frozenset(
    {"cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir"}
    | {"dame", "rev", "revd", "lord", "lady"}
)
# Suggested questions (button labels: plain text, not HTML).
ASK_NEXT = "When is the next meeting?"
ASK_NEXT_OF = "When does {meeting} meet next?"
ASK_MEETING_ON = "The meeting on {meeting}"
ASK_MEETING_IN = "The meeting in {meeting}"
ASK_MEETING_PREVIOUS = "The last meeting"
ASK_MEETING_AFTER_NEXT = "The meeting after next"
ASK_AGENDA = "What's on the agenda?"
ASK_AGENDA_OF = "Agenda for {meeting}"
ASK_AGENDA_PREVIOUS = "Agenda of the last meeting"
ASK_AGENDA_AFTER_NEXT = "Agenda of the meeting after next"
ASK_AGENDA_PREPARE = "What do I need to read?"
ASK_AGENDA_SIZE = "How many items are on the agenda?"
ASK_AGENDA_ORDER = "In what order are the items taken?"
ASK_AGENDA_PURPOSE = "Which items are for {purpose}?"
ASK_ITEM = "Item {number}"
ASK_ITEM_MINE = "Item {number}, which I present"
ASK_ITEM_PRESENTER = "Who presents item {number}?"
ASK_ITEM_PAGES = "Which pages is item {number} on?"
ASK_ITEM_PAPERS = "What are the papers for item {number}?"
ASK_ITEM_DURATION = "How long is item {number}?"
ASK_ITEM_PURPOSE = "What is item {number} for?"
ASK_ITEM_REPORT = "What is the report number of item {number}?"
ASK_ITEM_DECISIONS = "What was decided on item {number}?"
ASK_ITEM_WHICH = "Which item: {numbers}?"
ASK_MEETINGS = "What meetings are coming up?"
ASK_MEETINGS_PAST = "Which meetings were held?"
ASK_ACTIONS = "My actions"
ASK_DECISIONS = "What did we decide last time?"
ASK_DECISIONS_ABOUT = "Decisions about {words}"
ASK_SEARCH = "Search for {words}"
ASK_MEMBERS = "Who is on my boards?"
ASK_HELP = "What can I ask?"
ASK_CALENDAR = "Add the next meeting to my calendar"
ASK_APOLOGIES = "Send apologies for the next meeting"
ASK_PERSON = "Who is {name}?"
ASK_PERSON_ITEMS = "What does {name} present?"
ASK_PERSON_ACTIONS = "What are {name}'s actions?"
ASK_PERSON_ROLE = "What is {name}'s role?"
ASK_PERSON_WHICH = "Who: {names}?"
ASK_SMALL_TALK = "Hello"

# --- questions about one item and about a whole agenda (bot/handlers/item_answers.py) -------
# The first line of an item's card when the question asked about one thing (HTML; values
# escaped). "_NONE" when the agenda does not say.
ITEM_PRESENTER = "<b>{name}</b> presents item {number}."
ITEM_PRESENTER_ROLE = "<b>{name}</b> ({role}) presents item {number}."
ITEM_PRESENTED = "<b>{name}</b> presented item {number}."
ITEM_PRESENTED_ROLE = "<b>{name}</b> ({role}) presented item {number}."
ITEM_PRESENTER_NONE = "The agenda does not name a presenter for item {number}."
ITEM_PAGES = "Item {number} is on pages {first}–{last} of the pack."
ITEM_PAGE = "Item {number} is on page {first} of the pack."
ITEM_PAGES_REPORT = "Item {number} (report {report}) is on pages {first}–{last} of the pack."
ITEM_PAGE_REPORT = "Item {number} (report {report}) is on page {first} of the pack."
ITEM_REPORT_NO_PAGES = "Item {number} is report {report}; the agenda gives no page numbers for it."
ITEM_PAGES_NONE = "The agenda gives no pages or report for item {number}."
ITEM_DURATION = "{minutes} minutes are allowed for item {number}."
ITEM_DURATION_ONE = "1 minute is allowed for item {number}."
ITEM_DURATION_NONE = "The agenda does not give a time for item {number}."
ITEM_PURPOSE = "Item {number} is {purpose}."
ITEM_PURPOSE_NONE = "The agenda does not say what item {number} is for."
ITEM_REPORT = "Item {number} is report {report}."
ITEM_REPORT_NONE = "The agenda gives no report number for item {number}."
ITEM_DECIDED = "Decided on item {number}:"
ITEM_DECIDED_NONE = "No decision is recorded on item {number} yet."
# Several items fit the question's words: the member picks one (a button per item).
ITEM_WHICH = "Which item do you mean?"
ITEM_CHOICE_BUTTON = "{number}. {title}"
ITEM_CHOICES_NONE = "I couldn't find that item on the agenda of your next meeting. Try /agenda."
# An alert (plain text): the item picked from a list has been dropped or renumbered since.
ITEM_GONE = "That item is no longer on the agenda."
# A whole agenda: its size, running order, items by purpose, papers to read (HTML).
AGENDA_OF = "{board} on {day}"
AGENDA_SIZE = "The agenda for <b>{meeting}</b> has {items}"
AGENDA_SIZE_EMPTY = "The agenda for <b>{meeting}</b> has not been published yet."
AGENDA_TIME_ALL = "; {time} {verb} allowed in all."
AGENDA_TIME_SOME = "; {time} {verb} allowed in all (for the {timed} items that give a time)."
AGENDA_TIME_NONE = "; the agenda gives no times for them."
AGENDA_ORDER_TITLE = "<b>Running order: {meeting}</b>"
AGENDA_PURPOSE_TITLE = "<b>For {purpose} at {meeting}:</b>"
AGENDA_PURPOSE_NONE = "No item on the agenda for <b>{meeting}</b> is marked for {purpose}."
AGENDA_PURPOSES_GIVEN = "The agenda marks items for: {purposes}."
AGENDA_PURPOSES_NONE = "The agenda does not say what its items are for."
AGENDA_PREPARE_TITLE = "<b>To read before {day}: {items}{pages}</b>"
AGENDA_PREPARE_HELD_TITLE = "<b>The papers for {day}: {items}{pages}</b>"
AGENDA_PREPARE_PAGES = ", {pages}"
AGENDA_PREPARE_LINE_PAGES = "pages {first}–{last} ({count})"
AGENDA_PREPARE_LINE_PAGE = "page {first}"
AGENDA_PREPARE_LINE_REPORT = "report {report}"
AGENDA_PREPARE_NONE = (
    "The pack gives no page numbers or reports for the agenda of <b>{meeting}</b>. "
    "The agenda itself is a button away."
)

# --- people asked about by name or role: /who and "who is the chair?" (bot/handlers/who.py) --
WHO_USAGE = (
    "Whom do you mean? For example: /who chair, /who vice-chair, /who clerk or /who Diane "
    "Ellison. /members lists everyone on your boards."
)
# One seat on a board (HTML; {board} and {title} escaped): "Member of Rutland HWB — Director".
PERSON_SEAT: dict[str, str] = {
    Role.CHAIR: "Chair of {board}",
    Role.VICE_CHAIR: "Vice-chair of {board}",
    Role.MEMBER: "Member of {board}",
    Role.OFFICER: "Officer of {board}",
    Role.CLERK: "Clerk of {board}",
    Role.FOR_INFORMATION: "Receives the papers of {board} for information",
}
PERSON_SEAT_OTHER = "{role} of {board}"
PERSON_SEAT_TITLE = "{seat} — {title}"
# Someone named as a presenter on an agenda who is not on the board's membership list.
PERSON_PRESENTER = "Presenting to your board (not a member)"
PERSON_PRESENTER_AS = "Presenting to your board (not a member) — {title}"
PERSON_PRESENTS = "Presents at {meeting}: {items}"
PERSON_PRESENTS_NONE = "{name} presents no items at the coming meetings."
PERSON_ITEM = "{number}. {title}"
PERSON_ITEM_EXEMPT = "{number}. {title} 🔒 <i>exempt</i>"
PERSON_MEETING = "{day}"
PERSON_MEETING_OF = "{board}, {day}"
PERSON_ACTIONS = "Open actions:"
PERSON_ACTION_DUE = "due {day}"
PERSON_ACTION_OVERDUE = "⚠️ overdue"
PERSON_ACTIONS_NONE = "{name} has no open actions."
PERSON_YOUR_ACTIONS_NONE = "You have no open actions."
PERSON_ACTIONS_HIDDEN = "{name}'s actions are shown only to them and to the board's clerk."
# A role with several holders on the member's boards, each briefly; or with none.
ROLE_HOLDERS_TITLE: dict[str, str] = {
    Role.CHAIR: "<b>The chairs of your boards</b>",
    Role.VICE_CHAIR: "<b>The vice-chairs of your boards</b>",
    Role.CLERK: "<b>The clerks of your boards</b>",
}
ROLE_HOLDER_LINE = "• <b>{name}</b>: {seats}"
ROLE_NOBODY: dict[str, str] = {
    Role.CHAIR: "No chair is recorded for your boards. /members lists who is on them.",
    Role.VICE_CHAIR: "No vice-chair is recorded for your boards. /members lists who is on them.",
    Role.CLERK: "No clerk is recorded for your boards. /members lists who is on them.",
}
PERSON_NOT_FOUND = "I couldn't find anyone called “{name}” on your boards. Try /members."
PERSON_NOT_FOUND_CLOSE = (
    "I couldn't find anyone called “{name}” on your boards. Did you mean one of these? "
    "Or try /members."
)
PERSON_WHICH = "Who do you mean?"
# A button naming one of two people of the same name (plain text).
PERSON_CHOICE_OF = "{name} ({board})"
# An alert (plain text): the person picked is no longer on the member's boards.
PERSON_GONE = "That person is no longer on your boards. Try /members."

# -- A meeting named by time or by its board (bot/handlers/which_meeting.py); HTML ---------------
# Which meeting was asked for, filling {what} (plain text, escaped whole).
ASKED_ON_DAY = "on {day}"
ASKED_IN_MONTH = "in {month}"
ASKED_ON_WEEKDAY = "on a {weekday} in the next year"
ASKED_FOR_BOARD = "{what} for “{board}”"
GROUP_NO_SUCH_MEETING = "I couldn't find a meeting {what} of this board."
NO_EARLIER_MEETING = "There is no earlier meeting {where} yet."
NO_MEETING_AFTER_NEXT = "There is no meeting after the next one {where} yet."
# {where} of the two above (plain text, escaped whole).
WHERE_YOUR_BOARDS = "on your boards"
WHERE_THIS_BOARD = "of this board"
WHERE_BOARD = "for “{board}”"

# -- The decisions of one meeting (bot/handlers/lists.py) and a meeting held; HTML -------------
# {meeting}: MEETING_OF, "the meeting of {board} on {day}".
MEETING_OF = "the meeting of {board} on {day}"
MEETING_DECISIONS_TITLE = "<b>Decisions of {meeting}</b>"
MEETING_DECISIONS_ABOUT_TITLE = "<b>Decisions about “{words}” of {meeting}</b>"
NO_MEETING_DECISIONS = "No decisions are recorded for {meeting}{about}."
MEETING_NOT_HELD_DECISIONS = "No decisions yet: {meeting} has not been held."
# A meeting begun or held without an agenda (plain text); its [Decisions] button (plain text).
NO_AGENDA_ON_RECORD = "No agenda is on record for this meeting."
BUTTON_MEETING_DECISIONS = "Decisions ({count})"
# An item of a meeting named by time (HTML): {meeting} as MEETING_OF.
NO_ITEM_AT_MEETING = "There is no item {number} on the agenda of {meeting}. Try /agenda."
ITEM_CHOICES_NONE_AT_MEETING = "I couldn't find that item on the agenda of {meeting}. Try /agenda."

# -- Suggested questions about the agenda's ends and people by role (bot/handlers/suggestions.py)
ASK_AGENDA_FIRST = "What's first on the agenda?"
ASK_AGENDA_LAST = "What's the last item?"
# A role named instead of a name, filling {name} of ASK_PERSON...: "Who is the chair?".
PERSON_BY_ROLE = "the {role}"

# -- Sync sources: notices (bot/notices.py) and /source (bot/handlers/sources.py) ----------------
# To a clerk (HTML): {board} bold, {when} the meeting's date and time in the board's zone.
SITE_PUBLISHED_NOTICE = (
    "🌐 The agenda for {board} on {when} is published on the council's site — announce it?"
)
BUTTON_SITE_PUBLISH = "Publish"
BUTTON_SITE_NOT_NOW = "Not now"
SITE_PUBLISHED_NOT_NOW = (
    "The agenda for {board} on {when} was not announced. Send /publish when you want to "
    "announce it."
)
# To a clerk (HTML): {committee} " (title)" or "". The advice says what to try, never when
# it is tried again: the notice says that, once.
SOURCE_FAILED_NOTICE = (
    "⚠️ I could not sync {board} from {site}{committee}: {reason} {advice}"
    "The last synced meetings stay as they were; I will try again at the next scheduled sync."
)
# To a member (HTML): {title} the paper's title; {number} the item's printed number; {item}
# an unnumbered item's title; {day} the meeting's date.
SUPPLEMENT_FOR_ITEM = "📎 <b>Supplement for item {number}: {title}</b>"
SUPPLEMENT_FOR_UNNUMBERED = "📎 <b>Supplement for “{item}”: {title}</b>"
SUPPLEMENT_FOR_MEETING = "📎 <b>Supplement for the meeting of {day}: {title}</b>"
SUPPLEMENT_LINK = "Read the paper"
SUPPLEMENT_RESTRICTED = "🔒 A restricted paper: please keep it confidential."
# /source (HTML unless said otherwise).
SOURCE_USAGE = (
    "<b>/source</b> syncs your board's meetings from the council's committee site "
    "(Modern.Gov):\n"
    "/source list: your board's sources\n"
    "/source committees URL [words]: the site's committees to choose from\n"
    "/source add URL COMMITTEE_ID [board]: add one\n"
    "/source sync: sync now\n"
    "/source every MINUTES: how often to sync\n"
    "/source remove ID: stop syncing one (its meetings stay)"
)
SOURCE_LIST_TITLE = "<b>Sync sources of your boards</b>"
SOURCE_NONE = (
    "None of your boards syncs from a council's site yet. To add one, find its committee with "
    "/source committees URL (the site's address, e.g. https://democracy.example.gov.uk), then "
    "press the committee, or send /source add URL COMMITTEE_ID."
)
# One source in the list: {id}, {board} and {site} escaped.
SOURCE_ENTRY = "<b>#{id} {board}</b>\n{site}, committee {committee}\nEvery {minutes} minutes"
SOURCE_LAST_SYNCED = "Last synced {when}: {result}"
SOURCE_NEVER_SYNCED = "Not synced yet."
SOURCE_FAILING = "⚠️ Failing since {when}: {reason}"
SOURCE_COMMITTEES_TITLE = "<b>Committees on {site}</b>{filtered}: press one to sync it to {board}."
SOURCE_COMMITTEES_FILTERED = " matching “{words}”"
SOURCE_COMMITTEES_PICK_BOARD = "<b>Committees on {site}</b>{filtered}: press one to sync it."
SOURCE_COMMITTEES_MORE = (
    "Showing the first {shown} of {count}. Add words to narrow it: /source committees URL words"
)
SOURCE_NO_COMMITTEES = "{site} lists no current committees{filtered}."
SOURCE_COMMITTEES_USAGE = (
    "Which site? Send /source committees with its address, for example:\n"
    "/source committees https://democracy.example.gov.uk"
)
SOURCE_ADD_USAGE = (
    "Send /source add with the site's address and the committee's id, for example:\n"
    "/source add https://democracy.example.gov.uk 123\n"
    "/source committees URL lists the ids."
)
SOURCE_WHICH_BOARD = "Which of your boards should sync from {committee}?"
SOURCE_CHOICE_GONE = "That list is out of date. Please send /source committees again."
SOURCE_ADDED = "Added #{id}: {board} now syncs from {site}, committee {committee}. Syncing now…"
# {source}: the board (bold), the site and the committee, as SOURCE_NAMED.
SOURCE_NAMED = "{board} from {site} ({committee})"
SOURCE_SYNCED = "✅ Synced {source}: {summary}"
SOURCE_SYNC_FAILED = (
    "⚠️ I could not sync {source}: {reason} {advice}"
    "The last synced meetings stay as they were; I will try again at the next scheduled sync."
)
SOURCE_SITE_FAILED = "⚠️ I could not read {site}: {reason} {advice}"
SOURCE_NOTHING_TO_SYNC = "None of your boards syncs from a council's site yet. " + (
    "Send /source for how to add one."
)
SOURCE_REMOVE_USAGE = "Which source? Send /source remove with its number from /source list."
SOURCE_REMOVE_CONFIRM = (
    "Stop syncing {board} from {site}, committee {committee}? Its meetings stay as they are."
)
BUTTON_SOURCE_REMOVE = "Remove"
BUTTON_SOURCE_KEEP = "Keep it"
SOURCE_REMOVED = "Removed: {board} no longer syncs from {site}. Its meetings stay as they are."
SOURCE_KEPT = "Nothing changed."
SOURCE_EVERY_USAGE = (
    "How often? Send /source every with a number of minutes from {low} to {high}, for example: "
    "/source every 30"
)
SOURCE_EVERY_SET = "{board} now syncs every {minutes} minutes."
SOURCE_BAD_URL = "That address doesn't look right: {reason}"

# -- papers (/papers, the item card)
PAPERS_CARD = "Papers:"
PAPER_PUBLISHED = ", published {day}"
PAPER_RESTRICTED_MARK = " 🔒 <i>restricted</i>"
PAPERS_ITEM = "Item {number} has {count} papers:"
PAPERS_ITEM_ONE = "Item {number} has 1 paper:"
PAPERS_ITEM_NONE = "No papers are published for item {number} yet."
PAPERS_MEETING_TITLE = "<b>Papers for {meeting}</b>"
PAPERS_MEETING_NONE = "No papers are published for {meeting} yet."
PAPERS_MEETING_GENERAL = "<b>For the meeting as a whole</b>"
PAPERS_PACK_PAGES = "pages {first}–{last} of the pack"
PAPERS_PACK_PAGE = "page {first} of the pack"
PAPERS_PACK_REPORT = "report {report}"
PAPERS_RESTRICTED_WITHHELD_ONE = (
    "1 restricted paper is not shown here: members of the board can ask me privately."
)
PAPERS_RESTRICTED_WITHHELD = (
    "{count} restricted papers are not shown here: members of the board can ask me privately."
)
# The command a clerk of several boards is shown with a board's name after it (plain text).
SOURCE_ADD_COMMAND = "source add {url} {committee}"
SOURCE_SYNC_COMMAND = "source sync"
SOURCE_EVERY_COMMAND = "source every {minutes}"
SOURCE_SYNCING = "Syncing {source}… I will tell you when it is done."
SOURCE_SYNC_UNDER_WAY = "{source} is already syncing. I will tell you when it is done."
SOURCE_LOOKING_UP = "Looking up the committees on {site}…"
