"""The docstring under each field of a model, as the description of that field in JSON Schema.

The content blocks, the theme and the settings document each field with a string right under it
(``title: str`` then ``\"\"\"What the series shows…\"\"\"``). Pydantic can read these itself
(``use_attribute_docstrings``), but it does so for every model class as it is made, searching the
call stack and re-reading the source for each one, even for the models a pack declares at run
time, which have no source: that was a tenth of a cold build, for text only ``briefing schema``
and ``briefing new`` print. Here the docstrings are read when a schema is made, from each
module's source parsed once, and put where pydantic put them: a field's own ``description``
still wins, and a field that a subclass declares again takes the docstring of that declaration
only.
"""

from __future__ import annotations

import ast
import inspect
import sys
from functools import cache
from itertools import pairwise
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema


@cache
def _module_docstrings(module_name: str) -> dict[str, dict[str, str]]:
    """Class name → field name → docstring, for the classes at the top of a module's source."""
    module = sys.modules.get(module_name)
    try:
        source = inspect.getsource(module) if module is not None else ""
    except (OSError, TypeError):  # no source: a frozen or generated module
        return {}
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = _class_docstrings(node)
    return found


def _class_docstrings(node: ast.ClassDef) -> dict[str, str]:
    # A string statement right after an annotated name documents that name, as pydantic reads it.
    docs: dict[str, str] = {}
    for before, stmt in pairwise(node.body):
        if (isinstance(before, ast.AnnAssign) and isinstance(before.target, ast.Name)
                and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
                and isinstance(stmt.value.value, str)):
            docs[before.target.id] = inspect.cleandoc(stmt.value.value)
    return docs


def field_docstring(cls: type[BaseModel], name: str) -> str | None:
    """The docstring under field ``name`` where it is declared: in ``cls`` or a base of it."""
    for klass in cls.__mro__:
        if name in klass.__dict__.get("__annotations__", {}):
            module = sys.modules.get(klass.__module__)
            if getattr(module, klass.__name__, None) is not klass:  # made at run time: no source
                return None
            return _module_docstrings(klass.__module__).get(klass.__name__, {}).get(name)
    return None


class WithFieldDocstrings(GenerateJsonSchema):
    """JSON Schema in which each field without a description of its own has its docstring."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        cls = schema["cls"]
        properties: dict[str, Any] = json_schema.get("properties", {})
        for name, info in cls.model_fields.items():
            key = info.validation_alias if isinstance(info.validation_alias, str) else info.alias or name
            if key not in properties or info.description is not None:
                continue
            doc = field_docstring(cls, name)
            if doc is not None:
                properties[key] = self.handle_ref_overrides({**properties[key], "description": doc})
        return json_schema
