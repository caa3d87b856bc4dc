#!/usr/bin/env python3
"""Render corpus texts as realistic scanned PDFs: A4 at 300 dpi, DejaVu Serif (Debian's
fonts-dejavu-core, which has the Vietnamese glyphs), each page slightly rotated, blurred, with
paper noise and specks, stored as a JPEG image per page like a scanner's PDF. No text layer.

Deterministic: the noise of a document is seeded from its name, so a run renders the same bytes.

    python scripts/render_scans.py corpora --split test -o scans/      # scans/<id>.pdf
    python scripts/render_scans.py corpora/texts/seed002.txt -o scans/

What is printed is what the text shows: the markup residue of converted pages ("**", "*", "#",
lone "|" table rules) is not drawn, bold spans are drawn bold, two columns of a header ("ỦY BAN
NHÂN DÂN      CỘNG HÒA ...") are drawn as two columns, long lines wrap at the margin.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import os
import re
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
A4_IN = (8.27, 11.69)


def _font(bold: bool, px: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    return ImageFont.truetype(os.path.join(FONT_DIR, name), px)


def _clean(line: str) -> tuple[str, bool]:
    """The printed words of a source line and whether it is bold."""
    bold = "**" in line
    s = line.replace("*", "").replace("\\", "").strip()
    if s.startswith("#"):
        s = s.lstrip("#").strip()
    return " ".join(s.split()), bold


_COLUMN_GAP = re.compile(r"\s+\|\s+|\s*\|\s*$|^\s*\|\s*|(?<=\S)\s{4,}(?=\S)")


def _layout(text: str, width_px: int, font_px: int) -> list[tuple[str, str, bool, int]]:
    """Printed lines: (left, right column or "", bold, font size in px); an empty line is a gap.
    The two columns of a header are set smaller until they fit half the width, as printed
    headers are."""
    regular, bold_font = _font(False, font_px), _font(True, font_px)
    gap = ("", "", False, font_px)
    out: list[tuple[str, str, bool, int]] = []
    for raw in text.replace("\r", "").split("\n"):
        stripped = raw.strip()
        if not stripped or set(stripped) <= set("|-_=* "):
            if out and out[-1] != gap:
                out.append(gap)
            continue
        columns = [c for c in _COLUMN_GAP.split(raw.strip().strip("|")) if c.strip()]
        if len(columns) == 2:
            (left, b1), (right, b2) = _clean(columns[0]), _clean(columns[1])
            size = font_px
            col = width_px // 2 - font_px // 2
            while size > font_px * 0.55:
                font = _font(b1 or b2, size)
                if font.getlength(left) <= col and font.getlength(right) <= col:
                    break
                size -= 2
            font = _font(b1 or b2, size)
            for a, b in itertools.zip_longest(_wrap(left, font, col), _wrap(right, font, col), fillvalue=""):
                out.append((a, b, b1 or b2, size))
            continue
        line, bold = _clean("   ".join(columns))
        out.extend((piece, "", bold, font_px) for piece in _wrap(line, bold_font if bold else regular, width_px))
    return out


def _wrap(line: str, font: ImageFont.FreeTypeFont, width_px: int) -> list[str]:
    out, cur = [], ""
    for w in line.split():
        cand = f"{cur} {w}" if cur else w
        if cur and font.getlength(cand) > width_px:
            out.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        out.append(cur)
    return out


def render_pages(text: str, seed: int, dpi: int = 300) -> list[Image.Image]:
    """Clean pages (grayscale) of `text` before scanning effects."""
    w, h = round(A4_IN[0] * dpi), round(A4_IN[1] * dpi)
    font_px = round(13 / 72 * dpi)                  # 13 pt, the size of administrative documents
    line_h = round(font_px * 1.4)
    margin_l, margin_r, margin_t = round(0.9 * dpi), round(0.6 * dpi), round(0.8 * dpi)
    lines = _layout(text, w - margin_l - margin_r, font_px)
    pages: list[Image.Image] = []
    page = draw = None
    y = h
    for left, right, bold, size in lines:
        if y + line_h > h - margin_t:
            if left == "" and right == "":
                continue
            page = Image.new("L", (w, h), 255)
            draw = ImageDraw.Draw(page)
            pages.append(page)
            y = margin_t
        if left == "" and right == "":
            y += line_h // 2
            continue
        font = _font(bold, size)
        draw.text((margin_l, y), left, font=font, fill=0)
        if right:
            draw.text((margin_l + (w - margin_l - margin_r) // 2, y), right, font=font, fill=0)
        y += line_h
    return pages or [Image.new("L", (w, h), 255)]


def scan(page: Image.Image, rng: np.random.Generator) -> Image.Image:
    """What a scanner makes of a printed page: a little rotation, blur, paper grain, sensor noise
    and specks."""
    angle = float(rng.uniform(-1.2, 1.2))
    img = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.6, 1.0))))
    arr = np.asarray(img, dtype=np.float32)
    arr *= float(rng.uniform(0.82, 0.92))                                       # grey ink
    arr += float(rng.uniform(12, 28))                                           # grey paper
    h, w = arr.shape
    grain = rng.standard_normal((h // 4 + 1, w // 4 + 1), dtype=np.float32) * 6.0
    arr += np.repeat(np.repeat(grain, 4, axis=0), 4, axis=1)[:h, :w]
    tile = rng.standard_normal((512, 512), dtype=np.float32) * 3.0            # sensor noise
    arr += np.tile(tile, (h // 512 + 1, w // 512 + 1))[:h, :w]
    n = int(h * w * 0.0003)
    arr[rng.integers(0, h, n), rng.integers(0, w, n)] = rng.uniform(0, 120, n)  # dust specks
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def seed_of(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big")


def render_pdf(text: str, name: str, dpi: int = 300) -> bytes:
    """A scanned-looking PDF of `text`, its noise seeded from `name`."""
    rng = np.random.default_rng(seed_of(name))
    pages = [scan(p, rng) for p in render_pages(text, seed_of(name), dpi)]
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=75)
    return buf.getvalue()


def _inputs(args) -> list[tuple[str, str]]:
    out = []
    for path in args.inputs:
        if os.path.isdir(path):
            split = {}
            tsv = os.path.join(path, "split.tsv")
            if os.path.exists(tsv):
                with open(tsv, encoding="utf-8") as fh:
                    next(fh)
                    split = dict(line.rstrip("\n").split("\t")[:2] for line in fh if "\t" in line)
            texts = os.path.join(path, "texts")
            for name in sorted(os.listdir(texts)):
                doc_id = name.rsplit(".", 1)[0]
                if args.split and split.get(doc_id) != args.split:
                    continue
                out.append((doc_id, os.path.join(texts, name)))
        else:
            out.append((os.path.basename(path).rsplit(".", 1)[0], path))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="text files, or a corpus folder (texts/, split.tsv)")
    p.add_argument("-o", "--output", required=True, help="folder for <id>.pdf")
    p.add_argument("--split", choices=["dev", "test"], help="only this part of a corpus folder")
    p.add_argument("--dpi", type=int, default=300)
    args = p.parse_args(argv)
    os.makedirs(args.output, exist_ok=True)
    for doc_id, path in _inputs(args):
        with open(path, encoding="utf-8") as fh:
            data = render_pdf(fh.read(), doc_id, args.dpi)
        with open(os.path.join(args.output, doc_id + ".pdf"), "wb") as fh:
            fh.write(data)
        print(f"{doc_id}.pdf  {len(data) / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
