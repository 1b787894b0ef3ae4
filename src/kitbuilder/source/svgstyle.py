"""The style sheets (``<style>``) of an SVG logo, bounded before svglib applies them.

svglib applies every CSS rule of an SVG to every element, through cssselect2, at about a
microsecond per selector and element, more for selectors that search: a descendant
combinator (``g rect``) looks at every ancestor, ``~`` and ``:nth-of-type`` at every
sibling. 8,000 ``:nth-child`` rules on 1,900 shapes took 16 s; 2 MB of selector lists over
a gigabyte. So the style sheets are read here first (with the same parsers svglib uses)
and refused beyond :data:`MAX_STYLE_CHARACTERS` characters, :data:`MAX_RULES` rules,
:data:`MAX_SELECTORS` selectors, or an estimate of the matching work above
:data:`MAX_WORK` (selectors x elements, each selector weighted by how far it searches).
Logos from drawing programs use a few dozen ``.st0``-like rules and stay far below.
"""

from __future__ import annotations

MAX_STYLE_CHARACTERS = 20_000
MAX_RULES = 200
MAX_SELECTORS = 400
MAX_WORK = 500_000  # well under a second of matching
MAX_NESTING = 8  # :not(:is(...)) inside one another
MAX_BRACKETS = 20  # brackets inside one another: the CSS parsers recurse on them

FIX = ("export the logo again without a style sheet (Illustrator: SVG Options > CSS Properties: "
       "Presentation Attributes; Inkscape: save as Plain SVG), or export it as PNG")


class StyleSheetProblem(Exception):
    """What is wrong with the SVG's style sheets; ``fix`` says what to do."""

    def __init__(self, message: str, fix: str = FIX):
        super().__init__(message)
        self.fix = fix


def check_style_sheets(sheets: list[tuple[str, str]], elements: int, depth: int, siblings: int) -> None:
    """Refuse style sheets that svglib would take too long (or too much memory) to apply.

    ``sheets``: each ``<style>`` element's text and where it is; ``elements``: how many elements
    svglib draws (each ``<use>`` copy counted); ``depth``: how deeply they nest;
    ``siblings``: the most children of one element.
    """
    size = sum(len(text) for text, _ in sheets)
    if size > MAX_STYLE_CHARACTERS:
        raise StyleSheetProblem(f"its style sheets (<style>) are {size:,} characters long; "
                                f"the limit is {MAX_STYLE_CHARACTERS:,}")
    for text, where in sheets:
        if _bracket_depth(text) > MAX_BRACKETS:
            raise StyleSheetProblem(f"its style sheet at {where} has brackets nested more than {MAX_BRACKETS} deep")
    rules = selectors = work = 0
    for text, where in sheets:
        for rule in _rules(text, where):
            rules += 1
            if rules > MAX_RULES:
                raise StyleSheetProblem(f"its style sheets (<style>) have more than {MAX_RULES} rules; "
                                        f"the limit is {MAX_RULES}")
            for selector in _selectors(rule, where):
                selectors += 1
                if selectors > MAX_SELECTORS:
                    raise StyleSheetProblem(f"its style sheets (<style>) have more than {MAX_SELECTORS} "
                                            f"selectors; the limit is {MAX_SELECTORS}")
                work += _cost(selector, depth, siblings, elements, 0, where) * max(elements, 1)
                if work > MAX_WORK:
                    raise StyleSheetProblem(
                        f"its style sheets (<style>) are too much work to apply to its {elements:,} elements: they "
                        f"need more than {MAX_WORK:,} checks, the limit (each selector is checked once per "
                        "element, more often when it searches, like 'g rect' or ':nth-of-type')")


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for character in text:
        if character in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "})]":
            depth = max(depth - 1, 0)
    return deepest


def _rules(text: str, where: str) -> list:
    import tinycss2

    try:
        rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    except (RecursionError, ValueError):
        raise StyleSheetProblem(f"its style sheet at {where} cannot be read") from None
    return [rule for rule in rules if rule.type in ("qualified-rule", "at-rule")]


def _selectors(rule, where: str) -> list:
    if rule.type == "at-rule" or not rule.prelude:
        return []  # svglib skips these
    from cssselect2 import parser

    try:
        return [selector.parsed_tree for selector in parser.parse(rule.prelude)]
    except (parser.SelectorError, RecursionError, ValueError, TypeError, IndexError):
        raise StyleSheetProblem(f"its style sheet at {where} has a selector that cannot be read "
                                f"('{_shown(rule)}')") from None


def _shown(rule) -> str:
    import tinycss2

    try:
        text = " ".join(tinycss2.serialize(rule.prelude or []).split()) if rule.type != "at-rule" \
            else "@" + rule.at_keyword
    except (RecursionError, ValueError, TypeError):
        return "..."
    return text if len(text) <= 50 else text[:47] + "..."


_SEARCHING_PSEUDO = ("of-type", "empty", "root")


def _cost(node, depth: int, siblings: int, elements: int, nesting: int, where: str) -> int:
    """How many element checks matching ``node`` against one element may take, at most."""
    from cssselect2 import parser

    if nesting > MAX_NESTING:
        raise StyleSheetProblem(f"its style sheet at {where} nests selectors more than {MAX_NESTING} deep")
    more = nesting + 1
    if isinstance(node, parser.CombinedSelector):
        reach = {" ": depth, "~": siblings}.get(node.combinator, 1)
        return _cost(node.right, depth, siblings, elements, more, where) \
            + reach * _cost(node.left, depth, siblings, elements, more, where)
    if isinstance(node, parser.CompoundSelector):
        return max(1, sum(_cost(simple, depth, siblings, elements, more, where) for simple in node.simple_selectors))
    if isinstance(node, parser.RelativeSelector):  # inside :has(): searches below the element
        reach = {" ": elements, ">": siblings, "~": siblings}.get(node.combinator, 1)
        return reach * _cost(node.selector, depth, siblings, elements, more, where)
    if isinstance(node, parser.Selector):
        return _cost(node.parsed_tree, depth, siblings, elements, more, where)
    inner = getattr(node, "selector_list", None)
    if inner is not None:  # :not(), :is(), :where(), :has()
        return max(1, sum(_cost(item, depth, siblings, elements, more, where) for item in inner))
    if isinstance(node, parser.FunctionalPseudoClassSelector):
        cost = siblings if node.name.endswith("of-type") else 1
        names = [getattr(token, "value", None) for token in node.arguments]
        if "of" in names:  # :nth-child(2n of .a b): the selector is tried on every sibling
            tail = node.arguments[names.index("of") + 1:]
            try:
                listed = list(parser.parse(tail))
            except (parser.SelectorError, RecursionError, ValueError, TypeError, IndexError):
                raise StyleSheetProblem(f"its style sheet at {where} has a selector that cannot be read") from None
            cost = siblings * max(1, sum(_cost(item, depth, siblings, elements, more, where) for item in listed))
        return cost
    if isinstance(node, parser.PseudoClassSelector):
        return siblings if node.name.endswith(_SEARCHING_PSEUDO) else 1
    return 1
