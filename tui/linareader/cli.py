"""The ``linareader`` command: open the reader, or run a scripting command.

``linareader [ARTICLE]`` opens the reader; when the first argument is a known subcommand, that
command runs instead. Scripting commands never import Textual, so they start fast. Errors are one
line on stderr: exit status 2 for usage mistakes, 1 for failures, never a traceback (unless
``--debug``). Everything is said in the interface language, chosen first of all (see
:mod:`linareader.core.i18n`), so that ``--help`` and the parser's own errors speak it too.
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
from linareader.cli_argparse import localise_argparse
from linareader.core.errors import LinareaderError
from linareader.core.i18n import _, choose_language, install
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
        line = _("linareader: error: {message} (see '{prog} --help')")
        sys.stderr.write(line.format(message=clean_line(message), prog=self.prog) + "\n")
        raise SystemExit(2)


def _columns(value: str) -> int:
    """A width in columns for ``cat --width`` (a usage error outside 20-1000)."""
    try:
        width = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("invalid int value: '{value}'").format(value=value)
        ) from None
    if not 20 <= width <= 1000:
        raise argparse.ArgumentTypeError(
            _("{width} is not between 20 and 1000").format(width=width)
        )
    return width


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Add the global options; subcommands accept them too, without resetting earlier values."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--config-dir",
        type=Path,
        default=default,
        metavar=_("DIR"),
        help=_("config.yaml and state"),
    )
    parser.add_argument(
        "--data-dir", type=Path, default=default, metavar=_("DIR"), help=_("downloads")
    )
    parser.add_argument(
        "--cache-dir", type=Path, default=default, metavar=_("DIR"), help=_("caches, log")
    )
    parser.add_argument(
        "--articles-dir",
        type=Path,
        action="append",
        default=default,
        metavar=_("DIR"),
        help=_("an extra folder of Markdown articles (repeatable)"),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help=_("show tracebacks"),
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every command."""
    parser = _Parser(
        prog="linareader",
        description=_("A keyboard-first terminal reader for articles."),
        epilog=_("Run 'linareader COMMAND --help' for a command's options."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"linareader {__version__}",
        help=_("show program's version number and exit"),
    )
    _global_options(parser, suppress=False)
    common = _Parser(add_help=False)
    _global_options(common, suppress=True)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), required=True)

    opener = sub.add_parser("open", parents=[common], help=_("open the reader (the default)"))
    opener.add_argument("article", nargs="?", metavar=_("ARTICLE"), help=_("id, id prefix or path"))

    lister = sub.add_parser("list", parents=[common], help=_("list the library, newest first"))
    lister.add_argument("--unread", action="store_true", help=_("only unread and in-progress"))
    lister.add_argument("--tag", metavar="T", help=_("only articles with this tag"))
    lister.add_argument("--json", action="store_true", help=_("machine-readable output"))

    cat = sub.add_parser("cat", parents=[common], help=_("print an article"))
    cat.add_argument("article", metavar=_("ARTICLE"), help=_("id, id prefix or path"))
    cat.add_argument("--plain", action="store_true", help=_("plain text, even on a terminal"))
    cat.add_argument("--width", type=_columns, metavar="N", help=_("wrap at N columns (20-1000)"))

    mark = sub.add_parser("mark", parents=[common], help=_("mark an article read or unread"))
    mark.add_argument("article", metavar=_("ARTICLE"), help=_("id, id prefix or path"))
    mark.add_argument("state", choices=("read", "unread"))

    marks = sub.add_parser("bookmarks", parents=[common], help=_("list, add or remove bookmarks"))
    output = marks.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=_("machine-readable output"))
    output.add_argument(
        "--format",
        choices=("text", "md"),
        default="text",
        help=_("md: a Markdown digest with notes, grouped by article"),
    )
    actions = marks.add_subparsers(dest="action", metavar=_("ACTION"))
    add = actions.add_parser("add", parents=[common], help=_("bookmark a section"))
    add.add_argument("article", metavar=_("ARTICLE"))
    add.add_argument("section", metavar=_("SECTION"), help=_("anchor or heading text"))
    add.add_argument("--note", default="", metavar="T", help=_("a one-line note"))
    remove = actions.add_parser("remove", parents=[common], help=_("remove a bookmark"))
    remove.add_argument("article", metavar=_("ARTICLE"))
    remove.add_argument("section", metavar=_("SECTION"), help=_("anchor or heading text"))
    _download_commands(sub, common)
    commands_search.add_parser(sub, common)
    commands_state.add_parser(sub, common)
    return parser


def _download_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """``add``, ``rm``, ``feed ...`` and ``opml ...``."""
    add = sub.add_parser("add", parents=[common], help=_("save a web article by URL"))
    add.add_argument("url", metavar=_("URL"), help=_("an http or https address"))

    rm = sub.add_parser("rm", parents=[common], help=_("delete a saved or feed article"))
    rm.add_argument("article", metavar=_("ARTICLE"), help=_("id, id prefix or path"))

    feed = sub.add_parser("feed", parents=[common], help=_("subscribe to and refresh feeds"))
    actions = feed.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    feed_add = actions.add_parser("add", parents=[common], help=_("subscribe to an RSS/Atom feed"))
    feed_add.add_argument("url", metavar=_("URL"), help=_("the feed's address"))
    feed_add.add_argument("--name", metavar="N", help=_("folder and origin name (feed:N)"))
    feed_list = actions.add_parser("list", parents=[common], help=_("list subscriptions"))
    feed_list.add_argument("--json", action="store_true", help=_("machine-readable output"))
    feed_remove = actions.add_parser("remove", parents=[common], help=_("unsubscribe"))
    feed_remove.add_argument("name", metavar=_("NAME"))
    feed_remove.add_argument("--purge", action="store_true", help=_("also delete its articles"))
    refresh = actions.add_parser("refresh", parents=[common], help=_("download new entries"))
    refresh.add_argument("name", nargs="?", metavar=_("NAME"), help=_("only this feed"))

    opml = sub.add_parser("opml", parents=[common], help=_("import or export subscriptions"))
    opml_actions = opml.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    opml_import = opml_actions.add_parser(
        "import", parents=[common], help=_("subscribe to a file's feeds")
    )
    opml_import.add_argument("file", type=Path, metavar=_("FILE"))
    opml_actions.add_parser("export", parents=[common], help=_("print OPML 2.0 on stdout"))


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


def _option_value(args: Sequence[str], option: str) -> str | None:
    """The value given to *option* (``--opt V`` or ``--opt=V``) before parsing, if any."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == option and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(option + "="):
            return arg.partition("=")[2]
    return None


def _set_language(args: Sequence[str]) -> str:
    """Choose and install the interface language before any text is built; return it.

    ``language:`` in config.yaml (found through ``--config-dir`` as the parser would) wins over
    the environment; the UI modules, whose binding descriptions are translated when imported,
    are imported only after this.
    """
    from linareader.core.paths import resolve_paths
    from linareader.core.settings import configured_language

    config_dir = _option_value(args, "--config-dir")
    paths = resolve_paths(config_dir=Path(config_dir) if config_dir else None)
    language = choose_language(os.environ, configured_language(paths.config_file))
    install(language)
    localise_argparse()
    return language


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    _set_language(arguments)
    args = build_parser().parse_args(_with_default_command(arguments))
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
            _("unexpected {kind}: {error} (details in {log})").format(
                kind=type(error).__name__, error=error, log=context.paths.log_file
            ),
            exc_info=True,
        )
        return 1
