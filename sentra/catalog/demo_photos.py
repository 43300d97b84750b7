"""Product shots for the demo catalog, drawn with Pillow (nothing downloaded or copied): a studio backdrop,
a table edge, a soft shadow and one simple object per kind of product — a stand-up pouch, a bottle, a jar,
a coffee bag, a cake tin, a folded batik cloth, a wooden piece, a woven basket, a clay vase. Deterministic:
the same product gets the same picture (its colours come from `seed`)."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 800, 600
TABLE_Y = 430

# category -> what is drawn
SHAPES = {
    "snack": "pouch",
    "processed_food": "pouch",
    "beverage": "bottle",
    "seasoning": "jar",
    "coffee": "bag",
    "cake": "tin",
    "batik": "cloth",
    "fashion": "cloth",
    "woodcraft": "wood",
    "furniture": "wood",
    "bamboo": "basket",
    "woven": "basket",
    "ceramics": "vase",
    "leather": "bag",
    "other_craft": "tin",
}

PALETTES = [
    ((196, 69, 54), (247, 208, 96), (255, 248, 235)),
    ((42, 111, 151), (244, 162, 97), (240, 246, 250)),
    ((46, 125, 50), (255, 213, 79), (245, 250, 240)),
    ((123, 31, 162), (255, 183, 77), (250, 244, 252)),
    ((191, 54, 12), (255, 241, 118), (255, 246, 240)),
    ((0, 105, 92), (255, 138, 101), (238, 248, 246)),
]


def _backdrop(rng: random.Random, light) -> Image.Image:
    """A studio sweep: a vertical gradient to the table, a lighter table top below."""
    image = Image.new("RGB", (WIDTH, HEIGHT), light)
    draw = ImageDraw.Draw(image)
    top = tuple(max(0, c - 28) for c in light)
    for y in range(TABLE_Y):
        t = y / TABLE_Y
        draw.line([(0, y), (WIDTH, y)], fill=tuple(int(top[i] + (light[i] - top[i]) * t) for i in range(3)))
    wood = (rng.randint(170, 200), rng.randint(130, 150), rng.randint(90, 110))
    for y in range(TABLE_Y, HEIGHT):
        t = (y - TABLE_Y) / (HEIGHT - TABLE_Y)
        draw.line([(0, y), (WIDTH, y)], fill=tuple(int(c * (1 - 0.25 * t)) for c in wood))
    for i in range(12):  # grain of the table
        y = TABLE_Y + 8 + i * 14 + rng.randint(-3, 3)
        draw.arc([-200, y - 20, WIDTH + 200, y + 20], 0, 180, fill=tuple(c - 18 for c in wood), width=1)
    return image


def _shadow(image: Image.Image, box) -> None:
    shadow = Image.new("L", image.size, 0)
    ImageDraw.Draw(shadow).ellipse(box, fill=120)
    shadow = shadow.filter(ImageFilter.GaussianBlur(18))
    image.paste((0, 0, 0), mask=shadow.point(lambda v: v // 2))


def _label(draw: ImageDraw.ImageDraw, box, text: str, colour, ink=(255, 255, 255)) -> None:
    draw.rounded_rectangle(box, radius=10, fill=colour)
    words = text.split()
    lines = [" ".join(words[: (len(words) + 1) // 2]), " ".join(words[(len(words) + 1) // 2 :])]
    size = max(12, (box[3] - box[1]) // 3)
    font = ImageFont.load_default(size=size)
    while size > 10 and max(draw.textlength(line, font=font) for line in lines) > box[2] - box[0] - 14:
        size -= 1
        font = ImageFont.load_default(size=size)
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for i, line in enumerate(line for line in lines if line):
        draw.text((cx, cy + (i - 0.5) * font.size * 1.15), line, font=font, fill=ink, anchor="mm")


def _pouch(draw, rng, main, accent, name):
    x0, x1, y0, y1 = 280, 520, 130, 430
    draw.rounded_rectangle([x0, y0, x1, y1], radius=26, fill=main)
    draw.rectangle([x0 + 10, y0 + 12, x1 - 10, y0 + 26], fill=tuple(min(255, c + 40) for c in main))  # zip
    draw.ellipse([x0 + 60, y0 + 170, x1 - 60, y0 + 270], fill=(255, 250, 240))  # window
    for _ in range(14):  # what is inside
        cx, cy = rng.randint(x0 + 80, x1 - 80), rng.randint(y0 + 185, y0 + 255)
        draw.ellipse([cx - 16, cy - 10, cx + 16, cy + 10], fill=accent, outline=tuple(c - 40 for c in accent))
    _label(draw, [x0 + 24, y0 + 50, x1 - 24, y0 + 150], name, tuple(max(0, c - 50) for c in main))


def _bottle(draw, rng, main, accent, name):
    draw.rounded_rectangle([330, 190, 470, 430], radius=30, fill=accent)
    draw.polygon([(355, 190), (445, 190), (425, 130), (375, 130)], fill=accent)
    draw.rectangle([372, 95, 428, 132], fill=main)
    _label(draw, [335, 260, 465, 370], name, main)
    draw.line([(350, 205), (350, 415)], fill=(255, 255, 255), width=6)  # highlight


def _jar(draw, rng, main, accent, name):
    draw.rounded_rectangle([300, 220, 500, 430], radius=34, fill=(200, 40, 30))
    draw.rounded_rectangle([292, 180, 508, 228], radius=12, fill=accent)
    _label(draw, [318, 280, 482, 380], name, main)
    draw.line([(318, 240), (318, 410)], fill=(255, 200, 190), width=6)


def _bag(draw, rng, main, accent, name):
    draw.polygon([(290, 170), (510, 170), (530, 430), (270, 430)], fill=(160, 120, 80))
    draw.polygon([(290, 170), (510, 170), (500, 140), (300, 140)], fill=(130, 95, 60))
    _label(draw, [310, 230, 490, 350], name, main)
    for _ in range(9):  # beans in front
        cx, cy = rng.randint(220, 580), rng.randint(440, 470)
        draw.ellipse([cx - 12, cy - 8, cx + 12, cy + 8], fill=(70, 40, 20))
        draw.line([(cx - 8, cy), (cx + 8, cy)], fill=(120, 80, 50), width=2)


def _tin(draw, rng, main, accent, name):
    draw.rectangle([270, 250, 530, 420], fill=main)
    draw.ellipse([270, 395, 530, 445], fill=main)
    draw.ellipse([270, 225, 530, 275], fill=accent)
    _label(draw, [300, 300, 500, 390], name, tuple(max(0, c - 50) for c in main))


def _cloth(draw, rng, main, accent, name):
    for i in range(3):  # three folded layers
        y = 250 + i * 55
        draw.rounded_rectangle([220 + i * 8, y, 580 - i * 8, y + 70], radius=8, fill=main if i % 2 == 0 else accent)
        colour = accent if i % 2 == 0 else main
        for x in range(240 + i * 8, 570 - i * 8, 28):  # a parang-like pattern
            draw.line([(x, y + 8), (x + 18, y + 60)], fill=colour, width=5)
            draw.ellipse([x + 6, y + 28, x + 14, y + 36], fill=(255, 255, 255))
    _label(draw, [300, 170, 500, 235], name, tuple(max(0, c - 40) for c in main))


def _wood(draw, rng, main, accent, name):
    teak = (150, 95, 50)
    draw.rectangle([260, 240, 540, 280], fill=teak)  # a seat or a box lid
    draw.rectangle([275, 280, 300, 430], fill=tuple(c - 20 for c in teak))
    draw.rectangle([500, 280, 525, 430], fill=tuple(c - 20 for c in teak))
    draw.rectangle([275, 120, 300, 240], fill=teak)
    draw.rectangle([500, 120, 525, 240], fill=teak)
    for y in range(130, 235, 22):
        draw.rectangle([300, y, 500, y + 10], fill=tuple(c + 15 for c in teak))
    for x in range(270, 535, 16):
        draw.line([(x, 245), (x + 6, 275)], fill=tuple(c - 30 for c in teak), width=1)
    _label(draw, [300, 320, 500, 400], name, main)


def _basket(draw, rng, main, accent, name):
    straw = (214, 180, 120)
    draw.polygon([(250, 220), (550, 220), (510, 430), (290, 430)], fill=straw)
    for y in range(230, 430, 18):
        draw.line([(250 + (y - 220) * 0.19, y), (550 - (y - 220) * 0.19, y)], fill=(170, 135, 80), width=3)
    for x in range(270, 540, 22):
        draw.line([(x, 222), (x + (400 - x) * 0.13, 428)], fill=(190, 150, 95), width=2)
    draw.arc([300, 90, 500, 300], 180, 360, fill=(150, 110, 60), width=12)
    _label(draw, [320, 300, 480, 370], name, main)


def _vase(draw, rng, main, accent, name):
    clay = (178, 90, 50)
    draw.ellipse([290, 220, 510, 430], fill=clay)
    draw.rectangle([360, 130, 440, 250], fill=clay)
    draw.ellipse([345, 115, 455, 145], fill=tuple(c - 30 for c in clay))
    for y in (270, 300, 330):
        draw.arc([300, y - 40, 500, y + 40], 20, 160, fill=accent, width=5)
    _label(draw, [330, 340, 470, 400], name, main)


DRAWERS = {
    "pouch": _pouch,
    "bottle": _bottle,
    "jar": _jar,
    "bag": _bag,
    "tin": _tin,
    "cloth": _cloth,
    "wood": _wood,
    "basket": _basket,
    "vase": _vase,
}


def product_photo(category: str, name: str, seed: int) -> bytes:
    """A JPEG product shot (800 × 600) for a product of `category` named `name`."""
    rng = random.Random(seed)
    main, accent, light = PALETTES[seed % len(PALETTES)]
    image = _backdrop(rng, light)
    _shadow(image, [230, TABLE_Y - 20, 570, TABLE_Y + 30])
    DRAWERS[SHAPES.get(category, "tin")](ImageDraw.Draw(image), rng, main, accent, name)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
