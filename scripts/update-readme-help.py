#!/usr/bin/env python3
"""Rewrites the `--help` blocks in docs/cli.md from the built binary.

Each block sits between `<!-- help: tracker SUBCOMMAND -->` and the closing
fence of the code block right after it. The test ReadmeTests checks that
docs/cli.md matches `--help`, so run this after changing a command:

    swift build && python3 scripts/update-readme-help.py .build/debug/tracker
"""
import os
import re
import subprocess
import sys

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/tracker"
readme_path = os.path.join(os.path.dirname(__file__), "..", "docs", "cli.md")
text = open(readme_path, encoding="utf-8").read()

pattern = re.compile(r"(<!-- help: (tracker[^>]*?) -->\n```text\n)(.*?)(```)", re.S)


def help_text(command: str) -> str:
    args = command.split()[1:] + ["--help"]
    env = dict(os.environ, COLUMNS="80")
    out = subprocess.run([binary] + args, capture_output=True, text=True, env=env, check=True).stdout
    return out


text = pattern.sub(lambda m: m.group(1) + help_text(m.group(2)) + m.group(4), text)
open(readme_path, "w", encoding="utf-8").write(text)
