"""The pure answering core: the FAQ, reading a message, ranking entries, deciding the reply.

Nothing here imports Telegram, SQLite or asyncio; adapters and curation build on it.
"""
