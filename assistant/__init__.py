"""A news assistant: who said what, where, with every passage cited to its exact offsets."""
from assistant.answer.extractive import Answer, Citation
from assistant.answer.export import quotes_answer
from assistant.config import Settings, SettingError
from assistant.api import Assistant
from assistant.chat import Chat
from assistant.sources.documents import SUFFIXES as _SUFFIXES, Article
from assistant.errors import AssistantError
from assistant.indexing.report import IndexReport
from assistant.quotes.extract import Quote, Span
from assistant.quotes.speakers import Person, same_person
from assistant.store.filters import Filters

# The file extensions `Assistant.index` reads (lower case, with the dot); others are skipped.
SUPPORTED_SUFFIXES = frozenset(_SUFFIXES)

__all__ = [
    "Answer", "Article", "Assistant", "AssistantError", "Chat", "Citation", "Filters",
    "IndexReport", "Person", "Quote", "SUPPORTED_SUFFIXES", "SettingError", "Settings", "Span",
    "quotes_answer", "same_person",
]
