"""The ``linareader`` command: open the reader, or run a scripting command.

``linareader [ARTICLE]`` opens the reader; when the first argument is a known subcommand, that
command runs instead. Scripting commands never import Textual, so they start fast. Errors are one
line on stderr: exit status 2 for usage mistakes, 1 for failures, never a traceback (unless
``--debug``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from linareader import __version__, commands_search, commands_state
from linareader.core.errors import LinareaderError
from linareader.core.sanitize import clean_line

__all__ = ["build_parser", "main"]

COMMANDS = (
    "open",
    "list",
    "cat",
    "mark",
    "bookmarks",
    "add",
    "rm",
    "feed",
    "opml",
    "search",
    "state",
)
_VALUE_OPTIONS = ("--config-dir", "--data-dir", "--cache-dir", "--articles-dir")
log = logging.getLogger("linareader")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (exit 2), as every other failure is one line."""

    def error(self, message: str) -> NoReturn:
        """Print a one-line usage error and exit with status 2."""
        sys.stderr.write(f"linareader: error: {clean_line(message)} (see '{self.prog} --help')\n")
        raise SystemExit(2)


def _columns(value: str) -> int:
    """A width in columns for ``cat --width`` (a usage error outside 20-1000)."""
    try:
        width = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: '{value}'") from None
    if not 20 <= width <= 1000:
        raise argparse.ArgumentTypeError(f"{width} is not between 20 and 1000")
    return width


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Add the global options; subcommands accept them too, without resetting earlier values."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--config-dir", type=Path, default=default, metavar="DIR", help="config.yaml and state"
    )
    parser.add_argument("--data-dir", type=Path, default=default, metavar="DIR", help="downloads")
    parser.add_argument(
        "--cache-dir", type=Path, default=default, metavar="DIR", help="caches, log"
    )
    parser.add_argument(
        "--articles-dir",
        type=Path,
        action="append",
        default=default,
        metavar="DIR",
        help="an extra folder of Markdown articles (repeatable)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="show tracebacks",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every command."""
    parser = _Parser(
        prog="linareader",
        description="A keyboard-first terminal reader for articles.",
        epilog="Run 'linareader COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"linareader {__version__}")
    _global_options(parser, suppress=False)
    common = _Parser(add_help=False)
    _global_options(common, suppress=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    opener = sub.add_parser("open", parents=[common], help="open the reader (the default)")
    opener.add_argument("article", nargs="?", metavar="ARTICLE", help="id, id prefix or path")

    lister = sub.add_parser("list", parents=[common], help="list the library, newest first")
    lister.add_argument("--unread", action="store_true", help="only unread and in-progress")
    lister.add_argument("--tag", metavar="T", help="only articles with this tag")
    lister.add_argument("--json", action="store_true", help="machine-readable output")

    cat = sub.add_parser("cat", parents=[common], help="print an article")
    cat.add_argument("article", metavar="ARTICLE", help="id, id prefix or path")
    cat.add_argument("--plain", action="store_true", help="plain text, even on a terminal")
    cat.add_argument("--width", type=_columns, metavar="N", help="wrap at N columns (20-1000)")

    mark = sub.add_parser("mark", parents=[common], help="mark an article read or unread")
    mark.add_argument("article", metavar="ARTICLE", help="id, id prefix or path")
    mark.add_argument("state", choices=("read", "unread"))

    marks = sub.add_parser("bookmarks", parents=[common], help="list, add or remove bookmarks")
    output = marks.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="machine-readable output")
    output.add_argument(
        "--format",
        choices=("text", "md"),
        default="text",
        help="md: a Markdown digest with notes, grouped by article",
    )
    actions = marks.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="bookmark a section")
    add.add_argument("article", metavar="ARTICLE")
    add.add_argument("section", metavar="SECTION", help="anchor or heading text")
    add.add_argument("--note", default="", metavar="T", help="a one-line note")
    remove = actions.add_parser("remove", parents=[common], help="remove a bookmark")
    remove.add_argument("article", metavar="ARTICLE")
    remove.add_argument("section", metavar="SECTION", help="anchor or heading text")
    _download_commands(sub, common)
    commands_search.add_parser(sub, common)
    commands_state.add_parser(sub, common)
    return parser


def _download_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """``add``, ``rm``, ``feed ...`` and ``opml ...``."""
    add = sub.add_parser("add", parents=[common], help="save a web article by URL")
    add.add_argument("url", metavar="URL", help="an http or https address")

    rm = sub.add_parser("rm", parents=[common], help="delete a saved or feed article")
    rm.add_argument("article", metavar="ARTICLE", help="id, id prefix or path")

    feed = sub.add_parser("feed", parents=[common], help="subscribe to and refresh feeds")
    actions = feed.add_subparsers(dest="action", metavar="ACTION", required=True)
    feed_add = actions.add_parser("add", parents=[common], help="subscribe to an RSS/Atom feed")
    feed_add.add_argument("url", metavar="URL", help="the feed's address")
    feed_add.add_argument("--name", metavar="N", help="folder and origin name (feed:N)")
    feed_list = actions.add_parser("list", parents=[common], help="list subscriptions")
    feed_list.add_argument("--json", action="store_true", help="machine-readable output")
    feed_remove = actions.add_parser("remove", parents=[common], help="unsubscribe")
    feed_remove.add_argument("name", metavar="NAME")
    feed_remove.add_argument("--purge", action="store_true", help="also delete its articles")
    refresh = actions.add_parser("refresh", parents=[common], help="download new entries")
    refresh.add_argument("name", nargs="?", metavar="NAME", help="only this feed")

    opml = sub.add_parser("opml", parents=[common], help="import or export subscriptions")
    opml_actions = opml.add_subparsers(dest="action", metavar="ACTION", required=True)
    opml_import = opml_actions.add_parser(
        "import", parents=[common], help="subscribe to a file's feeds"
    )
    opml_import.add_argument("file", type=Path, metavar="FILE")
    opml_actions.add_parser("export", parents=[common], help="print OPML 2.0 on stdout")


def _with_default_command(argv: Sequence[str]) -> list[str]:
    """Insert ``open`` before the first positional argument unless it names a command."""
    args = list(argv)
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            args.insert(index, "open")
            return args
        if arg in _VALUE_OPTIONS:
            index += 2
        elif arg.startswith("-") and arg != "-":
            index += 1
        else:
            if arg not in COMMANDS:
                args.insert(index, "open")
            return args
    args.append("open")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(_with_default_command(sys.argv[1:] if argv is None else argv))
    from linareader import commands  # after parsing: --help and --version stay instant
    from linareader.logs import setup_logging

    context = commands.Context.from_args(args)
    setup_logging(context.paths.log_file, debug=args.debug)
    try:
        return commands.run(context, args)
    except LinareaderError as error:
        log.error("%s", error, exc_info=args.debug)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`linareader cat x | head`): not an error.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # the last line of defence: one line, details in the log
        log.error(
            "unexpected %s: %s (details in %s)",
            type(error).__name__,
            error,
            context.paths.log_file,
            exc_info=True,
        )
        return 1
