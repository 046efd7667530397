"""The operations page's one action: register an operation, deconflicted at once."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, no_update

from access import deconfliction
from access.deconfliction import Operation, OperationError
from workbench.callbacks.common import investigator, record
from workbench.operations_layout import operations_table
from workbench.policy import INVESTIGATE, guard


def register(app: Dash) -> None:
    @app.callback(
        Output("ops-list", "children"),
        Output("ops-message", "children"),
        Input("ops-save", "n_clicks"),
        State("ops-reference", "value"),
        State("ops-kind", "value"),
        State("ops-agency", "value"),
        State("ops-lat", "value"),
        State("ops-lon", "value"),
        State("ops-radius", "value"),
        State("ops-starts", "value"),
        State("ops-ends", "value"),
        prevent_initial_call=True,
    )
    @guard(INVESTIGATE)
    def save(_n, reference, kind, agency, lat, lon, radius, starts, ends):  # type: ignore[no-untyped-def]
        user, s, _ = investigator()
        try:
            where = (float(lat), float(lon), float(radius or 0))
        except (TypeError, ValueError):
            where = None
        try:
            if where is None:
                raise OperationError("latitude, longitude and radius are numbers")
            op = Operation(agency or "", user.username, kind or "", reference or "", *where,
                           starts or "", ends or "")  # fmt: skip
            saved, met = deconfliction.add_operation(s.db, op, user)
        except OperationError as exc:
            record("operation-add", {"reference": reference, "error": str(exc)}, "refused")
            return no_update, dbc.Alert(str(exc), color="warning", className="py-1 px-2 mb-0")
        mine = s.all_agencies() if user.all_agencies else user.agencies
        listing = operations_table(deconfliction.operations(s.db, mine))
        if not met:
            said = f"Registered {saved.reference} for {saved.agency}: no overlap with others."
            return listing, dbc.Alert(said, color="success", className="py-1 px-2 mb-0")
        others = "; ".join(f"{o.agency} {o.reference}" for o in met)
        said = (f"Registered {saved.reference}. Deconfliction: it overlaps {others} in place and "
                "time; both agencies have a notice with each other's contact.")  # fmt: skip
        return listing, dbc.Alert(said, color="danger", className="py-1 px-2 mb-0")
