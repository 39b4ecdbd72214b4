"""The `assistant` command: index, ask, quotes, speakers, eval, train, serve. Errors are one line on stderr, exit code 2."""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from assistant import Answer, Assistant, Filters, quotes_answer
from assistant.errors import AssistantError

EXIT_USAGE = 2
# How `ask` and `quotes` print: plain text for reading, or the cited passages as Markdown to
# paste, CSV or JSON rows to keep (see `Answer.to_records`).
FORMATS = ("text", "md", "csv", "json")


def _index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index", metavar="DIR", default=None,
        help="index directory (default: $ASSISTANT_INDEX or indexes/default)",
    )


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", metavar="NAME", help="only articles from this publisher or site")
    parser.add_argument("--since", metavar="DATE", help="only articles published on or after DATE")
    parser.add_argument("--until", metavar="DATE", help="only articles published on or before DATE")
    parser.add_argument("--article", metavar="PATH", help="only this article")


def _output_options(parser: argparse.ArgumentParser, json_help: str) -> None:
    """--json (the whole result as JSON) or --format (text, or the passages exported)."""
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=json_help)
    output.add_argument(
        "--format", choices=FORMATS, default="text",
        help="text (default), or one row per passage with speaker, article and exact span: "
             "md (Markdown to paste), csv or json",
    )


def _mode_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mode", choices=["extractive", "llm"], default=None,
        help="extractive: the passages themselves; llm: a language model's answer, its citations "
             "checked (needs ASSISTANT_LLM; default: $ASSISTANT_ANSWER_MODE or extractive)",
    )


def _article_source(given: str) -> str:
    """An article's source from what was typed: a file path as indexed (absolute), and
    the "#key" of an article inside a JSON file kept as it is."""
    path, sep, key = given.partition("#")
    return str(Path(path).resolve()) + sep + key


def _filters(args) -> Filters:
    """The --source, --since, --until and --article filters, checked."""
    article = _article_source(args.article) if args.article else None
    return Filters.build(args.source, args.since, args.until, article)


def _add_index_command(commands) -> None:
    """`assistant index PATH... [--prune] [--watch] [--progress MODE] [--json]`."""
    index = commands.add_parser("index", help="add, update and remove articles in an index")
    index.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of articles")
    _index_option(index)
    index.add_argument("--json", action="store_true", help="print the report as JSON")
    index.add_argument(
        "--prune", action="store_true",
        help="also remove indexed articles whose files are not among PATHs",
    )
    index.add_argument(
        "--watch", action="store_true",
        help="keep running and re-index the folder whenever its files change (Ctrl-C stops)",
    )
    index.add_argument(
        "--progress", choices=["auto", "bar", "lines", "none"], default="auto",
        help="progress display: a bar on a terminal (auto), plain lines for logs, or none",
    )


def _add_article_commands(commands) -> None:
    """`assistant articles [--json]` and `assistant correct SOURCE [--date D] [--publisher P]`."""
    articles = commands.add_parser("articles", help="the indexed articles, with date and publisher")
    _index_option(articles)
    articles.add_argument("--json", action="store_true", help="print the articles as JSON")

    correct = commands.add_parser(
        "correct", help="set or correct an article's date or publisher (wins over its file's)")
    correct.add_argument("source", metavar="SOURCE",
                         help="the article: its file (or file#key inside a JSON file)")
    correct.add_argument("--date", metavar="DATE", help='its date, YYYY-MM-DD ("" for undated)')
    correct.add_argument("--publisher", metavar="NAME", help='its publisher ("" for none)')
    _index_option(correct)


def _add_question_commands(commands) -> None:
    """`assistant ask QUESTION`, `assistant quotes`, `assistant chat` and `assistant speakers`."""
    ask = commands.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question")
    _index_option(ask)
    _output_options(ask, "print the whole answer as JSON")
    _filter_options(ask)
    _mode_option(ask)

    quotes = commands.add_parser("quotes", help="quotes of a person, optionally about a topic")
    quotes.add_argument("--speaker", metavar="NAME", help="any spelling of the person's name")
    quotes.add_argument("--about", metavar="TOPIC", help="rank the quotes by this topic")
    _index_option(quotes)
    _output_options(quotes, "print the quotes as JSON, with the spans of their parts")
    _filter_options(quotes)

    chat = commands.add_parser("chat", help="ask questions in turn; follow-ups use earlier turns")
    _index_option(chat)
    _mode_option(chat)

    speakers = commands.add_parser("speakers", help="everyone quoted, with aliases and counts")
    _index_option(speakers)
    speakers.add_argument("--json", action="store_true", help="print the people as JSON")


def _add_eval_command(commands) -> None:
    """`assistant eval polnear [--split S] [--data DIR] [--limit N]` and
    `assistant eval qa FILE [--mode M] [--k K] [--json]`."""
    evaluate = commands.add_parser(
        "eval", help="measure quote extraction (polnear) or retrieval and answers (qa FILE)")
    evaluate.add_argument("corpus", choices=["polnear", "qa"])
    evaluate.add_argument("file", nargs="?", metavar="FILE",
                          help="qa: JSONL of questions with gold passages")
    _index_option(evaluate)
    evaluate.add_argument("--mode", choices=["hybrid", "dense", "bm25", "all"], default="hybrid",
                          help="qa: retrieval mode, or all three side by side")
    evaluate.add_argument("--k", type=int, default=5, help="qa: Hits@k (default 5)")
    evaluate.add_argument("--json", action="store_true", help="qa: print the scores as JSON")
    evaluate.add_argument("--split", choices=["train", "dev", "test"], default="dev")
    evaluate.add_argument("--data", metavar="DIR", default=None,
                          help="PolNeAR folder (default: $ASSISTANT_POLNEAR or ../shared/data/polnear)")
    evaluate.add_argument("--limit", type=int, default=None, help="score only the first N articles")


def _add_train_command(commands) -> None:
    """`assistant train attribution [--out FILE] [--limit N] [--folds K] [--split S]`."""
    train = commands.add_parser(
        "train", help="train the attribution model on PolNeAR train")
    train.add_argument("model", choices=["attribution"])
    train.add_argument("--out", metavar="FILE", default=None,
                       help="where to write the model (default: the one the package ships)")
    train.add_argument("--data", metavar="DIR", default=None,
                       help="PolNeAR folder (default: $ASSISTANT_POLNEAR or ../shared/data/polnear)")
    train.add_argument("--limit", type=int, default=None, help="train on the first N articles only")
    train.add_argument("--folds", type=int, default=0, metavar="K",
                       help="instead of training, measure rules and model by K-fold "
                            "cross-validation on train")
    train.add_argument("--split", default="train",
                       help="the split to train on; only train is accepted")


def _add_serve_command(commands) -> None:
    """`assistant serve [--host H] [--port P] [--auth U:P | --auth-file F] [--folder DIR]...`."""
    serve = commands.add_parser("serve", help="serve the web chat")
    _index_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    serve.add_argument("--auth", metavar="USER:PASSWORD", help="require this login on the page and API")
    serve.add_argument("--auth-file", metavar="FILE", help="require a login from FILE (user:password lines)")
    serve.add_argument("--folder", action="append", default=[], metavar="DIR",
                       help="a server folder the page may re-index (repeatable; default: none)")


def build_parser() -> argparse.ArgumentParser:
    """The `assistant` command line: one subcommand each for index, articles, correct,
    ask, quotes, chat, speakers, eval, train and serve."""
    parser = argparse.ArgumentParser(
        prog="assistant", description="Ask news articles who said what, with cited passages."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_index_command(commands)
    _add_article_commands(commands)
    _add_question_commands(commands)
    _add_eval_command(commands)
    _add_train_command(commands)
    _add_serve_command(commands)
    return parser


def _assistant(args) -> Assistant:
    return Assistant(args.index)


def cmd_index(args) -> int:
    from tqdm import tqdm

    # A bar (files, chunks, rate, time left) on a terminal; plain lines for logs.
    mode = args.progress
    if mode == "auto":
        mode = "bar" if sys.stderr.isatty() else "none"
    bar = tqdm(total=0, unit="file", disable=mode != "bar", leave=False)

    def progress(done: int, total: int, chunks: int) -> None:
        if mode == "lines":
            print(f"progress: {done}/{total} files, {chunks} chunks", file=sys.stderr, flush=True)
        if done < bar.n:  # a new run (--watch)
            bar.reset()
        bar.total = total
        bar.set_postfix(chunks=chunks, refresh=False)
        bar.update(done - bar.n)

    assistant = _assistant(args)
    if args.watch:
        return _watch(args, assistant, progress)
    try:
        report = assistant.index([Path(p) for p in args.paths], progress, prune=args.prune)
    finally:
        bar.close()
    _print_report(report, args.json)
    return 0


def _print_report(report, as_json: bool) -> None:
    print(json.dumps(report.to_dict(), ensure_ascii=False) if as_json else report.summary(), flush=True)


def _watch(args, assistant, progress) -> int:
    from assistant.sources.watching import watch

    if len(args.paths) != 1 or not Path(args.paths[0]).is_dir():
        raise AssistantError("--watch takes exactly one folder")
    # Ctrl-C or SIGTERM stops the loop between runs (a run under way finishes first), rather
    # than raising inside a write and leaving the process to unwind from the middle of it.
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    watch(lambda paths: assistant.index(paths, progress), Path(args.paths[0]),
          lambda report: _print_report(report, args.json), stop)
    return 0


def _cited(answer) -> str:
    lines = [answer.text]
    if answer.citations:
        lines.append("\nSources:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.title} — {c.source} (characters {c.start}–{c.end})")
    for note in getattr(answer, "notes", []):  # what the checks of a model's answer removed
        lines.append(f"Note: {note}")
    return "\n".join(lines)


def _exported(answer: Answer, form: str) -> str:
    """The answer's cited passages in an export format (md, csv or json), ready to write."""
    if form == "md":
        return answer.to_markdown()
    if form == "csv":
        return answer.to_csv()
    return answer.to_json() + "\n"


def cmd_ask(args) -> int:
    answer = _assistant(args).ask(args.question, filters=_filters(args), mode=args.mode)
    if args.format != "text":
        sys.stdout.write(_exported(answer, args.format))
        return 0
    print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if args.json else _cited(answer))
    return 0


def _span(span):
    return [span.start, span.end] if span else None


def quote_dict(q) -> dict:
    return {
        "speaker": q.speaker, "role": q.role, "kind": q.kind, "source": q.source,
        "start": q.start, "end": q.end, "text": q.text,
        "speaker_span": _span(q.speaker_span), "cue": _span(q.cue),
        "contents": [_span(c) for c in q.contents],
    }


def cmd_quotes(args) -> int:
    assistant = _assistant(args)
    quotes = assistant.quotes(speaker=args.speaker, about=args.about, filters=_filters(args))
    if args.format in ("csv", "json") or (args.format == "md" and quotes):
        answer = quotes_answer(quotes, assistant.documents({q.source for q in quotes}))
        sys.stdout.write(_exported(answer, args.format))
        return 0
    if args.json:
        print(json.dumps([quote_dict(q) for q in quotes], ensure_ascii=False, indent=2))
        return 0
    if not quotes:
        print("No quotes found.")
    for q in quotes:
        print(f"{q.speaker or 'unknown'} ({q.kind}) — {q.source} [{q.start}–{q.end}]\n  {q.text}\n")
    return 0


def cmd_articles(args) -> int:
    listed = _assistant(args).documents()
    if args.json:
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return 0
    for doc in listed:
        when = doc["date"] or "undated"
        where = f" — {doc['source_name']}" if doc["source_name"] else ""
        print(f"{when:10}  {doc['title']}{where}\n            {doc['source']}")
    return 0


def cmd_correct(args) -> int:
    listed = _assistant(args).correct(_article_source(args.source), date=args.date,
                                      publisher=args.publisher)
    print(f"{listed['source']}: date {listed['date'] or 'none'}, "
          f"publisher {listed['source_name'] or 'none'} (set by hand: "
          f"{', '.join(listed['corrected'])})")
    return 0


def cmd_speakers(args) -> int:
    people = _assistant(args).speakers()
    if args.json:
        rows = [{"name": p.name, "aliases": sorted(p.aliases), "roles": sorted(p.roles),
                 "quotes": p.quote_count, "group": p.is_group} for p in people]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for p in people:
        roles = f" — {', '.join(sorted(p.roles))}" if p.roles else ""
        aliases = sorted(p.aliases - {p.name})
        also = f" (also: {', '.join(aliases)})" if aliases else ""
        group = " [organisation or group]" if p.is_group else ""
        print(f"{p.quote_count:4d}  {p.name}{group}{roles}{also}")
    return 0


def cmd_eval_qa(args) -> int:
    from assistant.evaluation.qa import evaluate, format_table, load_questions, to_json

    if not args.file:
        raise AssistantError("eval qa needs FILE, a JSONL of questions with gold passages")
    if args.k < 1:
        raise AssistantError("--k must be at least 1")
    items = load_questions(args.file)
    modes = ["hybrid", "dense", "bm25"] if args.mode == "all" else [args.mode]
    scores = evaluate(_assistant(args), items, modes, args.k)
    print(json.dumps(to_json(scores, args.k), indent=2) if args.json else format_table(scores, args.k))
    return 0


def cmd_eval(args) -> int:
    if args.corpus == "qa":
        return cmd_eval_qa(args)
    from assistant.evaluation.polnear import compare, format_comparison

    kwargs = {"split": args.split, "limit": args.limit}
    if args.data:
        kwargs["data_dir"] = Path(args.data)
    print(format_comparison(compare(**kwargs)))
    return 0


def cmd_train(args) -> int:
    from tqdm import tqdm

    import assistant.training.attribution as attribution
    from assistant.evaluation.polnear import format_comparison

    attribution.refuse_other_splits(args.split)
    data = Path(args.data) if args.data else None
    with tqdm(total=None, unit="article", desc="reading", disable=None) as bar:
        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        if args.folds:
            if args.folds < 2:
                raise AssistantError("--folds must be at least 2")
            articles = attribution.read_articles(args.split, data, args.limit, progress)
            bar.close()
            print(format_comparison(attribution.cross_validate(articles, args.folds)))
            return 0
        out = Path(args.out) if args.out else attribution.DEFAULT_PATH
        command = "assistant train attribution" + (f" --limit {args.limit}" if args.limit else "")
        model = attribution.train(out, data, args.limit, command=command, progress=progress)
    size = out.stat().st_size
    print(f"wrote {out} ({size / 1e6:.2f} MB; {model.about['articles']} articles, "
          f"{sum(len(w) for w in model.weights.values())} weights)")
    return 0


def cmd_chat(args) -> int:
    assistant = _assistant(args)
    if args.mode == "llm" and not assistant.llm_available():
        raise AssistantError("--mode llm needs a language model: set ASSISTANT_LLM to openai or ollama")
    conversation = assistant.chat()
    interactive = sys.stdin.isatty()
    while True:
        try:
            question = input("you> " if interactive else "")
        except EOFError:
            return 0
        if not question.strip():
            continue
        try:
            print(_cited(conversation.ask(question, mode=args.mode)) + "\n", flush=True)
        except AssistantError as exc:
            print(f"assistant: error: {exc}", file=sys.stderr, flush=True)


def cmd_serve(args) -> int:
    from assistant.web.app import read_auth, serve

    auth = read_auth(args.auth, args.auth_file)
    folders = [Path(f) for f in args.folder]
    for folder in folders:
        if not folder.is_dir():
            raise AssistantError(f"--folder {folder}: not a folder")
    serve(_assistant(args), host=args.host, port=args.port, auth=auth, folders=folders)
    return 0


COMMANDS = {
    "index": cmd_index, "articles": cmd_articles, "correct": cmd_correct, "ask": cmd_ask,
    "chat": cmd_chat, "quotes": cmd_quotes, "speakers": cmd_speakers, "eval": cmd_eval, "train": cmd_train, "serve": cmd_serve,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except AssistantError as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
