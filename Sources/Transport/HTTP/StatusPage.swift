/// The status page served at `/`: one HTML document with its CSS and script inline (no external assets, no
/// build step). The script reads `api/status` (passing on the page's `?token=`), draws the tables, and reads it
/// again every few seconds. A script error or a failed read is shown in the page's `#errors` box (so a headless
/// browser's DOM dump shows it too), never only in the console.
enum StatusPage {
    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>Tally server status</title>
        <style>
          :root { --fg: #1d2733; --muted: #5b6b7c; --line: #dde3ea; --bg: #f5f7fa; --card: #fff;
                  --ok: #1e7d3a; --bad: #b3261e; --warn: #a15c00; --accent: #2156a5; }
          * { box-sizing: border-box; }
          body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                 color: var(--fg); background: var(--bg); }
          header { background: #1d2733; color: #fff; padding: 12px 24px; display: flex; align-items: baseline;
                   gap: 18px; flex-wrap: wrap; }
          header h1 { font-size: 18px; margin: 0; font-weight: 600; }
          header .meta { color: #c3cede; font-size: 13px; }
          header .state { margin-left: auto; font-size: 13px; }
          .dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 6px;
                 background: #8a96a3; }
          .dot.ok { background: #3ccf6a; } .dot.bad { background: #ff6b5e; }
          main { padding: 16px 24px 32px; display: grid; gap: 16px; grid-template-columns: 1fr 1fr; }
          section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px;
                    min-width: 0; }
          section.wide { grid-column: 1 / -1; }
          h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 8px;
               display: flex; justify-content: space-between; }
          h2 .count { font-weight: 400; letter-spacing: 0; text-transform: none; }
          table { width: 100%; border-collapse: collapse; }
          th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px;
               border-bottom: 1px solid var(--line);
               padding: 4px 8px 4px 0; white-space: nowrap; }
          td { padding: 5px 8px 5px 0; border-bottom: 1px solid #eef1f5; vertical-align: baseline;
               overflow-wrap: anywhere; }
          td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
          tr:last-child td { border-bottom: 0; }
          .empty { color: var(--muted); font-style: italic; padding: 6px 0; }
          .badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; }
          .badge.ok { background: #e3f4e8; color: var(--ok); } .badge.bad { background: #fbe4e2; color: var(--bad); }
          .badge.warn { background: #fdf0dc; color: var(--warn); }
          .badge.none { background: #eef1f5; color: var(--muted); }
          .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
          .muted { color: var(--muted); }
          #errors { grid-column: 1 / -1; background: #fbe4e2; color: var(--bad); border: 1px solid #f2b8b3;
                    border-radius: 8px; padding: 10px 16px; white-space: pre-wrap; }
          #errors:empty { display: none; }
          @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
        </style>
        </head>
        <body>
        <header>
          <h1>Tally server</h1>
          <span class="meta" id="node">loading…</span>
          <span id="summary"></span>
          <span class="state"><span class="dot" id="dot"></span
            ><span id="updated">waiting for the first update</span></span>
        </header>
        <main>
          <div id="errors" role="alert"></div>
          <section class="wide" id="datasets">
            <h2>Datasets <span class="count"></span></h2><div class="body"></div></section>
          <section id="peers"><h2>Connected peers <span class="count"></span></h2><div class="body"></div></section>
          <section id="mirrors"><h2>Mirrors <span class="count"></span></h2><div class="body"></div></section>
          <section class="wide" id="transfers">
            <h2>Recent transfers <span class="count"></span></h2><div class="body"></div></section>
          <section class="wide" id="tokens">
            <h2>Tokens <span class="count"></span></h2><div class="body"></div></section>
        </main>
        <script>
        "use strict";
        (function () {
          var REFRESH_MS = 3000;
          var errors = document.getElementById("errors");
          function showError(text) { errors.textContent = text; }
          window.addEventListener("error", function (event) { showError("page error: " + event.message); });
          window.addEventListener("unhandledrejection", function (event) {
            showError("page error: " + (event.reason && event.reason.message ? event.reason.message : event.reason));
          });

          var token = new URLSearchParams(window.location.search).get("token");
          var statusURL = "api/status" + (token ? "?token=" + encodeURIComponent(token) : "");

          function el(tag, attributes, children) {
            var node = document.createElement(tag);
            Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
            (children || []).forEach(function (child) {
              node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
            });
            return node;
          }
          function badge(text, kind) { return el("span", { "class": "badge " + kind }, [text]); }
          function cell(content, className) {
            var td = el("td", className ? { "class": className } : {}, []);
            td.appendChild(typeof content === "string" ? document.createTextNode(content) : content);
            return td;
          }
          function table(section, headers, rows, emptyText) {
            var box = document.querySelector("#" + section + " .body");
            document.querySelector("#" + section + " .count").textContent = rows.length ? String(rows.length) : "";
            box.textContent = "";
            if (!rows.length) { box.appendChild(el("div", { "class": "empty" }, [emptyText])); return; }
            var head = el("tr", {}, headers.map(function (h) {
              return el("th", h.charAt(0) === "#" ? { "class": "num" } : {}, [h.replace(/^#/, "")]);
            }));
            var t = el("table", {}, [el("thead", {}, [head]), el("tbody", {}, rows)]);
            box.appendChild(t);
          }
          function number(n) { return n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"); }
          function bytes(n) {
            if (n < 1024) { return n + " B"; }
            if (n < 1048576) { return (n / 1024).toFixed(1) + " KiB"; }
            return (n / 1048576).toFixed(1) + " MiB";
          }
          function ago(iso, now) {
            if (!iso) { return "never"; }
            var seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
            if (seconds < 60) { return seconds + " s ago"; }
            if (seconds < 3600) { return Math.round(seconds / 60) + " min ago"; }
            if (seconds < 86400) { return Math.round(seconds / 3600) + " h ago"; }
            return Math.round(seconds / 86400) + " d ago";
          }
          function skew(ms) {
            if (ms === null || ms === undefined) { return el("span", { "class": "muted" }, ["not sent (v1)"]); }
            var size = Math.abs(ms), text;
            if (size < 1000) { return "in step"; }
            if (size < 120000) { text = Math.round(size / 1000) + " s"; }
            else if (size < 7200000) { text = Math.round(size / 60000) + " min"; }
            else if (size < 172800000) { text = Math.round(size / 3600000) + " h"; }
            else { text = Math.round(size / 86400000) + " days"; }
            return text + (ms > 0 ? " ahead" : " behind");
          }
          function when(iso, now) {
            if (!iso) { return el("span", { "class": "muted" }, ["–"]); }
            var span = el("span", { title: iso }, []);
            var seconds = Math.round((Date.parse(iso) - now) / 1000);
            span.textContent = seconds > 0
              ? "in " + (seconds < 120 ? seconds + " s" : Math.round(seconds / 60) + " min")
              : ago(iso, now);
            return span;
          }
          function lag(seconds) {
            if (seconds === null || seconds === undefined) { return "–"; }
            if (seconds < 120) { return Math.round(seconds) + " s"; }
            if (seconds < 7200) { return Math.round(seconds / 60) + " min"; }
            return Math.round(seconds / 3600) + " h";
          }

          function draw(status) {
            var now = Date.parse(status.generated_at) || Date.now();
            document.getElementById("node").textContent = status.node + " · site " + status.site.slice(0, 12) +
              (status.listening ? " · sync on " + status.listening : " · sync port not listening");
            document.getElementById("dot").className = "dot " + (status.listening ? "ok" : "bad");

            var totalConflicts = status.datasets.reduce(function (sum, d) { return sum + d.conflicts; }, 0);
            var summary = document.getElementById("summary");
            summary.textContent = totalConflicts === 1 ? "1 conflict" : totalConflicts + " conflicts";
            summary.className = "badge " + (totalConflicts > 0 ? "bad" : "ok");

            var datasetColumns = ["Dataset", "Kind", "#Live records", "#Stored", "#Conflicts", "#Feed sequence"];
            table("datasets", datasetColumns, status.datasets.map(function (d) {
              var conflicts = el("td",
                { "class": "num conflicts", "data-dataset": d.name, "data-conflicts": String(d.conflicts) },
                [d.conflicts > 0 ? badge(number(d.conflicts), "bad") : badge("0", "ok")]);
              return el("tr", { "data-dataset": d.name }, [cell(el("strong", {}, [d.name])), cell(d.kind),
                cell(number(d.live), "num"), cell(number(d.records), "num"), conflicts,
                cell(number(d.sequence), "num")]);
            }), "No datasets yet: push one to this server.");

            table("peers", ["Node", "Site", "Address", "Connected", "Clock"], status.peers.map(function (p) {
              return el("tr", {}, [cell(p.node || "?"), cell(p.site.slice(0, 12), "mono"), cell(p.address, "mono"),
                cell(when(p.since, now)), cell(skew(p.clock_skew_ms), "clock")]);
            }), "No peer connected right now.");

            table("mirrors", ["Upstream", "Last success", "Lag", "#Behind", "State", "Next run"],
              status.mirrors.map(function (m) {
                var state = m.failures > 0 ? badge(m.failures + " failed", "bad") : badge("healthy", "ok");
                var stateCell = cell(state);
                if (m.failures > 0 && m.last_error) {
                  stateCell.appendChild(el("div", { "class": "muted" }, [m.last_error]));
                }
                return el("tr", {}, [cell(m.upstream, "mono"), cell(when(m.last_success, now)),
                  cell(lag(m.lag_seconds)), cell(number(m.lag_records), "num"), stateCell,
                  cell(when(m.next_run, now))]);
              }), "This server mirrors no upstream.");

            table("transfers", ["When", "Peer", "Dataset", "Direction", "#Records", "#Applied", "#Conflicts", "#Bytes",
              "#Duration", "Result"], status.transfers.map(function (t) {
                var result = t.result === "ok" ? badge("ok", "ok") : badge("error", "bad");
                var resultCell = cell(result);
                if (t.error) { resultCell.appendChild(el("div", { "class": "muted" }, [t.error])); }
                return el("tr", { "data-dataset": t.dataset }, [cell(when(t.started, now)),
                  cell((t.peer || "?") + (t.site ? " (" + t.site.slice(0, 8) + ")" : "")),
                  cell(t.dataset), cell(t.direction === "push" ? "push → server" : "pull ← server"),
                  cell(number(t.records), "num"), cell(number(t.applied), "num"),
                  cell(t.conflicts > 0 ? badge(number(t.conflicts), "bad") : "0", "num"),
                  cell(bytes(t.bytes), "num"), cell(number(t.duration_ms) + " ms", "num"), resultCell]);
              }), "No transfer since the server started.");

            table("tokens", ["Label", "Scope", "Dataset", "Created", "Expires", "Last used", "State"],
              status.tokens.map(function (k) {
                var kind = k.status === "active" ? "ok" : (k.status === "expired" ? "warn" : "none");
                return el("tr", {}, [cell(k.label), cell(k.scope), cell(k.dataset || "every dataset"),
                  cell(when(k.created, now)), cell(k.expires ? when(k.expires, now) : "never"),
                  cell(when(k.last_used, now)), cell(badge(k.status, kind))]);
              }), "No token: the server is open to loopback clients only.");

            document.getElementById("updated").textContent = "updated " + new Date(now).toLocaleTimeString("en-GB") +
              " · refreshes every " + (REFRESH_MS / 1000) + " s";
          }

          function refresh() {
            fetch(statusURL, { cache: "no-store" }).then(function (response) {
              if (!response.ok) {
                return response.text().then(function (text) {
                  throw new Error("HTTP " + response.status + ": " + text);
                });
              }
              return response.json();
            }).then(function (status) {
              draw(status);
              showError("");
            }).catch(function (error) {
              document.getElementById("dot").className = "dot bad";
              showError("cannot read the server's status: " + error.message);
            }).then(function () { window.setTimeout(refresh, REFRESH_MS); });
          }
          refresh();
        })();
        </script>
        </body>
        </html>
        """#
}
