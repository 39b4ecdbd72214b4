"""The `assistant` command: index, ask, serve. Errors are one line on stderr, exit code 2."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import AssistantError

EXIT_USAGE = 2


def _index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index", metavar="DIR", default=None,
        help="index directory (default: $ASSISTANT_INDEX or indexes/default)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="Ask news articles who said what, with cited passages."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    index = commands.add_parser("index", help="add, update and remove articles in an index")
    index.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of articles")
    _index_option(index)
    index.add_argument("--json", action="store_true", help="print the report as JSON")

    ask = commands.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question")
    _index_option(ask)
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")

    serve = commands.add_parser("serve", help="serve the web chat")
    _index_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    return parser


def _assistant(args):
    from .core import Assistant

    return Assistant(args.index)


def cmd_index(args) -> int:
    report = _assistant(args).index([Path(p) for p in args.paths])
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if args.json else report.summary())
    return 0


def _cited(answer) -> str:
    lines = [answer.text]
    if answer.citations:
        lines.append("\nSources:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.title} — {c.source} (characters {c.start}–{c.end})")
    return "\n".join(lines)


def cmd_ask(args) -> int:
    answer = _assistant(args).ask(args.question)
    print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if args.json else _cited(answer))
    return 0


def cmd_serve(args) -> int:
    from .ui import serve

    serve(_assistant(args), host=args.host, port=args.port)
    return 0


COMMANDS = {"index": cmd_index, "ask": cmd_ask, "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except AssistantError as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
