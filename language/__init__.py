"""What people type, read into plain values: dates ("next Tue", "31/1", "16 January") and the
intent of a plain-language question. Pure: no database, no Telegram; packs, services and
adapters may all use it.
"""
