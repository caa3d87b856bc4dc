// Shared by the pages: API calls with the key, HTML escaping, small DOM helpers.
"use strict";

const VN = {
  kinds: {
    target: "Chỉ tiêu, mục tiêu",
    percent: "Tỷ lệ phần trăm",
    unit: "Đơn vị",
    deadline: "Thời hạn",
    ref: "Văn bản dẫn chiếu",
  },
  roles: { lead: "chủ trì", cooperate: "phối hợp", basis: "căn cứ", mention: "nhắc đến" },
  status: { queued: "Đang chờ xử lý", running: "Đang xử lý", done: "Xong", failed: "Lỗi", uploading: "Đang tải lên" },
  deadlineKinds: { deadline: "hạn chót", period: "khoảng thời gian", date: "ngày", recurring: "định kỳ" },
};

// the service's error codes in Vietnamese; the service's own message follows in brackets
const ERRORS_VN = {
  empty: "tệp rỗng", encoding: "không đọc được bảng mã của văn bản", binary: "tệp không phải văn bản",
  unsupported_type: "định dạng tệp chưa được hỗ trợ", corrupt: "tệp bị hỏng", no_text: "không tìm thấy chữ trong tệp",
  too_large: "tệp quá lớn", file_too_large: "tệp quá lớn", too_many_files: "quá nhiều tệp trong một lần tải",
  too_many_pages: "tệp có quá nhiều trang", interrupted: "việc xử lý bị gián đoạn, hãy tải tệp lên lại",
  unavailable: "dịch vụ tạm thời không xử lý được, hãy thử lại", unauthorized: "cần khóa API hợp lệ",
  internal: "lỗi của dịch vụ",
};

function errorVN(error, fallback) {
  if (!error) return fallback || "lỗi không rõ";
  const vn = ERRORS_VN[error.code];
  return vn ? `${vn} (${error.message})` : error.message || fallback || error.code;
}

function apiKey() { return localStorage.getItem("vnplan-key") || ""; }

function askKey(reason) {
  const form = document.getElementById("keyform");
  if (!form) return;
  form.hidden = false;
  const msg = document.getElementById("message");
  if (msg && reason) msg.textContent = reason;
  document.getElementById("apikey").focus();
}

function setupKeyForm(onSaved) {
  const form = document.getElementById("keyform");
  if (!form) return;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    localStorage.setItem("vnplan-key", document.getElementById("apikey").value.trim());
    form.hidden = true;
    if (onSaved) onSaved();
  });
}

class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

// fetch with the API key; JSON back (or the raw Response when raw is true); errors as ApiError
async function api(path, opts = {}, raw = false) {
  const headers = Object.assign({}, opts.headers || {});
  const key = apiKey();
  if (key) headers["X-API-Key"] = key;
  let resp;
  try {
    resp = await fetch(path, Object.assign({}, opts, { headers }));
  } catch (err) {
    throw new ApiError(0, "network", "Không kết nối được tới máy chủ.");
  }
  if (resp.status === 401) {
    askKey("Cần khóa API để dùng dịch vụ này.");
    throw new ApiError(401, "unauthorized", "Cần khóa API hợp lệ.");
  }
  if (raw && resp.ok) return resp;
  let body = null;
  const type = resp.headers.get("content-type") || "";
  if (type.includes("json")) body = await resp.json();
  if (!resp.ok && !(body && body.items)) {
    const e = (body && body.error) || {};
    throw new ApiError(resp.status, e.code || "error", e.message || ("Lỗi " + resp.status));
  }
  return { status: resp.status, body };
}

// download what an API path returns, as a file, with the key in the header
async function download(path, filename) {
  const resp = await api(path, {}, true);
  const blob = await resp.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url; a.download = filename;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function esc(s) {
  return String(s == null ? "" : s).replace(/[&<>"']/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c == null) continue;
    node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return node;
}

function fmtDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

// a table from rows and [[key, header, fn?], ...]
function table(rows, columns, empty) {
  if (!rows.length) return el("p", { class: "empty" }, empty || "Không có dữ liệu.");
  return el("table", { class: "grid" },
    el("thead", {}, el("tr", {}, columns.map(([, h]) => el("th", {}, h)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, columns.map(([k, , fn]) => {
      const v = fn ? fn(r) : r[k];
      return el("td", {}, v instanceof Node ? v : (v == null ? "" : String(v)));
    })))));
}
