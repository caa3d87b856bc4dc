"""Images (PNG, JPEG, TIFF incl. multi-page, GIF, BMP, WebP): one OCR page job per frame."""
from __future__ import annotations

import io
import warnings as _warnings

from PIL import Image, UnidentifiedImageError

from .model import IngestError, Limits, PageJob

Image.MAX_IMAGE_PIXELS = None      # the pixel limit is ours (VNPLAN_MAX_PIXELS), checked before decoding


def _open(data: bytes) -> Image.Image:
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            return Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as err:
        raise IngestError("corrupt", f"damaged or unreadable image ({str(err)[:100]})") from None


def _too_big(img: Image.Image, limits: Limits) -> bool:
    return img.width * img.height > limits.max_pixels


def _big_message(img: Image.Image, limits: Limits) -> str:
    return (f"image is {img.width}x{img.height} pixels ({img.width * img.height / 1e6:.0f} Mpx), above the "
            f"{limits.max_pixels / 1e6:.0f} Mpx limit (VNPLAN_MAX_PIXELS)")


def plan(data: bytes, media_type: str, limits: Limits) -> tuple[list[PageJob], int, list[tuple]]:
    img = _open(data)
    frames = getattr(img, "n_frames", 1) if media_type in ("image/tiff", "image/gif", "image/webp") else 1
    if media_type == "image/gif":
        frames = 1                                  # a GIF's frames are an animation, not pages
    warnings = []
    if frames > limits.max_pages:
        warnings.append(("pages_truncated", f"image has {frames} pages: only the first {limits.max_pages} "
                                            "are read (VNPLAN_MAX_PAGES)"))
    if frames == 1:
        if _too_big(img, limits):
            raise IngestError("too_large", _big_message(img, limits))
        return [PageJob(index=0, kind="ocr", data=data, media_type=media_type, reason="image")], 1, warnings
    jobs = []
    for i in range(min(frames, limits.max_pages)):
        try:
            img.seek(i)
        except (EOFError, OSError):
            warnings.append(("page_unreadable", f"page {i + 1} of the TIFF cannot be read", i + 1))
            continue
        if _too_big(img, limits):
            warnings.append(("page_too_large", f"page {i + 1} skipped: {_big_message(img, limits)}", i + 1))
            continue
        try:
            frame = img.copy()
            frame.load()
        except (OSError, ValueError) as err:
            warnings.append(("page_unreadable", f"page {i + 1} of the TIFF cannot be read ({err})", i + 1))
            continue
        dpi = img.info.get("dpi")
        buf = io.BytesIO()
        save_kw = {"dpi": dpi} if dpi else {}
        (frame if frame.mode in ("1", "L", "RGB") else frame.convert("RGB")).save(buf, format="PNG", **save_kw)
        jobs.append(PageJob(index=i, kind="ocr", data=buf.getvalue(), media_type="image/png", reason="image"))
    if not jobs:
        raise IngestError("corrupt", "no page of this image could be read")
    return jobs, frames, warnings


def load(data: bytes, limits: Limits) -> tuple[Image.Image, float | None]:
    """The decoded image of one page job and its resolution if the file says it."""
    img = _open(data)
    if _too_big(img, limits):
        raise IngestError("too_large", _big_message(img, limits))
    try:
        if img.format == "JPEG":
            img.draft("L", img.size)                # decode straight to grayscale
        img.load()
    except (OSError, ValueError, SyntaxError) as err:
        raise IngestError("corrupt", f"damaged image ({str(err)[:100]})") from None
    dpi = img.info.get("dpi")
    try:
        dpi = float(dpi[0]) if dpi else None
    except (TypeError, ValueError, IndexError):
        dpi = None
    return img, dpi
