"""The Analyse tab: rank what is on the chart by degree, betweenness or eigenvector
centrality, colour it by community, and simulate removing the key players."""

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
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def analyse(_run, _reset, metric):  # type: ignore[no-untyped-def]
        if ctx.triggered_id == "analysis-reset" or metric not in analysis.METRICS:
            return [], stylesheet()
        user, s, cleared = investigator()
        view = load_chart(user, s).view(set(cleared))
        g = analysis.graph_of(view)
        if g.number_of_nodes() == 0:
            return html.P("Put something on the chart first.", className="text-muted"), stylesheet()
        result = analysis.analyse(g)
        record("analysis", {"metric": metric, "nodes": g.number_of_nodes()})
        names = {n: g.nodes[n]["name"] for n in g}
        rank_metric = "betweenness" if metric == "community" else metric
        ranked = result.ranked(rank_metric, 15)
        table = dbc.Table(
            [
                html.Thead(
                    html.Tr(
                        [html.Th("#"), html.Th("name"), html.Th(rank_metric), html.Th("community")]
                    )
                ),
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Td(i + 1),
                                html.Td(names[n]),
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
                f"{g.number_of_nodes()} nodes, {g.number_of_edges()} links, "
                f"{result.communities} communities",
                className="panel-title",
            ),
            table,
            html.H6(
                f"Key players (remove the top 5 by {rank_metric})", className="panel-title mt-2"
            ),
            sim,
        ], stylesheet() + analysis.stylesheet_for(result, metric)
