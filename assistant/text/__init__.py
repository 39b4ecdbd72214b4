"""Text helpers every stage shares: the sentence splitter that keeps offsets, word folding, stop words, dates."""
