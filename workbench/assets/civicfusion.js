/* CivicFusion clientside helper (no data, no network: pure UI).
 * Double-click (Cytoscape's own "dbltap") on a node asks the server to expand it: the node id
 * goes into the "double-tap" store, an input of the chart callback. The chart is re-created
 * when the page changes, so the listener is attached to whichever chart is current. */
(function () {
    function attach() {
        const el = document.getElementById("chart");
        if (!el || !el._cyreg || !el._cyreg.cy) { return; }
        const cy = el._cyreg.cy;
        if (cy.scratch("_civicfusion")) { return; }
        cy.scratch("_civicfusion", true);
        // Cytoscape's dbltap only looks at the time between two taps, not at what was tapped:
        // two quick clicks on different nodes (shift-selecting a pair) are not a double-click.
        const taps = [];
        cy.on("tap", function (evt) {
            taps.push(evt.target === cy ? null : evt.target.id());
            if (taps.length > 2) { taps.shift(); }
        });
        cy.on("dbltap", "node", function (evt) {
            if (taps.length < 2 || taps[0] !== evt.target.id()) { return; }
            if (window.dash_clientside && window.dash_clientside.set_props) {
                window.dash_clientside.set_props("double-tap",
                    {data: {id: evt.target.id(), t: Date.now()}});
            }
        });
        // New items go around the node they came from; everyone else stays where they are
        // (the server lays the whole chart out only on a new chart or when asked).
        // the empty chart says what to do; the hint goes as soon as something is on it
        const hint = document.getElementById("chart-empty");
        function empty() { if (hint) { hint.style.display = cy.nodes().length ? "none" : ""; } }
        cy.on("add remove", empty);
        empty();
        let fresh = [];
        cy.on("add", "node", function (evt) {
            fresh.push(evt.target);
            if (fresh.length === 1) { setTimeout(function () { place(cy, fresh.splice(0)); }, 0); }
        });
    }

    function unplaced(n) {
        const p = n.position();
        return p.x === 0 && p.y === 0;
    }

    function place(cy, added) {
        let todo = added.filter(function (n) { return n.inside() && unplaced(n); });
        if (!todo.length) { return; }
        const pending = new Set(todo.map(function (n) { return n.id(); }));
        const placed = cy.nodes().filter(function (n) { return !pending.has(n.id()); });
        if (!placed.length) { return; }  // a new chart: its layout places everyone
        const box = placed.boundingBox();
        const centre = {x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2};
        // rounds: nodes next to a placed node go in a fan around it, facing away from the
        // chart's centre; then their own new neighbours around them, and so on
        while (todo.length) {
            const byAnchor = new Map();
            const rest = [];
            todo.forEach(function (n) {
                const anchor = n.neighborhood("node").filter(function (m) {
                    return !pending.has(m.id());
                })[0];
                if (anchor) {
                    if (!byAnchor.has(anchor.id())) { byAnchor.set(anchor.id(), [anchor, []]); }
                    byAnchor.get(anchor.id())[1].push(n);
                } else { rest.push(n); }
            });
            if (!byAnchor.size) { break; }
            byAnchor.forEach(function (pair) {
                // rings around the anchor, captions ~150 px apart; a fan facing away from
                // the chart's centre, the whole circle when the anchor stands alone or the
                // fan would be too crowded
                const anchor = pair[0], kids = pair[1], a = anchor.position();
                const away = Math.atan2(a.y - centre.y, a.x - centre.x);
                const alone = placed.length === 1, spacing = 150, k = kids.length;
                let i = 0, ring = 0;
                while (i < k) {
                    const r = 170 + 130 * ring;
                    const full = alone || (k - i) * spacing > Math.PI * r;
                    const fan = full ? 2 * Math.PI : Math.max((k - i) * spacing / r, 0.6);
                    const take = Math.min(Math.max(1, Math.floor(fan * r / spacing)), k - i);
                    for (let j = 0; j < take; j++, i++) {
                        const t = full ? away + 2 * Math.PI * j / take
                            : away - fan / 2 + fan * (j + 0.5) / take;
                        kids[i].position({x: a.x + r * Math.cos(t), y: a.y + r * Math.sin(t)});
                        pending.delete(kids[i].id());
                    }
                    ring++;
                }
            });
            todo = rest;
        }
        // anything not linked to what was there: a row under the chart
        todo.forEach(function (n, i) {
            n.position({x: box.x1 + 90 * (i % 12), y: box.y2 + 110 + 90 * Math.floor(i / 12)});
        });
        const ext = cy.extent();
        const outside = added.some(function (n) {
            const p = n.position();
            return p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2;
        });
        if (outside) { cy.fit(cy.elements(), 30); }
    }

    // Keyboard: Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z) undo and redo, Ctrl+A selects everything,
    // Delete removes the selection, Esc unselects; never while typing in a field.
    function click(id) {
        const b = document.getElementById(id);
        if (b && !b.disabled) { b.click(); }
    }
    document.addEventListener("keydown", function (e) {
        const t = e.target;
        if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
        const el = document.getElementById("chart");
        const cy = el && el._cyreg && el._cyreg.cy;
        if (!cy) { return; }
        const key = e.key.toLowerCase(), mod = e.ctrlKey || e.metaKey;
        if (mod && key === "z" && !e.shiftKey) { click("btn-undo"); }
        else if (mod && (key === "y" || (key === "z" && e.shiftKey))) { click("btn-redo"); }
        else if (mod && key === "a") { cy.nodes().select(); }
        else if (key === "delete" || key === "backspace") {
            if (!cy.nodes(":selected").length) { return; }
            click("btn-remove");
        }
        else if (key === "escape") { cy.elements().unselect(); }
        else { return; }
        e.preventDefault();
    });
    // a map tile that cannot be fetched (offline, a blocked server): say so once, plainly
    document.addEventListener("error", function (e) {
        const t = e.target;
        if (t && t.classList && t.classList.contains("leaflet-tile")) {
            const notice = document.getElementById("map-notice");
            if (notice) { notice.style.display = ""; }
        }
    }, true);
    document.addEventListener("fullscreenchange", function () {
        const el = document.getElementById("chart");
        if (el && el._cyreg && el._cyreg.cy) { setTimeout(function () { el._cyreg.cy.resize(); }, 50); }
    });
    setInterval(attach, 300);
})();

/* Where every node is drawn right now, for "Export" (a picture as drawn, not re-laid-out). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    civicfusion: {
        positions: function () {
            const el = document.getElementById("chart");
            const out = {};
            if (el && el._cyreg && el._cyreg.cy) {
                el._cyreg.cy.nodes().forEach(function (n) {
                    const p = n.position();
                    out[n.id()] = [p.x, p.y];
                });
            }
            return {t: Date.now(), positions: out};
        },
        // the chart column (toolbar, chart, legend) full screen, and back
        fullscreen: function (n) {
            const col = document.querySelector(".middle");
            if (!n || !col) { return window.dash_clientside.no_update; }
            if (document.fullscreenElement) { document.exitFullscreen(); }
            else if (col.requestFullscreen) { col.requestFullscreen(); }
            return n;
        },
        // the Details panel empties when what it shows leaves the chart
        detailsGone: function (elements, shown) {
            const nu = window.dash_clientside.no_update;
            if (!shown) { return [nu, nu]; }
            const here = (elements || []).some(function (e) { return e.data.id === shown; });
            return here ? [nu, nu] : [[], null];
        }
    }
});
