// Dashboard over all stored documents: deadlines on a timeline, targets by indicator, workload per unit.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const n = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
  if (text != null) n.textContent = text;
  return n;
}

function todayISO() { return new Date().toISOString().slice(0, 10); }

async function loadStats() {
  const s = (await api("/v1/stats")).body;
  const cards = [["Văn bản", s.documents], ["Nhiệm vụ", s.tasks], ["Chỉ tiêu", s.targets], ["Thời hạn", s.deadlines],
                 ["Đơn vị được giao", s.units], ["Văn bản dẫn chiếu", s.legal_refs],
                 ["Việc đang chờ", s.jobs.queued + s.jobs.running], ["Việc lỗi", s.jobs.failed]];
  document.getElementById("stats").replaceChildren(...cards.map(([k, v]) => el("div", { class: "card" },
    el("strong", {}, String(v)), el("span", {}, k))));
}

function deadlineQuery() {
  const p = new URLSearchParams();
  const after = document.getElementById("dl-after").value, before = document.getElementById("dl-before").value;
  const unit = document.getElementById("dl-unit").value.trim();
  if (after) p.set("after", after);
  if (before) p.set("before", before);
  if (unit) p.set("unit", unit);
  return p;
}

async function loadTimeline() {
  const p = deadlineQuery();
  p.set("limit", "60");
  let page = (await api("/v1/deadlines?" + p)).body;
  let rows = page.items.filter((d) => d.end || d.start);
  const note = document.getElementById("timeline-note");
  note.textContent = `${page.total} thời hạn phù hợp` + (page.total > rows.length ? `, hiển thị ${rows.length} thời hạn gần nhất.` : ".");
  if (!rows.length && p.get("after") === todayISO() && !p.get("before")) {
    // nothing upcoming: show the latest past deadlines instead of an empty chart
    const q = deadlineQuery(); q.delete("after"); q.set("before", todayISO()); q.set("limit", "1000");
    const past = (await api("/v1/deadlines?" + q)).body.items.filter((d) => d.end);
    rows = past.slice(-40);
    note.textContent = rows.length ? `Không có thời hạn sắp tới; hiển thị ${rows.length} thời hạn gần nhất đã qua.` : "Chưa có thời hạn nào.";
  }
  drawTimeline(rows);
}

function drawTimeline(rows) {
  const box = document.getElementById("timeline");
  box.replaceChildren();
  if (!rows.length) return;
  const t = (iso) => new Date(iso + "T00:00:00Z").getTime();
  let lo = Math.min(...rows.map((d) => t(d.start || d.end))), hi = Math.max(...rows.map((d) => t(d.end || d.start)));
  const today = t(todayISO());
  if (hi === lo) { lo -= 15 * 864e5; hi += 15 * 864e5; }
  const W = 1000, left = 360, right = 20, rowH = 22, top = 30;
  const H = top + rows.length * rowH + 10;
  const x = (ms) => left + ((ms - lo) / (hi - lo)) * (W - left - right);
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": "Dòng thời gian các thời hạn" });
  // month ticks
  const d0 = new Date(lo); let tick = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), 1);
  const months = (hi - lo) / (30 * 864e5);
  const step = months > 36 ? 12 : months > 12 ? 3 : 1;
  while (tick <= hi) {
    if (tick >= lo) {
      const dt = new Date(tick);
      s.appendChild(svg("line", { x1: x(tick), x2: x(tick), y1: top - 6, y2: H, class: "tick" }));
      s.appendChild(svg("text", { x: x(tick) + 2, y: top - 10, class: "ticklabel" }, `${dt.getUTCMonth() + 1}/${dt.getUTCFullYear()}`));
    }
    const dt = new Date(tick); tick = Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + step, 1);
  }
  if (today >= lo && today <= hi) {
    s.appendChild(svg("line", { x1: x(today), x2: x(today), y1: top - 6, y2: H, class: "today" }));
  }
  rows.forEach((d, i) => {
    const y = top + i * rowH;
    const who = (d.lead || "").split("; ")[0];
    const label = [d.document_number, d.text, who].filter(Boolean).join(" · ");
    const g = svg("g", { class: "deadline k-" + d.kind, "data-document": d.document_id });
    const tip = `${d.text} (${VN.deadlineKinds[d.kind]}${d.end ? ", đến " + fmtDate(d.end) : ""})\n` +
                `${d.document_number || ""} ${d.document_title || ""}\n${d.task_text || ""}`;
    g.appendChild(svg("title", {}, tip));
    g.appendChild(svg("text", { x: 4, y: y + 15, class: "rowlabel" }, label.length > 58 ? label.slice(0, 56) + "…" : label));
    const a = x(t(d.start || d.end)), b = x(t(d.end || d.start));
    if (d.start && d.end && b - a > 3) g.appendChild(svg("rect", { x: a, y: y + 5, width: b - a, height: 12, rx: 3, class: "bar" }));
    else g.appendChild(svg("circle", { cx: b, cy: y + 11, r: 6, class: "dot" }));
    g.addEventListener("click", () => { location.href = "/#doc=" + d.document_id; });
    s.appendChild(g);
  });
  box.appendChild(s);
}

function bars(container, rows, value, label, detail, parts) {
  const max = Math.max(1, ...rows.map(value));
  container.replaceChildren(...rows.map((r) => el("div", { class: "barrow" },
    el("span", { class: "barlabel", title: label(r) }, label(r)),
    el("span", { class: "bartrack" }, ...(parts ? parts(r) : [[value(r), ""]]).map(([v, cls]) =>
      el("span", { class: "barfill " + cls, style: `width:${(100 * v) / max}%` }))),
    el("span", { class: "barvalue" }, detail(r)))));
  if (!rows.length) container.replaceChildren(el("p", { class: "empty" }, "Chưa có dữ liệu."));
}

async function loadIndicators() {
  const q = document.getElementById("ind-q").value.trim();
  const page = (await api("/v1/targets/indicators?limit=30" + (q ? "&indicator=" + encodeURIComponent(q) : ""))).body;
  const unit = (r) => (r.value_unit === "%" ? "%" : " " + (r.value_unit || ""));
  const range = (r) => r.min_value == null ? "không có số liệu"
    : (r.min_value === r.max_value ? `${r.min_value}` : `${r.min_value}–${r.max_value}`) + unit(r);
  const box = document.getElementById("indicators");
  box.replaceChildren(...page.items.map((r) => {
    const pct = r.value_unit === "%" && r.max_value != null ? Math.min(100, r.max_value) : null;
    return el("div", { class: "barrow" },
      el("span", { class: "barlabel", title: r.indicator }, r.indicator),
      el("span", { class: "bartrack" + (pct == null ? " none" : "") },
        pct == null ? null : el("span", { class: "barfill pct", style: `width:${pct}%` })),
      el("span", { class: "barvalue" }, `${range(r)} · ${r.n_targets} chỉ tiêu, ${r.n_documents} văn bản`));
  }));
  if (!page.items.length) box.replaceChildren(el("p", { class: "empty" }, "Chưa có chỉ tiêu."));
}

async function loadWorkload() {
  const page = (await api("/v1/units?limit=25")).body;
  bars(document.getElementById("workload"), page.items, (r) => r.n_lead + r.n_cooperate, (r) => r.unit,
       (r) => `${r.n_tasks} nhiệm vụ (${r.n_lead} chủ trì, ${r.n_cooperate} phối hợp), ${r.n_documents} văn bản`,
       (r) => [[r.n_lead, "lead"], [r.n_cooperate, "cooperate"]]);
}

async function loadCited() {
  const number = document.getElementById("ref-number").value.trim();
  const box = document.getElementById("cited");
  if (number) {
    const page = (await api("/v1/legal-refs?limit=200&number=" + encodeURIComponent(number))).body;
    box.replaceChildren(table(page.items, [
      ["document_number", "Văn bản dẫn chiếu", (r) => el("a", { href: "/#doc=" + r.document_id }, r.document_number || r.document_filename || r.document_id.slice(0, 12))],
      ["document_title", "Trích yếu"], ["type", "Loại"], ["number", "Số hiệu"], ["role", "Vai trò", (r) => VN.roles[r.role]],
    ], "Không văn bản nào dẫn chiếu số hiệu này."));
    return;
  }
  const page = (await api("/v1/legal-refs/cited?limit=15")).body;
  box.replaceChildren(table(page.items, [
    ["type", "Loại"], ["number", "Số hiệu"], ["name", "Tên"], ["year", "Năm"], ["n_documents", "Số văn bản dẫn chiếu"],
  ], "Chưa có văn bản dẫn chiếu."));
}

async function loadAll() {
  const msg = document.getElementById("message");
  msg.textContent = "";
  try { await Promise.all([loadStats(), loadTimeline(), loadIndicators(), loadWorkload(), loadCited()]); }
  catch (err) { msg.textContent = "Không tải được dữ liệu: " + err.message; }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("dl-after").value = todayISO();
  setupKeyForm(loadAll);
  document.getElementById("dl-filter").addEventListener("submit", (ev) => { ev.preventDefault(); loadTimeline().catch((e) => { document.getElementById("message").textContent = e.message; }); });
  document.getElementById("dl-csv").addEventListener("click", () => {
    const p = deadlineQuery(); p.set("format", "csv");
    download("/v1/deadlines?" + p, "thoi-han.csv").catch((e) => alert(e.message));
  });
  document.getElementById("ind-csv").addEventListener("click", () => download("/v1/targets?format=csv" + (document.getElementById("ind-q").value.trim() ? "&indicator=" + encodeURIComponent(document.getElementById("ind-q").value.trim()) : ""), "chi-tieu.csv").catch((e) => alert(e.message)));
  document.getElementById("unit-csv").addEventListener("click", () => download("/v1/units?format=csv", "don-vi.csv").catch((e) => alert(e.message)));
  let timer = null, itimer = null;
  document.getElementById("ind-q").addEventListener("input", () => { clearTimeout(itimer); itimer = setTimeout(() => loadIndicators().catch(() => {}), 300); });
  document.getElementById("ref-number").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => loadCited().catch(() => {}), 300); });
  loadAll();
});
