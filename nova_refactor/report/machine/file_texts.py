"""Each file's JSON text, made as its facts come in rather than after the assembly.

Files are 85 % of an analysis document. The pipeline hands each file's facts to `add` as they
arrive (`Options.on_facts`), so this process renders them between the files it parses, while
a child parses the others: a share the children take over, where after the assembly it would
wait alone. A file whose facts the assembly replaced (lock owners, hot paths) is rendered
again from what the document holds; the text is the one `json.dumps` writes for it inside the
document, so the output does not change.
"""

from __future__ import annotations

from nova_refactor.codec import json_text
from nova_refactor.model import FileFacts


class FileTexts:
    def __init__(self) -> None:
        self.made: dict[str, tuple[FileFacts, str]] = {}

    def add(self, facts: FileFacts) -> None:
        self.made[facts.path] = (facts, json_text(facts))

    def text(self, facts: FileFacts) -> str:
        made = self.made.get(facts.path)
        return made[1] if made is not None and made[0] is facts else json_text(facts)
