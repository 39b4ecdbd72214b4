"""Who said what in an article: quotation marks, transcript turns, cues, assignment of quotes to cues, people named in the article, and the speaker registry across articles."""
