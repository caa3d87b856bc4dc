"""The web pages in a real headless Chromium (Debian's, driven by Playwright) against `vnplan serve`:
drop a seed document on the page, see its items highlighted in place, jump to one, open the dashboard."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEXTS = os.path.join(ROOT, "corpora", "texts")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(served_with_data):
    return served_with_data[0]


@pytest.fixture(scope="module")
def served_with_data(tmp_path_factory):
    """`vnplan serve` on a free loopback port with its own data folder, stopped at the end."""
    data = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = dict(os.environ, VNPLAN_WORKERS="1", VNPLAN_INLINE_WORKERS="1")
    env.pop("VNPLAN_API_KEYS", None)
    log = open(data / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "serve", "--port", str(port),
                             "--data-dir", str(data)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            pytest.fail("vnplan serve did not start: " + (data / "serve.log").read_text()[-2000:])
        time.sleep(0.3)
    yield url, data
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh installs it)")
    from playwright.sync_api import sync_playwright
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=ARGS,
                                                   headless=True, viewport={"width": 1400, "height": 900})
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


def test_drop_a_plan_read_it_highlighted_then_the_dashboard(served, browser):
    from extractor.pipeline import extract_path
    expected = extract_path(os.path.join(TEXTS, "seed002.txt"))
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Kéo thả tệp vào đây" in page.inner_text("#dropzone")
    assert not page.locator("#keyform").is_visible()          # loopback, no key configured: no key asked

    # drag and drop a real seed document onto the drop zone
    with open(os.path.join(TEXTS, "seed002.txt"), encoding="utf-8") as fh:
        text = fh.read()
    dt = page.evaluate_handle("""(text) => { const dt = new DataTransfer();
        dt.items.add(new File([text], 'seed002.txt', {type: 'text/plain'})); return dt; }""", text)
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": dt})
    page.wait_for_selector("li.upload.done", timeout=60_000)
    assert "Xong" in page.inner_text("li.upload.done")
    page.wait_for_selector("#viewer:not([hidden]) mark.hl", timeout=30_000)

    # the document is shown with its items highlighted in place, by kind
    shown = page.inner_text("#doctext")
    assert "Triển khai thực hiện công tác trẻ em" in shown
    for kind, items in (("unit", expected.units), ("deadline", expected.deadlines), ("percent", expected.percentages),
                        ("target", expected.targets), ("ref", expected.legal_refs)):
        if items:
            assert page.locator(f"#doctext mark.k-{kind}").count() > 0, kind
            assert f"({len(items)})" in page.inner_text(f"details.itemlist[data-kind={kind}] summary") or kind == "ref"
    # a highlighted unit reads exactly as the extracted unit
    marked = " ".join(page.locator("#doctext mark.k-unit").all_inner_texts())
    assert expected.units[0].name.split()[0] in marked
    assert expected.metadata.number in page.inner_text("#doc-meta")

    # clicking an item in the side list jumps to it and marks it
    first_unit = page.locator("details.itemlist[data-kind=unit] a.item").first
    first_unit.click()
    page.wait_for_selector("#doctext mark.focus")
    focus = page.locator("#doctext mark.focus").first
    page.wait_for_timeout(600)                        # smooth scrolling
    assert focus.is_visible()
    box, view = focus.bounding_box(), page.locator("#doctext").bounding_box()
    assert view["y"] <= box["y"] <= view["y"] + view["height"]
    assert expected.units[0].name.startswith(first_unit.inner_text().rstrip("…")[:20])

    # the section tree and the tables
    assert page.locator("#toc a").count() == len(expected.sections)
    assert page.locator("#t-targets tbody tr").count() == sum(max(1, len(t.values)) for t in expected.targets)
    page.click(".tabs button[data-tab=t-units]")
    assert page.locator("#t-units tbody tr").count() == len(expected.units)

    # downloads: JSON of the contract and CSV of a table
    with page.expect_download() as dl:
        page.click("#dl-json")
    import json
    assert json.loads(open(dl.value.path(), encoding="utf-8").read())["metadata"]["number"] == expected.metadata.number
    page.select_option("#dl-table", "units")
    with page.expect_download() as dl:
        page.click("#dl-csv")
    csv_text = open(dl.value.path(), encoding="utf-8-sig").read()
    assert csv_text.startswith("document_id,name,canonical,role") and expected.units[0].name in csv_text

    # the dashboard across all documents
    page.goto(served + "/dashboard")
    page.wait_for_selector("#workload .barrow", timeout=30_000)
    assert "Bảng điều khiển" in page.inner_text("header")
    workload = page.inner_text("#workload")
    assert expected.units[0].canonical in workload or expected.units[0].name in workload
    page.wait_for_selector("#timeline svg g.deadline", timeout=30_000)
    dated = [d for d in expected.deadlines if d.end or d.start]
    assert page.locator("#timeline svg g.deadline").count() == min(len(dated), 40)
    assert page.locator("#indicators .barrow").count() > 0
    assert page.inner_text("#stats").split()[0] == "1"
    assert errors == []
    page.close()


def test_a_scan_is_queued_and_its_progress_shown(served, browser, scan_png, tmp_path):
    page = browser.new_page()
    page.goto(served + "/")
    path = tmp_path / "ảnh-quét.png"
    path.write_bytes(scan_png)
    page.set_input_files("#fileinput", str(path))
    row = page.locator("li.upload").first
    page.wait_for_function("() => /Đang chờ|Đang xử lý/.test(document.querySelector('li.upload .status').textContent)"
                           " || document.querySelector('li.upload.done')", timeout=30_000)
    page.wait_for_selector("li.upload.done", timeout=90_000)
    assert row.locator("progress").get_attribute("value") == "100"
    page.wait_for_selector("#viewer:not([hidden]) mark.k-deadline", timeout=30_000)
    assert "15/KH-UBND" in page.inner_text("#doc-meta")
    assert "15/12/2024" in page.inner_text("#doctext mark.k-deadline")
    empty = tmp_path / "rỗng.txt"
    empty.write_bytes(b"")
    page.set_input_files("#fileinput", str(empty))
    page.wait_for_selector("li.upload.failed", timeout=30_000)
    assert "Lỗi: tệp rỗng" in page.inner_text("li.upload.failed")
    page.click("#jobs summary")
    page.wait_for_function("() => document.querySelector('#joblist').textContent.includes('Xong')", timeout=10_000)
    assert "ảnh-quét.png" in page.inner_text("#joblist")
    page.close()


def test_a_second_service_on_the_same_data_folder_is_refused(served_with_data):
    url, data = served_with_data
    r = subprocess.run([sys.executable, "-m", "extractor.cli", "serve", "--port", str(_free_port()),
                        "--data-dir", str(data)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "another vnplan service is running" in r.stderr
    assert httpx.get(url + "/healthz").json()["status"] == "ok"
