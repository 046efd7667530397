"""The workbench application: one Flask server with the Dash app on it, built once per process."""

from __future__ import annotations

from pathlib import Path

import dash
import dash_cytoscape as cyto
from dash import dcc, html
from flask import Flask

from graph.db import Graph
from graph.settings import Settings, get_settings
from workbench.appdb import AppDB
from workbench.auth import init_auth
from workbench.services import Services, install

ASSETS = Path(__file__).parent / "assets"

cyto.load_extra_layouts()  # fcose, cola, dagre, ... (bundled with dash-cytoscape)


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
    )
    # After Dash: its own before_request (which builds the callback map) runs before the gate.
    init_auth(server)
    app.layout = html.Div([dcc.Location(id="url"), html.Div(id="page")])
    from workbench.callbacks import register

    register(app)
    server.extensions["civicfusion_dash"] = app
    return app
