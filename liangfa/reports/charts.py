"""Bar charts as PNG for Word documents. Labels are numbers under the bars (the machine may have no CJK
font); the Chinese legend is the table printed beside the chart."""

import io

from PIL import Image, ImageDraw

WIDTH, HEIGHT, MARGIN = 720, 300, 36
COLOURS = ["#2f6fb0", "#d9822b", "#3a9a5b", "#b8433f", "#7d5ba6", "#8c6d31", "#3d8d9a", "#a3a3a3"]


def bar_chart(values: list[int | float]) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    top = max(values + [1])
    base = HEIGHT - MARGIN
    draw.line([(MARGIN, base), (WIDTH - MARGIN // 2, base)], fill="black")
    slot = (WIDTH - 2 * MARGIN) / max(len(values), 1)
    for i, value in enumerate(values):
        left = MARGIN + i * slot + slot * 0.2
        height = (base - MARGIN) * value / top
        draw.rectangle([left, base - height, left + slot * 0.6, base], fill=COLOURS[i % len(COLOURS)])
        draw.text((left + slot * 0.25, base - height - 14), str(value), fill="black")
        draw.text((left + slot * 0.25, base + 6), str(i + 1), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
