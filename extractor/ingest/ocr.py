"""OCR of one page image with Tesseract (`vie`): preprocessing, then words with boxes and confidences.

Preprocessing: grayscale (alpha flattened on white, EXIF rotation applied); resolution normalised
to about 300 dpi (Tesseract's LSTM model reads capital heights of 20-40 px best); deskew by the
angle that makes the row profile of the Otsu-binarised page sharpest. Tesseract runs as a process
with OMP_THREAD_LIMIT=1 (pages are run in parallel instead) and a time limit per page.

The page text is built from the word boxes: a blank line where the gap between two lines is well
above the page's usual line spacing (a paragraph) or where reading goes back up (a new column),
and a wide gap inside a line kept as spaces so that the normalizer splits header columns.
"""
from __future__ import annotations

import io
import os
import statistics
import subprocess
import time
from functools import lru_cache

import numpy as np
from PIL import Image, ImageOps

from .model import IngestError, PageResult, Word

LANG = "vie"
TARGET_DPI = 300
MIN_DESKEW = 2.0            # degrees: below it, resampling the page costs more accents than the skew does
PARAGRAPH_GAP = 0.5        # white space between lines this many text heights above the usual: a paragraph
COLUMN_GAP = 3.0            # a gap between words wider than this many word heights parts two columns
COLUMN_SEP = "      "       # how such a gap is written in the page text (normalize splits columns on it)
A4_WIDTH_IN = 8.27


@lru_cache(maxsize=1)
def engine_version() -> str:
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        raise IngestError("ocr_unavailable", "Tesseract is not installed (apt-get install tesseract-ocr "
                                             "tesseract-ocr-vie, or run scripts/setup.sh)") from None
    first = (out.stdout or out.stderr).splitlines()[0] if (out.stdout or out.stderr) else "tesseract"
    return first.strip()


# --- preprocessing -----------------------------------------------------------------------------

def _estimate_dpi(img: Image.Image, dpi: float | None) -> float:
    if dpi and 50 <= dpi <= 1200:
        return dpi
    # a photo or an image without resolution: assume the page is about A4 wide (portrait or landscape)
    return max(img.width, 1) / (A4_WIDTH_IN if img.width <= img.height else 11.69)


def _otsu(gray: np.ndarray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mt = m0[-1]
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 / total - m0) ** 2 / (w0 * w1)
    between[(w0 == 0) | (w1 == 0)] = 0.0
    between = np.nan_to_num(between, posinf=0.0, neginf=0.0)
    return int(np.argmax(between))


def _skew_angle(binary: np.ndarray, limit: float = 4.0, step: float = 0.25) -> float:
    """Angle (degrees) that makes the rows of ink sharpest (black = ink)."""
    small = (binary == 0)
    ys, xs = np.nonzero(small)
    if len(ys) < 200:
        return 0.0
    if len(ys) > 60000:
        pick = np.random.default_rng(0).choice(len(ys), 60000, replace=False)
        ys, xs = ys[pick], xs[pick]
    xs = xs - small.shape[1] / 2.0
    best, best_score = 0.0, -1.0
    for a in np.arange(-limit, limit + step / 2, step):
        t = np.tan(np.radians(a))
        rows = np.round(ys + xs * t).astype(np.int64)
        rows -= rows.min()
        counts = np.bincount(rows)
        score = float((counts.astype(np.float64) ** 2).sum())
        if score > best_score:
            best, best_score = float(a), score
    return best


def preprocess(img: Image.Image, dpi: float | None = None) -> tuple[Image.Image, float]:
    """The page as Tesseract should see it (grayscale, upright, ~300 dpi) and the scale applied.

    Measured on rendered scans (benchmarks/ocr.py): resampling a photo or a low-resolution scan to
    ~300 dpi and straightening a page skewed by two degrees or more lower the character error rate (under that,
    the resampling costs more accents than Tesseract loses to the skew);
    our own binarisation did not beat Tesseract's (it thins accents), so the page stays grayscale and
    Otsu is used only to find the skew."""
    gray = ImageOps.exif_transpose(img) if img.format == "JPEG" else img
    if gray.mode not in ("L", "1"):
        if gray.mode in ("RGBA", "LA", "P"):
            gray = gray.convert("RGBA")
            bg = Image.new("RGBA", gray.size, (255, 255, 255, 255))
            gray = Image.alpha_composite(bg, gray)
        gray = gray.convert("L")
    elif gray.mode == "1":
        gray = gray.convert("L")
    scale = 1.0
    src_dpi = _estimate_dpi(gray, dpi)
    if src_dpi < 240 or src_dpi > 400:
        scale = TARGET_DPI / src_dpi
        size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
        gray = gray.resize(size, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)
    arr = np.asarray(gray)
    factor = max(1, int(max(arr.shape) / 1200))          # the skew is found on a reduced copy
    small = arr[::factor, ::factor]
    binary = np.where(small > _otsu(small), 255, 0).astype(np.uint8)
    angle = _skew_angle(binary)
    if abs(angle) >= MIN_DESKEW:
        gray = gray.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return gray, scale


# --- Tesseract ---------------------------------------------------------------------------------

def _pgm(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.convert("L").save(buf, format="PPM")
    return buf.getvalue()


def run_tesseract(image_bytes: bytes, timeout: int, psm: int = 3, fmt: str = "tsv") -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cmd = ["tesseract", "stdin", "stdout", "-l", LANG, "--psm", str(psm)]
    if fmt:
        cmd.append(fmt)
    try:
        out = subprocess.run(cmd, input=image_bytes, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise TimeoutError(f"OCR took longer than {timeout} s") from None
    except OSError:
        engine_version()            # raises the "not installed" error
        raise
    if out.returncode != 0:
        raise RuntimeError(out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "tesseract failed")
    return out.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str) -> tuple[str, list[Word]]:
    """Page text (a line a line, a blank line between paragraphs and columns) and its words."""
    lines: list[list[tuple[str, float, tuple[int, int, int, int]]]] = []
    last_key = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        if not word:
            continue
        try:
            conf = max(0.0, float(cols[10]))
            box = (int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]))
        except ValueError:
            conf, box = 0.0, (0, 0, 0, 0)
        key = (cols[2], cols[3], cols[4])
        if key != last_key:
            lines.append([])
            last_key = key
        lines[-1].append((word, conf, box))
    if not lines:
        return "", []
    tops = [statistics.median(b[1] for _, _, b in line) for line in lines]
    bottoms = [statistics.median(b[1] + b[3] for _, _, b in line) for line in lines]
    typical_h = statistics.median(statistics.median(b[3] for _, _, b in line) for line in lines) or 1
    # white space between consecutive lines; its usual size is a low quantile, since on a page of
    # table cells most lines are apart, and a header set smaller has closer lines
    spaces = [tops[i] - bottoms[i - 1] for i in range(1, len(lines))]
    usual = sorted(x for x in spaces if -typical_h < x < 3 * typical_h)
    usual_space = usual[len(usual) // 4] if usual else 0.5 * typical_h
    parts: list[str] = []
    words: list[Word] = []
    pos = 0
    for i, line in enumerate(lines):
        if i:
            back_up = bottoms[i] <= bottoms[i - 1]              # reading went back up: a new column
            wide = spaces[i - 1] > usual_space + PARAGRAPH_GAP * typical_h
            sep = "\n\n" if back_up or wide else "\n"
            parts.append(sep)
            pos += len(sep)
        last_right = None
        for word, conf, box in line:
            if last_right is not None:
                # a gap of several letter heights inside a line parts two columns (a header's
                # "Số: 12/KH-UBND" and "Ia Hla, ngày ..."): keep it wide, as a text layout does
                sep = COLUMN_SEP if box[0] - last_right > COLUMN_GAP * typical_h else " "
                parts.append(sep)
                pos += len(sep)
            words.append(Word(pos, pos + len(word), conf, box))
            parts.append(word)
            pos += len(word)
            last_right = box[0] + box[2]
    return "".join(parts), words


def ocr_image(img: Image.Image, index: int, dpi: float | None, timeout: int,
              preprocessing: bool = True) -> PageResult:
    t0 = time.perf_counter()
    prepared = preprocess(img, dpi)[0] if preprocessing else img.convert("L")
    try:
        tsv = run_tesseract(_pgm(prepared), timeout)
    except TimeoutError as err:
        return PageResult(index=index, text="", ocr=True, engine=engine_version(), lang=LANG,
                          seconds=time.perf_counter() - t0,
                          warnings=(("ocr_timeout", f"page {index + 1}: {err}; page left empty "
                                                    "(VNPLAN_OCR_PAGE_TIMEOUT)", index + 1),))
    except RuntimeError as err:
        return PageResult(index=index, text="", ocr=True, engine=engine_version(), lang=LANG,
                          seconds=time.perf_counter() - t0,
                          warnings=(("ocr_failed", f"page {index + 1}: Tesseract failed: {err}", index + 1),))
    text, words = parse_tsv(tsv)
    mean = round(sum(w.conf for w in words) / len(words), 1) if words else None
    return PageResult(index=index, text=text, ocr=True, words=tuple(words), mean_confidence=mean,
                      engine=engine_version(), lang=LANG, seconds=time.perf_counter() - t0)
