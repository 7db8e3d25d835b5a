"""The Telegram adapter: handlers, keyboards, message templates, the CLI and the demo."""
