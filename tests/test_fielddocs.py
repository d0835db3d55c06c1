"""Field docstrings become JSON Schema descriptions, as pydantic's own reading of them gave."""

from __future__ import annotations

from pydantic import BaseModel, Field, create_model

from generator.fielddocs import field_docstring
from generator.packs import schema_of


class Part(BaseModel):
    """A part."""

    name: str
    """What the part is called."""
    size: int = Field(0, description="Said in the field itself.")
    """Not this: the field's own description wins."""
    colour: str = ""


class Whole(BaseModel):
    """A whole."""

    part: Part
    """The part it is made of."""
    parts: list[Part] = Field(default_factory=list)
    """More of them,
       said over two lines."""


class Again(Part):
    name: str = "x"  # declared again without a docstring: it has none


def test_each_field_has_the_docstring_under_it() -> None:
    schema = schema_of(Whole)
    part = schema["$defs"]["Part"]["properties"]
    assert part["name"]["description"] == "What the part is called."
    assert part["size"]["description"] == "Said in the field itself."
    assert "description" not in part["colour"]
    assert schema["properties"]["part"]["description"] == "The part it is made of."
    assert schema["properties"]["parts"]["description"] == "More of them,\nsaid over two lines."
    assert schema["description"] == "A whole."


def test_a_field_declared_again_takes_only_its_own_docstring() -> None:
    assert field_docstring(Part, "name") == "What the part is called."
    assert field_docstring(Again, "name") is None
    assert field_docstring(Again, "colour") is None
    assert "description" not in schema_of(Again)["properties"]["name"]


def test_models_made_at_run_time_keep_the_docstrings_they_inherit() -> None:
    Made = create_model("Made", __base__=Part, extra=(int, Field(1, description="Given when made.")))
    properties = schema_of(Made)["properties"]
    assert properties["name"]["description"] == "What the part is called."
    assert properties["extra"]["description"] == "Given when made."
