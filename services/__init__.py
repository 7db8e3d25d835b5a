"""Services: plain async functions over storage. No Telegram here; handlers call these."""
