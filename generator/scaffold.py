"""``briefing new``: a working project to start from, copied from a built-in pack's ``starter/``.

A pack that offers a start ships a ``starter/`` folder (sample content, a commented theme, an
example override, a README); the project gets a copy of it, its ``briefing.yaml``, and the JSON
Schema of the pack's content, which the content file's first line points editors at.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .errors import BuildFailed, Problem, UsageError
from .templates import builtin_packs_dir

STARTER = "starter"
SCHEMA_FILE = "briefing.schema.json"


def starter_packs() -> list[str]:
    root = builtin_packs_dir()
    return sorted(p.parent.name for p in root.glob(f"*/{STARTER}") if p.is_dir())


def new_project(folder: Path, pack: str) -> list[Path]:
    """Write a new project into ``folder`` (new or empty); the files written, in order."""
    from .packs import project_content_model, schema_of  # it reads the settings the copy has

    starter = builtin_packs_dir() / pack / STARTER
    if not starter.is_dir():
        raise UsageError(f"pack '{pack}' has no starter project; choose from {', '.join(starter_packs())}")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildFailed([Problem(str(folder), None, None,
                                   "is not an empty folder; give a new folder's name, or empty this one first")])
    shutil.copytree(starter, folder, dirs_exist_ok=True)
    name = folder.resolve().name
    (folder / "briefing.yaml").write_text(
        "# Settings of this briefing; `briefing schema --config` lists every one.\n"
        f"name: {json.dumps(name)}        # the outputs' file names\n"
        f"pack: {pack}             # the template pack the deck and report come from\n"
        "formats: [pptx, pdf]\n", encoding="utf-8")
    model = project_content_model(folder)
    (folder / SCHEMA_FILE).write_text(json.dumps(schema_of(model, content=True), indent=2, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    return sorted(p for p in folder.rglob("*") if p.is_file())
