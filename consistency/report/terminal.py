"""Article text made safe to print: nothing from an article may drive the terminal.

Titles, evidence and even file names come from outside. Printed raw, an ESC
sequence recolours or clears the screen, sets the window title (OSC 0) or
plants a hyperlink (OSC 8), BEL rings, and a bidi override (U+202E) reorders
what an editor reads ("Trojan Source"). Every string of the records goes
through ``safe`` before the text report lays it out: control characters and
bidi embeddings, overrides and isolates are shown as visible escapes
(``\\x1b``, ``<U+202E>``); line breaks and tabs become spaces. Arabic, Hebrew
and the marks LRM/RLM/ALM are left alone: right-to-left script needs no
control character to read right to left, and the report adds its own
isolates around it afterwards.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"[\t\n\r]")


def safe(text: str) -> str:
    """``text`` with nothing a terminal would act on."""
    if not isinstance(text, str):
        return text
    text = _SPACE.sub(" ", text)
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def safe_records(value: Any) -> Any:
    """Every string inside ``value`` (the report's records) through ``safe``."""
    if isinstance(value, str):
        return safe(value)
    if isinstance(value, dict):
        return {k: safe_records(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [safe_records(v) for v in value]
    return value
