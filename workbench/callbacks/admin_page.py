"""The administrator's page: accounts, roles, agency clearances, disabling. Administrators
see no case data; every change is audited; a new account's password is shown once."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, html, no_update

from access import sharing
from access.users import (
    UserError,
    add_user,
    generate_password,
    list_users,
    set_disabled,
    update_user,
)
from workbench.callbacks.common import me, record
from workbench.layout import agreements_table
from workbench.policy import guard

ADMIN = frozenset({"admin"})


def users_table() -> dbc.Table:
    _, s, _ = me()
    rows = []
    for u in list_users(s.db):
        action = "Enable" if u.disabled else "Disable"
        rows.append(
            html.Tr(
                [
                    html.Td(u.username),
                    html.Td(u.display_name),
                    html.Td(u.role),
                    html.Td(", ".join(u.agencies) or "—"),
                    html.Td("disabled" if u.disabled else "active"),
                    html.Td(
                        dbc.Button(
                            action,
                            id={"type": "admin-toggle", "user": u.username},
                            size="sm",
                            color="link",
                            n_clicks=0,
                        )
                    ),
                ]
            )
        )
    head = html.Thead(
        html.Tr([html.Th(c) for c in ("user", "name", "role", "cleared for", "state", "")])
    )
    return dbc.Table([head, html.Tbody(rows)], size="sm", striped=True)


def register_accounts(app: Dash) -> None:
    @app.callback(
        Output("admin-users", "children"),
        Output("admin-message", "children"),
        Input("admin-add", "n_clicks"),
        Input("admin-update", "n_clicks"),
        Input({"type": "admin-toggle", "user": ALL}, "n_clicks"),
        Input("admin-refresh", "data"),
        State("admin-username", "value"),
        State("admin-name", "value"),
        State("admin-role", "value"),
        State("admin-agencies", "value"),
    )
    @guard(ADMIN)
    def manage(_add, _update, _toggles, _refresh, username, name, role, agencies):  # type: ignore[no-untyped-def]
        me_user, s, _ = me()
        trig = ctx.triggered_id
        message = None
        try:
            if trig == "admin-add":
                password = generate_password()
                add_user(
                    s.db, (username or "").strip(), password, role, agencies or [], name or None
                )
                record(
                    "admin-user-add", {"user": username, "role": role, "agencies": agencies or []}
                )
                message = dbc.Alert(
                    [
                        "Created ",
                        html.B(username),
                        ". Password (shown once): ",
                        html.Code(password, id="admin-new-password"),
                    ],
                    color="success",
                )
            elif trig == "admin-update":
                u = update_user(s.db, (username or "").strip(), role, agencies or [])
                record(
                    "admin-user-update",
                    {"user": u.username, "role": u.role, "agencies": list(u.agencies)},
                )
                message = dbc.Alert(
                    f"Updated {u.username}: {u.role}, {', '.join(u.agencies) or 'no agencies'}.",
                    color="success",
                )
            elif isinstance(trig, dict) and ctx.triggered and ctx.triggered[0]["value"]:
                target = trig["user"]
                if target == me_user.username:
                    raise UserError("you cannot disable your own account")
                disabled = next(u.disabled for u in list_users(s.db) if u.username == target)
                set_disabled(s.db, target, not disabled)
                record("admin-user-enable" if disabled else "admin-user-disable", {"user": target})
                message = dbc.Alert(
                    f"{target} is now {'active' if disabled else 'disabled'}.", color="info"
                )
        except UserError as exc:
            message = dbc.Alert(str(exc), color="danger")
        return users_table(), message


def register_sharing(app: Dash) -> None:
    @app.callback(
        Output("sharing-terms", "children"),
        Output("sharing-message", "children"),
        Input("sharing-save", "n_clicks"),
        State("sharing-partner", "value"),
        State("sharing-class", "value"),
        State("sharing-tier", "value"),
        State("sharing-starts", "value"),
        State("sharing-ends", "value"),
        prevent_initial_call=True,
    )
    @guard(ADMIN)
    def set_term(_n, partner, record_class, tier, starts, ends):  # type: ignore[no-untyped-def]
        user, s, _ = me()
        owner = sharing.home_agency(user) or ""
        term = sharing.Agreement(owner, partner or "", record_class or "", tier or "",
                                 starts or "", ends or "")  # fmt: skip
        try:
            saved = sharing.save(s.db, term, user)
        except sharing.SharingError as exc:
            return no_update, dbc.Alert(str(exc), color="danger", className="py-1 px-2 mb-0")
        said = (
            f"Set: {saved.partner_label}, {sharing.CLASSES[saved.record_class].lower()}: "
            f"{saved.tier}."
        )
        table = agreements_table(sharing.listing(s.db, owner))
        return table, dbc.Alert(said, color="success", className="py-1 px-2 mb-0")


def register(app: Dash) -> None:
    register_accounts(app)
    register_sharing(app)
