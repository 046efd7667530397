"""The Analyse tab: rank what is on the chart by degree, strength, betweenness, eigenvector
centrality or PageRank, colour it by community, simulate removing the key players, and say
what was computed (weighted or not, projected or not, how links were counted)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, html

from charts import analysis
from charts.style import stylesheet
from workbench.callbacks.common import investigator, load_chart, record
from workbench.policy import INVESTIGATE, guard


def register(app: Dash) -> None:
    @app.callback(
        Output("analysis-results", "children"),
        Output("chart", "stylesheet"),
        Input("analysis-run", "n_clicks"),
        Input("analysis-reset", "n_clicks"),
        State("analysis-metric", "value"),
        State("analysis-mode", "value"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def analyse(_run, _reset, metric, mode):  # type: ignore[no-untyped-def]
        if ctx.triggered_id == "analysis-reset" or metric not in analysis.METRICS:
            return [], stylesheet()
        user, s, cleared = investigator()
        view = load_chart(user, s).view(cleared)
        if mode not in analysis.MODES:
            mode = analysis.default_mode(view)
        g = analysis.graph_of(view, mode)
        if g.number_of_nodes() == 0:
            return html.P("Put something on the chart first.", className="text-muted"), stylesheet()
        result = analysis.analyse(g)
        record(
            "analysis",
            {
                "metric": metric,
                "mode": mode,
                "nodes": g.number_of_nodes(),
                "weighted": result.method.weighted,
            },
        )
        names = {n: g.nodes[n]["name"] for n in g}
        rank_metric = "betweenness" if metric == "community" else metric
        ranked = result.ranked(rank_metric, 15)
        table = dbc.Table(
            [
                html.Thead(
                    html.Tr(
                        [
                            html.Th("#"),
                            html.Th("name"),
                            html.Th("type"),
                            html.Th(rank_metric),
                            html.Th("community"),
                        ]
                    )
                ),
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Td(i + 1),
                                html.Td(names[n]),
                                html.Td(g.nodes[n].get("type") or ""),
                                html.Td(f"{v:.3f}"),
                                html.Td(int(result.scores[n]["community"]) + 1),
                            ]
                        )
                        for i, (n, v) in enumerate(ranked)
                    ]
                ),
            ],
            size="sm",
            striped=True,
            className="result-table",
            id="analysis-ranking",
        )
        kp = analysis.key_players(g, rank_metric, 5)
        sim = html.Ul(
            [
                html.Li(
                    f"without {names[n]}: largest group {size}"
                    if n
                    else f"now: largest connected group {size} of {g.number_of_nodes()}"
                )
                for n, size in kp
            ],
            className="small",
            id="analysis-key-players",
        )
        return [
            html.H6(
                f"{g.number_of_nodes()} nodes, {g.number_of_edges()} pairs, "
                f"{result.communities} communities",
                className="panel-title",
            ),
            html.Ul(
                [html.Li(t) for t in result.method.sentences()],
                className="small text-muted",
                id="analysis-method",
            ),
            table,
            html.H6(
                f"Key players (remove the top 5 by {rank_metric})", className="panel-title mt-2"
            ),
            sim,
        ], stylesheet() + analysis.stylesheet_for(result, metric)
