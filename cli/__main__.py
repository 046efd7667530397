"""`python -m cli`: the `civicfusion` command."""

from cli.main import app

app()
