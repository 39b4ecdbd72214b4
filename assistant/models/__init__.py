"""The models loaded in-process: the sentence embedder shipped in a package and the optional LLM client."""
