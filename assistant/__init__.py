"""A news assistant: who said what, where, with every passage cited to its exact offsets."""
from .answering import Answer, Citation
from .config import Settings
from .core import Assistant
from .documents import Article
from .errors import AssistantError
from .indexing import IndexReport

__all__ = ["Answer", "Article", "Assistant", "AssistantError", "Citation", "IndexReport", "Settings"]
