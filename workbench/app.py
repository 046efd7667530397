"""The workbench application: one Flask server with the Dash app on it, built once per process."""

from __future__ import annotations

import logging
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import dcc, html, set_props
from flask import Flask, jsonify

from access.appdb import AppDB
from graph import guarded
from graph.db import Graph, GraphUnavailable
from settings import Settings, get_settings
from workbench.auth import init_auth
from workbench.services import Services, install

ASSETS = Path(__file__).parent / "assets"

cyto.load_extra_layouts()  # fcose, cola, dagre, ... (bundled with dash-cytoscape)


log = logging.getLogger("civicfusion.workbench")
GRAPH_DOWN = "The graph database is not reachable right now. Try again in a moment."
FAILED = "That did not work; the error was logged for the administrator."


def callback_error(err: Exception) -> None:
    """Any callback failure: a plain message for the user, the details only in the server log."""
    if isinstance(err, GraphUnavailable):
        log.warning("callback: %s", err)
        message = GRAPH_DOWN
    else:
        log.exception("callback failed", exc_info=err)
        message = FAILED
    set_props("app-error", {"children": message, "is_open": True})


def server_error(_err: Exception) -> tuple[str, int]:
    return "CivicFusion: something went wrong; the error was logged.", 500


def create_app(settings: Settings | None = None, graph: Graph | None = None) -> dash.Dash:
    settings = settings or get_settings()
    services = Services(settings, graph or Graph(settings), AppDB(settings.app_db_path))
    install(services)

    server = Flask("civicfusion")
    server.config["SECRET_KEY"] = settings.resolved_secret_key()
    app = dash.Dash(
        "civicfusion",
        server=server,
        title="CivicFusion",
        assets_folder=str(ASSETS),
        suppress_callback_exceptions=True,  # pages are rendered by a callback
        serve_locally=True,
        update_title=None,
        on_error=callback_error,
    )
    server.register_error_handler(500, server_error)
    # After Dash: its own before_request (which builds the callback map) runs before the gate.
    guarded.configure(settings.queries_per_user)
    server.register_error_handler(guarded.Busy, lambda exc: (jsonify(error=str(exc)), 429))
    init_auth(
        server,
        app.csp_hashes(),
        settings.login_attempts_per_minute,
        settings.map_tiles_url,
        proxy=lambda: services.settings.trusted_proxy,
    )
    app.layout = html.Div(
        [
            dcc.Location(id="url"),
            dbc.Alert(
                id="app-error",
                is_open=False,
                color="danger",
                dismissable=True,
                className="app-error",
            ),
            html.Div(id="page"),
        ]
    )
    from workbench.callbacks import register

    register(app)
    server.extensions["civicfusion_dash"] = app
    return app
