"""Training the learned parts of extraction from annotated corpora."""
