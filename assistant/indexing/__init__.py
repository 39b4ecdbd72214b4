"""What one article becomes before it is stored (chunks, sentence vectors, quotes), the incremental diff against the index, and the index workers."""
