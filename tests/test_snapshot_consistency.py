"""A speaker question's quote table and the quote records it cites come from one snapshot
(one generation of the index), even outside a pinned snapshot when the index is written
between choosing the quotes and reading them."""
from __future__ import annotations

from collections import namedtuple
from pathlib import Path

from assistant import Assistant
from assistant.models.embedder import shared_embedder
from assistant.search.quote_index import QuoteIndex
from assistant.search.snapshot import Snapshots
from assistant.store.chroma import Store

BEFORE = ('Bridge report\n\nThe mayor, Anna Lindqvist, said: "The bridge opens in May, whatever '
          'the weather." Lindqvist said the council had found the money. "We will not wait for '
          'the ministry," Lindqvist said. She added: "Every ferry ticket sold this winter pays '
          'for it."\n')
# The same article rewritten: its quote ids (by number in the article) now name other
# spans, and fewer of them are the mayor's.
AFTER = ('Bridge report\n\nThe council met for six hours on Tuesday evening, and the vote was '
         'close. The harbour master, Olaf Berg, said: "The ferries will keep running until '
         'June." The mayor, Anna Lindqvist, said: "The opening waits for the last inspection."\n')

Passage = namedtuple("Passage", "source start end")


class WritesWhileEncoding:
    """The real embedder; before the first query it encodes, `write` runs, as when another
    process writes the index while a question is being encoded."""

    def __init__(self, write):
        self.embedder = shared_embedder()
        self.dimensions = self.embedder.dimensions
        self._write = write

    def encode_query(self, text: str):
        write, self._write = self._write, None
        if write:
            write()
        return self.embedder.encode_query(text)


def index_article(index: Path, article: Path, text: str) -> None:
    article.write_text(text, encoding="utf-8")
    with Assistant(index) as writer:
        writer.index([article])


def setup(tmp_path: Path) -> tuple[Path, Path, str, str]:
    """An index of the article as BEFORE: (index, article file, its source, its text)."""
    index, article = tmp_path / "index", tmp_path / "bridge.txt"
    index_article(index, article, BEFORE)
    with Assistant(index) as reader:
        (quote, *_) = reader.quotes(speaker="Lindqvist")
        text = reader.document(quote.source).text
    return index, article, quote.source, text


def quote_index(index: Path, embedder=None) -> QuoteIndex:
    store = Store(index)
    embedder = embedder or shared_embedder()
    return QuoteIndex(store, embedder, Snapshots(store, embedder.dimensions))


def assert_read_as_chosen(found: list, text: str, expected: int) -> None:
    """Every quote is the article's text at its span, none left out."""
    assert len(found) == expected
    for quote in found:
        assert quote.speaker == "Anna Lindqvist"
        assert quote.text == text[quote.start : quote.end]


def test_find_reads_the_records_of_the_table_it_chose_from(tmp_path):
    index, article, _, text = setup(tmp_path)
    generation = Store(index).generation()
    quotes = quote_index(index, WritesWhileEncoding(lambda: index_article(index, article, AFTER)))
    chosen = quotes.count("Lindqvist")
    assert chosen >= 3
    found = quotes.find("Lindqvist", about="the bridge")
    assert Store(index).generation() != generation  # written between the two reads
    assert_read_as_chosen(found, text, chosen)
    # The next question reads the new generation.
    assert quotes.count("Lindqvist") < chosen


def test_within_reads_the_records_of_the_table_it_chose_from(tmp_path):
    index, article, source, text = setup(tmp_path)
    generation = Store(index).generation()
    quotes = quote_index(index)
    people = quotes.people("Lindqvist")
    chosen = len(quotes.find(people))
    assert chosen >= 3

    def passages():
        yield Passage(source, 0, len(text))
        index_article(index, article, AFTER)  # written while the passages are read

    found = quotes.within(passages(), people, k=10)
    assert Store(index).generation() != generation
    assert_read_as_chosen(found, text, chosen)
