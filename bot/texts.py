"""User-facing wording, kept in one place. Values are HTML; placeholders are filled escaped."""

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
    "/actions: the actions you own\n"
    "/decisions: recent decisions (add words to search them)\n"
    "/search words: agenda items, decisions and actions\n"
    "/members: who is on your boards\n"
    "/help: this list\n\n"
    "You can also just ask: “when is the next meeting?”, “who is presenting 10B?”, "
    "“what did we decide about the better care fund?”"
)
HELP_CLERK = (
    "\n\n<b>For clerks</b>\n"
    "/invite NAME: an invite link for a member\n"
    "/actions: also shows your boards' open and overdue actions\n"
    "/link: in a group chat, link the group to your board"
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
    ("decisions", "Recent decisions"),
    ("search", "Search items, decisions, actions"),
    ("members", "Who is on your boards"),
    ("help", "What I can do"),
)
CLERK_COMMANDS = (
    *MEMBER_COMMANDS,
    ("invite", "Invite link for a member"),
    ("link", "Link a group chat to your board"),
)
GROUP_COMMANDS = (
    ("next", "The board's next meeting"),
    ("agenda", "Agenda of the next meeting"),
)
