"""Finding passages for a question: dense and keyword search, fusion and re-rank, filters, question intent, and the quote index for speaker questions."""
