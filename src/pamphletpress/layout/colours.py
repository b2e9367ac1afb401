"""The press colours: how WeasyPrint's colours are written into a print PDF.

CMYK as ``k``/``K`` operators, RGB turned into CMYK in print variants, and
100 % K text set to overprint.
"""

from __future__ import annotations

from collections.abc import Callable

#: Overprint for 100 % K fills (text): OPM 1, so the K plate prints over what
#: is under it and zero C/M/Y components leave the tint beneath untouched.
OVERPRINT_ON = "OPk"
OVERPRINT_OFF = "OPn"


def rgb_to_cmyk(red: float, green: float, blue: float) -> tuple[float, float, float, float]:
    """A plain RGB → CMYK conversion for the odd RGB colour in a print PDF.

    Black (and any grey) becomes K only, never four-colour black; a user
    stylesheet may name RGB colours.
    """
    black = 1 - max(red, green, blue)
    if black >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    scale = 1 - black
    return (
        round((1 - red - black) / scale, 4),
        round((1 - green - black) / scale, 4),
        round((1 - blue - black) / scale, 4),
        round(black, 4),
    )


def print_set_color(original: Callable, print_variant: bool) -> Callable:
    """``Stream.set_color`` for this build: CMYK as ``k``/``K`` operators.

    WeasyPrint 70 writes ``/DeviceCMYK cs 0 0 0 1 scn``: the same colour, but
    preflight reports and print shops look for ``k``/``K``. In print variants
    every sRGB colour becomes CMYK (:func:`rgb_to_cmyk`) and 100 % K fills
    overprint (black text over the box's tint). The adapter puts it in place of
    ``original`` for one build only.
    """
    import pydyf
    from pydyf import _to_bytes

    def set_color(self, color, stroke=False):
        if color.space == "device-cmyk":
            coordinates = tuple(float(v) for v in color.coordinates)
        elif print_variant and color.space in ("srgb", "hsl", "hwb"):
            coordinates = rgb_to_cmyk(*color.to("srgb").coordinates)
        else:
            return original(self, color, stroke)
        *_channels, alpha = color
        self.set_alpha(alpha, stroke)
        attribute = "_current_color_stroke" if stroke else "_current_color"
        key = ("device-cmyk", *coordinates)
        if getattr(self, attribute) == key:
            return
        setattr(self, attribute, key)
        if print_variant and not stroke:
            state = OVERPRINT_ON if coordinates == (0.0, 0.0, 0.0, 1.0) else OVERPRINT_OFF
            states = self._resources["ExtGState"]
            if state not in states:
                states[state] = pydyf.Dictionary(
                    {
                        "Type": "/ExtGState",
                        "op": "true" if state == OVERPRINT_ON else "false",
                        "OPM": 1,
                    }
                )
            self.stream.append(f"/{state} gs".encode())
        operands = b" ".join(_to_bytes(value) for value in coordinates)
        self.stream.append(operands + (b" K" if stroke else b" k"))

    return set_color


def print_interpolation(original: Callable) -> Callable:
    """``Stream.create_interpolation_function`` for print variants: a gradient's
    colour stops (CSS and SVG gradients) as CMYK (:func:`rgb_to_cmyk`).

    WeasyPrint 70 writes sRGB stops into a shading in the output intent's CMYK
    space: three numbers where four are read (readers draw nothing, or noise).
    An alpha ramp (one number) is left as it is."""

    def create_interpolation_function(domain, c0, c1, n):
        if len(c0) == 3 and len(c1) == 3:
            c0, c1 = rgb_to_cmyk(*map(float, c0)), rgb_to_cmyk(*map(float, c1))
        return original(domain, c0, c1, n)

    return staticmethod(create_interpolation_function)


def print_shading(original: Callable) -> Callable:
    """``Stream.add_shading`` for print variants: a colour shading in DeviceCMYK (its
    stops made CMYK by :func:`print_interpolation`), not in an ICC space PDF/X-1a forbids."""

    def add_shading(self, shading_type, domain, coords, extend, function, color_space=None):
        return original(
            self, shading_type, domain, coords, extend, function, color_space or "DeviceCMYK"
        )

    return add_shading
