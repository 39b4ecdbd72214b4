"""Turning what search found into an Answer: the extractive composer, the optional LLM answerer and its citation check."""
