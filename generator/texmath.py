"""Maths for the parse stage: TeX written between ``$…$`` or ``$$…$$`` → readable text.

Formulas are drawn as equations (:mod:`generator.maths`); this text is how a formula reads where it
is not drawn: a formula whose TeX cannot be drawn (said at its line), maths in the front matter,
and, in the deck, what viewers without PowerPoint's equations show for inline maths. The commonest
TeX commands become their Unicode characters and ``_`` and ``^`` are kept (never read as
emphasis), so ``$\\alpha_1 \\le \\beta$`` reads ``α_1 ≤ β``.
"""

from __future__ import annotations

import re

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "div": "÷",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "sim": "∼",
    "equiv": "≡", "infty": "∞", "sum": "∑", "prod": "∏", "int": "∫", "partial": "∂", "nabla": "∇",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "forall": "∀",
    "exists": "∃", "rightarrow": "→", "to": "→", "leftarrow": "←", "Rightarrow": "⇒", "Leftrightarrow": "⇔",
    "mapsto": "↦", "ldots": "…", "cdots": "⋯", "dots": "…", "sqrt": "√", "quad": " ", "qquad": "  ",
    "left": "", "right": "", "mathrm": "", "mathbf": "", "mathit": "", "text": "", "mathbb": "",
    "operatorname": "", "displaystyle": "", ",": " ", ";": " ", "!": "", " ": " ",
}
_COMMAND = re.compile(r"\\([A-Za-z]+|[,;! ])")


def tex_text(tex: str) -> str:
    """A TeX formula as text: known commands as their characters, braces of groups dropped."""
    text = _COMMAND.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(0)), tex)
    text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", text)
    text = re.sub(r"(?<![_^])\{([^{}]*)\}", r"\1", text)
    return " ".join(text.split())
