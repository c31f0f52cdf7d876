"""argparse's own words ("usage:", "options", its error messages) in the interface language.

argparse looks its messages up through its module-level ``_`` and ``ngettext`` (stdlib
``gettext``, domain ``messages``), which would ignore ``language:`` in config.yaml and
linareader's catalogue. :func:`localise_argparse` points both at linareader's translations;
the messages a user can meet are listed here so that they are extracted into the catalogue (a
test checks that each one is still spelled so in the running Python's argparse).
"""

from __future__ import annotations

import argparse

from linareader.core.i18n import N_, _, ngettext

__all__ = ["ARGPARSE_MESSAGES", "localise_argparse"]

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
)


def localise_argparse() -> None:
    """Make argparse translate its messages with linareader's catalogue (idempotent)."""
    # argparse exposes no hook for this; its two module globals are the documented-by-source
    # lookup points (the same that gettext.install-style programs rely on).
    setattr(argparse, "_", _)  # noqa: B010 - not declared in typeshed's argparse stub
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
