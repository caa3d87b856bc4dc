// Upload page: drag and drop, progress of each file, the stored documents, and the reader with
// every extracted item highlighted in place (spans index the contract's normalized `text`).
"use strict";

const state = { doc: null, docId: null, items: [] };

// ---------------------------------------------------------------- upload

function setupUpload() {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("fileinput");
  zone.addEventListener("click", () => input.click());
  zone.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") input.click(); });
  input.addEventListener("change", () => { uploadFiles(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach((t) => zone.addEventListener(t, (ev) => {
    ev.preventDefault(); zone.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((t) => zone.addEventListener(t, (ev) => {
    ev.preventDefault(); zone.classList.remove("over");
  }));
  zone.addEventListener("drop", (ev) => uploadFiles(ev.dataTransfer.files));
}

function uploadFiles(files) {
  for (const f of Array.from(files || [])) uploadOne(f);
}

function uploadRow(file) {
  const bar = el("progress", { max: "100", value: "0" });
  const status = el("span", { class: "status" }, VN.status.uploading);
  const action = el("span", { class: "action" });
  const li = el("li", { class: "upload" }, el("span", { class: "name" }, file.name), bar, status, action);
  document.getElementById("uploads").prepend(li);
  return {
    li,
    set(text, pct, cls) {
      status.textContent = text;
      if (pct != null) bar.value = pct;
      li.className = "upload " + (cls || "");
    },
    done(docId) {
      this.set(VN.status.done, 100, "done");
      action.replaceChildren(el("button", { type: "button", onclick: () => openDocument(docId) }, "Xem"));
    },
  };
}

function uploadOne(file) {
  const row = uploadRow(file);
  const form = new FormData();
  form.append("file", file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/v1/documents");
  if (apiKey()) xhr.setRequestHeader("X-API-Key", apiKey());
  xhr.upload.onprogress = (ev) => {
    if (ev.lengthComputable) row.set(`${VN.status.uploading} ${Math.round((100 * ev.loaded) / ev.total)}%`, (40 * ev.loaded) / ev.total);
  };
  xhr.onerror = () => row.set("Lỗi: không kết nối được tới máy chủ.", 0, "failed");
  xhr.onload = () => {
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
    if (xhr.status === 401) { askKey("Cần khóa API để tải lên."); row.set("Lỗi: cần khóa API.", 0, "failed"); return; }
    const item = body && body.items && body.items[0];
    if (!item) {
      const msg = errorVN(body && body.error, `máy chủ trả về ${xhr.status}`);
      row.set("Lỗi: " + msg, 0, "failed");
      return;
    }
    if (item.status === "done") { row.done(item.document_id); refreshLibrary(); openDocument(item.document_id, item.result); }
    else if (item.status === "queued") { row.set(VN.status.queued, 45, "queued"); pollJob(item.job_id, row); refreshJobs(); }
    else row.set("Lỗi: " + errorVN(item.error, "không đọc được tệp"), 0, "failed");
  };
  xhr.send(form);
}

function stageVN(stage) {
  if (!stage) return "";
  const page = stage.match(/^page (\d+)\/(\d+)$/);
  if (page) return `trang ${page[1]}/${page[2]}`;
  return ({ queued: "", done: "", failed: "", starting: "bắt đầu", reading: "đang đọc tệp", storing: "đang lưu",
            resumed: "tiếp tục sau khi dịch vụ khởi động lại" })[stage] || stage;
}

async function pollJob(jobId, row) {
  for (;;) {
    let job;
    try { job = (await api(`/v1/jobs/${jobId}`)).body; }
    catch (err) { row.set("Lỗi: " + err.message, null, "failed"); return; }
    const pct = 45 + 55 * (job.progress || 0);
    if (job.status === "done") { row.done(job.document_id); refreshLibrary(); refreshJobs(); openDocument(job.document_id); return; }
    if (job.status === "failed") { row.set("Lỗi: " + errorVN(job.error, "xử lý thất bại"), pct, "failed"); refreshJobs(); return; }
    const stage = stageVN(job.stage);
    row.set(`${VN.status[job.status]}${stage ? " (" + stage + ")" : ""} ${Math.round(100 * (job.progress || 0))}%`, pct, job.status);
    await new Promise((r) => setTimeout(r, 700));
  }
}

// ---------------------------------------------------------------- recent jobs (also those of earlier visits)

let jobTimer = null;

async function refreshJobs() {
  clearTimeout(jobTimer);
  let page;
  try { page = (await api("/v1/jobs?limit=20")).body; } catch (err) { return; }
  document.getElementById("jobcount").textContent = page.total;
  document.getElementById("joblist").replaceChildren(table(page.items, [
    ["filename", "Tệp"], ["status", "Trạng thái", (j) => VN.status[j.status]],
    ["progress", "Tiến độ", (j) => `${Math.round(100 * j.progress)}%${stageVN(j.stage) ? " – " + stageVN(j.stage) : ""}`],
    ["error", "Lỗi", (j) => (j.error ? errorVN(j.error) : "")],
    ["document_id", "", (j) => j.document_id ? el("button", { type: "button", onclick: () => openDocument(j.document_id) }, "Xem") : ""],
  ], "Chưa có việc nào."));
  if (page.items.some((j) => j.status === "queued" || j.status === "running")) jobTimer = setTimeout(refreshJobs, 2000);
}

// ---------------------------------------------------------------- stored documents

let searchTimer = null;

async function refreshLibrary() {
  const q = document.getElementById("search").value.trim();
  const tbody = document.querySelector("#doclist tbody");
  let page;
  try { page = (await api("/v1/documents?limit=100" + (q ? "&q=" + encodeURIComponent(q) : ""))).body; }
  catch (err) { document.getElementById("message").textContent = err.message; return; }
  tbody.replaceChildren(...page.items.map((d) => el("tr", {},
    el("td", {}, d.number || ""), el("td", {}, d.doc_type || ""), el("td", {}, d.title || d.filename || ""),
    el("td", {}, d.issuer || ""), el("td", {}, d.plan_year || ""),
    el("td", {}, el("button", { type: "button", onclick: () => openDocument(d.document_id) }, "Xem")))));
  if (!page.items.length) tbody.replaceChildren(el("tr", {}, el("td", { colspan: "6", class: "empty" }, "Chưa có văn bản nào.")));
}

// ---------------------------------------------------------------- reader

async function openDocument(docId, result) {
  let doc = result;
  if (!doc) {
    try { doc = (await api(`/v1/documents/${docId}`)).body; }
    catch (err) { document.getElementById("message").textContent = "Không mở được văn bản: " + err.message; return; }
  }
  state.doc = doc; state.docId = docId;
  if (location.hash !== "#doc=" + docId) history.replaceState(null, "", "#doc=" + docId);
  renderDocument(doc);
  document.getElementById("viewer").hidden = false;
  document.getElementById("viewer").scrollIntoView({ behavior: "smooth", block: "start" });
}

function collectItems(doc) {
  const items = [];
  const add = (kind, span, label, extra) => {
    if (!span || span[1] <= span[0]) return null;
    items.push(Object.assign({ i: items.length, kind, start: span[0], end: span[1], label }, extra || {}));
    return items.length - 1;
  };
  doc.targets.forEach((t) => add("target", t.span, t.text, { ref: t.id }));
  doc.percentages.forEach((p) => add("percent", p.span, p.text));
  doc.units.forEach((u) => add("unit", u.span, u.name, { note: VN.roles[u.role] }));
  doc.deadlines.forEach((d) => add("deadline", d.span, d.text,
    { note: d.end ? fmtDate(d.end) : VN.deadlineKinds[d.kind] }));
  doc.legal_refs.forEach((r) => {
    let first = null;
    r.mentions.forEach((m) => {
      const i = add("ref", m.span, m.text, { ref: r.id, hidden: first !== null });
      if (first === null) first = i;
    });
    if (first !== null) {
      items[first].label = [r.type, r.number || r.name].filter(Boolean).join(" ") || r.mentions[0].text;
      items[first].note = (r.mentions.length > 1 ? r.mentions.length + " lần, " : "") + VN.roles[r.role];
    }
  });
  return items;
}

// the text cut at every item boundary; each piece carries the items that cover it
function highlightHTML(text, items, sections) {
  const cuts = new Set([0, text.length]);
  items.forEach((it) => { cuts.add(it.start); cuts.add(it.end); });
  sections.forEach((s) => cuts.add(s.span[0]));
  const points = Array.from(cuts).filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const starts = new Map(), ends = new Map(), secAt = new Map();
  items.forEach((it) => {
    (starts.get(it.start) || starts.set(it.start, []).get(it.start)).push(it);
    (ends.get(it.end) || ends.set(it.end, []).get(it.end)).push(it);
  });
  sections.forEach((s) => (secAt.get(s.span[0]) || secAt.set(s.span[0], []).get(s.span[0])).push(s));
  const active = new Set();
  const out = [];
  for (let p = 0; p < points.length - 1; p++) {
    const a = points[p], b = points[p + 1];
    (ends.get(a) || []).forEach((it) => active.delete(it));
    (secAt.get(a) || []).forEach((s) => out.push(`<span class="anchor" id="sec-${esc(s.id)}"></span>`));
    (starts.get(a) || []).forEach((it) => { active.add(it); out.push(`<span class="anchor" id="it-${it.i}"></span>`); });
    const piece = esc(text.slice(a, b));
    if (!active.size) { out.push(piece); continue; }
    const list = Array.from(active);
    const kinds = Array.from(new Set(list.map((it) => "k-" + it.kind))).join(" ");
    const ids = list.map((it) => it.i).join(" ");
    const inner = list.reduce((x, y) => (y.end - y.start < x.end - x.start ? y : x));
    out.push(`<mark class="hl ${kinds}" data-i="${ids}" title="${esc(VN.kinds[inner.kind])}">${piece}</mark>`);
  }
  return out.join("");
}

function jumpTo(i) {
  const anchor = document.getElementById("it-" + i);
  if (!anchor) return;
  document.querySelectorAll("mark.focus").forEach((m) => m.classList.remove("focus"));
  const marks = document.querySelectorAll(`mark[data-i~="${i}"]`);
  marks.forEach((m) => m.classList.add("focus"));
  (marks[0] || anchor).scrollIntoView({ behavior: "smooth", block: "center" });
}

function renderDocument(doc) {
  const m = doc.metadata;
  document.getElementById("doc-title").textContent =
    [m.doc_type, m.number].filter(Boolean).join(" số ") + (m.title ? " – " + m.title : "") || doc.source.filename || "Văn bản";
  const meta = [
    ["Số, ký hiệu", m.number], ["Loại văn bản", m.doc_type], ["Cơ quan ban hành", m.issuer], ["Địa danh", m.place],
    ["Ngày ban hành", fmtDate(m.issue_date)], ["Trích yếu", m.title], ["Năm kế hoạch", m.plan_year],
    ["Người ký", [m.signer.on_behalf, m.signer.position, m.signer.name].filter(Boolean).join(" – ")],
    ["Tệp", doc.source.filename], ["Mã văn bản (sha256)", doc.source.sha256],
  ];
  document.getElementById("doc-meta").replaceChildren(...meta.filter(([, v]) => v).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))]));
  document.getElementById("doc-warnings").replaceChildren(...(doc.warnings.length ? [el("details", {},
    el("summary", {}, `Cảnh báo (${doc.warnings.length})`),
    el("ul", {}, doc.warnings.map((w) => el("li", {}, `${w.code}: ${w.message}`))))] : []));

  const items = collectItems(doc);
  state.items = items;
  const text = document.getElementById("doctext");
  text.innerHTML = highlightHTML(doc.text, items, doc.sections);
  text.className = "doctext";

  renderToc(doc.sections);
  renderItemLists(items);
  renderTables(doc);
}

function renderToc(sections) {
  const byParent = new Map();
  sections.forEach((s) => (byParent.get(s.parent) || byParent.set(s.parent, []).get(s.parent)).push(s));
  const build = (parent) => (byParent.get(parent) || []).map((s) => el("li", {},
    el("a", { href: "#sec-" + s.id, "data-section": s.id, onclick: (ev) => {
      ev.preventDefault();
      const a = document.getElementById("sec-" + s.id);
      if (a) a.scrollIntoView({ behavior: "smooth", block: "start" });
    } }, `${s.number}. ${s.title || ""}`),
    byParent.has(s.id) ? el("ol", {}, build(s.id)) : null));
  document.getElementById("toc").replaceChildren(...build(null));
  if (!sections.length) document.getElementById("toc").replaceChildren(el("li", { class: "empty" }, "Không có mục đánh số."));
}

function renderItemLists(items) {
  const legend = document.getElementById("legend");
  const lists = document.getElementById("itemlists");
  legend.replaceChildren(); lists.replaceChildren();
  for (const [kind, name] of Object.entries(VN.kinds)) {
    const mine = items.filter((it) => it.kind === kind && !it.hidden);
    const box = el("input", { type: "checkbox", checked: true, onchange: (ev) =>
      document.getElementById("doctext").classList.toggle("hide-" + kind, !ev.target.checked) });
    legend.appendChild(el("label", { class: "key k-" + kind }, box, ` ${name} (${mine.length})`));
    lists.appendChild(el("details", { class: "itemlist", open: mine.length > 0 && mine.length <= 60, "data-kind": kind },
      el("summary", {}, `${name} (${mine.length})`),
      el("ol", {}, mine.map((it) => el("li", {},
        el("a", { href: "#it-" + it.i, class: "item k-" + kind, "data-i": String(it.i), onclick: (ev) => { ev.preventDefault(); jumpTo(it.i); } },
          it.label.length > 140 ? it.label.slice(0, 137) + "…" : it.label),
        it.note ? el("span", { class: "note" }, " – " + it.note) : null)))));
  }
}

function renderTables(doc) {
  const jump = (kind, pred) => {
    const it = state.items.find((x) => x.kind === kind && pred(x));
    return it ? el("a", { href: "#it-" + it.i, onclick: (ev) => { ev.preventDefault(); jumpTo(it.i); } }, "xem") : "";
  };
  const targetRows = doc.targets.flatMap((t) => (t.values.length ? t.values : [{}]).map((v) => ({ t, v })));
  document.getElementById("t-targets").replaceChildren(table(targetRows, [
    ["indicator", "Chỉ tiêu", (r) => r.t.indicator || r.t.text],
    ["value", "Giá trị", (r) => (r.v.value == null ? "" : r.v.value)], ["unit", "Đơn vị tính", (r) => r.v.unit || ""],
    ["comparator", "So sánh", (r) => r.v.comparator || ""], ["years", "Năm", (r) => r.t.years.join(", ")],
    ["go", "", (r) => jump("target", (x) => x.ref === r.t.id)],
  ], "Không tìm thấy chỉ tiêu."));
  document.getElementById("t-units").replaceChildren(table(doc.units, [
    ["name", "Đơn vị"], ["canonical", "Tên chuẩn"], ["role", "Vai trò", (u) => VN.roles[u.role]],
    ["task", "Nhiệm vụ"], ["go", "", (u) => jump("unit", (x) => x.start === u.span[0])],
  ], "Không tìm thấy đơn vị."));
  document.getElementById("t-deadlines").replaceChildren(table(doc.deadlines, [
    ["text", "Thời hạn"], ["kind", "Loại", (d) => VN.deadlineKinds[d.kind]], ["start", "Từ ngày", (d) => fmtDate(d.start)],
    ["end", "Đến ngày", (d) => fmtDate(d.end)], ["task", "Nhiệm vụ"],
    ["go", "", (d) => jump("deadline", (x) => x.start === d.span[0])],
  ], "Không tìm thấy thời hạn."));
  document.getElementById("t-tasks").replaceChildren(table(doc.tasks, [
    ["id", "Mã"], ["text", "Nhiệm vụ", (t) => (t.text.length > 220 ? t.text.slice(0, 217) + "…" : t.text)],
    ["lead", "Chủ trì", (t) => t.lead.join("; ")], ["cooperate", "Phối hợp", (t) => t.cooperate.join("; ")],
    ["deadlines", "Thời hạn", (t) => t.deadlines.map((id) => (doc.deadlines.find((d) => d.id === id) || {}).text).join("; ")],
  ], "Không có nhiệm vụ."));
  document.getElementById("t-refs").replaceChildren(table(doc.legal_refs, [
    ["type", "Loại"], ["number", "Số hiệu"], ["date", "Ngày", (r) => fmtDate(r.date)], ["issuer", "Cơ quan"],
    ["name", "Tên / trích yếu", (r) => r.name || r.subject || ""], ["role", "Vai trò", (r) => VN.roles[r.role]],
    ["go", "", (r) => jump("ref", (x) => x.ref === r.id)],
  ], "Không có văn bản dẫn chiếu."));
}

function setupViewer() {
  document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => {
    document.querySelectorAll(".tabs button").forEach((x) => x.classList.toggle("on", x === b));
    document.querySelectorAll(".tab").forEach((t) => { t.hidden = t.id !== b.dataset.tab; });
  }));
  document.getElementById("dl-json").addEventListener("click", () =>
    download(`/v1/documents/${state.docId}`, `${state.docId.slice(0, 12)}.json`).catch((e) => alert(e.message)));
  document.getElementById("dl-csv").addEventListener("click", () => {
    const t = document.getElementById("dl-table").value;
    download(`/v1/documents/${state.docId}/tables/${t}?format=csv`, `${state.docId.slice(0, 12)}-${t}.csv`).catch((e) => alert(e.message));
  });
  document.getElementById("dl-delete").addEventListener("click", async () => {
    if (!confirm("Xóa văn bản này khỏi kho?")) return;
    try { await api(`/v1/documents/${state.docId}`, { method: "DELETE" }); }
    catch (e) { alert(e.message); return; }
    document.getElementById("viewer").hidden = true;
    history.replaceState(null, "", "/");
    refreshLibrary();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupKeyForm(() => { refreshLibrary(); refreshJobs(); });
  setupUpload();
  setupViewer();
  document.getElementById("search").addEventListener("input", () => {
    clearTimeout(searchTimer); searchTimer = setTimeout(refreshLibrary, 250);
  });
  refreshLibrary();
  refreshJobs();
  const m = location.hash.match(/^#doc=([0-9a-f]{64})$/);
  if (m) openDocument(m[1]);
});
