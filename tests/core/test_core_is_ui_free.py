"""The core never imports Textual or Rich: scripting commands stay fast and UI-free."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import linareader.core


def _core_modules() -> list[str]:
    return [
        f"linareader.core.{info.name}" for info in pkgutil.iter_modules(linareader.core.__path__)
    ]


def test_core_modules_exist() -> None:
    assert {"linareader.core.library", "linareader.core.state"} <= set(_core_modules())


def test_importing_every_core_module_loads_no_ui_library() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {_core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_scripting_commands_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        "from linareader import cli, commands\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
