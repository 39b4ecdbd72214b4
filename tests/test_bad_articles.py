"""Odd articles are indexed without error, and their quotes and citations stay exact."""
from assistant import Assistant

ODD = {
    "unbalanced.txt": "Unbalanced\n\n“We will never stop, said the minister, and left.\n"
                      "Then he said “Another” thing ” and “ more.\n",
    "no-sentences.txt": "!!! ??? ... ---\n\n1234 5678 90\n",
    "one-paragraph.txt": ("The mayor said the budget was fine and “nothing will change” soon " * 400).strip(),
    "marks-only.txt": "“”«»„\"\"'' ‘’",
}


def test_odd_articles_index_and_answer(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    for name, text in ODD.items():
        (folder / name).write_text(text, encoding="utf-8")
    a = Assistant(tmp_path / "index")
    report = a.index([folder])
    assert sorted(map(lambda s: s.rsplit("/", 1)[-1], report.added)) == sorted(ODD)
    assert report.failed == []
    for q in a.quotes():
        text = a.document(q.source).text
        assert text[q.start : q.end] == q.text
        assert all(0 <= c.start < c.end <= len(text) for c in q.contents)
    answer = a.ask("What did the mayor say about the budget?")
    assert answer.citations
    for c in answer.citations:
        assert a.document(c.source).text[c.start : c.end] == c.text
