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
    }
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
        }
    }
});
