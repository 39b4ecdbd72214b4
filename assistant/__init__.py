"""A news assistant: who said what, where, with every passage cited to its exact offsets."""
from assistant.answer.extractive import Answer, Citation
from assistant.config import Settings
from assistant.api import Assistant
from assistant.sources.documents import Article
from assistant.errors import AssistantError
from assistant.indexing.indexer import IndexReport

__all__ = ["Answer", "Article", "Assistant", "AssistantError", "Citation", "IndexReport", "Settings"]
