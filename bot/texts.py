"""User-facing wording, kept in one place. Values are HTML; placeholders are filled escaped."""

BUTTON_AGENDA = "Agenda"
BUTTON_JOIN = "Join online"

STRANGER = (
    "Hello! I'm <b>Quorum</b>, the meetings assistant for board members.\n"
    "I don't know you yet, so I can't show you any board's papers. "
    "Please ask your clerk for an invite link."
)
GREETING = "Hello {name}! You're on:\n{boards}\n\nTry /next for your next meeting, or /help."
NO_BOARDS = "Hello {name}! You're not on any board yet; your clerk can add you."
NO_MEETING = (
    "There are no upcoming meetings on your boards yet. "
    "When your clerk imports the next agenda pack, it will appear here."
)
NO_ITEMS = "The agenda for this meeting has not been published yet."
STALE_BUTTON = "That button no longer works. Send /next for the latest."
UNKNOWN_COMMAND = "Sorry, I don't know {command}. Send /help to see what I can do."
FREE_TEXT = "I answer commands for now: /next, /agenda and /help."
SOMETHING_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
EXEMPT_WITHHELD = "{count} confidential (exempt) item(s) not shown here."

HELP = (
    "<b>What I can do</b>\n"
    "/next: your next meeting: when, where, how to join\n"
    "/agenda: the agenda of your next meeting, with presenters and page numbers\n"
    "/help: this list"
)
HELP_STRANGER = (
    "<b>Quorum</b> answers board members' questions about meetings and agendas.\n"
    "To start, ask your clerk for an invite link."
)

# The command menu (setMyCommands): name, description.
MEMBER_COMMANDS = (
    ("next", "Your next meeting"),
    ("agenda", "Agenda of your next meeting"),
    ("help", "What I can do"),
)
