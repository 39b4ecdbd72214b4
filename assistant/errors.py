"""Errors a user can act on: each carries a one-line message naming the file or field."""


class AssistantError(Exception):
    """A problem with the user's input or environment, reported as one clear line."""


class QuestionError(AssistantError):
    """The question cannot be asked (empty, too long)."""


class IndexNotFound(AssistantError):
    """The index directory does not exist or holds no index."""


class SourceError(AssistantError):
    """A path given to index does not exist or cannot be read."""


class IndexOutdated(AssistantError):
    """The index was written in an older form; `assistant index` rebuilds it."""
