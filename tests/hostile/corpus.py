"""Hostile inputs, written on the fly: every class of bad article, state and config file.

Payloads carry the marker HOSTILE so a scan of the terminal output can tell an escape sequence
that came from the input from the ones the UI toolkit writes itself.
"""

from __future__ import annotations

import os
from pathlib import Path

ESC = "\x1b"
#: Escape sequences a file could try to send to the terminal.
SEQUENCES = {
    "osc52-clipboard": f"{ESC}]52;c;SE9TVElMRQ==\x07",
    "osc0-title": f"{ESC}]0;HOSTILE title{ESC}\\",
    "osc8-link": f"{ESC}]8;;https://HOSTILE.example{ESC}\\click{ESC}]8;;{ESC}\\",
    "csi-query": f"{ESC}[6n",
    "csi-clear": f"{ESC}[2J{ESC}[31mHOSTILE-red",
    "dcs": f"{ESC}P1$rHOSTILE{ESC}\\",
    "apc": f"{ESC}_HOSTILE apc{ESC}\\",
    "c1-csi": "\u009b6n",
    "c1-osc": "\u009d0;HOSTILE\u009c",
    "bidi": "\u202eELITSOH\u202c",
    "bell-backspace": "\x07\x08\x08HOSTILE",
}
ALL = "".join(SEQUENCES.values())


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def yaml_quoted(text: str) -> str:
    """*text* as a YAML double-quoted scalar (escapes ESC and friends as YAML escapes)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return (
        '"'
        + "".join(
            ch
            if ch.isprintable()
            else f"\\x{ord(ch):02x}"
            if ord(ch) < 256
            else f"\\u{ord(ch):04x}"
            for ch in escaped
        )
        + '"'
    )


def hostile_articles(folder: Path) -> dict[str, Path]:
    """Write one file per class of hostile article; return them by class name."""
    files: dict[str, Path] = {}
    files["escapes-everywhere"] = write(
        folder / "escapes.md",
        f"---\ntitle: {yaml_quoted('Title ' + ALL)}\nauthor: {yaml_quoted(ALL)}\n"
        f"tags: [{yaml_quoted(ALL)}]\n---\n\n# Heading {ALL}\n\nBody {ALL} end.\n\n"
        f"- item {ALL}\n\n> quote {ALL}\n\n```\ncode {ALL}\n```\n\n"
        f"| a | b |\n|---|---|\n| {ALL} | x |\n\n"
        f"[link {ALL}](https://example.org/{ESC}]0;HOSTILE) &#x1b;]0;HOSTILE&#x7; &#x202e;\n",
    )
    files["markup-injection"] = write(
        folder / "markup.md",
        '---\ntitle: "[@click=app.quit]Click me[/]"\nauthor: "[b]bold[/b] [/]"\n---\n\n'
        "# [@click=app.quit]heading[/] [/]\n\n[red]not red[/red] $accent {x}\n",
    )
    files["broken-front-matter"] = write(
        folder / "broken.md", "---\ntitle: [unclosed\ndate: 2024-13-45\n---\n# Fallback title\n"
    )
    files["python-tag"] = write(
        folder / "python-tag.md",
        "---\ntitle: !!python/object/apply:os.system "
        "['echo HOSTILE > /tmp/hostile-pwned']\n---\nx\n",
    )
    files["alias-bomb"] = write(
        folder / "alias-bomb.md",
        "---\n"
        + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
            for i in range(8)
        )
        + "tags: *i\ntitle: Bomb\n---\nbody\n",
    )
    files["huge-front-matter"] = write(
        folder / "huge-fm.md", "---\ntitle: " + "x" * 200_000 + "\n---\nbody\n"
    )
    files["not-a-mapping"] = write(folder / "list-fm.md", "---\n- a\n- b\n---\n# List FM\n")
    files["binary"] = write(folder / "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    files["latin-1"] = write(
        folder / "latin1.md", "# Café crème\n\nÉté « à » Noël\n".encode("latin-1")
    )
    files["utf-16"] = write(folder / "utf16.md", "# Été\n\nTexte\n".encode("utf-16"))
    files["long-line"] = write(folder / "long-line.md", "# Long\n\n" + "mot " * 60_000 + "\n")
    files["many-headings"] = write(
        folder / "headings.md", "".join(f"## Heading {i}\n\ntext {i}\n\n" for i in range(3000))
    )
    files["deep-nesting"] = write(
        folder / "nested.md", "> " * 200 + "deep\n\n" + "- " * 200 + "list\n\n" + "[" * 5000 + "\n"
    )
    files["escape-file-name"] = write(folder / f"name{ESC}]0;HOSTILE{chr(7)}.md", "# File name\n")
    os.mkfifo(folder / "fifo.md")
    (folder / "loop").symlink_to(folder)
    outside = write(folder.parent / "outside-secret.md", "# Secret outside\n")
    (folder / "escape-link.md").symlink_to(outside)
    return files
